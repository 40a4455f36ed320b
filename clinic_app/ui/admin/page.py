"""The Administration workspace page: one tab per job the role may do."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from clinic_app.i18n import N_, _
from clinic_app.permissions import Action, allowed
from clinic_app.ui.admin.accounts_page import AccountsPage
from clinic_app.ui.admin.audit_page import AuditPage
from clinic_app.ui.admin.backup_page import BackupPage
from clinic_app.ui.admin.contacts_page import ContactsPage
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

TABS: tuple[tuple[str, Action, Callable[[Store], QWidget]], ...] = (
    (N_("Staff accounts"), Action.MANAGE_ACCOUNTS, AccountsPage),
    (N_("Referral contacts"), Action.MANAGE_CONTACTS, ContactsPage),
    (N_("Audit log"), Action.READ_AUDIT, AuditPage),
    (N_("Backups"), Action.BACKUP_RESTORE, BackupPage),
)
ADMIN_ACTIONS = tuple(action for _title, action, _build in TABS)


def may_administer(role: str) -> bool:
    return any(allowed(role, action) for action in ADMIN_ACTIONS)


class AdminPage(QWidget, Retranslatable):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="admin_page")
        self.tabs = QTabWidget(objectName="admin_tabs")
        self.titles: list[str] = []
        for title, action, build in TABS:
            if allowed(store.user.role, action):
                self.tabs.addTab(build(store), "")
                self.titles.append(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        for index, title in enumerate(self.titles):
            self.tabs.setTabText(index, _(title))
