"""The record dialog's follow-up box: the visit's due date, and marking it done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout

from clinic_app.i18n import _
from clinic_app.store.screenings import ScreeningSummary
from clinic_app.ui.common import date_edit, date_value
from clinic_app.ui.screening.wording import follow_up_text
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class FollowUpBox(QGroupBox):
    """The follow-up visit: its due date, and marking it done."""

    def __init__(self, store: Store, save: Callable[[Callable[[], None], str], bool]) -> None:
        super().__init__(objectName="follow_up_box")
        self._store = store
        self._save = save
        self._code = ""
        self.state = QLabel(objectName="follow_up_state", wordWrap=True)
        self.due = date_edit("follow_up_due")
        self.done_on = date_edit("follow_up_done_on")
        self.set_due_button = QPushButton(objectName="set_follow_up_due")
        self.done_button = QPushButton(objectName="mark_follow_up_done")
        self.set_due_button.clicked.connect(self.set_due)
        self.done_button.clicked.connect(self.mark_done)
        self.due_caption, self.done_caption = QLabel(), QLabel()
        self.due_caption.setBuddy(self.due)
        self.done_caption.setBuddy(self.done_on)
        grid = QGridLayout()
        grid.addWidget(self.due_caption, 0, 0)
        grid.addWidget(self.due, 0, 1)
        grid.addWidget(self.set_due_button, 0, 2)
        grid.addWidget(self.done_caption, 1, 0)
        grid.addWidget(self.done_on, 1, 1)
        grid.addWidget(self.done_button, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(grid)

    def retranslate(self) -> None:
        self.setTitle(_("Follow-up"))
        self.due_caption.setText(_("D&ue date:"))
        self.done_caption.setText(_("Do&ne on:"))
        self.set_due_button.setText(_("Set date"))
        self.done_button.setText(_("Mark done"))

    def show_state(self, summary: ScreeningSummary) -> None:
        self._code = summary.record_code
        today = dt.date.today()
        text = follow_up_text(summary, today) or _("No follow-up date set.")
        overdue = summary.follow_up_overdue(today)
        self.state.setText(text)
        restyle(self.state, state="overdue" if overdue else "")
        first = QDate(summary.screened_on)
        self.due.setMinimumDate(first)
        self.due.setDate(QDate(summary.follow_up_due or today + dt.timedelta(days=7)))
        self.done_on.setDateRange(first, max(first, QDate(today)))
        self.done_on.setDate(QDate(summary.follow_up_done_on or today))

    def set_due(self) -> bool:
        code, due = self._code, date_value(self.due)
        store = self._store
        return self._save(lambda: store.record_follow_up(code, due=due),
                          _("Follow-up date saved."))

    def mark_done(self) -> bool:
        code, done = self._code, date_value(self.done_on)
        store = self._store
        return self._save(lambda: store.record_follow_up(code, done_on=done),
                          _("Follow-up marked done."))
