"""Amending a screening record: edit the answers and notes of the newest revision, with
a reason; the record keeps every earlier revision."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

import screening
from clinic_app.i18n import _, current_language
from clinic_app.store.screenings import AGES, GRADES, NOTES_MAX, ScreeningRecord
from clinic_app.ui.form_dialog import FormDialog, StandardButton
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.answers import answer_label
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class AmendDialog(FormDialog, Retranslatable):
    """Edit the answers and notes of the newest revision; a reason is required."""

    def __init__(self, store: Store, record: ScreeningRecord,
                 instrument: screening.Instrument, parent: QWidget | None = None) -> None:
        super().__init__("amend_dialog", parent,
                         buttons=StandardButton.Save | StandardButton.Cancel)
        self._store = store
        self._record = record
        self._instrument = instrument
        self.outcome: object | None = None
        self.resize(820, 700)
        lang = current_language()
        self.fields: dict[str, QComboBox | QLineEdit] = {}
        body = QWidget()
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 1)
        row = 0
        for section in instrument.sections:
            title = QLabel(section.title.get(lang))
            restyle(title, role="group-heading")
            grid.addWidget(title, row, 0, 1, 2)
            row += 1
            for item in section.items:
                field = self._field(item, record.answers.get(item.id), lang)
                field.setMinimumWidth(180)
                text = QLabel(item.text.get(lang), wordWrap=True)
                text.setToolTip(item.guidance.get(lang))
                text.setBuddy(field)
                grid.addWidget(text, row, 0)
                grid.addWidget(field, row, 1, Qt.AlignmentFlag.AlignTop)
                self.fields[item.id] = field
                row += 1
        grid.setRowStretch(row, 1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        # Site, grade and age may be corrected too: age decides the report duty.
        summary = record.summary
        self.site = QComboBox(objectName="amend_site")
        for name in sorted({*store.clinic_profile().sites, summary.site}):
            self.site.addItem(name, name)
        self.site.setCurrentIndex(self.site.findData(summary.site))
        self.grade = QSpinBox(objectName="amend_grade", minimum=GRADES.start,
                              maximum=GRADES.stop - 1, value=summary.grade)
        self.age = QSpinBox(objectName="amend_age", minimum=AGES.start, maximum=AGES.stop - 1,
                            value=summary.age)
        self.site_caption, self.grade_caption = QLabel(), QLabel()
        self.age_caption = QLabel()
        for caption, buddy in ((self.site_caption, self.site),
                               (self.grade_caption, self.grade),
                               (self.age_caption, self.age)):
            caption.setBuddy(buddy)
        self.notes = QPlainTextEdit(record.notes, objectName="amend_notes")
        self.notes.setMaximumHeight(100)
        self.reason = QLineEdit(objectName="reason", maxLength=500)
        self.notes_caption, self.reason_caption = QLabel(), QLabel()
        self.notes_caption.setBuddy(self.notes)
        self.reason_caption.setBuddy(self.reason)
        self.intro = QLabel(wordWrap=True)
        restyle(self.intro, role="hint")
        form = QFormLayout()
        form.addRow(self.site_caption, self.site)
        form.addRow(self.grade_caption, self.grade)
        form.addRow(self.age_caption, self.age)
        form.addRow(self.notes_caption, self.notes)
        form.addRow(self.reason_caption, self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enable_retranslation()

    @staticmethod
    def _field(item: screening.Item, answer: str | None, lang: str) -> QComboBox | QLineEdit:
        if item.type == "note":
            return QLineEdit(answer or "", objectName=f"answer_{item.id}",
                             maxLength=screening.model.NOTE_MAX_LENGTH)
        combo = QComboBox(objectName=f"answer_{item.id}")
        if answer is None:
            combo.addItem(_("Not answered"), None)
        options = {option.id: option.label.get(lang) for option in item.options}
        for value in item.answer_values():
            combo.addItem(options.get(value) or answer_label(value), value)
        combo.setCurrentIndex(max(0, combo.findData(answer)) if answer is not None else 0)
        return combo

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Amend record {code}").format(
            code=self._record.summary.record_code))
        self.intro.setText(_("Amending adds revision {n}. Revision {current} stays as it was "
                             "and can still be read. The level is scored again with {id} "
                             "{version}, the version this record was made with.").format(
            n=self._record.revision + 1, current=self._record.revision,
            id=self._instrument.id, version=self._instrument.version))
        self.site_caption.setText(_("Site:"))
        self.grade_caption.setText(_("Grade:"))
        self.age_caption.setText(_("Age (years):"))
        self.notes_caption.setText(_("&Notes:"))
        self.notes.setPlaceholderText(_("At most {n} characters.").format(n=NOTES_MAX))
        self.reason_caption.setText(_("&Reason (required):"))
        self.reason.setPlaceholderText(_("Why is the record amended?"))

    def answers(self) -> dict[str, str]:
        """The answers as edited (items left unanswered stay out)."""
        result: dict[str, str] = {}
        for item_id, field in self.fields.items():
            if isinstance(field, QLineEdit):
                if field.text():
                    result[item_id] = field.text()
            elif field.currentData() is not None:
                result[item_id] = str(field.currentData())
        return result

    def submit(self) -> None:
        self.outcome = self._store.amend_screening(
            self._record.summary.record_code, self.answers(), self.notes.toPlainText(),
            self.reason.text(), site=self.site.currentData(), grade=self.grade.value(),
            age=self.age.value())
