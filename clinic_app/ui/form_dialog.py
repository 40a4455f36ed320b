"""The small forms' save pattern in one place: OK checks and stores what was typed; a
refusal shows as one line in the dialog, which stays open with the form as typed."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from clinic_app.errors import ClinicError
from clinic_app.ui.common import error_label

StandardButton = QDialogButtonBox.StandardButton


class FormDialog(QDialog):
    """A dialog that saves a form. Subclasses build their fields, put `error` and `buttons`
    in their layout and implement `submit`, which stores the form or raises a ClinicError
    (shown by `refused`); after a store that succeeds the dialog closes, accepted."""

    def __init__(self, name: str, parent: QWidget | None = None, *,
                 buttons: StandardButton = StandardButton.Ok | StandardButton.Cancel) -> None:
        super().__init__(parent, objectName=name)
        self.error = error_label()
        self.buttons = QDialogButtonBox(buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        """Check the form and store it; raise a ClinicError to refuse."""
        raise NotImplementedError

    def refused(self, error: ClinicError) -> None:
        """Show why the form was not saved."""
        self.error.setText(str(error))

    def save(self) -> None:
        """Submit; accept on success, else show the refusal and keep the form."""
        try:
            self.submit()
        except ClinicError as exc:
            self.refused(exc)
            return
        self.error.clear()
        self.accept()
