"""A pair of password fields (new + repeat) with the policy hint, shared by every form
that sets a password."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from clinic_app.errors import ValidationError
from clinic_app.i18n import _
from clinic_app.passwords import MIN_LENGTH, check_password
from clinic_app.ui.retranslate import Retranslatable


class NewPasswordFields(QWidget, Retranslatable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="new_password")
        self.repeat = QLineEdit(echoMode=QLineEdit.EchoMode.Password, objectName="repeat_password")
        self.hint = QLabel(wordWrap=True)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(0, 0, 0, 0)
        self._password_label = QLabel()
        self._repeat_label = QLabel()
        self._form.addRow(self._password_label, self.password)
        self._form.addRow(self._repeat_label, self.repeat)
        self._form.addRow(self.hint)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self._password_label.setText(_("Password:"))
        self._repeat_label.setText(_("Repeat password:"))
        self.hint.setText(
            _("At least {n} characters. A phrase of several words is easy to remember and hard "
              "to guess. No rules about digits or symbols.").format(n=MIN_LENGTH)
        )

    def checked_password(self, username: str, clinic: str = "") -> str:
        """The password, or ValidationError naming what is wrong."""
        if self.password.text() != self.repeat.text():
            raise ValidationError(_("The two passwords are not the same."))
        check_password(self.password.text(), username=username, clinic=clinic)
        return self.password.text()
