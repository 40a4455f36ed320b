"""Print handout...: the lesson view saves the student handout as a PDF via clinic_app.handouts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select
from staff_accounts import EDUCATOR

from clinic_app.store.models import AuditEntry
from clinic_app.ui.lessons import LessonsPage


def test_print_handout_saves_a_pdf_of_the_shown_version(qtbot, open_as, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       monkeypatch) -> None:
    store = open_as(EDUCATOR)
    page = LessonsPage(store)
    qtbot.addWidget(page)
    page.lesson_list.select_lesson("healthy-relationships")
    page.lesson_view.select_language("es")
    page.lesson_view.select_version("1.0.0")
    assert page.lesson_view.print_button.isVisibleTo(page)
    out = tmp_path / "handout.pdf"
    asked: list[str] = []

    def save_as(parent, title, suggested, filters):  # type: ignore[no-untyped-def]
        asked.append(suggested)
        return str(out), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    page.print_handout()
    assert asked == ["healthy-relationships-1.0.0-es.pdf"]
    assert out.read_bytes().startswith(b"%PDF")
    with store.session() as session:
        printed = list(session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "lesson_handout_printed")))
    assert printed == ["healthy-relationships/1.0.0/es"]
