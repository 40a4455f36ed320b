"""Before the questions: the privacy checks, who the student is (no name), the interview
language and the instrument."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.i18n import LANGUAGES, _, current_language
from clinic_app.store.screenings import AGES, GENDER_MAX, GRADES
from clinic_app.ui.common import heading_label
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle
from clinic_app.ui.wrapping_check_box import WrappingCheckBox


class SetupStep(QWidget, Retranslatable):
    """Emits `ready_changed(bool)`: the screening may start only when the student is seen
    alone and the limits of confidentiality were explained."""

    ready_changed = Signal(bool)

    def __init__(self, sites: tuple[str, ...], instruments: list[screening.Instrument],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="setup_step")
        self.instruments = instruments
        self.heading = heading_label()
        self.privacy_box = QGroupBox()
        self.seen_alone = WrappingCheckBox(objectName="seen_alone")
        self.confidentiality = WrappingCheckBox(objectName="confidentiality")
        self.interpreter = WrappingCheckBox(objectName="interpreter")
        self.interpreter_note = QLabel(wordWrap=True)
        restyle(self.interpreter_note, role="hint")
        box = QVBoxLayout(self.privacy_box)
        for widget in (self.seen_alone, self.confidentiality, self.interpreter,
                       self.interpreter_note):
            box.addWidget(widget)
        self.site = QComboBox(objectName="site")
        self.site.addItems(list(sites))
        self.grade = QSpinBox(objectName="grade")
        self.grade.setRange(GRADES.start, GRADES.stop - 1)
        self.grade.setValue(9)
        self.age = QSpinBox(objectName="age")
        self.age.setRange(AGES.start, AGES.stop - 1)
        self.age.setValue(15)
        self.gender = QLineEdit(objectName="gender")
        self.gender.setMaxLength(GENDER_MAX)
        self.interview_language = QComboBox(objectName="interview_language")
        for code, name in LANGUAGES.items():
            self.interview_language.addItem(name, code)
        self.instrument = QComboBox(objectName="instrument")
        # Long instrument titles wrap nothing: let the list be wider than the closed box.
        self.instrument.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.instrument.setMinimumContentsLength(28)
        self.labels = {key: QLabel() for key in
                       ("site", "grade", "age", "gender", "language", "instrument")}
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.labels["site"], self.site)
        form.addRow(self.labels["grade"], self.grade)
        form.addRow(self.labels["age"], self.age)
        form.addRow(self.labels["gender"], self.gender)
        form.addRow(self.labels["language"], self.interview_language)
        form.addRow(self.labels["instrument"], self.instrument)
        self.notice = QLabel(wordWrap=True, objectName="notice")
        restyle(self.notice, role="warning")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.privacy_box)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addStretch()
        for box_widget in (self.seen_alone, self.confidentiality):
            box_widget.toggled.connect(lambda _on: self.ready_changed.emit(self.ready))
        self.instrument.currentIndexChanged.connect(lambda _i: self._show_notice())
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("New screening"))
        self.privacy_box.setTitle(_("Before you begin"))
        self.seen_alone.setText(_("The student is seen alone (no parent, partner or friend "
                                  "in the room)."))
        self.confidentiality.setText(_("I explained the limits of confidentiality, including "
                                       "the duty to report."))
        self.interpreter.setText(_("A professional interpreter is used."))
        self.interpreter_note.setText(_("Never use a companion, friend or family member as "
                                        "the interpreter."))
        self.labels["site"].setText(_("Site:"))
        self.labels["grade"].setText(_("Grade:"))
        self.labels["age"].setText(_("Age (years):"))
        self.labels["gender"].setText(_("Gender (optional, as the student describes it):"))
        self.labels["language"].setText(_("Interview language:"))
        self.labels["instrument"].setText(_("Instrument:"))
        chosen = self.instrument.currentIndex()
        self.instrument.blockSignals(True)
        self.instrument.clear()
        for instrument in self.instruments:
            self.instrument.addItem(f"{instrument.title.get(current_language())} "
                                    f"({instrument.version})", instrument.key)
        self.instrument.setCurrentIndex(max(0, chosen))
        self.instrument.blockSignals(False)
        self._show_notice()

    def _show_notice(self) -> None:
        chosen = self.chosen_instrument()
        self.notice.setText(chosen.notice.get(current_language()) if chosen else "")

    @property
    def ready(self) -> bool:
        return self.seen_alone.isChecked() and self.confidentiality.isChecked()

    def chosen_instrument(self) -> screening.Instrument | None:
        index = self.instrument.currentIndex()
        return self.instruments[index] if 0 <= index < len(self.instruments) else None

    def values(self) -> dict[str, Any]:
        """The setup as stored in a draft."""
        chosen = self.chosen_instrument()
        return {
            "seen_alone": self.seen_alone.isChecked(),
            "confidentiality_explained": self.confidentiality.isChecked(),
            "interpreter_used": self.interpreter.isChecked(),
            "site": self.site.currentText(),
            "grade": self.grade.value(),
            "age": self.age.value(),
            "gender": self.gender.text(),
            "interview_language": self.interview_language.currentData(),
            "instrument": list(chosen.key) if chosen else None,
        }

    def restore(self, values: dict[str, Any]) -> None:
        self.seen_alone.setChecked(bool(values.get("seen_alone")))
        self.confidentiality.setChecked(bool(values.get("confidentiality_explained")))
        self.interpreter.setChecked(bool(values.get("interpreter_used")))
        self.site.setCurrentText(str(values.get("site", "")))
        self.grade.setValue(int(values.get("grade", 9)))
        self.age.setValue(int(values.get("age", 15)))
        self.gender.setText(str(values.get("gender", "")))
        self.interview_language.setCurrentIndex(
            max(0, self.interview_language.findData(values.get("interview_language", "en"))))
        wanted = tuple(values.get("instrument") or ())
        for index, instrument in enumerate(self.instruments):
            if instrument.key == wanted:
                self.instrument.setCurrentIndex(index)
