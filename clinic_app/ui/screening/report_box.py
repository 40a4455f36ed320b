"""The record dialog's mandated report box: the report decision (changeable, for example
after consulting) and the report itself, oral and written dates and the agency, with
the deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from clinic_app.errors import ValidationError
from clinic_app.i18n import _, format_date
from clinic_app.store.screenings import ReportDecision, ScreeningSummary
from clinic_app.ui.common import date_edit, date_value
from clinic_app.ui.screening.decision_box import DecisionBox
from clinic_app.ui.screening.wording import oral_deadline, report_text, written_deadline
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class ReportBox(QGroupBox):
    """The report decision (changeable, e.g. after consulting) and the mandated report:
    oral and written dates and the agency, with the deadlines."""

    def __init__(self, store: Store, save: Callable[[Callable[[], None], str], bool]) -> None:
        super().__init__(objectName="report_box")
        self._store = store
        self._save = save
        self._code = ""
        self.decision = DecisionBox()
        self.decision.contacts = store.referral_contacts()
        self.save_decision_button = QPushButton(objectName="save_decision")
        self.save_decision_button.clicked.connect(self.save_decision)
        self.rule = QLabel(objectName="report_rule", wordWrap=True)
        self.deadlines = QLabel(objectName="report_deadlines", wordWrap=True)
        self.state = QLabel(objectName="report_state", wordWrap=True)
        self.oral_made = QCheckBox(objectName="oral_made")
        self.oral_on = date_edit("oral_on")
        self.written_made = QCheckBox(objectName="written_made")
        self.written_on = date_edit("written_on")
        for box, edit in ((self.oral_made, self.oral_on), (self.written_made, self.written_on)):
            box.toggled.connect(edit.setEnabled)
        self.agency = QLineEdit(objectName="agency", maxLength=200)
        self.agency_caption = QLabel()
        self.agency_caption.setBuddy(self.agency)
        self.save_button = QPushButton(objectName="save_report")
        self.save_button.clicked.connect(self.save)
        self.agency.returnPressed.connect(self.save)
        form = QFormLayout()
        form.addRow(self.oral_made, self.oral_on)
        form.addRow(self.written_made, self.written_on)
        form.addRow(self.agency_caption, self.agency)
        layout = QVBoxLayout(self)
        layout.addWidget(self.decision)
        layout.addWidget(self.save_decision_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.state)
        layout.addWidget(self.rule)
        layout.addWidget(self.deadlines)
        layout.addLayout(form)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)

    def retranslate(self) -> None:
        self.decision.retranslate()
        self.save_decision_button.setText(_("Save decision"))
        self.oral_made.setText(_("Oral report made on"))
        self.written_made.setText(_("Written report made on"))
        self.agency_caption.setText(_("A&gency:"))
        self.agency.setPlaceholderText(_("e.g. the county's child protection agency"))
        self.save_button.setText(_("Save report"))
        self.rule.setText(_(
            "Minnesota (Minn. Stat. ch. 260E): report orally at once, and no later than 24 "
            "hours, to child protection or law enforcement; then in writing within 72 hours, "
            "excluding weekends and holidays. Call 911 if the student is in immediate danger."))

    def show_state(self, summary: ScreeningSummary, agency: str,
                   decision: ReportDecision | None = None) -> None:
        self._code = summary.record_code
        today = dt.date.today()
        required = summary.report_required
        self.decision.reset(summary.report_prompted, summary.age)
        self.decision.set_decision(decision)
        self.setTitle(_("Mandated report required") if required else _("Mandated report"))
        restyle(self, state="required" if required else "")
        restyle(self.rule, role="" if required else "hint")
        first, last = QDate(summary.screened_on), QDate(today)
        for box, edit, value in ((self.oral_made, self.oral_on, summary.report_oral_on),
                                 (self.written_made, self.written_on,
                                  summary.report_written_on)):
            edit.setDateRange(first, max(first, last))
            edit.setDate(QDate(value) if value else last)
            box.setChecked(value is not None)
            edit.setEnabled(value is not None)
        self.agency.setText(agency)
        if not required:
            restyle(self.state, state="muted")
            self.state.setText(_("No report is recorded as required. If you come to know or "
                                 "have reason to believe that the student is maltreated or "
                                 "exploited, record the decision above and the report here."))
            self.deadlines.hide()
            return
        self.deadlines.show()
        self.deadlines.setText(_("Oral report due by {oral}; written report due by {written} "
                                 "(weekends skipped; check for holidays).").format(
            oral=format_date(oral_deadline(summary)),
            written=format_date(written_deadline(summary))))
        if summary.report_oral_on and summary.report_written_on:
            restyle(self.state, state="done")
            self.state.setText(_("Report made: oral {oral}, written {written}.").format(
                oral=format_date(summary.report_oral_on),
                written=format_date(summary.report_written_on)))
        elif summary.report_overdue(today):
            restyle(self.state, state="overdue")
            self.state.setText(report_text(summary, today))
        else:
            restyle(self.state, state="pending")
            if summary.report_oral_on is not None:  # the oral report made, written to come
                self.state.setText(_("Oral report made {date}.").format(
                    date=format_date(summary.report_oral_on)) + " "
                    + report_text(summary, today))
            elif summary.report_written_on is not None:
                self.state.setText(_("Written report made {date}.").format(
                    date=format_date(summary.report_written_on)) + " "
                    + report_text(summary, today))
            else:
                self.state.setText(_("Not yet recorded."))

    def save_decision(self) -> bool:
        decision = self.decision.decision()
        if decision is None:
            return self._save(_raise_no_decision, "")
        code, store = self._code, self._store
        return self._save(lambda: store.record_report_decision(code, decision),
                          _("Decision saved."))

    def save(self) -> bool:
        oral = date_value(self.oral_on) if self.oral_made.isChecked() else None
        written = date_value(self.written_on) if self.written_made.isChecked() else None
        code, agency = self._code, self.agency.text()
        store = self._store
        return self._save(lambda: store.record_report(code, oral_on=oral, written_on=written,
                                                      agency=agency), _("Report saved."))


def _raise_no_decision() -> None:
    raise ValidationError(_("Report decision: choose yes, no or consult first."))
