"""Print a lesson's student handout for a class: copies per language, built off the UI
thread with progress and cancel, then previewed for printing or saving."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import LANGUAGES, _
from clinic_app.ui.common import error_label
from clinic_app.ui.handout_preview import HandoutPreview, build_and_preview
from clinic_app.ui.operations import Operation
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.services.lessons import LessonsService

MAX_COPIES = 200


class ClassSetDialog(QDialog, Retranslatable):
    def __init__(self, service: LessonsService, lesson_id: str, version: str, shown_language: str,
                 languages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="class_set_dialog")
        self._service, self._lesson_id, self._version = service, lesson_id, version
        self.task: Operation | None = None
        self.preview: HandoutPreview | None = None
        self.intro = QLabel(wordWrap=True)
        self.copies: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for code in languages:
            spin = QSpinBox(objectName=f"copies_{code}")
            spin.setRange(0, MAX_COPIES)
            spin.setValue(1 if code == shown_language else 0)
            self.copies[code] = spin
            form.addRow(LANGUAGES.get(code, code), spin)
        self.parent_notice = QCheckBox(objectName="parent_notice")
        self.parent_notice.setChecked(True)
        self.error = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.build)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.parent_notice)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(_("Print handouts for a class"))
        self.intro.setText(_("How many copies in each language? Each copy is the student "
                             "handout of {lesson} {version}.").format(
                                 lesson=self._lesson_id, version=self._version))
        self.parent_notice.setText(_("Add the letter to families after each copy"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Build"))

    def wanted(self) -> list[tuple[str, int]]:
        return [(code, spin.value()) for code, spin in self.copies.items() if spin.value()]

    def build(self) -> Operation:
        """Build off the UI thread with progress and Cancel; the preview opens when it is
        done, or the error line says why not."""
        if self.task is not None:
            return self.task  # one build at a time
        service, lesson_id, version = self._service, self._lesson_id, self._version
        copies = self.wanted()
        include = self.parent_notice.isChecked()
        self.buttons.setEnabled(False)
        self.error.clear()
        self.task = build_and_preview(
            self, lambda progress, cancelled: service.class_set_pdf(
                lesson_id, version, copies, include, progress, cancelled),
            where="building a class set", title=_("Lesson handouts"),
            file_name=f"{lesson_id}-{version}-handouts.pdf",
            progress_title=_("Building handouts"), preview_parent=self.parentWidget(),
            on_preview=self._built, on_failure=self.error.setText)
        self.task.finished.connect(self._ended)
        return self.task

    def _built(self, preview: HandoutPreview) -> None:
        self.preview = preview
        self.accept()

    def _ended(self) -> None:
        self.task = None
        self.buttons.setEnabled(True)
