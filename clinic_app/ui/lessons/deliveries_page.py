"""My deliveries: the signed-in educator's own log entries, with edit and delete."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.i18n import _, format_date
from clinic_app.ui.lessons.delivery_form import DeliveryDialog
from clinic_app.ui.lessons.labels import language_name
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.services.lessons import LessonsService
    from clinic_app.store.deliveries import Delivery


class DeliveriesPage(QWidget, Retranslatable):
    """A table of the user's entries, newest first; ``changed`` fires after an edit."""

    changed = Signal()

    def __init__(self, service: LessonsService, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="deliveries_page")
        self._service = service
        self.entries: list[Delivery] = []
        self.intro = QLabel(objectName="intro", wordWrap=True)
        restyle(self.intro, role="hint")
        self.table = QTableWidget(0, 7, objectName="deliveries_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton(objectName="add_delivery")
        self.edit_button = QPushButton(objectName="edit_delivery")
        self.delete_button = QPushButton(objectName="delete_delivery")
        self.add_button.clicked.connect(lambda: self.add())
        self.edit_button.clicked.connect(lambda: self.edit_selected())
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.enable_retranslation()

    def refresh(self) -> None:
        """Reload the entries from the store."""
        self.entries = self._service.my_deliveries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (
                format_date(entry.delivered_on),
                self._service.lesson_title(entry.lesson_id),
                entry.lesson_version,
                entry.site,
                str(entry.grade),
                str(entry.students),
                ", ".join(language_name(code) for code in entry.languages),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self._update_buttons()

    def selected(self) -> Delivery | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def make_dialog(self, delivery: Delivery | None = None, *, lesson_id: str | None = None,
                    version: str | None = None, language: str = "en") -> DeliveryDialog:
        """The form for a new entry or an edit (tests drive it without exec)."""
        return DeliveryDialog(self._service, delivery=delivery, lesson_id=lesson_id,
                              version=version, language=language, parent=self)

    def add(self, *, lesson_id: str | None = None, version: str | None = None,
            language: str = "en") -> None:
        """Open the form for a new entry, lesson and version preselected."""
        if self.make_dialog(lesson_id=lesson_id, version=version, language=language).exec():
            self._after_change()

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is not None and self.make_dialog(entry).exec():
            self._after_change()

    def delete_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        answer = QMessageBox.question(
            self, _("Delete delivery"),
            _("Delete the entry for '{lesson}' on {date}? This cannot be undone.").format(
                lesson=self._service.lesson_title(entry.lesson_id),
                date=format_date(entry.delivered_on)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._service.delete_delivery(entry.id)
        except ClinicError as exc:
            QMessageBox.warning(self, _("Delete delivery"), str(exc))
        self._after_change()

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def retranslate_ui(self) -> None:
        self.intro.setText(_("Lessons you have taught. Counts only: no student names. "
                             "You can change or delete only your own entries."))
        self.add_button.setText(_("Log delivery..."))
        self.edit_button.setText(_("Edit..."))
        self.delete_button.setText(_("Delete..."))
        self.table.setHorizontalHeaderLabels([
            _("Date"), _("Lesson"), _("Version"), _("Site"), _("Grade"), _("Students"),
            _("Languages")])
        self.refresh()
