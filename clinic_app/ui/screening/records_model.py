"""The records list as a lazy Qt table model (its wording is in wording.py).

The model is handed the store, a RecordFilter and a sort. It asks the store for one page
of 200 summaries at a time as the view scrolls (`page_screenings`, keyset paging: any page
costs what the first does), and counts the total off the UI thread only when the first
page is full, so a million records cost one page and one background count, never a full
load and never a query per row.
"""

from __future__ import annotations

import datetime as dt
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from clinic_app.errors import ClinicError
from clinic_app.i18n import N_, _, format_date
from clinic_app.store.record_pages import PageKey, RecordSort
from clinic_app.store.screenings import RecordFilter, ScreeningSummary
from clinic_app.ui import palette
from clinic_app.ui.operations import Operation, run_operation
from clinic_app.ui.screening.wording import (
    follow_up_text,
    follow_up_tooltip,
    level_text,
    report_text,
    report_tooltip,
)

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

PAGE_SIZE = 200
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
"""data(index, CODE_ROLE) gives the record code of the row, whatever the column."""

Index = QModelIndex | QPersistentModelIndex

class Column(IntEnum):
    CODE = 0
    DATE = 1
    SITE = 2
    GRADE = 3
    AGE = 4
    LEVEL = 5
    INSTRUMENT = 6
    FOLLOW_UP = 7
    REPORT = 8


COLUMN_TITLES: dict[Column, str] = {
    Column.CODE: N_("Record"),
    Column.DATE: N_("Date"),
    Column.SITE: N_("Site"),
    Column.GRADE: N_("Grade"),
    Column.AGE: N_("Age"),
    Column.LEVEL: N_("Level of concern"),
    Column.INSTRUMENT: N_("Instrument"),
    Column.FOLLOW_UP: N_("Follow-up"),
    Column.REPORT: N_("Mandated report"),
}


# The columns a click on the header sorts by (descending first; the date also ascending).
SORTABLE: dict[Column, tuple[RecordSort, RecordSort | None]] = {
    Column.DATE: (RecordSort.NEWEST, RecordSort.OLDEST),
    Column.LEVEL: (RecordSort.LEVEL, None),
    Column.SITE: (RecordSort.SITE, None),
    Column.FOLLOW_UP: (RecordSort.FOLLOW_UP, None),
}


class RecordsModel(QAbstractTableModel):
    """Screening summaries in the chosen order (newest first by default), fetched a page
    at a time.

    A store refusal (for example a role that may not read screenings) does not raise
    out of the model: the model stays empty, keeps the message in `error` and emits
    `failed(message)`.
    """

    failed = Signal(str)
    loaded = Signal()
    """Emitted after a reset (new filter, sort or refresh), with the first page in."""
    counted = Signal()
    """Emitted when `total` is known (at once for a short list, else after a count
    off the UI thread)."""

    def __init__(self, store: Store, where: RecordFilter | None = None,
                 parent: QObject | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._where = where or RecordFilter()
        self._sort = RecordSort.NEWEST
        self._fixed_today = today
        self._today = today or dt.date.today()
        self._rows: list[ScreeningSummary] = []
        self._next: PageKey | None = None
        self.total: int | None = 0
        """The number of matching records; None while it is being counted."""
        self.error = ""
        self._count: Operation | None = None
        self._generation = 0  # a count for an older filter is ignored when it arrives
        self._load()

    # -- loading -------------------------------------------------------------------
    @property
    def where(self) -> RecordFilter:
        return self._where

    @property
    def today(self) -> dt.date:
        """The day the overdue states are judged against."""
        return self._today

    @property
    def sort_order(self) -> RecordSort:
        return self._sort

    def set_filter(self, where: RecordFilter) -> None:
        """Show the records matching `where` (starts again from the first page)."""
        self._where = where
        self._load()

    def set_sort(self, sort: RecordSort) -> None:
        if sort is not self._sort:
            self._sort = sort
            self._load()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a sortable header (the view's sorting is enabled)."""
        choices = SORTABLE.get(Column(column)) if 0 <= column < len(Column) else None
        if choices is None:
            return
        first, second = choices
        ascending = order == Qt.SortOrder.AscendingOrder
        self.set_sort(second if ascending and second is not None else first)

    def refresh(self) -> None:
        """Reload with the same filter (after a change, or on a new day)."""
        self._load()

    def _load(self) -> None:
        self.beginResetModel()
        self._generation += 1
        self._today = self._fixed_today or dt.date.today()
        self._rows, self._next = [], None
        self.total = 0
        self.error = ""
        try:
            self._rows, self._next = self._store.page_screenings(
                self._where, sort=self._sort, limit=PAGE_SIZE)
        except ClinicError as exc:
            self._rows, self._next = [], None
            self.error = str(exc)
        # A first page without a next one is the whole list: no count needed.
        self.total = len(self._rows) if self._next is None else None
        self.endResetModel()
        if self.error:
            self.failed.emit(self.error)
        self.loaded.emit()
        if self.total is None:
            self._start_count()
        else:
            self.counted.emit()

    def _start_count(self) -> None:
        generation, where = self._generation, self._where

        def counted(total: object) -> None:
            if generation == self._generation:
                self.total = int(total)  # type: ignore[call-overload]
                self.counted.emit()

        def refused(message: str) -> None:
            if generation == self._generation:
                self.error = message
                self.failed.emit(message)
                self.counted.emit()

        if self._count is not None:
            self._count.cancel()  # its result is ignored (older generation)
        self._count = run_operation(
            None, lambda _progress, _cancelled: self._store.count_screenings(where),
            where="counting records", on_success=counted, on_failure=refused, quiet=True)

    @property
    def counting(self) -> bool:
        return self.total is None and not self.error

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        if parent.isValid() or self.error:
            return False
        return self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        try:
            page, self._next = self._store.page_screenings(
                self._where, sort=self._sort, after=self._next, limit=PAGE_SIZE)
        except ClinicError as exc:
            self.error = str(exc)
            self.failed.emit(self.error)
            return
        if not page:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def summary(self, row: int) -> ScreeningSummary | None:
        """The summary shown in `row` (None outside the loaded rows)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def retranslate(self) -> None:
        """Tell the views that every label changed language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(Column) - 1))

    # -- the table -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(COLUMN_TITLES[Column(section)])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        summary = self.summary(index.row()) if index.isValid() else None
        if summary is None:
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, column)
        if role == CODE_ROLE:
            return summary.record_code
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole):
            swatch = self._swatch(summary, column)
            if swatch is None:
                return None
            colour = (swatch.text if role == Qt.ItemDataRole.ForegroundRole
                      else swatch.background)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.FontRole and self._warning(summary, column):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(summary, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (Column.GRADE, Column.AGE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _display(self, summary: ScreeningSummary, column: Column) -> str:
        if column == Column.CODE:
            return summary.record_code
        if column == Column.DATE:
            return format_date(summary.screened_on)
        if column == Column.SITE:
            return summary.site
        if column == Column.GRADE:
            return str(summary.grade)
        if column == Column.AGE:
            return str(summary.age)
        if column == Column.LEVEL:
            return level_text(summary.level)
        if column == Column.INSTRUMENT:
            return f"{summary.instrument_id}@{summary.instrument_version}"
        if column == Column.FOLLOW_UP:
            return follow_up_text(summary, self._today)
        return report_text(summary, self._today)

    def _warning(self, summary: ScreeningSummary, column: Column) -> bool:
        if column == Column.FOLLOW_UP:
            return summary.follow_up_overdue(self._today)
        if column == Column.REPORT:
            return summary.report_overdue(self._today)
        return False

    def _swatch(self, summary: ScreeningSummary, column: Column) -> palette.Swatch | None:
        if self._warning(summary, column):
            return palette.STATES["overdue"]
        if column == Column.LEVEL:
            return palette.LEVELS.get(summary.level)
        if column == Column.REPORT:
            if not summary.report_required:
                return palette.STATES["muted"]
            if summary.report_oral_on and summary.report_written_on:
                return palette.STATES["done"]
            return palette.STATES["pending"]
        if column == Column.FOLLOW_UP and summary.follow_up_done_on is not None:
            return palette.STATES["done"]
        return None

    def _tooltip(self, summary: ScreeningSummary, column: Column) -> str | None:
        if column == Column.REPORT:
            return report_tooltip(summary, self._today) or None
        if column == Column.FOLLOW_UP and summary.follow_up_overdue(self._today):
            return follow_up_tooltip(summary, self._today)
        if column == Column.INSTRUMENT:
            return _("The record is shown and scored with this instrument version.")
        if column == Column.LEVEL:
            return level_text(summary.level)
        return None
