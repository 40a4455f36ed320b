"""The operations runner: work off the UI thread, results and errors back on it, cancel
and wait at sign-out."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from clinic_app.errors import ValidationError
from clinic_app.ui import operations
from clinic_app.ui.operations import cancel_and_wait_all, run_operation


def test_work_runs_off_the_ui_thread_and_its_result_arrives_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        seen["work_thread"] = QThread.currentThread()
        return 42

    def on_success(result: object) -> None:
        seen["result"] = result
        seen["delivered_on"] = QThread.currentThread()

    operation = run_operation(parent, work, where="a test", on_success=on_success)
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert seen["result"] == 42
    assert seen["work_thread"] is not ui_thread and seen["delivered_on"] is ui_thread
    assert QApplication.overrideCursor() is None  # the busy cursor is gone again
    assert operation not in operations.running_operations()


def test_a_refusal_arrives_as_its_one_line_and_a_crash_is_logged_without_its_message(  # type: ignore[no-untyped-def]
        qtbot, caplog) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []

    def refused(_progress, _cancelled):  # type: ignore[no-untyped-def]
        raise ValidationError("The grade is missing.")

    def crashed(_progress, _cancelled):  # type: ignore[no-untyped-def]
        record_code = "SC-" + "123"
        raise KeyError(record_code)  # a message that could hold student data

    for work in (refused, crashed):
        operation = run_operation(parent, work, where="a test", on_failure=messages.append)
        with qtbot.waitSignal(operation.finished, timeout=5000), caplog.at_level(logging.ERROR):
            pass
    assert messages[0] == "The grade is missing."
    assert "Unexpected error (KeyError)" in messages[1] and "SC-123" not in messages[1]
    assert "unexpected KeyError in a test" in caplog.text and "SC-123" not in caplog.text


def test_long_work_shows_progress_and_sign_out_cancels_and_waits_for_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    started = threading.Event()
    outcome: list[str] = []

    def long_work(progress, cancelled):  # type: ignore[no-untyped-def]
        progress(10, "Step one")
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        outcome.append("stopped")
        raise ValidationError("Cancelled.")

    operation = run_operation(parent, long_work, where="a test", title="Working",
                              on_failure=outcome.append)
    assert started.wait(5)
    qtbot.waitUntil(lambda: parent.findChild(QProgressDialog, "operation_progress")
                    is not None, timeout=2000)
    assert operation in operations.running_operations()
    assert cancel_and_wait_all(timeout=5)
    assert outcome == ["stopped"] and not operation.running
    with qtbot.waitSignal(operation.finished, timeout=5000):
        pass
    assert outcome == ["stopped", "Cancelled."]


def test_an_owner_closed_while_its_work_runs_gets_no_result_and_the_cursor_comes_back(  # type: ignore[no-untyped-def]
        qtbot) -> None:
    owner = QWidget()
    release = threading.Event()
    delivered: list[object] = []
    operation = run_operation(owner, lambda _p, cancelled: release.wait(5) and cancelled(),
                              where="a test", on_success=delivered.append)
    assert QApplication.overrideCursor() is not None
    owner.deleteLater()
    qtbot.waitUntil(lambda: operation.cancelled, timeout=2000)  # closing cancels it
    release.set()
    assert operation.wait(5)
    qtbot.waitUntil(lambda: QApplication.overrideCursor() is None, timeout=2000)
    assert delivered == []
