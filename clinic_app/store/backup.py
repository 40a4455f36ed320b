"""Encrypted, verified backups and restores.

A backup is a zip holding an encrypted copy of the database (made with SQLCipher's
`sqlcipher_export`, same data key), the key file, and a manifest with SHA-256 hashes.
It is verified after writing: the copy is opened and integrity-checked, and the zip
is read back against the manifest. A restore checks all of that before it touches the
current store, and keeps the replaced store's files beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import lzma
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from clinic_app.errors import AuthenticationError, NotAStoreError, StoreError
from clinic_app.files import atomic_path
from clinic_app.i18n import _
from clinic_app.store.crypto import UnwrapError
from clinic_app.store.engine import open_engine
from clinic_app.store.keyfile import KeyFile
from clinic_app.store.layout import DB_FILE, KEY_FILE

FORMAT = "clinic-app-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
Progress = Callable[[int, str], None]


class BackupError(StoreError):
    """The backup file is corrupt, foreign or unusable; nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    store_id: str
    created_at: str
    schema: str | None
    tables: dict[str, int]
    audit_head: str = ""
    """"entry N sha256 H" of the audit log inside the backup, to compare elsewhere."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def export_database(source_conn: object, target: Path, hex_key: str) -> None:
    """Copy the open database into `target`, encrypted with the same key."""
    autocommit = source_conn.execution_options(isolation_level="AUTOCOMMIT")  # type: ignore[attr-defined]
    execute = autocommit.exec_driver_sql
    if not all(c in "0123456789abcdef" for c in hex_key):
        raise ValueError("the data key must be lowercase hex")
    # The path is bound, never spliced in: a quote in a folder name broke backups.
    execute(f"ATTACH DATABASE ? AS backup KEY \"x'{hex_key}'\"", (str(target),))
    try:
        execute("SELECT sqlcipher_export('backup')")
    finally:
        execute("DETACH DATABASE backup")


def check_database(db_path: Path, data_key: bytes) -> dict[str, int]:
    """Open a database copy, run both integrity checks, and count rows per table."""
    engine = open_engine(db_path, data_key, create=False)
    try:
        with engine.connect() as conn:
            problems = [r[0] for r in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
            problems += [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")
                         if r[0] != "ok"]
            if problems:
                raise BackupError(_("The backup copy failed its integrity check."))
            tables = [r[0] for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            return {t: int(conn.exec_driver_sql(f'SELECT count(*) FROM "{t}"').scalar() or 0)
                    for t in tables}
    finally:
        engine.dispose()


def write_archive(out: Path, db_copy: Path, key_file: Path, info: BackupInfo) -> None:
    """Write the zip next to `out`, flush it to disk, then move it into place."""
    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "store_id": info.store_id,
        "created_at": info.created_at,
        "schema": info.schema,
        "tables": info.tables,
        "audit_head": info.audit_head,
        "files": {DB_FILE: sha256_file(db_copy), KEY_FILE: sha256_file(key_file)},
    }
    with atomic_path(out, private=True) as partial, zipfile.ZipFile(
            partial, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        archive.write(db_copy, DB_FILE)
        archive.write(key_file, KEY_FILE)


@dataclass(frozen=True)
class UnpackedBackup:
    folder: Path
    manifest: dict[str, object]
    keys: KeyFile


MAX_MANIFEST_BYTES = 64_000
MAX_KEY_FILE_BYTES = 4_000_000
MAX_EXPANSION = 20
"""An encrypted database does not compress, and a key file barely does: an entry that
expands more than this is a zip bomb, refused before anything is written."""


def _check_sizes(archive: zipfile.ZipFile, backup: Path, into: Path) -> None:
    """Refuse oversized or bomb-like entries from the archive's directory alone."""
    limits = {MANIFEST: MAX_MANIFEST_BYTES, KEY_FILE: MAX_KEY_FILE_BYTES}
    needed = 0
    for name in (MANIFEST, DB_FILE, KEY_FILE):
        info = archive.getinfo(name)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.get(name, info.file_size) or (
                info.file_size > 1_000_000 and ratio > MAX_EXPANSION):
            raise BackupError(_("{path} is not a clinic-app backup: {file} is too large.")
                              .format(path=backup, file=name))
        needed += info.file_size
    if shutil.disk_usage(into).free < needed + 50_000_000:
        raise BackupError(_("There is not enough free disk space to check the backup {path} "
                            "(it needs {mb:,} MB).").format(path=backup,
                                                              mb=needed // 1_000_000 + 50))


def unpack(backup: Path, into: Path) -> UnpackedBackup:
    """Extract and check a backup's hashes; BackupError names what is wrong. Sizes are
    checked from the archive's directory before anything is read or written."""
    try:
        with zipfile.ZipFile(backup) as archive:
            names = set(archive.namelist())
            if not {MANIFEST, DB_FILE, KEY_FILE} <= names:
                raise BackupError(_("{path} is not a clinic-app backup.").format(path=backup))
            _check_sizes(archive, backup, into)
            manifest = json.loads(archive.read(MANIFEST))
            if (not isinstance(manifest, dict) or manifest.get("format") != FORMAT
                    or manifest.get("version") != FORMAT_VERSION
                    or not isinstance(manifest.get("files"), dict)):
                raise BackupError(_("{path} is not a clinic-app backup.").format(path=backup))
            for name in (DB_FILE, KEY_FILE):
                archive.extract(name, into)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError, EOFError,
            NotImplementedError, RuntimeError, RecursionError, zlib.error,
            lzma.LZMAError) as exc:
        raise BackupError(_("{path} is not a clinic-app backup, or it is damaged.").format(
            path=backup)) from exc
    files = manifest.get("files", {})
    for name in (DB_FILE, KEY_FILE):
        if sha256_file(into / name) != files.get(name):
            raise BackupError(_("The backup {path} is damaged: {file} does not match its "
                                "checksum.").format(path=backup, file=name))
    try:
        keys = KeyFile.load(into / KEY_FILE)
    except NotAStoreError as exc:
        raise BackupError(_("The backup {path} is damaged.").format(path=backup)) from exc
    return UnpackedBackup(into, manifest, keys)


def unlock_backup(unpacked: UnpackedBackup, username: str, password: str) -> bytes:
    """The data key of the backup, from the user's key slot inside it."""
    try:
        return unpacked.keys.unwrap_for(username.strip().lower(), password)
    except UnwrapError:
        raise AuthenticationError(_("Wrong user name or password for this backup.")) from None


def replace_store(data_dir: Path, source: Path) -> Path | None:
    """Move the current store aside (kept, never deleted) and put `source`'s files in
    its place. Returns the folder holding the replaced store, if there was one."""
    kept: Path | None = None
    if (data_dir / DB_FILE).exists() or (data_dir / KEY_FILE).exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = data_dir / f"replaced-{stamp}"
        kept.mkdir(parents=True, exist_ok=False)
        for name in (DB_FILE, KEY_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
            if (data_dir / name).exists():
                shutil.move(str(data_dir / name), kept / name)
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in (DB_FILE, KEY_FILE):
        staged = data_dir / (name + ".restoring")
        shutil.copy2(source / name, staged)
        os.replace(staged, data_dir / name)
    return kept


def temp_folder(near: Path) -> tempfile.TemporaryDirectory[str]:
    """A private scratch folder on the same disk as `near` (so moves are renames)."""
    near.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=near, prefix=".backup-")
