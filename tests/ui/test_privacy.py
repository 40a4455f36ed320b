"""Auto-lock after inactivity, quick hide, and unlocking (pytest-qt, real widgets)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMessageBox
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD

from clinic_app.errors import PermissionDenied, ValidationError
from clinic_app.settings import LOCK_MINUTES, QUICK_HIDE_KEY
from clinic_app.ui import privacy
from clinic_app.ui.main_window import MainWindow


def visible_texts(window: MainWindow) -> str:
    return " ".join(w.text() for w in window.findChildren(QLabel) if w.isVisible())


class FakeClock:
    """The idle lock's clock, moved on by the test instead of waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(privacy, "clock", fake)
    return fake


@pytest.fixture
def window(qtbot, open_as) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(open_as(LEAD))
    qtbot.addWidget(win)
    win.show()
    return win


def test_idling_past_the_timeout_locks_and_hides_content(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                                          fake_clock: FakeClock) -> None:
    assert "Test Clinic" in visible_texts(window)
    window.idle.set_interval(60_000)
    fake_clock.advance(59.9)
    window.idle.check()  # what the timer does when it wakes up
    assert not window.is_locked
    fake_clock.advance(0.1)
    window.idle.check()
    assert window.is_locked
    assert "Test Clinic" not in visible_texts(window)
    assert not window.menuBar().isEnabled()


def test_activity_postpones_the_lock(qtbot, window: MainWindow,  # type: ignore[no-untyped-def]
                                     fake_clock: FakeClock) -> None:
    window.idle.set_interval(300)
    for _ in range(6):
        fake_clock.advance(0.1)
        window.idle.check()
        qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert not window.is_locked
    fake_clock.advance(0.3)  # and once the input stops, the lock comes
    window.idle.check()
    assert window.is_locked


def test_quick_hide_blanks_at_once_and_hides_dialogs(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    dialog = QDialog(window)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_F12)  # pressed in the dialog, not the window
    assert window.is_locked and window.lock_screen.neutral
    assert not dialog.isVisible()
    assert "Test Clinic" not in visible_texts(window) and "clinic" not in window.windowTitle()
    assert window.try_unlock(LEAD_PASSWORD)
    assert dialog.isVisible() and not window.is_locked


def test_wrong_password_keeps_it_locked(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.lock(neutral=False)
    qtbot.keyClicks(window.lock_screen.password, "not the password at all")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert window.is_locked and window.lock_screen.error.text() == "Wrong password."
    qtbot.keyClicks(window.lock_screen.password, LEAD_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked


def test_switch_user_from_the_lock_screen_signs_out(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.lock(neutral=False)
    with qtbot.waitSignal(window.sign_out_requested, timeout=1000):
        window.lock_screen.switch_button.click()


def test_lock_timeout_limits(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    for bad in (1, 16, "ten", True):
        with pytest.raises(ValidationError, match="Lock after"):
            lead.set_setting(LOCK_MINUTES.key, bad)
    lead.set_setting(LOCK_MINUTES.key, 2)
    assert lead.get_setting(LOCK_MINUTES.key) == 2
    with pytest.raises(PermissionDenied):
        open_as(NURSE).set_setting(QUICK_HIDE_KEY.key, "F11")


def test_settings_show_the_quick_hide_key_to_everyone(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(open_as(NURSE))
    qtbot.addWidget(dialog)
    assert "F12" in dialog.note.text() and not dialog.editable


def _press_quick_hide_later(qtbot, window: MainWindow, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Press F12 in whatever modal window is open once the event loop runs."""

    def press() -> None:
        active = QApplication.activeModalWidget() or QApplication.activeWindow()
        seen.append(type(active).__name__ if active else "")
        qtbot.keyClick(active or window, Qt.Key.Key_F12)

    QTimer.singleShot(100, press)


def test_quick_hide_works_from_every_kind_of_dialog(qtbot, open_as) -> None:  # type: ignore[no-untyped-def]
    """Issue 19: F12 did nothing while a dialog was open (a record with its red-flag answer
    stayed on screen). Non-modal dialogs, dialogs waiting in exec() and message boxes."""
    from clinic_app.store.screenings import ReportDecision, ScreeningInput
    from clinic_app.ui.screening.record_dialog import RecordDialog

    store = open_as(NURSE)
    code, _outcome = store.save_screening(ScreeningInput(
        site="North High", grade=10, age=15, interview_language="en", interpreter_used=False,
        seen_alone=True, confidentiality_explained=True, instrument_id="youth-brief-screen",
        instrument_version="1.1.0", answers={"forced-sex": "yes"}, notes="staff note",
        report_decision=ReportDecision("yes")))
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    record = RecordDialog(store, code, window)
    record.show()
    amend = record.amend()
    assert amend is not None and amend.isVisible()
    qtbot.keyClick(amend, Qt.Key.Key_F12)
    assert window.is_locked and not record.isVisible() and not amend.isVisible()
    assert window.try_unlock(NURSE_PASSWORD)
    record.close()
    amend.close()
    for open_modal in (window.show_settings, window.change_password,
                       lambda: QMessageBox.information(window, "t", "a message")):
        seen: list[str] = []
        _press_quick_hide_later(qtbot, window, seen)
        open_modal()  # returns once quick hide has hidden the dialog
        assert seen and seen[0] not in ("", "MainWindow"), seen
        assert window.is_locked, seen
        assert not [w for w in QApplication.topLevelWidgets()
                    if w.isVisible() and w is not window]
        assert window.try_unlock(NURSE_PASSWORD)
