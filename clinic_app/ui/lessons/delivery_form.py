"""The delivery form: log (or edit) which lesson version was taught, where and to whom."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.i18n import LANGUAGES, _
from clinic_app.store.deliveries import GRADES, DeliveryInput
from clinic_app.ui.common import date_edit, date_value
from clinic_app.ui.form_dialog import FormDialog, StandardButton
from clinic_app.ui.lessons.labels import language_name
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.services.lessons import LessonsService
    from clinic_app.store.deliveries import Delivery

MAX_STUDENTS_FIELD = 999  # the store gives the real limit, with a clear message


class DeliveryDialog(FormDialog, Retranslatable):
    """New entry (lesson and version preselected) or an edit of an existing one."""

    def __init__(self, service: LessonsService, *, lesson_id: str | None = None,
                 version: str | None = None, language: str = "en",
                 delivery: Delivery | None = None, parent: QWidget | None = None) -> None:
        super().__init__("delivery_dialog", parent,
                         buttons=StandardButton.Save | StandardButton.Cancel)
        self._service = service
        self.delivery = delivery
        self.saved_id: int | None = None
        library = service.library
        self.lesson = QComboBox(objectName="lesson")
        for lesson in library.lessons():
            self.lesson.addItem(lesson.title, lesson.id)
        self.version = QComboBox(objectName="version")
        self.date = date_edit("date")
        self.site = QComboBox(objectName="site")
        assert service.store is not None
        for site in service.store.clinic_profile().sites:
            self.site.addItem(site, site)
        self.grade = QComboBox(objectName="grade")
        for grade in GRADES:
            self.grade.addItem(str(grade), grade)
        self.students = QSpinBox(objectName="students")
        self.students.setRange(0, MAX_STUDENTS_FIELD)
        self.language_boxes = {code: QCheckBox(language_name(code), objectName=f"lang_{code}")
                               for code in LANGUAGES}
        languages_row = QHBoxLayout()
        for box in self.language_boxes.values():
            languages_row.addWidget(box)
        languages_row.addStretch()
        self._labels = [QLabel() for _i in range(7)]
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, field in zip(self._labels, (self.lesson, self.version, self.date, self.site,
                                               self.grade, self.students), strict=False):
            form.addRow(label, field)
        form.addRow(self._labels[6], languages_row)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.lesson.currentIndexChanged.connect(self._fill_versions)
        if delivery is not None:
            self._load(delivery)
        else:
            self._preselect(lesson_id, version, language)
        self.setMinimumWidth(480)
        self.enable_retranslation()

    def _preselect(self, lesson_id: str | None, version: str | None, language: str) -> None:
        if lesson_id is not None:
            self.lesson.setCurrentIndex(max(self.lesson.findData(lesson_id), 0))
        self._fill_versions()
        if version is not None:
            self.version.setCurrentIndex(max(self.version.findData(version), 0))
        self.date.setDate(QDate.currentDate())
        lesson = self._service.library.get(self.lesson.currentData() or "")
        if lesson is not None and lesson.grade_band == "9-12":
            self.grade.setCurrentIndex(self.grade.findData(9))
        if language in self.language_boxes:
            self.language_boxes[language].setChecked(True)

    def _load(self, delivery: Delivery) -> None:
        index = self.lesson.findData(delivery.lesson_id)
        if index < 0:  # a lesson no longer installed keeps its id
            self.lesson.addItem(delivery.lesson_id, delivery.lesson_id)
            index = self.lesson.count() - 1
        self.lesson.setCurrentIndex(index)
        self._fill_versions()
        if self.version.findData(delivery.lesson_version) < 0:
            self.version.addItem(delivery.lesson_version, delivery.lesson_version)
        self.version.setCurrentIndex(self.version.findData(delivery.lesson_version))
        self.date.setDate(QDate(delivery.delivered_on))
        if self.site.findData(delivery.site) < 0:
            self.site.addItem(delivery.site, delivery.site)
        self.site.setCurrentIndex(self.site.findData(delivery.site))
        self.grade.setCurrentIndex(self.grade.findData(delivery.grade))
        self.students.setValue(delivery.students)
        for code, box in self.language_boxes.items():
            box.setChecked(code in delivery.languages)

    def _fill_versions(self) -> None:
        chosen = self.version.currentData()
        self.version.clear()
        lesson = self._service.library.get(self.lesson.currentData() or "")
        if lesson is None:
            return
        for version in reversed(lesson.version_numbers):
            self.version.addItem(version, version)
        self.version.setCurrentIndex(max(self.version.findData(chosen), 0))

    def entry(self) -> DeliveryInput:
        """What the form holds, unchecked."""
        return DeliveryInput(
            lesson_id=str(self.lesson.currentData() or ""),
            lesson_version=str(self.version.currentData() or ""),
            delivered_on=date_value(self.date),
            site=str(self.site.currentData() or ""),
            grade=int(self.grade.currentData()),
            students=self.students.value(),
            languages=tuple(code for code, box in self.language_boxes.items()
                            if box.isChecked()),
        )

    def submit(self) -> None:
        """Save through the service; a refusal shows as one line and nothing is saved."""
        if self.delivery is None:
            self.saved_id = self._service.record_delivery(self.entry())
        else:
            self._service.update_delivery(self.delivery.id, self.entry())
            self.saved_id = self.delivery.id

    def refused(self, error: ClinicError) -> None:
        self.error.setText(str(error).splitlines()[0] if str(error) else "")

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Edit delivery") if self.delivery else _("Log a lesson delivery"))
        texts = (_("Lesson:"), _("Version:"), _("Date taught:"), _("Site:"), _("Grade:"),
                 _("Number of students:"), _("Languages taught:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.students.setToolTip(_("Counts only: never write student names."))
