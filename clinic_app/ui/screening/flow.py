"""The guided screening: setup, privacy script, one section at a time, result, save.

Unfinished work is kept as an encrypted draft on every step and before the screen locks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.errors import ClinicError
from clinic_app.i18n import LANGUAGES, _, current_language, ngettext
from clinic_app.services.referrals import referral_pdf
from clinic_app.store.screenings import ReportDecision, ScreeningInput, evaluate
from clinic_app.ui.common import error_label, heading_label
from clinic_app.ui.handout_preview import HandoutPreview, build_and_preview
from clinic_app.ui.operations import Operation
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.result_step import ResultStep
from clinic_app.ui.screening.section_step import SectionStep
from clinic_app.ui.screening.setup_step import SetupStep
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class PrivacyStep(QWidget, Retranslatable):
    """The script read to the student before any question, in the interview language."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="privacy_step")
        self.heading = heading_label()
        self.script = QLabel(objectName="script", wordWrap=True)
        self.staff_copy = QLabel(objectName="staff_copy", wordWrap=True)
        restyle(self.staff_copy, role="hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.script)
        layout.addWidget(self.staff_copy)
        layout.addStretch()
        self._instrument: screening.Instrument | None = None
        self._language = "en"
        self.enable_retranslation()

    def show_script(self, instrument: screening.Instrument, interview_language: str) -> None:
        self._instrument, self._language = instrument, interview_language
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Read this to the student before the questions"))
        if self._instrument is None:
            return
        self.script.setText(self._instrument.privacy_script.get(self._language))
        ui = current_language()
        self.staff_copy.setText("" if ui == self._language else
                                _("In the interface language:") + " " +
                                self._instrument.privacy_script.get(ui))


class ScreeningFlow(QWidget, Retranslatable):
    """Emits `saved(record_code)` after a screening is stored."""

    saved = Signal(str)
    referral_shown = Signal(object)  # the HandoutPreview of a referral handout

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="screening_flow")
        self._store = store
        self.answers: dict[str, str] = {}
        self.instrument: screening.Instrument | None = None
        self.sections: list[SectionStep] = []
        self.setup = SetupStep(store.clinic_profile().sites, store.latest_instruments())
        self.privacy = PrivacyStep()
        self.result = ResultStep()
        # The clinic's own contacts fill {county_cp}, {navigator} ... in steps and the duty.
        self.result.contacts = store.referral_contacts()
        self.pages = QStackedWidget(objectName="pages")
        self.pages.addWidget(self.setup)
        self.pages.addWidget(self.privacy)
        self.pages.addWidget(self.result)
        self.error = error_label()
        # What a nurse reads aloud must say when it is an unreviewed translation (issue 16).
        self.draft_notice = QLabel(objectName="draft_notice", wordWrap=True)
        restyle(self.draft_notice, role="warning")
        self.back_button = QPushButton(objectName="back")
        self.next_button = QPushButton(objectName="next")
        self.discard_button = QPushButton(objectName="discard")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.discard_button.clicked.connect(self.confirm_discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_notice)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setup.ready_changed.connect(lambda _ready: self._update_buttons())
        self.setup.instrument.currentIndexChanged.connect(lambda _i: self._show_draft_notice())
        self.setup.interview_language.currentIndexChanged.connect(
            lambda _i: self._show_draft_notice())
        self.result.sheet_button.clicked.connect(lambda: self.print_referral("sheet"))
        self.result.card_button.clicked.connect(lambda: self.print_referral("card"))
        self._update_buttons()
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.back_button.setText(_("Back"))
        self.discard_button.setText(_("Discard screening"))
        self._update_buttons()

    # -- navigation ------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _show_draft_notice(self) -> None:
        """On the setup and every page read to the student, not on the nurse's result."""
        instrument = self.instrument or self.setup.chosen_instrument()
        language = self.setup.interview_language.currentData()
        draft = (instrument is not None and language != "en"
                 and dict(instrument.translation_status).get(language) != "reviewed"
                 and self.pages.currentWidget() is not self.result)
        if draft:
            self.draft_notice.setText(_(
                "The {language} text of this screening has not been checked by a qualified "
                "translator yet: use a professional interpreter.").format(
                    language=LANGUAGES.get(language, language)))
        self.draft_notice.setVisible(draft)

    def _update_buttons(self) -> None:
        self._show_draft_notice()
        current = self.pages.currentWidget()
        self.back_button.setEnabled(current is not self.setup)
        if current is self.result:
            self.next_button.setText(_("Save screening"))
        elif current is self.setup:
            self.next_button.setText(_("Start"))
            self.next_button.setEnabled(self.setup.ready)
            return
        else:
            self.next_button.setText(_("Next"))
        self.next_button.setEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter goes on (children that use Enter themselves never pass it up here).
        On the result page saving needs a click, so Enter cannot save by accident."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.pages.currentWidget() is not self.result:
                self.next()
            return
        super().keyPressEvent(event)

    def next(self) -> None:
        self.error.clear()
        current = self.pages.currentWidget()
        if current is self.setup:
            if not self.setup.ready:
                return
            self._start()
        elif current is self.result:
            self.save()
            return
        else:
            self._go(self.step + 1)
        self.keep_draft()

    def back(self) -> None:
        if self.step > 0:
            self._go(self.step - 1)

    def _go(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        page = self.pages.currentWidget()
        if isinstance(page, SectionStep):
            page.focus_first()
        elif page is self.result and self.instrument is not None:
            self.result.show_outcome(self.instrument, self.answers, self.setup.age.value())
        self._update_buttons()

    def _start(self, keep_answers: bool = False) -> None:
        """Build the section pages for the chosen instrument in the interview language."""
        instrument = self.setup.chosen_instrument()
        if instrument is None:
            self.error.setText(_("No instrument is installed."))
            return
        if not keep_answers:
            self.answers = {}
        for page in self.sections:
            self.pages.removeWidget(page)
            page.deleteLater()
        self.instrument = instrument
        language = self.setup.interview_language.currentData()
        self.privacy.show_script(instrument, language)
        self.sections = []
        number = 1
        for index, section in enumerate(instrument.sections):
            page = SectionStep(section, index, len(instrument.sections), number, language,
                               read_by_staff=instrument.respondent == "staff")
            page.answered.connect(self._answered)
            page.finished.connect(self.next)
            for item in page.items:
                if item.item.id in self.answers:
                    item.set_value(self.answers[item.item.id])
            number += len(section.items)
            self.sections.append(page)
            self.pages.insertWidget(self.pages.indexOf(self.result), page)
        self._go(1)

    def _answered(self, item_id: str, value: str) -> None:
        if value:
            self.answers[item_id] = value
        else:
            self.answers.pop(item_id, None)

    def print_referral(self, kind: str) -> Operation:
        """Build the referral sheet or wallet cards in the interview language off the UI
        thread, then preview them; `referral_shown(preview)` follows."""
        language = self.setup.interview_language.currentData()
        handout = "card" if kind == "card" else "sheet"
        store = self._store

        def shown(preview: HandoutPreview) -> None:
            # Ticked only once a handout is printed or saved: it feeds the counts.
            preview.handed_out.connect(lambda: self.result.referral.setChecked(True))
            self.referral_shown.emit(preview)

        title = _("Wallet cards") if kind == "card" else _("Referral sheet")
        return build_and_preview(
            self, lambda _progress, _cancelled: referral_pdf(store, handout, language),
            where="building a referral handout", title=title,
            file_name=f"{kind}-{language}.pdf", duplex=kind == "card", on_preview=shown,
            on_failure=self.error.setText)

    # -- drafts and saving -------------------------------------------------------------
    def draft(self) -> dict[str, Any]:
        decision = self.result.report_decision()
        return {"setup": self.setup.values(), "answers": dict(self.answers),
                "step": self.step, "notes": self.result.notes.toPlainText(),
                "decision": None if decision is None else
                {"decision": decision.decision, "reason": decision.reason,
                 "note": decision.note}}

    def keep_draft(self) -> None:
        """Store the unfinished screening (encrypted); called on each step and on lock."""
        if (self.step == 0 and not self.answers) or self._store.read_only:
            return
        self._store.save_draft(self.draft())

    def resume(self, draft: dict[str, Any]) -> None:
        self.setup.restore(draft.get("setup", {}))
        self.answers = {str(k): str(v) for k, v in draft.get("answers", {}).items()}
        self.result.notes.setPlainText(str(draft.get("notes", "")))
        step = int(draft.get("step", 0))
        if step > 0 and self.setup.ready:
            self._start(keep_answers=True)
            self._go(min(step, self.pages.count() - 1))
            saved = draft.get("decision")
            if isinstance(saved, dict) and self.pages.currentWidget() is self.result:
                self.result.decision.set_decision(ReportDecision(
                    str(saved.get("decision", "")), str(saved.get("reason", "")),
                    str(saved.get("note", ""))))

    def confirm_discard(self) -> bool:
        """Discard the screening once the nurse confirms what is lost; a second time
        when a red flag was answered. True when it was discarded."""
        if self.step == 0 and not self.answers:
            self.discard()
            return True
        n = len(self.answers)
        title = _("Discard screening")
        if not self.ask(title, ngettext(
                "Discard this screening? The {n} answer given so far is deleted and cannot "
                "be brought back.",
                "Discard this screening? The {n} answers given so far are deleted and cannot "
                "be brought back.", n).format(n=n)):
            return False
        if self._red_flag_answered() and not self.ask(title, _(
                "A red flag was answered in this screening. Discarding it deletes that answer, "
                "the next steps and the report decision: nothing will record them. Discard "
                "it anyway?")):
            return False
        self.discard()
        return True

    @staticmethod
    def ask(title: str, text: str) -> bool:
        """A yes/no question whose default is No (tests answer it themselves)."""
        answer = QMessageBox.question(
            None, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _red_flag_answered(self) -> bool:
        if self.instrument is None or not self.answers:
            return False
        outcome = evaluate(self.instrument, self.answers, int(self.setup.values()["age"]))
        return bool(outcome.red_flags)

    def discard(self) -> None:
        self._store.discard_draft()
        self.reset()

    def reset(self) -> None:
        self.answers = {}
        self.instrument = None
        for page in self.sections:
            self.pages.removeWidget(page)
            page.deleteLater()
        self.sections = []
        self.setup.restore({})
        self.result.clear()
        self.error.clear()
        self._go(0)

    def save(self) -> None:
        if self.instrument is None:
            return
        values = self.setup.values()
        entry = ScreeningInput(
            site=values["site"], grade=values["grade"], age=values["age"],
            interview_language=values["interview_language"],
            interpreter_used=values["interpreter_used"], seen_alone=values["seen_alone"],
            confidentiality_explained=values["confidentiality_explained"],
            instrument_id=self.instrument.id, instrument_version=self.instrument.version,
            answers=dict(self.answers), gender=values["gender"],
            notes=self.result.notes_text(), referral_given=self.result.referral.isChecked(),
            follow_up_due=self.result.follow_up_date(),
            report_decision=self.result.report_decision())
        try:
            code, _outcome = self._store.save_screening(entry)
        except ClinicError as exc:
            self.error.setText(str(exc))
            return
        self.reset()
        self.saved.emit(code)
