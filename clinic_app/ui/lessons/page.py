"""The lessons workspace: the library (list + lesson view), my deliveries, pack import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _
from clinic_app.lessons_service import LessonsService, problem_line
from clinic_app.permissions import Action, allowed
from clinic_app.ui.lessons.class_set_dialog import ClassSetDialog
from clinic_app.ui.lessons.deliveries_page import DeliveriesPage
from clinic_app.ui.lessons.history_dialog import VersionHistoryDialog
from clinic_app.ui.lessons.labels import HEADING_STYLE
from clinic_app.ui.lessons.lesson_list import LessonList
from clinic_app.ui.lessons.lesson_view import LessonView
from clinic_app.ui.lessons.pack_import import ImportReportDialog, choose_pack, import_pack
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


def handouts_available() -> bool:
    """True when the handouts package offers the lesson handout builder."""
    try:
        from clinic_app.handouts import build_lesson_handout, handout_text  # noqa: F401
    except ImportError:
        return False
    return True


class LessonsPage(QWidget, Retranslatable):
    """Built by the main window with the signed-in store; the service may be passed in."""

    def __init__(self, store: Store, service: LessonsService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lessons_page")
        self._store = store
        self.service = service or LessonsService(store.data_dir, store)
        role = store.user.role
        library = self.service.library
        self.heading = QLabel(objectName="heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.load_warning = QLabel(objectName="load_warning", wordWrap=True)
        self.load_warning.setStyleSheet("color: #8a2a00;")
        self.import_button = QToolButton(objectName="import_pack")
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.import_folder_action = QAction(self, objectName="import_folder")
        self.import_zip_action = QAction(self, objectName="import_zip")
        menu = QMenu(self.import_button)
        menu.addAction(self.import_folder_action)
        menu.addAction(self.import_zip_action)
        self.import_button.setMenu(menu)
        self.import_folder_action.triggered.connect(lambda: self.choose_and_import(False))
        self.import_zip_action.triggered.connect(lambda: self.choose_and_import(True))
        self.import_button.setVisible(allowed(role, Action.MANAGE_CONTENT))
        self.lesson_list = LessonList(library)
        self.lesson_view = LessonView(library)
        self.lesson_view.contacts = store.referral_contacts()
        self.lesson_list.lesson_chosen.connect(self.lesson_view.show_lesson)
        self.lesson_view.history_requested.connect(self.show_history)
        self.lesson_view.log_delivery_requested.connect(self.log_delivery)
        self.lesson_view.print_handout_requested.connect(self.print_handout)
        self.lesson_view.log_button.setVisible(allowed(role, Action.LOG_DELIVERY))
        self.lesson_view.print_button.setVisible(
            allowed(role, Action.PRINT_HANDOUTS) and handouts_available())
        splitter = QSplitter(objectName="library_splitter")
        splitter.addWidget(self.lesson_list)
        splitter.addWidget(self.lesson_view)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([290, 700])
        splitter.setChildrenCollapsible(False)
        self.tabs = QTabWidget(objectName="lesson_tabs")
        self.tabs.addTab(splitter, "")
        self.deliveries: DeliveriesPage | None = None
        if allowed(role, Action.LOG_DELIVERY):
            self.deliveries = DeliveriesPage(self.service)
            self.tabs.addTab(self.deliveries, "")
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch()
        header.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.load_warning)
        layout.addWidget(self.tabs, 1)
        self.history_dialog: VersionHistoryDialog | None = None
        self.import_report: ImportReportDialog | None = None
        self.enable_retranslation()

    # -- actions -------------------------------------------------------------------
    def show_history(self) -> VersionHistoryDialog | None:
        lesson = self.lesson_view.lesson
        if lesson is None:
            return None
        self.history_dialog = VersionHistoryDialog(
            lesson, self.lesson_view.current_language(), self)
        self.history_dialog.open()
        return self.history_dialog

    def log_delivery(self) -> None:
        if self.deliveries is None or self.lesson_view.lesson is None:
            return
        self.deliveries.add(lesson_id=self.lesson_view.lesson.id,
                            version=self.lesson_view.current_version() or "",
                            language=self.lesson_view.current_language())

    def choose_and_import(self, from_zip: bool) -> None:
        path = choose_pack(self, from_zip)
        if path is not None:
            self.import_from(path)

    def import_from(self, path: Path) -> ImportReportDialog:
        """Import a pack and show what happened; the library reloads after an install."""
        self.import_report = import_pack(self.service, path, self)
        if not self.import_report.failed:
            self.library_changed()
        self.import_report.open()
        return self.import_report

    def library_changed(self) -> None:
        """Show the reloaded library everywhere."""
        library = self.service.library
        self.lesson_list.set_library(library)
        self.lesson_view.set_library(library)
        self._show_load_problems()

    def print_handout(self) -> ClassSetDialog | None:
        """Choose copies per language for the lesson version on screen, then preview."""
        shown = self.lesson_view.current_file()
        lesson = self.service.library.get(shown.id) if shown is not None else None
        if shown is None or lesson is None:
            return None
        languages = [code for code in lesson.languages if lesson.file(shown.version, code)]
        dialog = ClassSetDialog(self.service, shown.id, shown.version, shown.language,
                                languages, self)
        dialog.open()
        return dialog

    def _show_load_problems(self) -> None:
        problems = [p for p in self.service.load_problems if p.is_error]
        self.load_warning.setVisible(bool(problems))
        if problems:
            self.load_warning.setText(_(
                "{count} lesson file(s) could not be loaded and are left out.").format(
                    count=len(problems)))
            self.load_warning.setToolTip("\n".join(problem_line(p) for p in problems[:20]))

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Lessons"))
        self.import_button.setText(_("Import lesson pack..."))
        self.import_folder_action.setText(_("From a folder..."))
        self.import_zip_action.setText(_("From a .zip file..."))
        self.tabs.setTabText(0, _("Lesson library"))
        if self.deliveries is not None:
            self.tabs.setTabText(1, _("My deliveries"))
        self._show_load_problems()
