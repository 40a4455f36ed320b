"""The records list: a filter bar over a lazily filled table; Enter or a double-click opens
the record exactly as recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.i18n import _, current_language, format_number, ngettext
from clinic_app.store.record_pages import RecordSort
from clinic_app.store.screenings import RecordFilter
from clinic_app.ui.common import date_edit, date_value, error_label
from clinic_app.ui.flow_layout import flow_row, keep_together
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.record_dialog import RecordDialog
from clinic_app.ui.screening.records_model import CODE_ROLE, SORTABLE, Column, RecordsModel
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

# Several filter changes in a row (typing a code, clearing three filters) make one reload.
FILTER_DELAY_MS = 250
COLUMN_WIDTHS: dict[Column, int] = {
    Column.CODE: 130, Column.DATE: 110, Column.SITE: 130, Column.GRADE: 60, Column.AGE: 50,
    Column.LEVEL: 140, Column.INSTRUMENT: 210, Column.FOLLOW_UP: 215,
}


def records_table(model: RecordsModel, object_name: str) -> QTableView:
    """A read-only, row-selecting table on a records model, fixed row heights so a long
    list never measures its rows."""
    table = QTableView(objectName=object_name)
    table.setModel(model)
    restyle(table, role="records")
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    rows = table.verticalHeader()
    rows.setVisible(False)
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
    columns = table.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    columns.setStretchLastSection(True)
    for column, width in COLUMN_WIDTHS.items():
        columns.resizeSection(column, width)
    return table


class _OpenOnEnter(QObject):
    """Calls `open_current` when Enter or Return is pressed in the table."""

    def __init__(self, table: QTableView, open_current: Callable[[], None]) -> None:
        super().__init__(table)
        self._open = open_current
        table.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._open()
            return True
        return False


class RecordOpener:
    """Opens a table's current record in a RecordDialog; reloads after a change."""

    def __init__(self, store: Store, table: QTableView, after_change: Callable[[], None],
                 parent: QWidget) -> None:
        self._store = store
        self._table = table
        self._after_change = after_change
        self._parent = parent
        self.dialog: RecordDialog | None = None
        table.doubleClicked.connect(self.open_index)
        _OpenOnEnter(table, self.open_current)

    def open_current(self) -> None:
        index = self._table.currentIndex()
        if index.isValid():
            self.open_index(index)

    def open_index(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.open_code(str(code))

    def open_code(self, code: str) -> RecordDialog:
        """Open (window-modal, not blocking) the record `code`."""
        dialog = RecordDialog(self._store, code, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _code: self._after_change())
        self.dialog = dialog
        dialog.open()
        return dialog


class RecordsView(QWidget, Retranslatable):
    """Filter bar, count and the lazily fetched records table."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="records_view")
        self._store = store
        today = dt.date.today()
        self.any_date = QCheckBox(objectName="any_date", checked=True)
        self.date_from = date_edit("date_from", today - dt.timedelta(days=30), latest=today)
        self.date_to = date_edit("date_to", today, latest=today)
        for edit in (self.date_from, self.date_to):
            edit.setEnabled(False)
        self.site = QComboBox(objectName="site")
        self.site.addItem("", None)
        for name in store.clinic_profile().sites:
            self.site.addItem(name, name)
        self.level = QComboBox(objectName="level")
        self.level.addItem("", None)
        for level in screening.OUTCOMES:
            self.level.addItem("", level)
        self.follow_up_due = QCheckBox(objectName="follow_up_due")
        self.report_overdue = QCheckBox(objectName="report_overdue")
        self.code = QLineEdit(objectName="code_search", clearButtonEnabled=True)
        self.code.setMaxLength(20)
        self.code.setMinimumWidth(160)
        self.count = QLabel(objectName="count")
        self.error = error_label()
        self.error.hide()
        self.hint = QLabel(objectName="hint", wordWrap=True)
        restyle(self.hint, role="hint")
        self.open_button = QPushButton(objectName="open_record")
        self._labels = {name: QLabel() for name in ("from", "to", "site", "level", "code")}
        self._labels["code"].setBuddy(self.code)
        self._labels["from"].setBuddy(self.date_from)
        self._labels["to"].setBuddy(self.date_to)
        self._labels["site"].setBuddy(self.site)
        self._labels["level"].setBuddy(self.level)

        self.model = RecordsModel(store, self.current_filter(), self)
        self.table = records_table(self.model, "records_table")
        header = self.table.horizontalHeader()
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # the model sorts in the store, page by page
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self._filter_timer = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self.apply_filter_now)
        self.opener = RecordOpener(store, self.table, self.refresh, self)
        self.open_button.clicked.connect(self.opener.open_current)

        bar = QFrame(objectName="filter_bar")
        labels = self._labels
        filters = flow_row(
            self.any_date,
            keep_together(labels["from"], self.date_from),
            keep_together(labels["to"], self.date_to),
            keep_together(labels["site"], self.site),
            keep_together(labels["level"], self.level),
            keep_together(labels["code"], self.code),
            self.follow_up_due, self.report_overdue, self.count)
        bar_layout = QVBoxLayout(bar)
        bar_layout.addWidget(filters)
        bottom = QHBoxLayout()
        bottom.addWidget(self.hint, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        self.any_date.toggled.connect(self._any_date_toggled)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.apply_filter)
        for combo in (self.site, self.level):
            combo.currentIndexChanged.connect(self.apply_filter)
        for box in (self.follow_up_due, self.report_overdue):
            box.toggled.connect(self.apply_filter)
        self.code.textChanged.connect(self.apply_filter)
        self.model.loaded.connect(self._show_state)
        self.model.counted.connect(self._show_state)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.any_date.setText(_("Any date"))
        self._labels["from"].setText(_("&From"))
        self._labels["to"].setText(_("&To"))
        self._labels["site"].setText(_("&Site"))
        self._labels["level"].setText(_("&Level"))
        self._labels["code"].setText(_("Record &code"))
        self.code.setPlaceholderText(_("e.g. SC-7KQ4"))
        for label in self._labels.values():  # a little room so no glyph is ever clipped
            text = label.text().replace("&", "")
            label.setMinimumWidth(label.fontMetrics().boundingRect(text).width() + 8)
        self.site.setItemText(0, _("All sites"))
        self.level.setItemText(0, _("All levels"))
        for row in range(1, self.level.count()):
            self.level.setItemText(row, screening.label(self.level.itemData(row),
                                                        current_language()))
        self.follow_up_due.setText(_("Follow-up due"))
        self.follow_up_due.setToolTip(_("Follow-ups due today or earlier and not marked done."))
        self.report_overdue.setText(_("Report overdue"))
        self.report_overdue.setToolTip(_(
            "Mandated reports without an oral report after 24 hours, or without a written "
            "report after 72 hours (weekends not counted)."))
        self.hint.setText(_("Click a column title to sort by date, site, level or follow-up. "
                            "Double-click a record or press Enter to open it."))
        self.open_button.setText(_("Open record"))
        self.model.retranslate()
        self._show_state()

    # -- filters -------------------------------------------------------------------
    def current_filter(self) -> RecordFilter:
        """The RecordFilter the filter bar describes (overdue states judged today)."""
        today = dt.date.today()
        dated = not self.any_date.isChecked()
        return RecordFilter(
            date_from=date_value(self.date_from) if dated else None,
            date_to=date_value(self.date_to) if dated else None,
            site=self.site.currentData(),
            level=self.level.currentData(),
            follow_up_due_by=today if self.follow_up_due.isChecked() else None,
            report_overdue_on=today if self.report_overdue.isChecked() else None,
            code=self.code.text().strip() or None,
        )

    def apply_filter(self) -> None:
        """A filter changed: reload once the changes stop (FILTER_DELAY_MS)."""
        self._filter_timer.start()

    @property
    def filter_pending(self) -> bool:
        """A filter change waits for its reload."""
        return self._filter_timer.isActive()

    def apply_filter_now(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter(self.current_filter())

    def refresh(self) -> None:
        """Reload the list (the same filters, judged against today)."""
        self.apply_filter_now()

    def _sort_indicator_changed(self, column: int, _order: Qt.SortOrder) -> None:
        if Column(column) not in SORTABLE:  # put the arrow back where the order is
            current = next(c for c, sorts in SORTABLE.items() if self.model.sort_order in sorts)
            order = (Qt.SortOrder.AscendingOrder if self.model.sort_order is RecordSort.OLDEST
                     else Qt.SortOrder.DescendingOrder)
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(current, order)
            header.blockSignals(False)

    def _any_date_toggled(self, checked: bool) -> None:
        self.date_from.setEnabled(not checked)
        self.date_to.setEnabled(not checked)
        self.apply_filter()

    def _show_state(self) -> None:
        failed = bool(self.model.error)
        self.error.setText(self.model.error)
        self.error.setVisible(failed)
        self.table.setVisible(not failed)
        self.open_button.setEnabled(not failed)
        for widget in (self.any_date, self.site, self.level, self.follow_up_due,
                       self.report_overdue, self.code):
            widget.setEnabled(not failed)
        total = self.model.total
        if failed:
            self.count.setText("")
        elif total is None:
            self.count.setText(_("Counting records..."))
        else:
            self.count.setText(ngettext("{n} record", "{n} records", total).format(
                n=format_number(total)))
