"""The result: the level and what drove it, the next steps for this student's age (the
mandated-report duty first), the referral, the follow-up date and notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import _, current_language
from clinic_app.store.screenings import NOTES_MAX, Outcome, evaluate
from clinic_app.ui.common import heading_label
from clinic_app.ui.retranslate import Retranslatable

LEVEL_COLOURS = {"none": "#1a7f37", "possible": "#9a6700", "clear": "#cf222e"}


class ResultStep(QWidget, Retranslatable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="result_step")
        self.outcome: Outcome | None = None
        self._instrument: screening.Instrument | None = None
        self.report_agency: Contact | None = None
        self.heading = heading_label()
        self.level = QLabel(objectName="level")
        self.drivers = QLabel(objectName="drivers", wordWrap=True)
        self.report_box = QFrame(objectName="report_box")
        self.report_box.setStyleSheet(
            "#report_box { border: 2px solid #cf222e; border-radius: 6px; background: #fff5f5; }")
        self.report_text = QLabel(wordWrap=True, objectName="report_text")
        QVBoxLayout(self.report_box).addWidget(self.report_text)
        self.steps = QLabel(objectName="steps", wordWrap=True)
        self.referral = QCheckBox(objectName="referral_given")
        self.sheet_button = QPushButton(objectName="referral_sheet")
        self.card_button = QPushButton(objectName="wallet_card")
        self.handout_row = QHBoxLayout()
        self.handout_row.addWidget(self.referral)
        self.handout_row.addStretch()
        self.handout_row.addWidget(self.sheet_button)
        self.handout_row.addWidget(self.card_button)
        self.follow_up = QDateEdit(objectName="follow_up", calendarPopup=True)
        self.follow_up.setDisplayFormat("yyyy-MM-dd")  # unambiguous in every language
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.level)
        layout.addWidget(self.drivers)
        layout.addWidget(self.report_box)
        layout.addWidget(self.steps)
        layout.addLayout(form)
        layout.addStretch()
        self.follow_up_enabled.toggled.connect(self.follow_up.setEnabled)
        self.enable_retranslation()

    def show_outcome(self, instrument: screening.Instrument, answers: Mapping[str, str],
                     age: int) -> None:
        self._instrument = instrument
        self.outcome = evaluate(instrument, answers, age)
        days = self.outcome.follow_up_days
        self.follow_up_enabled.setChecked(days is not None)
        self.follow_up.setEnabled(days is not None)
        self.follow_up.setDate(QDate.currentDate().addDays(days or 7))
        self.referral.setChecked(any(s.referral_handout for s in self.outcome.steps))
        self.retranslate_ui()

    def follow_up_date(self) -> dt.date | None:
        if not self.follow_up_enabled.isChecked():
            return None
        return self.follow_up.date().toPython()  # type: ignore[no-any-return]

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
        colour = LEVEL_COLOURS.get(outcome.level, "#24292f")
        self.level.setText(_("Level of concern: {level}").format(
            level=screening.label(outcome.level, lang)))
        self.level.setStyleSheet(f"font-size: 14pt; font-weight: 600; color: {colour};")
        if outcome.drivers:
            texts = [instrument.item(i).text.get(lang) for i in outcome.drivers]
            prefix = _("Red flag:") if outcome.red_flags else _("Driven by:")
            self.drivers.setText(prefix + "\n• " + "\n• ".join(texts))
        else:
            self.drivers.setText(_("No item raised the level."))
        self.report_box.setVisible(outcome.mandated_report)
        lines = [_("Mandated report (Minn. Stat. ch. 260E): report orally to child protection "
                   "or law enforcement at once and no later than 24 hours, and in writing "
                   "within 72 hours (weekends and holidays excluded).")]
        if self.report_agency is not None:  # the clinic's own contact, edited by the lead
            agency = self.report_agency
            lines.append(f"{agency.name}: {agency.phone} ({agency.localized('hours', lang)})")
        lines.append(_("Call 911 if the student is in immediate danger."))
        self.report_text.setText(" ".join(lines))
        steps = [s.text.get(lang) for s in outcome.steps if not s.mandated_report]
        self.steps.setText(_("Next steps:") + "\n• " + "\n• ".join(steps) if steps else "")
