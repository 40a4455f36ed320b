"""The one store facade: opens the encrypted store and exposes named operations.

Widgets, services and CLI commands call these methods; none of them builds a query.
Every operation that changes something checks the signed-in role first. The operations
live in one mixin per subject:

- accounts.py     staff accounts, passwords, unlocking (AccountsMixin)
- backups.py      backup, restore, the backup reminder (BackupsMixin)
- contacts.py     the clinic's referral contacts and details (ContactsMixin)
- counts.py       anonymized counts and their export (CountsMixin)
- deliveries.py   the lesson delivery log (DeliveriesMixin)
- instruments.py  installed screening instruments (InstrumentsMixin)
- screenings.py   screening records, follow-ups, report decisions (ScreeningsMixin)

This module keeps what is the store as a whole: creating, opening (with opening.py)
and closing it, its transactions (private to store/; `record_audit` for work done
outside it), the clinic profile and settings, and health checks (audit chain,
integrity). Values it hands out are in types.py.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from clinic_app.accounts import normalise_username
from clinic_app.errors import (
    AuthenticationError,
    NotAStoreError,
    StoreError,
    ValidationError,
)
from clinic_app.files import WriteError
from clinic_app.i18n import _
from clinic_app.passwords import check_password
from clinic_app.permissions import Action, Role, require
from clinic_app.settings import SETTINGS, check_setting
from clinic_app.store import audit, migrate
from clinic_app.store.accounts import AccountsMixin, check_may_try, locked_message
from clinic_app.store.backups import BackupsMixin, Cancelled
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
from clinic_app.store.opening import read_only_user, record_sign_in
from clinic_app.store.screenings import ScreeningsMixin
from clinic_app.store.types import AccountInfo, ClinicProfile, StaffUser

__all__ = ["DB_FILE", "KEY_FILE", "AccountInfo", "Cancelled", "ClinicProfile", "StaffUser",
           "Store", "normalise_username", "store_exists"]


class Store(AccountsMixin, BackupsMixin, ContactsMixin, CountsMixin, DeliveriesMixin,
            InstrumentsMixin, ScreeningsMixin):
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
        check_may_try(keys, name)
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
                user, tampered, newest, locked = record_sign_in(engine, keys, data_key, name)
                if not locked:
                    keys.clear_failures(name)
                    if keys.needs_stronger_slot(name):  # today's cost for an older slot
                        keys.wrap_for(name, data_key, password)
                keys.set_anchor(data_key, newest.id, newest.hash, tampered)
                keys.save()
                if locked:
                    raise AuthenticationError(locked_message())
            except (OperationalError, WriteError) as exc:
                if not _disk_full(exc):
                    raise
                # A full disk must not lock everyone out: sign in without writing, so
                # doctor, audit verify, lists and a backup to another disk still work.
                user, read_only = read_only_user(engine, name), True
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


def _disk_full(exc: BaseException) -> bool:
    """A write that failed because the disk is full or read-only."""
    if isinstance(exc, WriteError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "disk is full" in text or "readonly" in text or "read-only" in text
