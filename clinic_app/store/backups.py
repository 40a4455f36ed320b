"""Backups and restore as store operations: write an encrypted backup and verify it by
reading it back, remind when the last verified backup is too old, and put a verified
backup back in place of the store. The backup file itself (format, checks, unpacking)
is in backup.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.errors import AuthenticationError, ClinicError, StoreError, ValidationError
from clinic_app.i18n import _
from clinic_app.permissions import Action, allowed, require
from clinic_app.settings import BACKUP_REMINDER_DAYS
from clinic_app.store import audit, backup, migrate
from clinic_app.store.accounts import check_may_try
from clinic_app.store.crypto import UnwrapError
from clinic_app.store.engine import open_engine
from clinic_app.store.keyfile import KeyFile
from clinic_app.store.layout import DB_FILE, KEY_FILE, store_exists
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.models import Account


class Cancelled(ClinicError):
    """The user cancelled a long operation; nothing was left half done."""


class BackupsMixin(StoreMixin):
    """Store operations on backups (mixed into the Store facade)."""

    if TYPE_CHECKING:
        @classmethod
        def open(cls, data_dir: Path, username: str, password: str) -> Self: ...

        def close(self) -> None: ...

        def witness_head(self) -> audit.ChainHead: ...

        def get_setting(self, key: str) -> Any: ...

        def _get_state(self, key: str) -> Any: ...

        def _set_state(self, session: Session, key: str, value: Any) -> None: ...

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


def _check_cancel(cancelled: Callable[[], bool]) -> None:
    if cancelled():
        raise Cancelled(_("Cancelled."))


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
        check_may_try(self.keys, self.name)

    def failed(self) -> None:
        if self.keys is not None:
            self.keys.record_failure(self.name)
            try:
                self.keys.save()
            except ClinicError:
                pass  # a full disk: the wrong password is still refused


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
