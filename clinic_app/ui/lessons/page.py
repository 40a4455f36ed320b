"""The lessons workspace: the library (list + lesson view), my deliveries, pack import.

The library is read from disk off the UI thread: the page shows at once, says it is
loading, and fills in when the load returns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _
from clinic_app.permissions import Action, allowed
from clinic_app.services.lessons import LessonsService, problem_line
from clinic_app.ui.lessons.class_set_dialog import ClassSetDialog
from clinic_app.ui.lessons.deliveries_page import DeliveriesPage
from clinic_app.ui.lessons.history_dialog import VersionHistoryDialog
from clinic_app.ui.lessons.lesson_list import LessonList
from clinic_app.ui.lessons.lesson_view import LessonView
from clinic_app.ui.lessons.pack_import import (
    ImportOutcome,
    ImportReportDialog,
    choose_pack,
    import_pack,
)
from clinic_app.ui.operations import Cancelled, Operation, Progress, run_operation
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.handouts.contacts import Contact
    from clinic_app.store.facade import Store
    from curriculum import Library


def handouts_available() -> bool:
    """True when the handouts package offers the lesson handout builder."""
    try:
        from clinic_app.handouts import build_lesson_handout, handout_text  # noqa: F401
    except ImportError:
        return False
    return True


class LessonsPage(QWidget, Retranslatable):
    """Built by the main window with the signed-in store; the service may be passed in.

    `loading` is the operation that reads the library; until it ends the page says
    "Loading lessons..." (or, if the load fails, why), then `library_loaded` is emitted
    and `loaded` is True."""

    library_loaded = Signal()

    def __init__(self, store: Store, service: LessonsService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="lessons_page")
        from curriculum import Library

        self._store = store
        self.service = service or LessonsService(store.data_dir, store)
        self._role = role = store.user.role
        self.loaded = False
        self._load_error: str | None = None
        self.heading = QLabel(objectName="heading")
        restyle(self.heading, role="subheading")
        self.load_warning = QLabel(objectName="load_warning", wordWrap=True)
        restyle(self.load_warning, role="warning")
        self.load_warning.hide()
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
        self.import_button.setEnabled(False)  # an import checks against the loaded library
        self.lesson_list = LessonList(Library())
        self.lesson_view = LessonView(Library())
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
        self.deliveries: DeliveriesPage | None = None  # made once the library is loaded
        self.loading_label = QLabel(objectName="loading_lessons", wordWrap=True)
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = QStackedWidget(objectName="lessons_body")
        self.body.addWidget(self.loading_label)
        self.body.addWidget(self.tabs)
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch()
        header.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.load_warning)
        layout.addWidget(self.body, 1)
        self.history_dialog: VersionHistoryDialog | None = None
        self.import_report: ImportReportDialog | None = None
        self.importing: Operation | None = None
        self.enable_retranslation()
        self.loading = self._load()

    # -- loading -------------------------------------------------------------------
    def _load(self) -> Operation:
        service, store = self.service, self._store

        def load(_progress: Progress, _cancelled: Cancelled) -> tuple[Library, list[Contact]]:
            return service.library, store.referral_contacts()  # the library loads on first use

        # Started with the main window, before anyone asked for lessons: the page says it
        # is loading, so no busy cursor (run_operation's short-work indicator) is shown.
        operation = Operation(load, "loading lessons", self)
        operation.succeeded.connect(self._loaded)
        operation.failed.connect(self._load_failed)
        return operation.start()

    def _loaded(self, loaded: tuple[Library, list[Contact]]) -> None:
        _library, contacts = loaded
        self.loaded = True
        self.lesson_view.contacts = contacts
        if allowed(self._role, Action.LOG_DELIVERY):
            self.deliveries = DeliveriesPage(self.service)
            self.tabs.addTab(self.deliveries, _("My deliveries"))
        self.import_button.setEnabled(True)
        self.library_changed()
        self.body.setCurrentWidget(self.tabs)
        self.library_loaded.emit()

    def _load_failed(self, message: str) -> None:
        self._load_error = message
        restyle(self.loading_label, role="error")
        self.loading_label.setText(message)

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

    def choose_and_import(self, from_zip: bool) -> Operation | None:
        path = choose_pack(self, from_zip)
        return self.import_from(path) if path is not None else None

    def import_from(self, path: Path) -> Operation | None:
        """Import a pack off the UI thread, then show what happened in `import_report`;
        the library reloads after an install. None before the library has loaded (the
        pack is checked against it) or while another import runs."""
        if not self.loaded or self.importing is not None:
            return None
        service = self.service
        self.import_button.setEnabled(False)
        self.importing = run_operation(
            self, lambda _progress, _cancelled: import_pack(service, path),
            where="importing a lesson pack", on_success=self._imported,
            on_failure=lambda message: self._imported(ImportOutcome(message, failed=True)))
        self.importing.finished.connect(self._import_ended)
        return self.importing

    def _imported(self, outcome: ImportOutcome) -> None:
        self.import_report = outcome.dialog(self)
        if not outcome.failed:
            self.library_changed()
        self.import_report.open()

    def _import_ended(self) -> None:
        self.importing = None
        self.import_button.setEnabled(True)

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
        if not self.loaded:
            return  # reading the problems before the load ends would load on this thread
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
        if self._load_error is None:
            self.loading_label.setText(_("Loading lessons..."))
        self.tabs.setTabText(0, _("Lesson library"))
        if self.deliveries is not None:
            self.tabs.setTabText(1, _("My deliveries"))
        self._show_load_problems()
