"""Sign-in: user name and password unlock the store."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.i18n import _
from clinic_app.ui.common import error_label, heading_label
from clinic_app.ui.language_menu import LanguageCombo
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

OpenStore = Callable[[str, str], "Store"]


class LoginDialog(QDialog, Retranslatable):
    """On accept, `store` is the unlocked store. A failure shows one clear line."""

    def __init__(self, open_store: OpenStore, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="login_dialog")
        self._open_store = open_store
        self.store: Store | None = None
        self.heading = heading_label(16)
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
        try:
            self.store = self._open_store(self.username.text(), self.password.text())
        except ClinicError as exc:
            self.error.setText(str(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.accept()
