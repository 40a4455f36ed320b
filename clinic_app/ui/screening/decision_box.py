"""The report decision: the professional's answer, never the level's.

"Do you know or have reason to believe this student is being maltreated or sexually
exploited?" yes / no / consult first. Yes shows the duty with the clinic's county
contacts and starts the 24 h / 72 h tracking; consult first shows the consultation line
and keeps a reminder on the day list; no asks for the reason. Required whenever the
answers call for it (a red flag or report prompt above "no", or a Clear level), and
always available, so a nurse can report whatever the score says.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.handouts.contacts import Contact
from clinic_app.i18n import N_, _, current_language
from clinic_app.jurisdiction import role_phrase
from clinic_app.store.screenings import (
    DECISION_CONSULT,
    DECISION_NO,
    DECISION_NOTE_MAX,
    DECISION_YES,
    NO_REPORT_REASONS,
    ReportDecision,
)

REASON_LABELS = {
    "no-reason-to-believe": N_("After talking with the student, I have no reason to believe "
                               "maltreatment or exploitation"),
    "not-260e": N_("Not a 260E report (e.g. assault by a peer or stranger): clinic protocol "
                   "followed"),
    "already-reported": N_("Already reported by someone else (I confirmed it)"),
    "adult-voluntary": N_("18 or over, not a vulnerable adult: voluntary referral offered"),
    "other": N_("Other (say why)"),
}


def reason_label(reason: str) -> str:
    return _(REASON_LABELS[reason]) if reason in REASON_LABELS else reason


class DecisionBox(QGroupBox):
    """Emits `changed` whenever the answer, the reason or the note changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="decision_box")
        self.contacts: Sequence[Contact] = ()
        self.age = 15
        self.required = False
        self.requirement = QLabel(objectName="decision_requirement", wordWrap=True)
        self.question = QLabel(objectName="decision_question", wordWrap=True)
        self.question.setProperty("role", "question")
        self.adult_hint = QLabel(objectName="decision_adult_hint", wordWrap=True)
        self.buttons = QButtonGroup(self)
        self.yes = QRadioButton(objectName="decision_yes")
        self.no = QRadioButton(objectName="decision_no")
        self.consult = QRadioButton(objectName="decision_consult")
        row = QHBoxLayout()
        for button in (self.yes, self.no, self.consult):
            self.buttons.addButton(button)
            row.addWidget(button)
        row.addStretch()
        self.reason = QComboBox(objectName="decision_reason")
        self.reason.addItem("", "")
        for key in NO_REPORT_REASONS:
            self.reason.addItem("", key)
        self.note = QLineEdit(objectName="decision_note", maxLength=DECISION_NOTE_MAX)
        self.guidance = QLabel(objectName="decision_guidance", wordWrap=True)
        self.guidance.setProperty("role", "duty")
        layout = QVBoxLayout(self)
        layout.addWidget(self.requirement)
        layout.addWidget(self.question)
        layout.addWidget(self.adult_hint)
        layout.addLayout(row)
        layout.addWidget(self.reason)
        layout.addWidget(self.note)
        layout.addWidget(self.guidance)
        self.buttons.buttonToggled.connect(lambda *_args: self._update())
        self.reason.currentIndexChanged.connect(lambda *_args: self._update())
        self.note.textChanged.connect(lambda *_args: self.changed.emit())
        self.retranslate()

    # -- state ---------------------------------------------------------------------
    def reset(self, required: bool, age: int) -> None:
        self.required, self.age = required, age
        self.buttons.setExclusive(False)
        for button in (self.yes, self.no, self.consult):
            button.setChecked(False)
        self.buttons.setExclusive(True)
        self.reason.setCurrentIndex(0)
        self.note.clear()
        self.retranslate()

    def choice(self) -> str | None:
        for button, value in ((self.yes, DECISION_YES), (self.no, DECISION_NO),
                              (self.consult, DECISION_CONSULT)):
            if button.isChecked():
                return value
        return None

    def decision(self) -> ReportDecision | None:
        """The decision as entered (None when no answer is chosen)."""
        choice = self.choice()
        if choice is None:
            return None
        return ReportDecision(choice, str(self.reason.currentData() or ""),
                              self.note.text().strip())

    def set_decision(self, decision: ReportDecision | None) -> None:
        self.reset(self.required, self.age)
        if decision is None:
            return
        {DECISION_YES: self.yes, DECISION_NO: self.no,
         DECISION_CONSULT: self.consult}[decision.decision].setChecked(True)
        index = self.reason.findData(decision.reason)
        self.reason.setCurrentIndex(max(index, 0))
        self.note.setText(decision.note)

    # -- text ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setTitle(_("Report decision"))
        self.question.setText(_("Do you know or have reason to believe this student is being "
                                "maltreated or sexually exploited?"))
        self.yes.setText(_("&Yes: I will report"))
        self.no.setText(_("N&o"))
        self.consult.setText(_("&Consult first"))
        self.reason.setItemText(0, _("Why not? Choose a reason"))
        for row in range(1, self.reason.count()):
            self.reason.setItemText(row, reason_label(str(self.reason.itemData(row))))
        self.note.setPlaceholderText(_("Reason or note (kept encrypted, never exported)"))
        self._update()

    def _update(self) -> None:
        self.requirement.setText(
            _("Required: these answers call for your decision. The level alone never "
              "decides a report.") if self.required else
            _("Optional: the answers do not require a decision, but you can record one "
              "at any time, whatever the level."))
        self.requirement.setProperty("required", self.required)
        self.adult_hint.setVisible(self.age >= 18)
        self.adult_hint.setText(_(
            "The student is 18 or over: answer yes when a report duty still applies, for "
            "a vulnerable adult (report to MAARC, 1-844-880-1574) or for maltreatment in "
            "a school setting of a student up to 21."))
        choice = self.choice()
        self.reason.setVisible(choice == DECISION_NO)
        self.note.setVisible(choice is not None)
        self.guidance.setText(self._guidance(choice))
        self.guidance.setVisible(bool(self.guidance.text()))
        self.changed.emit()

    def _guidance(self, choice: str | None) -> str:
        lang = current_language()
        if choice == DECISION_YES:
            return " ".join([
                _("Report orally at once, and no later than 24 hours, to child protection or "
                  "law enforcement, then in writing within 72 hours (weekends and holidays "
                  "excluded; Minn. Stat. ch. 260E)."),
                _("Child protection: {contact}.").format(
                    contact=role_phrase(self.contacts, "county_cp", lang)),
                _("If the student is a member of a tribe, also tribal social services: "
                  "{contact}.").format(contact=role_phrase(self.contacts, "tribal_agency",
                                                           lang)),
                _("Call 911 if the student is in immediate danger. Tell the student what you "
                  "are doing and why."),
            ])
        if choice == DECISION_CONSULT:
            return " ".join([
                _("Consult today: {contact}.").format(
                    contact=role_phrase(self.contacts, "consultation_line", lang)),
                _("You can also call child protection to talk it through: {contact}.").format(
                    contact=role_phrase(self.contacts, "county_cp", lang)),
                _("The screening stays on today's list until you record your final "
                  "decision. Do not wait for proof: if you come to have reason to believe, "
                  "report."),
            ])
        if choice == DECISION_NO:
            return _("Choose the reason. If anything changes, record a new decision in the "
                     "record.")
        return ""
