"""Start the desktop app: Qt application, translator, crash dialog, and the flow
setup wizard -> sign-in -> main window -> sign out."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clinic_app.i18n import LANGUAGES, _, format_date
from clinic_app.logs import log_unexpected, setup_logging
from clinic_app.store.layout import make_private_folder, store_exists
from clinic_app.ui.login_dialog import LoginDialog
from clinic_app.ui.operations import cancel_and_wait_all
from clinic_app.ui.qt_translation import QtLanguageBridge
from clinic_app.ui.retranslate import stop_retranslation
from clinic_app.ui.setup_wizard import SetupWizard
from clinic_app.ui.style import apply_app_style

if TYPE_CHECKING:
    from clinic_app.store.facade import Store
    from clinic_app.ui.main_window import MainWindow

log = logging.getLogger("clinic_app.ui")
# Long enough for the first window to paint, far shorter than typing a password.
WARM_UP_DELAY_MS = 150


def _store_class() -> type[Store]:
    """The store facade, imported on first use: SQLAlchemy is the slowest import of the
    app, and the first window does not need it."""
    from clinic_app.store.facade import Store

    return Store


def _main_window_class() -> type[MainWindow]:
    """The main window and its workspaces, imported after the first window is up."""
    from clinic_app.ui.main_window import MainWindow

    return MainWindow


def warm_up_store_imports() -> None:
    """Load the store, the workspaces and the date formats while the user types their
    password, on a thread of its own so the first window keeps answering keys (module
    imports are safe there: no widget is made)."""

    def warm() -> None:
        _store_class()
        _main_window_class()
        for code in LANGUAGES:
            format_date(dt.date(2026, 1, 1), code)  # babel's locale data loads on first use

    threading.Thread(target=warm, name="warm-up", daemon=True).start()


class AppController:
    """Owns the flow between windows. Passed around instead of a global main window."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.window: MainWindow | None = None
        self.first_window: QWidget | None = None

    def start(self) -> QWidget:
        """Show the first window (setup wizard or sign-in) and return it."""
        if store_exists(self.data_dir):
            dialog: QWidget = self._make_login()
        else:
            dialog = self._make_wizard()
        self.first_window = dialog
        dialog.show()
        QTimer.singleShot(WARM_UP_DELAY_MS, warm_up_store_imports)
        return dialog

    def _make_wizard(self) -> SetupWizard:
        def create(clinic: str, sites: list[str], admin: str, password: str) -> Store:
            return _store_class().create(self.data_dir, clinic=clinic, sites=sites, admin=admin,
                                password=password)

        wizard = SetupWizard(create)
        wizard.accepted.connect(lambda: self._signed_in(wizard.store))
        return wizard

    def _make_login(self) -> LoginDialog:
        def open_store(username: str, password: str) -> Store:
            store = _store_class().open(self.data_dir, username, password)
            store.instruments()  # parsed here, off the UI thread, not when Screening opens
            return store

        dialog = LoginDialog(open_store)
        dialog.accepted.connect(lambda: self._signed_in(dialog.store))
        return dialog

    def _signed_in(self, store: Store | None) -> None:
        if store is None:
            return
        log.info("signed in (role %s)", store.user.role)
        self.window = _main_window_class()(store)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.show()

    def sign_out(self) -> None:
        """Close the main window and its store, then ask for a sign-in again."""
        if self.window is not None:
            store = self.window.store
            cancel_and_wait_all()  # no work may outlive the store it uses
            stop_retranslation(self.window)
            self.window.close()
            self.window.deleteLater()
            self.window = None
            store.close()
        self.first_window = self._make_login()
        self.first_window.show()


def install_exception_hook() -> None:
    """One hook for unhandled errors: log (without the message) and show a dialog."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        exc.__traceback__ = tb
        log_unexpected(log, exc, "the desktop app")
        QMessageBox.critical(
            None,
            _("Unexpected error"),
            _("Something went wrong. Your saved work is safe. The details were written to "
              "the app's log."),
        )

    sys.excepthook = hook


def run_app(data_dir: Path, *, language: str, smoke: bool = False) -> int:
    """Run the GUI until the user quits; with `smoke`, quit once the first window shows."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("clinic-app")
    apply_app_style(app)
    try:
        make_private_folder(data_dir)
    except OSError:
        pass  # a read-only folder: the first window says what is wrong
    setup_logging(data_dir)
    bridge = QtLanguageBridge(app)
    install_exception_hook()
    controller = AppController(data_dir)
    app.aboutToQuit.connect(cancel_and_wait_all)
    first = controller.start()
    shown: list[bool] = []
    if smoke:
        def check_and_quit() -> None:
            shown.append(first.isVisible())
            app.quit()

        QTimer.singleShot(0, check_and_quit)
    code = app.exec()
    del bridge
    if smoke:
        return 0 if shown == [True] else 1
    return code
