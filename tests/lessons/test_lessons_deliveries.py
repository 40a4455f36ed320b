"""The delivery log through the form: log, edit, delete; bad input named; roles enforced."""

from __future__ import annotations

import datetime as dt

import pytest
from lessons_page import loaded_page
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from staff_accounts import EDUCATOR, NURSE

from clinic_app.errors import PermissionDenied, ValidationError
from clinic_app.services.lessons import LessonsService
from clinic_app.store.deliveries import DeliveryInput


def test_educator_logs_edits_and_deletes_a_delivery(qtbot, open_as, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = open_as(EDUCATOR)
    page = loaded_page(qtbot, store)
    page.lesson_list.select_lesson("healthy-relationships")
    page.lesson_view.select_language("es")
    deliveries = page.deliveries
    assert deliveries is not None and deliveries.entries == []

    form = deliveries.make_dialog(lesson_id="healthy-relationships", version="1.1.0",
                                  language="es")
    qtbot.addWidget(form)
    assert form.lesson.currentData() == "healthy-relationships"
    assert form.version.currentData() == "1.1.0"
    assert form.date.date() == QDate.currentDate()
    assert [form.site.itemText(i) for i in range(form.site.count())] == ["North High",
                                                                          "South High"]
    assert form.language_boxes["es"].isChecked() and not form.language_boxes["en"].isChecked()

    form.save()  # 0 students
    assert form.error.text().startswith("Students:") and form.saved_id is None
    form.students.setValue(24)
    form.date.setDate(QDate.currentDate().addDays(3))
    form.save()
    assert form.error.text().startswith("Date:") and "future" in form.error.text()
    assert "\n" not in form.error.text()
    assert store.list_deliveries() == []

    form.date.setDate(QDate.currentDate().addDays(-2))
    form.grade.setCurrentIndex(form.grade.findData(7))
    form.language_boxes["en"].setChecked(True)
    form.save()
    assert form.error.text() == "" and form.saved_id is not None
    deliveries.refresh()
    assert len(deliveries.entries) == 1
    entry = deliveries.entries[0]
    assert (entry.lesson_id, entry.lesson_version, entry.site, entry.grade, entry.students,
            entry.languages) == ("healthy-relationships", "1.1.0", "North High", 7, 24,
                                 ("en", "es"))
    assert deliveries.table.item(0, 1).text() == "Healthy and unhealthy relationships"

    deliveries.select_row(0)
    edit = deliveries.make_dialog(deliveries.selected())
    qtbot.addWidget(edit)
    assert edit.students.value() == 24 and edit.version.currentData() == "1.1.0"
    edit.version.setCurrentIndex(edit.version.findData("1.0.0"))
    edit.site.setCurrentIndex(edit.site.findData("South High"))
    edit.students.setValue(0)
    edit.save()
    assert edit.error.text().startswith("Students:")
    assert store.list_deliveries()[0].students == 24  # nothing saved
    edit.students.setValue(31)
    edit.save()
    assert edit.error.text() == ""
    deliveries.refresh()
    changed = deliveries.entries[0]
    assert (changed.lesson_version, changed.site, changed.students) == ("1.0.0", "South High",
                                                                        31)

    deliveries.select_row(0)
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.No)
    deliveries.delete_selected()
    assert len(store.list_deliveries()) == 1
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    deliveries.delete_selected()
    assert store.list_deliveries() == [] and deliveries.table.rowCount() == 0


def _entry(**changes: object) -> DeliveryInput:
    values: dict[str, object] = dict(
        lesson_id="healthy-relationships", lesson_version="1.1.0",
        delivered_on=dt.date.today() - dt.timedelta(days=1), site="North High", grade=7,
        students=20, languages=("en",))
    values.update(changes)
    return DeliveryInput(**values)  # type: ignore[arg-type]


def test_nurse_cannot_log_a_delivery(open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(NURSE)
    service = LessonsService(store.data_dir, store)
    with pytest.raises(PermissionDenied):
        service.record_delivery(_entry())


def test_service_refuses_a_lesson_version_that_is_not_installed(open_as) -> None:  # type: ignore[no-untyped-def]
    store = open_as(EDUCATOR)
    service = LessonsService(store.data_dir, store)
    with pytest.raises(ValidationError, match="^Version:"):
        service.record_delivery(_entry(lesson_version="9.9.9"))
    with pytest.raises(ValidationError, match="^Lesson:"):
        service.record_delivery(_entry(lesson_id="no-such-lesson"))
    assert store.list_deliveries() == []
    assert service.record_delivery(_entry()) > 0


def test_store_refuses_a_lesson_version_that_is_not_installed(open_as) -> None:  # type: ignore[no-untyped-def]
    """The store checks the lesson itself, whoever calls it (no service in between)."""
    store = open_as(EDUCATOR)
    with pytest.raises(ValidationError, match="^Version: this lesson has no version 9.9.9"):
        store.record_delivery(_entry(lesson_version="9.9.9"))
    with pytest.raises(ValidationError, match="^Lesson: 'no-such-lesson' is not in the lesson"):
        store.record_delivery(_entry(lesson_id="no-such-lesson"))
    assert store.list_deliveries() == []
    delivery_id = store.record_delivery(_entry())
    with pytest.raises(ValidationError, match="^Version:"):
        store.update_delivery(delivery_id, _entry(lesson_version="9.9.9"))
    assert store.list_deliveries()[0].lesson_version == "1.1.0"
