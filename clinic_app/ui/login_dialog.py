"""Sign-in: user name and password unlock the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _
from clinic_app.ui.common import error_label, heading_label
from clinic_app.ui.language_menu import LanguageCombo
from clinic_app.ui.operations import Operation, run_operation
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

OpenStore = Callable[[str, str], "Store"]


class LoginDialog(QDialog, Retranslatable):
    """On accept, `store` is the unlocked store. A failure shows one clear line.

    Unlocking costs about half a second (the key derivation) plus migrations: it runs
    off the UI thread, and `attempt_finished` tells when a try has ended either way."""

    attempt_finished = Signal()

    def __init__(self, open_store: OpenStore, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="login_dialog")
        self._open_store = open_store
        self.store: Store | None = None
        self.attempt: Operation | None = None
        self._abandoned = False
        self.heading = heading_label("title")
        self.username = QLineEdit(objectName="username")
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.error = error_label()
        self.language = LanguageCombo()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        self._username_label = QLabel()
        self._password_label = QLabel()
        self._language_label = QLabel()
        form = QFormLayout()
        form.addRow(self._username_label, self.username)
        form.addRow(self._password_label, self.password)
        form.addRow(self._language_label, self.language)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Sign in - clinic-app"))
        self.heading.setText(_("Sign in"))
        self._username_label.setText(_("User name:"))
        self._password_label.setText(_("Password:"))
        self._language_label.setText(_("Language:"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Sign in"))

    def try_sign_in(self) -> None:
        if self.attempt is not None:
            return  # one try at a time (a second Return while the first runs)
        username, password = self.username.text(), self.password.text()
        self.error.setText(_("Signing in..."))
        self._set_busy(True)
        self.attempt = run_operation(
            self, lambda _progress, _cancelled: self._open_store(username, password),
            where="sign-in", on_success=self._signed_in, on_failure=self._refused)
        self.attempt.finished.connect(self._attempt_ended)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.language, self.buttons):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        self._abandoned = self.attempt is not None
        super().reject()

    def _signed_in(self, store: Store) -> None:
        if self._abandoned:  # closed while the try ran: nobody is signing in
            store.close()
            return
        self.store = store
        self.error.clear()
        self.password.clear()
        self.accept()

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.password.clear()

    def _attempt_ended(self) -> None:
        self.attempt = None
        self._set_busy(False)
        if self.store is None:
            self.password.setFocus()
        self.attempt_finished.emit()
