"""Administration workspace: the staff list; add, disable/enable, reset password, change role."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clinic_app.accounts import normalise_username
from clinic_app.errors import ClinicError
from clinic_app.i18n import _, format_date
from clinic_app.permissions import ROLE_LABELS, Role
from clinic_app.ui.common import heading_label, read_only_table
from clinic_app.ui.form_dialog import FormDialog
from clinic_app.ui.password_fields import NewPasswordFields
from clinic_app.ui.retranslate import Retranslatable

if TYPE_CHECKING:
    from clinic_app.store.facade import AccountInfo, Store


def _role_combo() -> QComboBox:
    combo = QComboBox(objectName="role")
    for role in Role:
        combo.addItem(_(ROLE_LABELS[role]), role.value)
    return combo


class AccountDialog(FormDialog, Retranslatable):
    """Add an account (user name, role, password) or reset a password (password only)."""

    def __init__(self, store: Store, username: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("account_dialog", parent)
        self._store = store
        self._reset_for = username
        self.username = QLineEdit(objectName="username")
        self.role = _role_combo()
        self.passwords = NewPasswordFields()
        self._username_label = QLabel()
        self._role_label = QLabel()
        form = QFormLayout(self)
        if username is None:
            form.addRow(self._username_label, self.username)
            form.addRow(self._role_label, self.role)
        form.addRow(self.passwords)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        if self._reset_for is None:
            self.setWindowTitle(_("Add a staff account"))
        else:
            self.setWindowTitle(_("New password for {user}").format(user=self._reset_for))
        self._username_label.setText(_("User name:"))
        self._role_label.setText(_("Role:"))

    def submit(self) -> None:
        if self._reset_for is None:
            name = normalise_username(self.username.text())
            password = self.passwords.checked_password(name)
            self._store.add_account(name, self.role.currentData(), password)
        else:
            password = self.passwords.checked_password(self._reset_for)
            self._store.reset_password(self._reset_for, password)


class AccountsPage(QWidget, Retranslatable):
    """The staff list, for leads and administrators (the store enforces the permission)."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="accounts_page")
        self._store = store
        self._accounts: list[AccountInfo] = []
        self.heading = heading_label("subheading")
        self.table = read_only_table(4, "accounts_table")
        self.add_button = QPushButton(objectName="add_account")
        self.toggle_button = QPushButton(objectName="toggle_account")
        self.reset_button = QPushButton(objectName="reset_password")
        self.role_button = QPushButton(objectName="change_role")
        self.unlock_button = QPushButton(objectName="unlock_account")
        self.unlock_button.clicked.connect(self.unlock)
        self.add_button.clicked.connect(self.add_account)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.role_button.clicked.connect(self.change_role)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.toggle_button, self.reset_button, self.role_button,
                       self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.enable_retranslation()

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Staff accounts"))
        self.add_button.setText(_("Add account..."))
        self.toggle_button.setText(_("Disable / enable"))
        self.reset_button.setText(_("Reset password..."))
        self.role_button.setText(_("Change role..."))
        self.unlock_button.setText(_("Unlock"))
        self.table.setHorizontalHeaderLabels([_("User name"), _("Role"), _("State"), _("Created")])
        self.refresh()

    def refresh(self) -> None:
        self._accounts = self._store.list_accounts()
        self.table.setRowCount(len(self._accounts))
        for row, account in enumerate(self._accounts):
            cells = (
                account.username,
                _(ROLE_LABELS[Role(account.role)]),
                (_("locked") if account.locked else _("active")) if account.active
                else _("disabled"),
                format_date(account.created_at.date()),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def selected(self) -> AccountInfo | None:
        row = self.table.currentRow()
        return self._accounts[row] if 0 <= row < len(self._accounts) else None

    def _run(self, action: str, change: Callable[[], None]) -> None:
        """Run a change and show a refusal as one clear line."""
        try:
            change()
        except ClinicError as exc:
            QMessageBox.warning(self, action, str(exc))
        self.refresh()

    def add_account(self) -> None:
        if AccountDialog(self._store, parent=self).exec():
            self.refresh()

    def toggle_active(self) -> None:
        account = self.selected()
        if account is not None:
            self._run(_("Disable / enable"),
                      lambda: self._store.set_active(account.username, not account.active))

    def reset_password(self) -> None:
        account = self.selected()
        if account is not None and AccountDialog(self._store, account.username, self).exec():
            self.refresh()

    def unlock(self) -> None:
        account = self.selected()
        if account is not None:
            self._run(_("Unlock"), lambda: self._store.unlock_account(account.username))

    def change_role(self) -> None:
        account = self.selected()
        if account is None:
            return
        labels = [_(ROLE_LABELS[r]) for r in Role]
        current = list(Role).index(Role(account.role))
        label, ok = QInputDialog.getItem(self, _("Change role..."), _("Role:"), labels, current,
                                         False)
        if ok:
            role = list(Role)[labels.index(label)]
            self._run(_("Change role..."), lambda: self._store.change_role(account.username, role))
