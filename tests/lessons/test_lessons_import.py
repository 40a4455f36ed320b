"""Importing a lesson pack from the app: problems shown and nothing installed, or installed,
audited and visible at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lessons_page import loaded_page
from sqlalchemy import select
from staff_accounts import ADMIN, EDUCATOR, LEAD
from support.store_sql import raw_session

from clinic_app.errors import PermissionDenied
from clinic_app.services.lessons import LessonsService
from clinic_app.store.models import AuditEntry
from clinic_app.ui.lessons import LessonsPage
from clinic_app.ui.lessons.pack_import import ImportReportDialog

FIXTURE_LESSONS = Path(__file__).parents[1] / "curriculum" / "fixtures" / "library"


def _pack(tmp_path: Path, *lesson_ids: str) -> Path:
    pack = tmp_path / "my-pack"
    for lesson_id in lesson_ids:
        shutil.copytree(FIXTURE_LESSONS / lesson_id, pack / lesson_id)
    return pack


def _import(qtbot, page: LessonsPage, path: Path) -> ImportReportDialog:  # type: ignore[no-untyped-def]
    operation = page.import_from(path)
    assert operation is not None
    with qtbot.waitSignal(operation.finished, timeout=30_000):
        pass
    assert page.import_report is not None
    return page.import_report


def _imports(store) -> list[str]:  # type: ignore[no-untyped-def]
    with raw_session(store) as session:
        return list(session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "lesson_pack_imported")))


def test_bad_pack_shows_problems_and_installs_nothing(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_as(LEAD)
    page = loaded_page(qtbot, store)
    before = page.lesson_list.visible_lesson_ids()
    report = _import(qtbot, page, _pack(tmp_path, "online-safety", "remote-image"))
    qtbot.addWidget(report)
    assert report.failed and "not installed" in report.summary.text()
    details = report.details.toPlainText().splitlines()
    assert any("remote-image" in line and ":28:" in line and "remote" in line
               for line in details)
    assert not (store.data_dir / "lessons").exists() or not any(
        (store.data_dir / "lessons").rglob("*.md"))
    assert page.lesson_list.visible_lesson_ids() == before and _imports(store) == []


def test_good_pack_installs_reloads_and_is_audited(qtbot, open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_as(ADMIN)
    page = loaded_page(qtbot, store)
    report = _import(qtbot, page, _pack(tmp_path, "online-safety"))
    qtbot.addWidget(report)
    assert not report.failed and "Installed 2 lesson file(s) in 1 lesson(s)" in (
        report.summary.text())
    assert "online-safety/1.0.0/es.md" in report.details.toPlainText()
    assert "online-safety" in page.lesson_list.visible_lesson_ids()
    assert _imports(store) == ["my-pack"]
    again = _import(qtbot, page, tmp_path / "my-pack")
    qtbot.addWidget(again)
    assert not again.failed and "already installed" in again.summary.text()
    assert _imports(store) == ["my-pack"]  # a no-op is not an import


def test_educator_cannot_import_through_the_service(open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = open_as(EDUCATOR)
    with pytest.raises(PermissionDenied):
        LessonsService(store.data_dir, store).import_pack(_pack(tmp_path, "online-safety"))
    assert not (store.data_dir / "lessons").exists()
