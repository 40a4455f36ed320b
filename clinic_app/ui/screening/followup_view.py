"""The nurse's day: follow-ups due (by today, not done) and mandated reports overdue.

Each list is a lazily filled records table with only the columns the day needs; Enter or
a double-click opens the record, and a saved change reloads both lists.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QTableView, QVBoxLayout, QWidget

from clinic_app.i18n import _, format_number
from clinic_app.store.screenings import RecordFilter
from clinic_app.ui.common import error_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.records_model import Column, RecordsModel
from clinic_app.ui.screening.records_view import RecordOpener, records_table
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

HIDDEN_COLUMNS = (Column.GRADE, Column.AGE, Column.INSTRUMENT)


class _DayList(QWidget):
    """A heading with a count, a table and a line shown when the list is empty."""

    def __init__(self, store: Store, where: RecordFilter, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=name)
        self.model = RecordsModel(store, where, self)
        self.heading = QLabel(objectName="heading")
        restyle(self.heading, role="section")
        self.table: QTableView = records_table(self.model, "table")
        for column in HIDDEN_COLUMNS:
            self.table.setColumnHidden(column, True)
        self.empty = QLabel(objectName="empty")
        restyle(self.empty, role="hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)


class FollowUpView(QWidget, Retranslatable):
    """Follow-ups due and reports overdue, counts in the headings."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="follow_up_view")
        self._store = store
        today = dt.date.today()
        self.due = _DayList(store, RecordFilter(follow_up_due_by=today), "follow_ups_due")
        self.overdue = _DayList(store, RecordFilter(report_overdue_on=today), "reports_overdue")
        # Report decisions still open (never made, or "consult first"): same-day reminders.
        self.decisions = _DayList(store, RecordFilter(decision_pending=True), "decisions_pending")
        self.error = error_label()
        self.hint = QLabel(objectName="hint")
        restyle(self.hint, role="hint")
        self.openers = [RecordOpener(store, day.table, self.refresh, self)
                        for day in (self.decisions, self.overdue, self.due)]
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.decisions)
        splitter.addWidget(self.overdue)
        splitter.addWidget(self.due)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.hint)
        for day in (self.decisions, self.overdue, self.due):
            day.model.counted.connect(self._show_state)  # long lists are counted later
        self.enable_retranslation()

    @property
    def dialog(self) -> object | None:
        """The record dialog opened last from either list (for tests and the page)."""
        opened = [o.dialog for o in self.openers if o.dialog is not None]
        return opened[-1] if opened else None

    def retranslate_ui(self) -> None:
        self.hint.setText(_("Double-click a record or press Enter to open it."))
        for day in (self.decisions, self.due, self.overdue):
            day.model.retranslate()
        self._show_state()

    def refresh(self) -> None:
        """Reload both lists, judged against today."""
        today = dt.date.today()
        self.due.model.set_filter(RecordFilter(follow_up_due_by=today))
        self.overdue.model.set_filter(RecordFilter(report_overdue_on=today))
        self.decisions.model.set_filter(RecordFilter(decision_pending=True))
        self._show_state()

    def _show_state(self) -> None:
        error = self.due.model.error or self.overdue.model.error or self.decisions.model.error
        self.error.setText(error)
        self.error.setVisible(bool(error))
        for day in (self.decisions, self.due, self.overdue):
            day.setVisible(not error)
        self.hint.setVisible(not error)
        due, overdue = self.due.model.total, self.overdue.model.total
        self.due.heading.setText(_("Follow-ups due ({n})").format(n=_number(due)))
        self.overdue.heading.setText(_("Mandated reports overdue ({n})").format(
            n=_number(overdue)))
        restyle(self.overdue.heading, state="overdue" if overdue else "")
        decisions = self.decisions.model.total
        self.decisions.heading.setText(_("Report decisions to make or finish ({n})").format(
            n=_number(decisions)))
        restyle(self.decisions.heading, state="overdue" if decisions else "")
        self.due.empty.setText(_("No follow-ups are due today."))
        self.overdue.empty.setText(_("No mandated report is overdue."))
        self.decisions.empty.setText(_("No report decision is waiting."))
        for day, count in ((self.due, due), (self.overdue, overdue),
                           (self.decisions, decisions)):
            day.empty.setVisible(count == 0)
            day.table.setVisible(count != 0)  # None: still counting a long list


def _number(total: int | None) -> str:
    """A count, or an ellipsis while a long list is still being counted."""
    return "\u2026" if total is None else format_number(total)
