"""The main window: the workspaces the signed-in role may use, a language menu,
settings and about, and sign out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app import __version__
from clinic_app.i18n import N_, _, current_language
from clinic_app.permissions import ROLE_LABELS, Action, Role, allowed
from clinic_app.settings import BACKUP_REMINDER_DAYS, LOCK_MINUTES, QUICK_HIDE_KEY
from clinic_app.ui.admin import AdminPage, may_administer
from clinic_app.ui.common import heading_label
from clinic_app.ui.language_menu import populate_language_menu
from clinic_app.ui.lessons import LessonsPage
from clinic_app.ui.privacy import IdleWatcher, LockScreen, QuickHide
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


@dataclass(frozen=True)
class Workspace:
    """A workspace the navigation offers when the role may do `needs`."""

    key: str
    title: str  # marked with N_, translated at display time
    needs: Action | Callable[[str], bool]  # an action, or a test of the role
    build: Callable[[Store], QWidget]

    def offered_to(self, role: str) -> bool:
        return self.needs(role) if callable(self.needs) else allowed(role, self.needs)


def _screening_page(store: Store) -> QWidget:
    from clinic_app.ui.screening.page import ScreeningPage

    return ScreeningPage(store)


def _reports_page(store: Store) -> QWidget:
    from clinic_app.ui.reports import ReportsPage  # QtCharts loads only for leads

    return ReportsPage(store)


WORKSPACES: tuple[Workspace, ...] = (
    Workspace("screening", N_("Screening"), Action.CREATE_SCREENING, _screening_page),
    Workspace("lessons", N_("Lessons"), Action.READ_LESSONS, LessonsPage),
    Workspace("reports", N_("Reports"), Action.VIEW_DASHBOARD, _reports_page),
    Workspace("administration", N_("Administration"), may_administer, AdminPage),
)


def _scrolled(page: QWidget) -> QScrollArea:
    """A workspace in a frame that scrolls, so that no page can make the window larger than
    a school laptop's screen (1280x720, or 1600x1000 at 150%), in any language."""
    frame = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
    frame.setWidget(page)
    return frame


def _first_size() -> QSize:
    """1000x680, or less on a smaller screen."""
    wanted = QSize(1000, 680)
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    room = screen.availableGeometry().size()
    return wanted.boundedTo(room - QSize(0, 40))  # the title bar lies outside the frame


class HomePage(QWidget, Retranslatable):
    """Who is signed in, at which clinic, and what this role can do here."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="home_page")
        self._store = store
        self.heading = heading_label("title")
        self.body = QLabel(objectName="body", wordWrap=True)
        self.backup_reminder = QLabel(objectName="backup_reminder", wordWrap=True)
        restyle(self.backup_reminder, role="banner")
        self.backup_reminder.setVisible(store.backup_overdue())
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addWidget(self.backup_reminder)
        layout.addStretch()
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        profile = self._store.clinic_profile()
        self.heading.setText(profile.name)
        sites = ", ".join(profile.sites) or _("no sites yet")
        self.body.setText(
            _("Signed in as {user} ({role}).").format(
                user=self._store.user.username, role=_(ROLE_LABELS[Role(self._store.user.role)]))
            + "\n" + _("Sites: {sites}").format(sites=sites) + "\n\n"
            + _("Everything is stored encrypted on this computer. The app never connects to "
                "the internet.")
        )
        days = self._store.get_setting(BACKUP_REMINDER_DAYS.key)
        self.backup_reminder.setText(_(
            "Reminder: there is no verified backup from the last {n} days. Make one under "
            "Administration, Backups.").format(n=days))


class MainWindow(QMainWindow, Retranslatable):
    """Emits `sign_out_requested` when the user signs out."""

    sign_out_requested = Signal()

    def __init__(self, store: Store) -> None:
        super().__init__(objectName="main_window")
        self.store = store
        self.nav = QListWidget(objectName="navigation")
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget(objectName="workspaces")
        self.status = QLabel(objectName="status")
        self.workspaces: list[tuple[str, str]] = [("home", N_("Home"))]
        self.stack.addWidget(_scrolled(HomePage(store)))
        # Workspaces are built when first shown: signing in builds only the home page.
        self._unbuilt: dict[int, Workspace] = {}
        for workspace in WORKSPACES:
            if workspace.offered_to(store.user.role):
                self.workspaces.append((workspace.key, workspace.title))
                self._unbuilt[self.stack.addWidget(_scrolled(QWidget()))] = workspace
        for _key in self.workspaces:
            self.nav.addItem("")
        self.nav.currentRowChanged.connect(self._show_row)
        workspace_area = QWidget(objectName="workspace_area")
        column = QVBoxLayout(workspace_area)
        # On a full or read-only disk the store opens for reading only: say so on every
        # page before anyone starts work that cannot be saved.
        self.read_only_notice = QLabel(objectName="read_only_notice", wordWrap=True)
        restyle(self.read_only_notice, role="banner")
        self.read_only_notice.setVisible(store.read_only)
        column.addWidget(self.read_only_notice)
        row = QHBoxLayout()
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        # The lock screen replaces the whole content, so nothing of a record shows.
        self.lock_screen = LockScreen(store.user.username)
        self.lock_screen.unlock_requested.connect(self.try_unlock)
        self.lock_screen.switch_user_requested.connect(self.sign_out)
        self.screens = QStackedWidget(objectName="screens")
        self.screens.addWidget(workspace_area)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()
        self._hidden_windows: list[QWidget] = []
        self.idle = IdleWatcher(store.get_setting(LOCK_MINUTES.key) * 60_000, self)
        self.idle.idle.connect(lambda: self.lock(neutral=False))
        self.quick_hide = QuickHide(QKeySequence(store.get_setting(QUICK_HIDE_KEY.key)), self)
        self.quick_hide.pressed.connect(self._quick_hide)
        self.nav.setCurrentRow(0)
        self.resize(_first_size())
        self.enable_retranslation()

    # -- privacy -------------------------------------------------------------------
    @property
    def is_locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def lock(self, *, neutral: bool) -> None:
        """Hide every record at once: unfinished work is kept, dialogs are hidden."""
        self.keep_unfinished_work()
        for window in QApplication.topLevelWidgets():
            if window is not self and window.isVisible():
                window.hide()
                self._hidden_windows.append(window)
        self.menuBar().setEnabled(False)
        self.menuBar().setVisible(not neutral)  # the neutral view shows nothing of the app
        self.statusBar().hide()
        self.screens.setCurrentWidget(self.lock_screen)
        self.lock_screen.show_mode(neutral)
        self.setWindowTitle(_("Workstation") if neutral else _("clinic-app - locked"))
        self.idle.pause()

    def try_unlock(self, password: str) -> bool:
        if not self.store.verify_password(password):
            self.lock_screen.show_error(_("Wrong password."))
            return False
        self.screens.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.menuBar().setVisible(True)
        self.statusBar().show()
        for window in self._hidden_windows:
            # A modal dialog ended when it was hidden (its caller has moved on, and a
            # message box is gone): only the windows that live on come back.
            if shiboken6.isValid(window) and not window.isModal():
                window.show()
        self._hidden_windows.clear()
        self.idle.resume()
        self.retranslate_ui()
        return True

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.sign_out_action = QAction(self, objectName="sign_out")
        self.sign_out_action.triggered.connect(self.sign_out)
        self.quit_action = QAction(self, objectName="quit")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.settings_action = QAction(self, objectName="settings")
        self.settings_action.triggered.connect(self.show_settings)
        self.file_menu.addAction(self.settings_action)
        self.password_action = QAction(self, objectName="change_password")
        self.password_action.triggered.connect(self.change_password)
        self.file_menu.addAction(self.password_action)
        self.file_menu.addAction(self.sign_out_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.language_menu = bar.addMenu("")
        self.language_menu.setObjectName("language_menu")
        self.language_actions = populate_language_menu(self.language_menu)
        self.help_menu = bar.addMenu("")
        self.about_action = QAction(self, objectName="about")
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def retranslate_ui(self) -> None:
        self.read_only_notice.setText(_(
            "Nothing can be saved now: the disk that holds the store is full or read-only. "
            "You can read records and make a backup to another disk. Free some space, then "
            "sign out and sign in again."))
        profile = self.store.clinic_profile()
        if not self.is_locked:
            self.setWindowTitle(_("clinic-app - {clinic}").format(clinic=profile.name))
        for row, (_key, title) in enumerate(self.workspaces):
            self.nav.item(row).setText(_(title))
        self.file_menu.setTitle(_("&File"))
        self.sign_out_action.setText(_("Sign &out"))
        self.settings_action.setText(_("&Settings..."))
        self.password_action.setText(_("Change my &password..."))
        self.quit_action.setText(_("&Quit"))
        self.language_menu.setTitle(_("&Language"))
        self.help_menu.setTitle(_("&Help"))
        self.about_action.setText(_("&About clinic-app"))
        self.status.setText(_("Signed in as {user}").format(user=self.store.user.username))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())

    def _show_row(self, row: int) -> None:
        self.workspace_page(row)
        self.stack.setCurrentIndex(row)

    def workspace_page(self, row: int) -> QWidget:
        """The page of a navigation row, built on first use."""
        frame = self.stack.widget(row)
        assert isinstance(frame, QScrollArea)
        workspace = self._unbuilt.pop(row, None)
        if workspace is not None:
            frame.takeWidget().deleteLater()
            frame.setWidget(workspace.build(self.store))
        page = frame.widget()
        assert page is not None
        return page

    def current_page(self) -> QWidget:
        """The workspace page on show."""
        return self.workspace_page(self.stack.currentIndex())

    def show_workspace(self, key: str) -> bool:
        """Switch to a workspace by key; False if this role does not have it."""
        for row, (workspace_key, _title) in enumerate(self.workspaces):
            if workspace_key == key:
                self.nav.setCurrentRow(row)
                return True
        return False

    def show_settings(self) -> None:
        from clinic_app.ui.settings_dialog import SettingsDialog

        if SettingsDialog(self.store, self).exec():
            self.idle.set_interval(self.store.get_setting(LOCK_MINUTES.key) * 60_000)
            self.quick_hide.set_key(QKeySequence(self.store.get_setting(QUICK_HIDE_KEY.key)))

    def change_password(self) -> None:
        from clinic_app.ui.own_password_dialog import OwnPasswordDialog

        OwnPasswordDialog(self.store, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(self, _("About clinic-app"), _(
            "clinic-app {version}\n\nScreening, prevention lessons and anonymized counts for "
            "school-based health clinics. Works offline; all data is encrypted on this "
            "computer.\n\nCode: Apache-2.0. Lessons, instruments and handout text: CC BY 4.0."
        ).format(version=__version__))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.is_locked:  # a locked window kept its work when it locked
            self.keep_unfinished_work()
        super().closeEvent(event)

    def keep_unfinished_work(self) -> None:
        """Every way out of a page (lock, quick hide, sign-out, quit) keeps its draft."""
        for index in range(self.stack.count()):
            page = self.workspace_page(index) if index not in self._unbuilt else None
            before_lock = getattr(page, "before_lock", None)
            if callable(before_lock):
                before_lock()

    def _quick_hide(self) -> None:
        if not self.is_locked:
            self.lock(neutral=True)

    def sign_out(self) -> None:
        self.keep_unfinished_work()
        self.idle.stop()
        self.quick_hide.stop()
        for window in self._hidden_windows:
            window.close()
        self._hidden_windows.clear()
        self.sign_out_requested.emit()

