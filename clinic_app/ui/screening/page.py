"""The screening workspace: the guided screening, and (for those who may read them) the
records and the day's follow-ups and overdue reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.i18n import _
from clinic_app.permissions import Action, allowed
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.screening.flow import ScreeningFlow
from clinic_app.ui.screening.followup_view import FollowUpView
from clinic_app.ui.screening.records_view import RecordsView
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


class DraftBanner(QFrame, Retranslatable):
    """Offers an unfinished screening back (after a crash, a lock or a sign-out)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="draft_banner")
        restyle(self, role="banner")
        self.text = QLabel(wordWrap=True)
        self.resume_button = QPushButton(objectName="resume_draft")
        self.discard_button = QPushButton(objectName="discard_draft")
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.discard_button)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.text.setText(_("An unfinished screening was kept. Resume it?"))
        self.resume_button.setText(_("Resume"))
        self.discard_button.setText(_("Discard"))


class ScreeningPage(QWidget, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="screening_page")
        self._store = store
        self.flow = ScreeningFlow(store)
        self.banner = DraftBanner()
        self.saved_note = QLabel(objectName="saved_note", wordWrap=True)
        restyle(self.saved_note, role="success")
        self.saved_note.hide()
        new_tab = QWidget()
        column = QVBoxLayout(new_tab)
        column.addWidget(self.banner)
        column.addWidget(self.saved_note)
        column.addWidget(self.flow, 1)
        self.tabs = QTabWidget(objectName="screening_tabs")
        self.tabs.addTab(new_tab, "")
        # The day lists and the records are built when first shown: on a large store their
        # first queries would otherwise slow every sign-in.
        self._records: RecordsView | None = None
        self._follow_up: FollowUpView | None = None
        self._lazy_tabs: dict[int, QWidget] = {}
        if allowed(store.user.role, Action.READ_SCREENINGS):
            for _n in range(2):
                holder = QWidget()
                QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
                self._lazy_tabs[self.tabs.addTab(holder, "")] = holder
        self.tabs.currentChanged.connect(self._tab_shown)
        self.banner.resume_button.clicked.connect(self.resume_draft)
        self.banner.discard_button.clicked.connect(self.discard_draft)
        self.flow.saved.connect(self._saved)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.banner.setVisible(store.load_draft() is not None)
        # A screening that cannot be saved must not be started (the window says why).
        self.flow.setEnabled(not store.read_only)
        self.banner.resume_button.setEnabled(not store.read_only)
        self.banner.discard_button.setEnabled(not store.read_only)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.tabs.setTabText(0, _("New screening"))
        if self._lazy_tabs:
            self.tabs.setTabText(1, _("Today: follow-ups and reports"))
            self.tabs.setTabText(2, _("Records"))

    @property
    def follow_up(self) -> FollowUpView | None:
        if self._follow_up is None and 1 in self._lazy_tabs:
            self._follow_up = FollowUpView(self._store)
            self._lazy_tabs[1].layout().addWidget(self._follow_up)
        return self._follow_up

    @property
    def records(self) -> RecordsView | None:
        if self._records is None and 2 in self._lazy_tabs:
            self._records = RecordsView(self._store)
            self._lazy_tabs[2].layout().addWidget(self._records)
        return self._records

    def show_tab(self, name: str) -> None:
        """Show 'new', 'today' or 'records'."""
        self.tabs.setCurrentIndex({"new": 0, "today": 1, "records": 2}[name])

    def _tab_shown(self, index: int) -> None:
        """Lists are built on first show and refreshed on every show, so a screening
        saved a moment ago is there."""
        view = {1: lambda: self.follow_up, 2: lambda: self.records}.get(index)
        page = view() if view else None
        if page is not None:
            page.refresh()

    def before_lock(self) -> None:
        """Called by the main window before the screen locks or hides."""
        self.flow.keep_draft()

    def resume_draft(self) -> None:
        draft = self._store.load_draft()
        if draft is not None:
            self.flow.resume(draft)
        self.banner.hide()

    def discard_draft(self) -> None:
        self._store.discard_draft()
        self.banner.hide()

    def _saved(self, code: str) -> None:
        self.saved_note.setText(_("Saved as {code}. The record holds no student name; note "
                                  "the code if you need to find it again.").format(code=code))
        self.saved_note.show()
