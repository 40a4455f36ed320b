"""Logs rotate under the data folder and never hold student data; one hook shows a
dialog for an unhandled error."""

from __future__ import annotations

import logging
from pathlib import Path

from staff_accounts import NURSE
from test_screenings_store import entry

from clinic_app.logs import LOG_FILE, log_dir, log_unexpected, setup_logging


def test_unexpected_errors_are_logged_without_their_message(tmp_path: Path) -> None:
    path = setup_logging(tmp_path)
    logger = logging.getLogger("clinic_app.test")
    said = "student said: my cousin's boyfriend holds my phone"  # runtime data, not code
    try:
        raise ValueError(said)
    except ValueError as exc:
        log_unexpected(logger, exc, "a test")
    for handler in logging.getLogger("clinic_app").handlers:
        handler.flush()
    text = path.read_text()
    assert "ValueError" in text and "cousin" not in text and path.parent == log_dir(tmp_path)


def test_a_screening_leaves_no_student_data_in_the_log(open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    setup_logging(data_dir)
    nurse = open_as(NURSE)
    private = entry(notes="she stays at the Hotel Example", gender="girl")
    code, _outcome = nurse.save_screening(private)
    nurse.get_screening(code)
    for handler in logging.getLogger("clinic_app").handlers:
        handler.flush()
    log = (log_dir(data_dir) / LOG_FILE)
    text = log.read_text() if log.exists() else ""
    assert "Hotel Example" not in text and code not in text and "girl" not in text


def test_the_exception_hook_logs_and_shows_a_dialog(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from clinic_app.ui import app as app_module

    shown: list[str] = []
    monkeypatch.setattr(app_module.QMessageBox, "critical",
                        lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    path = setup_logging(tmp_path)
    app_module.install_exception_hook()
    detail = "answers of record SC-ABCD-EFGH"
    try:
        raise RuntimeError(detail)
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    for handler in logging.getLogger("clinic_app").handlers:
        handler.flush()
    assert shown and "saved work is safe" in shown[0]
    text = path.read_text()
    assert "RuntimeError" in text and "SC-ABCD" not in text
