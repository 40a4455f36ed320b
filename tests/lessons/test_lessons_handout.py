"""Printing a lesson's handouts for a class: copies per language, built off the UI thread
with progress and cancel, previewed, and audited."""

from __future__ import annotations

import io
from pathlib import Path

from lessons_page import loaded_page
from pypdf import PdfReader
from sqlalchemy import select
from staff_accounts import EDUCATOR
from support.store_sql import raw_session

from clinic_app.store.models import AuditEntry


def open_dialog(qtbot, open_as):  # type: ignore[no-untyped-def]
    store = open_as(EDUCATOR)
    page = loaded_page(qtbot, store)
    page.lesson_list.select_lesson("healthy-relationships")
    page.lesson_view.select_language("es")
    page.lesson_view.select_version("1.0.0")
    assert page.lesson_view.print_button.isVisibleTo(page)
    dialog = page.print_handout()
    assert dialog is not None and set(dialog.copies) == {"en", "es", "hmn", "so"}
    assert dialog.wanted() == [("es", 1)]
    return store, dialog


def test_class_set_in_two_languages_is_previewed_and_audited(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    store, dialog = open_dialog(qtbot, open_as)
    dialog.copies["es"].setValue(3)
    dialog.copies["so"].setValue(2)
    task = dialog.build()
    with qtbot.waitSignal(task.succeeded, timeout=30000):
        pass
    preview = dialog.preview
    assert preview is not None
    reader = PdfReader(io.BytesIO(preview.pdf))
    assert len(reader.pages) == preview.page_count >= 5
    assert "1.0.0" in reader.pages[0].extract_text()
    with raw_session(store) as session:
        printed = list(session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "class_set_printed")))
    assert printed == ["healthy-relationships/1.0.0"]
    preview.close()


def test_cancel_writes_nothing(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    _store, dialog = open_dialog(qtbot, open_as)
    dialog.copies["es"].setValue(40)
    task = dialog.build()
    task.cancel()
    with qtbot.waitSignal(task.failed, timeout=30000) as blocker:
        pass
    assert "cancelled" in blocker.args[0] and dialog.preview is None
    assert "cancelled" in dialog.error.text()


def test_zero_copies_is_refused(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    _store, dialog = open_dialog(qtbot, open_as)
    dialog.copies["es"].setValue(0)
    task = dialog.build()
    with qtbot.waitSignal(task.failed, timeout=30000) as blocker:
        pass
    assert "at least one copy" in blocker.args[0]


def test_save_as_pdf_from_the_preview(qtbot, open_as, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    _store, dialog = open_dialog(qtbot, open_as)
    task = dialog.build()
    with qtbot.waitSignal(task.succeeded, timeout=30000):
        pass
    out = tmp_path / "handout.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF"))
    saving = dialog.preview.save_pdf()
    assert saving is not None
    with qtbot.waitSignal(saving.finished, timeout=30_000):
        pass
    assert out.read_bytes().startswith(b"%PDF")
    assert dialog.preview.info.text() == f"Saved {out}"
