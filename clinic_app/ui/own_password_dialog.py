"""Any signed-in user changes their own password (proving the current one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from clinic_app.errors import AuthenticationError, ClinicError
from clinic_app.i18n import _
from clinic_app.ui.form_dialog import FormDialog
from clinic_app.ui.password_fields import NewPasswordFields
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class OwnPasswordDialog(FormDialog, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__("own_password_dialog", parent)
        self._store = store
        self.current = QLineEdit(objectName="current_password",
                                 echoMode=QLineEdit.EchoMode.Password)
        self.passwords = NewPasswordFields()
        self._current_label = QLabel()
        form = QFormLayout(self)
        form.addRow(self._current_label, self.current)
        form.addRow(self.passwords)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Change my password"))
        self._current_label.setText(_("Current password:"))

    def submit(self) -> None:
        new = self.passwords.checked_password(self._store.user.username,
                                              self._store.clinic_profile().name)
        self._store.change_own_password(self.current.text(), new)

    def refused(self, error: ClinicError) -> None:
        super().refused(error)
        if isinstance(error, AuthenticationError):  # the current password is wrong
            self.current.clear()
