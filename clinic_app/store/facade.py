"""The one store facade: opens the encrypted store and exposes named operations.

Widgets and CLI commands call these methods; none of them builds a query. Every
operation that changes something checks the signed-in role first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.accounts import check_role, normalise_username
from clinic_app.errors import (
    AuthenticationError,
    ClinicError,
    NotAStoreError,
    StoreError,
    ValidationError,
)
from clinic_app.files import WriteError
from clinic_app.i18n import _, ngettext
from clinic_app.passwords import check_password
from clinic_app.permissions import Action, Role, allowed, require
from clinic_app.settings import BACKUP_REMINDER_DAYS, SETTINGS, check_setting
from clinic_app.store import audit, backup, migrate
from clinic_app.store.contacts import ContactsMixin
from clinic_app.store.counts import CountsMixin
from clinic_app.store.crypto import (
    KdfParams,
    UnwrapError,
    new_data_key,
)
from clinic_app.store.deliveries import DeliveriesMixin
from clinic_app.store.engine import READ_ONLY, open_engine
from clinic_app.store.instruments import InstrumentsMixin, sync_bundled
from clinic_app.store.keyfile import KeyFile
from clinic_app.store.layout import (
    DB_FILE,
    KEY_FILE,
    make_private_folder,
    store_exists,
    tighten_permissions,
)
from clinic_app.store.models import Account, Clinic, Setting, Site
from clinic_app.store.screenings import ScreeningsMixin
from clinic_app.store.types import AccountInfo, ClinicProfile, StaffUser

__all__ = ["DB_FILE", "KEY_FILE", "AccountInfo", "ClinicProfile", "StaffUser", "Store",
           "normalise_username", "store_exists"]


class Store(ContactsMixin, CountsMixin, DeliveriesMixin, InstrumentsMixin, ScreeningsMixin):
    """An open, unlocked store and the account that unlocked it."""

    def __init__(self, data_dir: Path, engine: Engine, keys: KeyFile, data_key: bytes,
                 user: StaffUser) -> None:
        self.data_dir = data_dir
        self._engine = engine
        self._keys = keys
        self._data_key = data_key
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.user = user
        self.permissions_fixed: list[str] = []
        """Store files whose permissions were too open and were made private at open."""
        self.read_only = False
        """Signed in on a full or read-only disk: nothing can be saved, reading works."""

    # -- opening -----------------------------------------------------------------
    @classmethod
    def create(cls, data_dir: Path, *, clinic: str, sites: list[str], admin: str,
               password: str, kdf: KdfParams | None = None) -> Store:
        """Create a new encrypted store with its first lead account."""
        clinic_name = clinic.strip()
        if not clinic_name:
            raise ValidationError(_("The clinic name is empty."))
        username = normalise_username(admin)
        check_password(password, username=username, clinic=clinic_name)
        site_names = [s.strip() for s in sites if s.strip()]
        if len(set(site_names)) != len(site_names):
            raise ValidationError(_("Two sites have the same name."))
        if store_exists(data_dir):
            raise StoreError(_("A store already exists in {path}.").format(path=data_dir))
        make_private_folder(data_dir)
        keys = KeyFile.new(data_dir / KEY_FILE)
        data_key = new_data_key()
        engine = open_engine(data_dir / DB_FILE, data_key, create=True)
        try:
            migrate.upgrade(engine)
            with Session(engine) as session, session.begin():
                row = Clinic(name=clinic_name)
                session.add(row)
                session.flush()
                session.add_all(Site(clinic_id=row.id, name=s, active=True) for s in site_names)
                session.add(Account(username=username, role=Role.LEAD.value, active=True))
                audit.append(session, username, "store_created", "clinic", str(row.id))
                sync_bundled(session)
            keys.wrap_for(username, data_key, password, kdf)
            keys.save()
            tighten_permissions(data_dir)
        except Exception:
            engine.dispose()
            for name in (DB_FILE, KEY_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
                (data_dir / name).unlink(missing_ok=True)
            raise
        return cls(data_dir, engine, keys, data_key, StaffUser(username, Role.LEAD.value))

    @classmethod
    def open(cls, data_dir: Path, username: str, password: str) -> Store:
        """Unlock the store with one account's password. Nothing is written to the
        database unless the password opens it."""
        db_path = data_dir / DB_FILE
        if not store_exists(data_dir):
            raise NotAStoreError(
                _("There is no store in {path}. Create one with 'clinic-app init'.").format(
                    path=data_dir
                )
            )
        if not db_path.is_file():
            raise NotAStoreError(_("The database file {path} is missing.").format(path=db_path))
        if db_path.stat().st_size == 0:  # never re-created here: only init and restore create
            raise NotAStoreError(_("The database file {path} is empty. Restore the last "
                                   "verified backup.").format(path=db_path))
        permissions_fixed = tighten_permissions(data_dir)
        keys = KeyFile.load(data_dir / KEY_FILE)
        name = username.strip().lower()
        _check_may_try(keys, name)
        try:
            data_key = keys.unwrap_for(name, password)
        except UnwrapError:
            keys.record_failure(name)
            keys.save()
            raise AuthenticationError(_("Wrong user name or password.")) from None
        engine = open_engine(db_path, data_key, create=False)
        try:
            if migrate.current_revision(engine) is None:
                raise NotAStoreError(_("{path} holds no clinic-app store. Restore the last "
                                       "verified backup.").format(path=db_path))
            migrate.upgrade(engine)
            read_only = False
            try:
                user, tampered, newest, locked = _sign_in(engine, keys, data_key, name)
                if not locked:
                    keys.clear_failures(name)
                    if keys.needs_stronger_slot(name):  # today's cost for an older slot
                        keys.wrap_for(name, data_key, password)
                keys.set_anchor(data_key, newest.id, newest.hash, tampered)
                keys.save()
                if locked:
                    raise AuthenticationError(_locked_message())
            except (OperationalError, WriteError) as exc:
                if not _disk_full(exc):
                    raise
                # A full disk must not lock everyone out: sign in without writing, so
                # doctor, audit verify, lists and a backup to another disk still work.
                user, read_only = _read_only_user(engine, name), True
            if user is None:
                raise AuthenticationError(_("This account is disabled."))
        except Exception:
            engine.dispose()
            raise
        store = cls(data_dir, engine, keys, data_key, user)
        store.permissions_fixed = permissions_fixed
        store.read_only = read_only
        return store

    def close(self) -> None:
        """Move the key file's audit anchor to the newest entry, then release the store."""
        try:
            if not self.read_only:
                self._move_anchor()
        except Exception:  # noqa: BLE001 - closing must not fail (e.g. a full disk)
            pass
        self._engine.dispose()

    def _move_anchor(self) -> None:
        # Re-read the key file: another window or computer may have changed it (a new
        # account's slot) since this one signed in, and must not be overwritten.
        keys = KeyFile.load(self._keys.path)
        anchor = keys.anchor(self._data_key)
        if anchor is not None and anchor.broken:
            return  # tampering found stays on record
        with self._sessions() as session, session.begin():
            if audit.check_tail(session, anchor):
                return  # found after sign-in: the next sign-in records it
            newest = audit.tail(session)
        if anchor is None or newest.id > anchor.id:
            keys.set_anchor(self._data_key, newest.id, newest.hash, "")
            keys.save()
            self._keys = keys

    # -- transactions (store-internal: callers outside store/ use named operations) --
    def record_audit(self, action: str, object_type: str = "", object_id: str = "") -> None:
        """Record an action of the signed-in user in its own transaction (for work done
        outside the store, such as printing a handout). Never call it inside a store
        operation's transaction: store sessions are not nested."""
        with self._session() as session:
            self._audit_in(session, action, object_type, object_id)

    def _audit_in(self, session: Session, action: str, object_type: str = "",
                  object_id: str = "") -> None:
        """Record an action of the signed-in user in the caller's transaction."""
        audit.append(session, self.user.username, action, object_type, object_id)

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """A read-only transaction: a snapshot of the store that neither waits for a save
        nor holds one up (lists, counts and reports, often off the UI thread)."""
        with self._sessions() as session, session.begin():
            session.connection(execution_options={READ_ONLY: True})
            yield session

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A transaction: committed on success, rolled back on error. It holds the
        write lock from its start; another process waits for it (engine.py)."""
        try:
            with self._sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                raise StoreError(_("The store is busy: another window or computer is "
                                   "saving. Nothing was saved; try again.")) from None
            if _disk_full(exc):
                raise StoreError(_("The disk is full (or read-only); nothing was saved. "
                                   "Free some space, then try again.")) from None
            raise

    # -- accounts ----------------------------------------------------------------
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

    # -- clinic profile and settings ------------------------------------------------
    def clinic_profile(self) -> ClinicProfile:
        with self._reading() as session:
            clinic = session.scalars(select(Clinic)).first()
            sites = session.scalars(
                select(Site.name).where(Site.active.is_(True)).order_by(Site.name))
            return ClinicProfile(clinic.name if clinic else "", tuple(sites))

    def get_setting(self, key: str) -> Any:
        """A declared setting's value, or its default."""
        spec = SETTINGS[key]
        with self._reading() as session:
            row = session.get(Setting, key)
        if row is None:
            return spec.default
        try:
            return spec.check(json.loads(row.value))
        except (ValueError, ValidationError):
            return spec.default  # a stored value from a newer or broken version

    def set_setting(self, key: str, value: Any) -> None:
        """Validate and save a declared setting (clinic-wide: leads and admins only)."""
        require(self.user.role, Action.MANAGE_ACCOUNTS)
        checked = check_setting(key, value)
        with self._session() as session:
            session.merge(Setting(key=key, value=json.dumps(checked)))
            self._audit_in(session, "setting_changed", "setting", key)

    def _get_state(self, key: str) -> Any:
        """Internal bookkeeping kept beside the settings (e.g. the last verified backup)."""
        with self._session() as session:
            row = session.get(Setting, "state." + key)
            return json.loads(row.value) if row else None

    def _set_state(self, session: Session, key: str, value: Any) -> None:
        session.merge(Setting(key="state." + key, value=json.dumps(value)))

    # -- backups -------------------------------------------------------------------
    def backup(self, out: Path, progress: backup.Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> backup.BackupInfo:
        """Write an encrypted backup to `out` and verify it by reading it back."""
        require(self.user.role, Action.BACKUP_RESTORE)
        report = progress or (lambda _percent, _step: None)
        stop = cancelled or (lambda: False)
        out = Path(out)
        if out.is_dir():
            raise ValidationError(_("{path} is a folder; give a file name for the backup.")
                                  .format(path=out))
        head = self.witness_head()
        # The copies are encrypted; on a full data disk they are made beside the backup.
        near = out.parent if self.read_only else self.data_dir
        with backup.temp_folder(near) as scratch:
            copy = Path(scratch) / DB_FILE
            report(10, _("Copying the encrypted store"))
            with self._engine.connect() as conn:
                backup.export_database(conn, copy, self._data_key.hex())
            _check_cancel(stop)
            report(40, _("Checking the copy"))
            info = backup.BackupInfo(
                store_id=self._keys.store_id,
                created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                schema=migrate.current_revision(self._engine),
                tables=backup.check_database(copy, self._data_key),
                audit_head=f"entry {head.id} sha256 {head.hash}",
            )
            _check_cancel(stop)
            report(60, _("Writing the backup file"))
            backup.write_archive(out, copy, self.data_dir / KEY_FILE, info)
        report(80, _("Verifying the backup file"))
        with backup.temp_folder(near) as scratch:
            unpacked = backup.unpack(out, Path(scratch))
            if backup.check_database(unpacked.folder / DB_FILE, self._data_key) != info.tables:
                raise backup.BackupError(_("The backup file does not match the store."))
        if not self.read_only:  # on a full disk the backup is made but cannot be recorded
            with self._session() as session:
                self._set_state(session, "last_verified_backup", info.created_at)
                self._audit_in(session, "backup_created")
        report(100, _("Backup verified"))
        return info

    def last_verified_backup(self) -> dt.datetime | None:
        value = self._get_state("last_verified_backup")
        return dt.datetime.fromisoformat(value) if value else None

    def backup_overdue(self, now: dt.datetime | None = None) -> bool:
        """True when this role backs up and the last verified backup is too old (or none)."""
        if not allowed(self.user.role, Action.BACKUP_RESTORE):
            return False
        last = self.last_verified_backup()
        days = self.get_setting(BACKUP_REMINDER_DAYS.key)
        current = now or dt.datetime.now(dt.UTC)
        return last is None or current - last > dt.timedelta(days=days)

    @classmethod
    def restore(cls, data_dir: Path, backup_file: Path, username: str,
                password: str) -> Path | None:
        """Replace the store in `data_dir` with a verified backup. The backup must open
        with this account's password, belong to this store and pass its checks, or
        nothing is touched. Returns the folder where the replaced store was kept."""
        guard = _RestoreGuard(data_dir, username)  # guesses are throttled like sign-ins
        with backup.temp_folder(data_dir) as scratch:
            unpacked = backup.unpack(Path(backup_file), Path(scratch))
            try:
                data_key = backup.unlock_backup(unpacked, username, password)
            except AuthenticationError:
                guard.failed()
                raise
            backup.check_database(unpacked.folder / DB_FILE, data_key)
            engine = open_engine(unpacked.folder / DB_FILE, data_key, create=False)
            try:
                with Session(engine) as session:
                    account = session.scalar(
                        select(Account).where(Account.username == username.strip().lower()))
                    role = account.role if account and account.active else ""
            finally:
                engine.dispose()
            require(role, Action.BACKUP_RESTORE)
            if store_exists(data_dir):
                if _other_readable_store(data_dir, username, password, unpacked.keys.store_id):
                    raise backup.BackupError(
                        _("This backup belongs to another store; nothing was changed."))
            kept = backup.replace_store(data_dir, unpacked.folder)
        store = cls.open(data_dir, username, password)
        try:
            store.record_audit("backup_restored")
        finally:
            store.close()
        return kept

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

    # -- health --------------------------------------------------------------------
    def schema_version(self) -> tuple[str | None, str]:
        """(the store's revision, the newest revision this app knows)."""
        return migrate.current_revision(self._engine), migrate.head_revision()

    def verify_audit(self) -> audit.VerifyResult:
        """Check the audit chain (anyone may run the check; reading entries needs a role)."""
        with self._session() as session:
            return audit.verify(session, self._keys.anchor(self._data_key))

    def audit_entries(self, *, username: str | None = None, action: str | None = None,
                      date_from: dt.date | None = None, date_to: dt.date | None = None,
                      limit: int = 1000) -> list[audit.AuditRow]:
        """The newest audit entries matching the filters (leads and administrators)."""
        require(self.user.role, Action.READ_AUDIT)
        with self._session() as session:
            rows = audit.entries(session, username=username, action=action,
                                 date_from=date_from, date_to=date_to, limit=limit)
            self._audit_in(session, "audit_log_viewed")
        return rows

    def witness_head(self) -> audit.ChainHead:
        """The newest audit entry, printed on backups and exports so it can be compared
        with the log later, outside the store (it says nothing about any student)."""
        with self._session() as session:
            return audit.tail(session)

    def audit_head(self) -> audit.ChainHead:
        """The newest entry's id and hash, to keep somewhere else as a witness."""
        require(self.user.role, Action.READ_AUDIT)
        with self._session() as session:
            self._audit_in(session, "audit_head_exported")
            return audit.head(session)

    def integrity_problems(self) -> list[str]:
        """SQLCipher's per-page HMAC check plus SQLite's integrity check; [] when healthy."""
        problems: list[str] = []
        try:
            with self._engine.connect() as conn:
                problems += [str(r[0]) for r in conn.execute(
                    text("PRAGMA cipher_integrity_check"))]
                problems += [str(r[0]) for r in conn.execute(text("PRAGMA integrity_check"))
                             if str(r[0]) != "ok"]
        except DatabaseError:
            problems.append(_("some pages of the database cannot be read"))
        return problems


def _check_may_try(keys: KeyFile, name: str) -> None:
    """Refuse a password try for a locked or throttled account (sign-in and restore)."""
    if keys.is_locked_out(name):
        raise AuthenticationError(_locked_message())
    wait = keys.seconds_until_allowed(name)
    if wait:
        raise AuthenticationError(
            ngettext("Too many failed sign-ins: try again in {n} second.",
                     "Too many failed sign-ins: try again in {n} seconds.", wait).format(n=wait)
        )


def _locked_message() -> str:
    return _("This account is locked after repeated failed sign-ins; a clinic lead can "
             "unlock it.")


class _RestoreGuard:
    """Throttle and count wrong passwords given to restore in the current store's key
    file, as sign-in does (a store whose key file cannot be read is not throttled)."""

    def __init__(self, data_dir: Path, username: str) -> None:
        self.name = username.strip().lower()
        try:
            self.keys: KeyFile | None = KeyFile.load(data_dir / KEY_FILE)
        except StoreError:
            self.keys = None
            return
        _check_may_try(self.keys, self.name)

    def failed(self) -> None:
        if self.keys is not None:
            self.keys.record_failure(self.name)
            try:
                self.keys.save()
            except ClinicError:
                pass  # a full disk: the wrong password is still refused


def _sign_in(engine: Engine, keys: KeyFile, data_key: bytes,
             name: str) -> tuple[StaffUser | None, str, audit.ChainHead, bool]:
    """Record the sign-in: tampering found first, failed sign-ins waiting in the key file,
    bundled content, then the sign-in itself. Returns (user, tampering, newest entry,
    whether the store marks the account locked)."""
    with Session(engine) as session, session.begin():
        # Before anything is appended: do the newest entries match both witnesses?
        tampered = audit.check_tail(session, keys.anchor(data_key))
        account = session.scalar(select(Account).where(Account.username == name))
        if tampered:
            audit.append(session, name, "audit_tamper_detected", "audit", tampered)
        _record_failed_sign_ins(session, keys)
        sync_bundled(session)
        user = StaffUser(name, account.role) if account and account.active else None
        # A key file whose lockout entry was deleted or lost: the store's mark holds.
        locked = account is not None and account.locked_at is not None
        if locked:
            user = None
        audit.append(session, name, "sign_in" if user else "sign_in_refused", "account", name)
        newest = audit.tail(session)
    return user, tampered, newest, locked


def _read_only_user(engine: Engine, name: str) -> StaffUser | None:
    with Session(engine) as session:
        account = session.scalar(select(Account).where(Account.username == name))
        return StaffUser(name, account.role) if account and account.active else None


def _disk_full(exc: BaseException) -> bool:
    """A write that failed because the disk is full or read-only."""
    if isinstance(exc, WriteError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "disk is full" in text or "readonly" in text or "read-only" in text


def _other_readable_store(data_dir: Path, username: str, password: str, backup_id: str) -> bool:
    """True only when the store in `data_dir` opens with this password and is another
    store than the backup's. A damaged key file, a damaged store id or another store's
    key file must never stop a store's own backup from coming back: a backup and a
    lead's password are enough."""
    try:
        keys = KeyFile.load(data_dir / KEY_FILE)
        data_key = keys.unwrap_for(username.strip().lower(), password)
        open_engine(data_dir / DB_FILE, data_key, create=False).dispose()
    except (StoreError, UnwrapError):
        return False  # the key file does not open this database: not a readable store
    return keys.store_id != backup_id


class Cancelled(ClinicError):
    """The user cancelled a long operation; nothing was left half done."""


def _check_cancel(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise Cancelled(_("Cancelled."))


def _record_failed_sign_ins(session: Session, keys: KeyFile) -> None:
    """Move failed sign-ins noted in the key file into the audit log."""
    pending = keys.take_pending_failures()
    if not pending:
        return
    names = {keys.slot_id(n): n for n in session.scalars(select(Account.username))}
    for failure in pending:
        when = dt.datetime.fromtimestamp(float(failure.get("at", 0)), dt.UTC)
        name = names.get(str(failure.get("slot")), "")
        audit.append(session, name or "?", "sign_in_failed", "account", name or "unknown", at=when)
        if failure.get("locked"):
            audit.append(session, name or "?", "account_locked", "account", name or "unknown",
                         at=when)
            account = session.scalar(select(Account).where(Account.username == name))
            if account is not None:
                account.locked_at = when.replace(tzinfo=None)
