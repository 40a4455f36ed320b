"""The audit log for leads and administrators: filter by user, action and date, check the
chain, and save the chain head to keep somewhere else. Reading, checking and saving run
off the UI thread (the chain of a busy clinic is long)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.audit_labels import action_label
from clinic_app.files import atomic_write
from clinic_app.i18n import _
from clinic_app.ui.common import date_edit, date_value, read_only_table
from clinic_app.ui.operations import Cancelled, Operation, Progress, run_operation
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.audit import AuditRow, VerifyResult
    from clinic_app.store.facade import Store


class AuditPage(QWidget, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="audit_page")
        self._store = store
        self._shown = False
        self.refreshing: Operation | None = None
        self._rows: list[AuditRow] | None = None  # the entries shown
        self.user_filter = QLineEdit(objectName="user_filter")
        self.action_filter = QComboBox(objectName="action_filter")
        self.use_dates = QCheckBox(objectName="use_dates")
        today = dt.date.today()
        self.date_from = date_edit("date_from", today - dt.timedelta(days=30))
        self.date_to = date_edit("date_to", today)
        self.apply_button = QPushButton(objectName="apply")
        self.verify_button = QPushButton(objectName="verify")
        self.head_button = QPushButton(objectName="export_head")
        self.apply_button.clicked.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)
        self.head_button.clicked.connect(self.export_head)
        self.table = read_only_table(5, "audit_table")
        self.status = QLabel(wordWrap=True, objectName="status")
        filters = QHBoxLayout()
        self._labels = (QLabel(), QLabel())
        filters.addWidget(self._labels[0])
        filters.addWidget(self.user_filter)
        filters.addWidget(self._labels[1])
        filters.addWidget(self.action_filter)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        filters.addWidget(self.apply_button)
        actions = QHBoxLayout()
        actions.addWidget(self.verify_button)
        actions.addWidget(self.head_button)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(actions)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self._labels[0].setText(_("User:"))
        self._labels[1].setText(_("Action:"))
        self.use_dates.setText(_("Between"))
        self.apply_button.setText(_("Show"))
        self.verify_button.setText(_("Check the chain"))
        self.head_button.setText(_("Save chain head..."))
        self.table.setHorizontalHeaderLabels([_("When (UTC)"), _("User"), _("Action"),
                                              _("Object"), _("Id")])
        if self._rows is not None:
            self._show_entries(self._rows)  # relabelled, not read (and audited) again

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """The log is read (and that reading audited) only when someone looks at it."""
        if not self._shown:
            self._shown = True
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> Operation:
        """Read the entries matching the filters off the UI thread, then show them."""
        if self.refreshing is not None:
            return self.refreshing  # the filters are read when it starts; Show waits for it
        store = self._store
        dated = self.use_dates.isChecked()
        username = self.user_filter.text().strip().lower() or None
        action = self.action_filter.currentData() or None
        date_from = date_value(self.date_from) if dated else None
        date_to = date_value(self.date_to) if dated else None
        self.apply_button.setEnabled(False)
        self.refreshing = run_operation(
            self, lambda _progress, _cancelled: store.audit_entries(
                username=username, action=action, date_from=date_from, date_to=date_to),
            where="reading the audit log", on_success=self._show_entries,
            on_failure=self.status.setText)
        self.refreshing.finished.connect(self._refreshed)
        return self.refreshing

    def _refreshed(self) -> None:
        self.refreshing = None
        self.apply_button.setEnabled(True)

    def _show_entries(self, rows: list[AuditRow]) -> None:
        self._rows = rows
        if self.action_filter.count() == 0:
            self.action_filter.addItem(_("All actions"), "")
            for action in sorted({r.action for r in rows}, key=action_label):
                self.action_filter.addItem(action_label(action), action)
        else:
            self.action_filter.setItemText(0, _("All actions"))
            for index in range(1, self.action_filter.count()):
                self.action_filter.setItemText(
                    index, action_label(str(self.action_filter.itemData(index))))
        self.table.setRowCount(len(rows))
        for row, entry in enumerate(rows):
            values = (entry.at[:19].replace("T", " "), entry.username,
                      action_label(entry.action), entry.object_type, entry.object_id)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.status.setText(_("{n} entries shown (newest first).").format(n=len(rows)))

    def verify(self) -> Operation:
        """Check the whole hash chain off the UI thread; the status line says the outcome."""
        store = self._store
        self.verify_button.setEnabled(False)
        operation = run_operation(self, lambda _progress, _cancelled: store.verify_audit(),
                                  where="checking the audit chain",
                                  on_success=self._show_verified,
                                  on_failure=self.status.setText)
        operation.finished.connect(lambda: self.verify_button.setEnabled(True))
        return operation

    def _show_verified(self, result: VerifyResult) -> None:
        if result.ok:
            self.status.setText(_("The audit log is intact: {n} entries checked.").format(
                n=result.checked))
        else:
            self.status.setText(_("The audit log is broken at entry {id}: {reason}.").format(
                id=result.first_bad_id, reason=result.reason))

    def export_head(self) -> Operation | None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save chain head..."),
                                                    "audit-chain-head.txt", "Text (*.txt)")
        return self.save_head(path) if path else None

    def save_head(self, path: str) -> Operation:
        """Write the chain head to `path` off the UI thread; the status line names the
        file, or the problem when it cannot be written."""
        store, target = self._store, Path(path)

        def write(_progress: Progress, _cancelled: Cancelled) -> None:
            head = store.audit_head()
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            text = (f"clinic-app audit chain head\nentry: {head.id}\nsha256: {head.hash}\n"
                    f"saved: {stamp}\n")
            atomic_write(target, text.encode("utf-8"))

        self.head_button.setEnabled(False)
        operation = run_operation(
            self, write, where="saving the audit chain head",
            on_success=lambda _none: self.status.setText(
                _("Saved {path}").format(path=path)),
            on_failure=self.status.setText)
        operation.finished.connect(lambda: self.head_button.setEnabled(True))
        return operation
