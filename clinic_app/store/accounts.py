"""Staff accounts as store operations: the staff list, adding, disabling, re-enabling,
resetting and unlocking accounts, changing a role, changing one's own password and
unlocking a locked screen.

Each account has its own key slot in the key file, so the store is never re-encrypted.
Managing accounts needs MANAGE_ACCOUNTS (leads and administrators), and the last active
lead or administrator can be neither disabled nor given another role.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from clinic_app.accounts import check_role, normalise_username
from clinic_app.errors import AuthenticationError, ValidationError
from clinic_app.i18n import _, ngettext
from clinic_app.passwords import check_password
from clinic_app.permissions import Action, Role, require
from clinic_app.store.crypto import KdfParams, UnwrapError
from clinic_app.store.keyfile import KeyFile
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import Account
from clinic_app.store.types import AccountInfo, ClinicProfile


class AccountsMixin(StoreMixin):
    """Store operations on staff accounts (mixed into the Store facade)."""

    if TYPE_CHECKING:
        def clinic_profile(self) -> ClinicProfile: ...

    def list_accounts(self) -> list[AccountInfo]:
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        with self._session() as session:
            rows = session.scalars(select(Account).order_by(Account.username))
            return [AccountInfo(a.username, a.role, a.active, a.created_at,
                                self._keys.is_locked_out(a.username) or a.locked_at is not None)
                    for a in rows]

    def unlock_account(self, username: str) -> None:
        """Let an account locked by failed sign-ins try again (its password is unchanged)."""
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        with self._session() as session:
            account = self._account(session, username)
            account.locked_at = None
            self._keys.clear_failures(account.username)
            self._keys.save()
            self._audit_in(session, "account_unlocked", "account", account.username)

    def add_account(self, username: str, role: str, password: str,
                    kdf: KdfParams | None = None) -> None:
        """A new account with its own key slot; the store is not re-encrypted."""
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        name = normalise_username(username)
        role = check_role(role)
        check_password(password, username=name, clinic=self.clinic_profile().name)
        with self._session() as session:
            if session.scalar(select(Account).where(Account.username == name)):
                raise ValidationError(_("The user name '{name}' is taken.").format(name=name))
            session.add(Account(username=name, role=role, active=True))
            self._audit_in(session, "account_added", "account", name)
        self._put_slot(name, password, kdf)

    def set_active(self, username: str, active: bool) -> None:
        """Disable (and drop the key slot of) or re-enable an account."""
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        with self._session() as session:
            account = self._account(session, username)
            if not active:
                self._guard_last_manager(session, account)
                self._keys.drop_slot(account.username)
                self._keys.save()
            account.active = active
            self._audit_in(session, "account_enabled" if active else "account_disabled", "account",
                           account.username)

    def reset_password(self, username: str, password: str, kdf: KdfParams | None = None) -> None:
        """Give an account a new password (a new key slot)."""
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        clinic = self.clinic_profile().name  # read first: sessions are never nested
        with self._session() as session:
            account = self._account(session, username)
            check_password(password, username=account.username, clinic=clinic)
            self._put_slot(account.username, password, kdf)
            account.locked_at = None
            self._keys.clear_failures(account.username)
            self._keys.save()
            self._audit_in(session, "password_reset", "account", account.username)

    def change_own_password(self, old: str, new: str) -> None:
        """Any signed-in user may change their own password, proving the old one."""
        try:
            self._keys.unwrap_for(self.user.username, old)
        except UnwrapError:
            raise AuthenticationError(_("The current password is wrong.")) from None
        check_password(new, username=self.user.username, clinic=self.clinic_profile().name)
        self._put_slot(self.user.username, new, None)
        self.record_audit("own_password_changed", "account", self.user.username)

    def change_role(self, username: str, role: str) -> None:
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        role = check_role(role)
        with self._session() as session:
            account = self._account(session, username)
            if role not in (Role.LEAD, Role.ADMIN):
                self._guard_last_manager(session, account)
            account.role = role
            self._audit_in(session, "role_changed", "account", account.username)

    def _account(self, session: Session, username: str) -> Account:
        account = session.scalar(select(Account).where(Account.username == username.lower()))
        if account is None:
            raise ValidationError(_("There is no account '{name}'.").format(name=username))
        return account

    def _guard_last_manager(self, session: Session, account: Account) -> None:
        managers = session.scalar(
            select(func.count()).select_from(Account).where(
                Account.active.is_(True), Account.role.in_([Role.LEAD.value, Role.ADMIN.value])
            )
        )
        if account.active and account.role in (Role.LEAD, Role.ADMIN) and (managers or 0) <= 1:
            raise ValidationError(
                _("This is the last active lead or administrator account; add another first.")
            )

    def _put_slot(self, username: str, password: str, kdf: KdfParams | None) -> None:
        self._keys.wrap_for(username, self._data_key, password, kdf)
        self._keys.save()

    def verify_password(self, password: str) -> bool:
        """True if `password` is the signed-in user's (used to unlock a locked screen)."""
        name = self.user.username
        if self._keys.seconds_until_allowed(name) or self._keys.is_locked_out(name):
            return False
        try:
            self._keys.unwrap_for(name, password)
        except UnwrapError:
            self._keys.record_failure(name)
            locked = any(f.get("locked") for f in self._keys.take_pending_failures())
            self._keys.save()
            with self._session() as session:  # the store is open: audit it right away
                self._audit_in(session, "unlock_failed", "account", name)
                if locked:
                    self._account(session, name).locked_at = dt.datetime.now(dt.UTC)
                    self._audit_in(session, "account_locked", "account", name)
            return False
        self._keys.clear_failures(name)
        self._keys.save()
        self.record_audit("unlocked", "account", name)
        return True


def check_may_try(keys: KeyFile, name: str) -> None:
    """Refuse a password try for a locked or throttled account (sign-in and restore)."""
    if keys.is_locked_out(name):
        raise AuthenticationError(locked_message())
    wait = keys.seconds_until_allowed(name)
    if wait:
        raise AuthenticationError(
            ngettext("Too many failed sign-ins: try again in {n} second.",
                     "Too many failed sign-ins: try again in {n} seconds.", wait).format(n=wait)
        )


def locked_message() -> str:
    """What a locked account is told at sign-in and at restore."""
    return _("This account is locked after repeated failed sign-ins; a clinic lead can "
             "unlock it.")
