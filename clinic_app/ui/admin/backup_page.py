"""Backups for leads and administrators: when the last verified backup was made, and a
button that writes a new one off the UI thread (through the operations runner) and
verifies it. Restoring replaces the open store, so it stays a command (`clinic-app
restore FILE`) run while nobody is signed in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from clinic_app.i18n import _, format_date
from clinic_app.ui.operations import Operation, run_operation
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class BackupPage(QWidget, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="backup_page")
        self._store = store
        self.operation: Operation | None = None
        self.last = QLabel(wordWrap=True, objectName="last_backup")
        self.explain = QLabel(wordWrap=True, objectName="explain")
        self.backup_button = QPushButton(objectName="backup_now")
        self.backup_button.clicked.connect(self.choose_and_back_up)
        self.result = QLabel(wordWrap=True, objectName="result")
        layout = QVBoxLayout(self)
        for widget in (self.last, self.explain, self.backup_button, self.result):
            layout.addWidget(widget)
        layout.addStretch()
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        last = self._store.last_verified_backup()
        self.last.setText(_("Last verified backup: {when}").format(
            when=format_date(last.date()) if last else _("never")))
        restyle(self.last, state="overdue" if self._store.backup_overdue() else "")
        self.explain.setText(_(
            "A backup is an encrypted copy of the store: it opens only with a staff password. "
            "Keep it on a drive that stays at the clinic. To restore, use 'clinic-app "
            "restore FILE'; the replaced store is kept."))
        self.backup_button.setText(_("Back up now..."))

    def choose_and_back_up(self) -> Operation | None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Back up now..."),
                                                    "clinic-backup.zip", "Zip (*.zip)")
        return self.back_up(Path(path)) if path else None

    def back_up(self, out: Path) -> Operation:
        """Write and verify a backup off the UI thread, with progress and Cancel; the
        result line says where it went or what went wrong."""
        if self.operation is not None:
            return self.operation  # one backup at a time
        self.backup_button.setEnabled(False)
        self.result.clear()
        store = self._store
        self.operation = run_operation(
            self, lambda progress, cancelled: store.backup(out, progress, cancelled),
            where="backup", title=_("Backing up"),
            on_success=lambda _info: self._show_result(
                _("Backup written and verified: {path}").format(path=out)),
            on_failure=self._show_result)
        self.operation.finished.connect(self._ended)
        return self.operation

    def _show_result(self, message: str) -> None:
        self.result.setText(message)

    def _ended(self) -> None:
        self.operation = None
        self.backup_button.setEnabled(True)
        self.retranslate_ui()
