"""Any signed-in user changes their own password (proving the current one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from clinic_app.errors import AuthenticationError, ClinicError
from clinic_app.i18n import _
from clinic_app.ui.common import error_label
from clinic_app.ui.password_fields import NewPasswordFields
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class OwnPasswordDialog(QDialog, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="own_password_dialog")
        self._store = store
        self.current = QLineEdit(objectName="current_password",
                                 echoMode=QLineEdit.EchoMode.Password)
        self.passwords = NewPasswordFields()
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
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

    def save(self) -> None:
        try:
            new = self.passwords.checked_password(self._store.user.username,
                                                  self._store.clinic_profile().name)
            self._store.change_own_password(self.current.text(), new)
        except AuthenticationError as exc:  # the current password is wrong: type it again
            self.error.setText(str(exc))
            self.current.clear()
            return
        except ClinicError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
