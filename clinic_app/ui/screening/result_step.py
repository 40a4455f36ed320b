"""The result: the level and what drove it, what was not assessed, the report decision
(the nurse's, asked whenever the answers call for it), the next steps for this student's
age with the clinic's own contacts filled in, the referral, the follow-up date and notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import _, current_language
from clinic_app.jurisdiction import fill
from clinic_app.store.screenings import NOTES_MAX, Outcome, ReportDecision, evaluate
from clinic_app.ui.common import date_edit, date_value, heading_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.decision_box import DecisionBox
from clinic_app.ui.style import restyle


class ResultStep(QWidget, Retranslatable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="result_step")
        self.outcome: Outcome | None = None
        self._instrument: screening.Instrument | None = None
        self.contacts: Sequence[Contact] = ()
        self._age = 15
        self.heading = heading_label()
        self.level = QLabel(objectName="level")
        self.meaning = QLabel(objectName="level_meaning", wordWrap=True)
        self.levels_note = QLabel(objectName="levels_note", wordWrap=True)
        restyle(self.levels_note, role="hint")
        self.drivers = QLabel(objectName="drivers", wordWrap=True)
        self.not_assessed = QLabel(objectName="not_assessed", wordWrap=True)
        self.age_note = QLabel(objectName="age_note", wordWrap=True)
        restyle(self.age_note, role="warning")
        self.decision = DecisionBox()
        self.report_box = self.decision  # the box the nurse answers the duty in
        self.steps = QLabel(objectName="steps", wordWrap=True)
        self.referral = QCheckBox(objectName="referral_given")
        self.sheet_button = QPushButton(objectName="referral_sheet")
        self.card_button = QPushButton(objectName="wallet_card")
        self.handout_row = QHBoxLayout()
        self.handout_row.addWidget(self.referral)
        self.handout_row.addStretch()
        self.handout_row.addWidget(self.sheet_button)
        self.handout_row.addWidget(self.card_button)
        self.follow_up = date_edit("follow_up")
        self.follow_up_enabled = QCheckBox(objectName="follow_up_enabled")
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(90)
        self.labels = {k: QLabel() for k in ("follow_up", "notes")}
        form = QFormLayout()
        form.addRow(self.handout_row)
        form.addRow(self.follow_up_enabled)
        form.addRow(self.labels["follow_up"], self.follow_up)
        form.addRow(self.labels["notes"], self.notes)
        # The result can be long (Somali and Hmong more so): it scrolls, so nothing is cut
        # and the window never has to grow past a laptop screen.
        content = QWidget(objectName="result_content")
        scroll = QScrollArea(objectName="result_scroll", widgetResizable=True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(content)
        layout.addWidget(self.heading)
        layout.addWidget(self.level)
        layout.addWidget(self.meaning)
        layout.addWidget(self.levels_note)
        layout.addWidget(self.drivers)
        layout.addWidget(self.not_assessed)
        layout.addWidget(self.age_note)
        layout.addWidget(self.decision)
        layout.addWidget(self.steps)
        layout.addLayout(form)
        layout.addStretch()
        self.follow_up_enabled.toggled.connect(self.follow_up.setEnabled)
        self.enable_retranslation()

    def show_outcome(self, instrument: screening.Instrument, answers: Mapping[str, str],
                     age: int) -> None:
        self._instrument, self._age = instrument, age
        previous = self.outcome
        self.outcome = evaluate(instrument, answers, age)
        days = self.outcome.follow_up_days
        self.follow_up_enabled.setChecked(days is not None)
        self.follow_up.setEnabled(days is not None)
        self.follow_up.setDate(QDate.currentDate().addDays(days or 7))
        # Ticked only when a handout is printed or the nurse ticks it: it feeds the counts.
        if previous is None:
            self.referral.setChecked(False)
        kept = self.decision.decision()
        self.decision.contacts = self.contacts
        self.decision.reset(self.outcome.decision_asked, age)
        self.decision.set_decision(kept)
        self.retranslate_ui()

    def report_decision(self) -> ReportDecision | None:
        return self.decision.decision()

    def clear(self) -> None:
        """Forget the last outcome (a new screening starts)."""
        self.outcome = None
        self.referral.setChecked(False)
        self.decision.reset(False, 15)
        self.notes.clear()

    def follow_up_date(self) -> dt.date | None:
        if not self.follow_up_enabled.isChecked():
            return None
        return date_value(self.follow_up)

    def notes_text(self) -> str:
        return self.notes.toPlainText()[:NOTES_MAX]

    def retranslate_ui(self) -> None:
        lang = current_language()
        self.heading.setText(_("Result"))
        self.referral.setText(_("Referral handout given"))
        self.sheet_button.setText(_("Referral sheet..."))
        self.card_button.setText(_("Wallet cards..."))
        for button in (self.sheet_button, self.card_button):
            button.setToolTip(_("Printed in the interview language. Nothing on it names the "
                                "student or this result."))
        self.follow_up_enabled.setText(_("Schedule a follow-up"))
        self.labels["follow_up"].setText(_("Follow-up date:"))
        self.labels["notes"].setText(_("Staff notes (kept encrypted, never exported):"))
        outcome, instrument = self.outcome, self._instrument
        if outcome is None or instrument is None:
            return
        self.level.setText(_("Level of concern: {level}").format(
            level=screening.label(outcome.level, lang)))
        restyle(self.level, level=outcome.level)
        self.meaning.setText(level_meaning(outcome.level))
        self.levels_note.setText(_(
            "These levels are this sample instrument's own: not CSE-IT's, not any validated "
            "tool's. The level says how much concern the answers raise; whether to report is "
            "your decision."))
        if outcome.drivers:
            texts = [instrument.item(i).text.get(lang) for i in outcome.drivers]
            prefix = _("Red flag:") if outcome.red_flags else _("Driven by:")
            self.drivers.setText(prefix + "\n• " + "\n• ".join(texts))
        else:
            self.drivers.setText(_("No item raised the level."))
        self.not_assessed.setVisible(bool(outcome.not_assessed))
        if outcome.not_assessed:
            texts = [instrument.item(i).text.get(lang) for i in outcome.not_assessed]
            self.not_assessed.setText(
                _("Declined or unknown ({n} of {total}):").format(
                    n=len(texts), total=sum(1 for i in instrument.items() if i.type != "note"))
                + "\n• " + "\n• ".join(texts))
        note = screening.age_note(instrument, self._age)
        self.age_note.setVisible(note is not None)
        self.age_note.setText(note.get(lang) if note is not None else "")
        self.decision.retranslate()
        steps = [fill(s.text.get(lang), self.contacts, lang) for s in outcome.steps
                 if not s.mandated_report]
        self.steps.setText(_("Next steps:") + "\n• " + "\n• ".join(steps) if steps else "")


def level_meaning(level: str) -> str:
    """What a level means, in words a nurse can say to a colleague."""
    if level == screening.NONE:
        return _("These answers did not raise concern. This does not rule out exploitation: "
                 "young people often tell only later.")
    if level == screening.INCOMPLETE:
        return _("Not assessed: a red-flag question or most questions were declined or "
                 "unknown. This is not \"no concern\".")
    if level == screening.POSSIBLE:
        return _("Possible concern: assess further.")
    return _("Clear concern: a strong reason to decide on a report now.")
