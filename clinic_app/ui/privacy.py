"""Privacy on a shared computer: lock after inactivity, and a one-key quick hide.

Both replace the main window's content with a screen that shows no record; the same
user unlocks with their password, or another person signs in.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _
from clinic_app.ui.common import error_label, heading_label
from clinic_app.ui.retranslate import Retranslatable

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}

# The idle lock's clock (seconds, monotonic like QTimer's); tests put a fake clock here.
clock = time.monotonic


class QuickHide(QObject):
    """Emits `pressed` when the quick-hide key is pressed in any window of the app,
    dialogs included, modal ones too (a window shortcut does not fire while a modal
    dialog is open, and a record would stay on screen)."""

    pressed = Signal()

    def __init__(self, sequence: QKeySequence, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sequence = sequence
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_key(self, sequence: QKeySequence) -> None:
        self.sequence = sequence

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if not event.isAutoRepeat() and self.sequence.count() == 1 and (
                    QKeySequence(event.keyCombination()) == self.sequence):
                self.pressed.emit()
                return True
        return False


class IdleWatcher(QObject):
    """Emits `idle` after `interval_ms` without keyboard, mouse or touch input anywhere
    in the application.

    The time of the last input is read from `clock`; the timer only wakes the watcher
    up to compare it with the deadline (`check`), so a test can move a fake clock on
    and call `check` instead of waiting."""

    idle = Signal()

    def __init__(self, interval_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self.deadline: float | None = None  # None: paused, stopped, or already idle
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self._start()

    def _start(self) -> None:
        self.deadline = clock() + self.interval_ms / 1000
        self.timer.start(self.interval_ms)

    def check(self) -> None:
        """Emit `idle` if the deadline has passed, or sleep again until it does."""
        if self.deadline is None:
            return
        left = self.deadline - clock()
        if left <= 0:
            self.deadline = None
            self.timer.stop()
            self.idle.emit()
        else:
            self.timer.start(max(1, math.ceil(left * 1000)))

    def set_interval(self, interval_ms: int) -> None:
        self.interval_ms = interval_ms
        self._start()

    def pause(self) -> None:
        self.deadline = None
        self.timer.stop()

    def resume(self) -> None:
        self._start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _ACTIVITY and self.deadline is not None:
            self.deadline = clock() + self.interval_ms / 1000  # the timer wakes to check
        return False

    def stop(self) -> None:
        self.deadline = None
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget, Retranslatable):
    """Shown instead of every record. `neutral` mode (quick hide) looks like nothing in
    particular; `locked` mode says who is signed in."""

    unlock_requested = Signal(str)
    switch_user_requested = Signal()

    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lock_screen")
        self._username = username
        self.neutral = False
        self.heading = heading_label("title", "lock_heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel(objectName="lock_message", wordWrap=True,
                              alignment=Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit(objectName="lock_password",
                                  echoMode=QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._unlock)
        self.error = error_label("lock_error")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(objectName="unlock")
        self.unlock_button.clicked.connect(self._unlock)
        self.switch_button = QPushButton(objectName="switch_user")
        self.switch_button.clicked.connect(self.switch_user_requested)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.password)
        row.addWidget(self.unlock_button)
        row.addStretch()
        switch_row = QHBoxLayout()
        switch_row.addStretch()
        switch_row.addWidget(self.switch_button)
        switch_row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addLayout(switch_row)
        layout.addStretch()
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        if self.neutral:
            self.heading.setText(_("Workstation"))
            self.message.setText(_("Enter your password to continue."))
        else:
            self.heading.setText(_("Locked"))
            self.message.setText(_(
                "The screen was locked to keep records private. {user}, enter your password "
                "to continue, or sign in as someone else.").format(user=self._username))
        self.password.setPlaceholderText(_("Password"))
        self.unlock_button.setText(_("Unlock"))
        self.switch_button.setText(_("Sign in as someone else"))

    def show_mode(self, neutral: bool) -> None:
        self.neutral = neutral
        self.error.clear()
        self.password.clear()
        self.retranslate_ui()
        self.password.setFocus()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.password.clear()

    def _unlock(self) -> None:
        self.unlock_requested.emit(self.password.text())
