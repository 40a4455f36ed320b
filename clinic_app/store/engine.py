"""Open a SQLCipher database with a raw key, never in plaintext."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import SingletonThreadPool

from clinic_app.errors import EncryptionUnavailableError, NotAStoreError
from clinic_app.i18n import _


def _sqlcipher() -> Any:
    try:
        import sqlcipher3.dbapi2 as dbapi
    except ImportError as exc:
        raise EncryptionUnavailableError(
            _("SQLCipher is not installed, so the store cannot be encrypted. Nothing was saved.")
        ) from exc
    return dbapi


BUSY_TIMEOUT_SECONDS = 10
"""How long a save waits for another process's save before "the store is busy"."""


NORMAL, EXCLUSIVE, IMMUTABLE = "normal", "exclusive", "immutable"
READ_ONLY = "clinic_app_read_only"
"""Execution option of a read-only transaction (Store.reading)."""
# One connection per thread (a session inside another on the same thread shares it).
# The operations runner keeps a fixed set of threads, so this bounds the connections;
# SQLAlchemy's default of 5 would close the oldest, which may be in use on another thread.
CONNECTIONS_PER_ENGINE = 32


def _keyed_connection(dbapi: Any, db_path: Path, hex_key: str, mode: str = NORMAL) -> Any:
    """A connection whose key is proven by a read before anything is written.

    EXCLUSIVE keeps the WAL index in memory instead of the -shm file, which a full disk
    cannot create; IMMUTABLE reads a store on a read-only medium (nothing can change
    it there). Either way the store can still be read, by this process only."""
    if mode == IMMUTABLE:
        uri = f"file:{quote(str(db_path.resolve()))}?immutable=1"
        connection = dbapi.connect(uri, uri=True, check_same_thread=False)
    else:
        connection = dbapi.connect(str(db_path), check_same_thread=False,
                                   timeout=BUSY_TIMEOUT_SECONDS)
    try:
        # SQLCipher logs damaged pages to stderr (tens of lines): the app says it in one.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        if mode == EXCLUSIVE:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not connection.execute("PRAGMA cipher_version").fetchone():
            raise EncryptionUnavailableError(
                _("This SQLite library has no encryption; the app will not store data.")
            )
        # WAL with synchronous=FULL: once a commit returns, a power cut cannot lose it.
        if mode != IMMUTABLE:
            connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except Exception:
        connection.close()
        raise
    return connection


def open_engine(db_path: Path, data_key: bytes, *, create: bool) -> Engine:
    """An engine whose every connection is keyed. Raises NotAStoreError if the key does
    not open the file or it is not a store; a failed open leaves the file byte-identical."""
    dbapi = _sqlcipher()
    if not create and not db_path.is_file():
        raise NotAStoreError(_("There is no store at {path}.").format(path=db_path))
    hex_key = data_key.hex()
    mode = NORMAL
    try:
        _keyed_connection(dbapi, db_path, hex_key).close()
    except dbapi.DatabaseError as exc:
        message = str(exc).lower()
        if create or not ("disk i/o" in message or "unable to open" in message
                          or "readonly" in message):
            raise NotAStoreError(
                _("{path} is not a clinic-app store, or it is damaged.").format(path=db_path)
            ) from exc
        readable = _readable_mode(dbapi, db_path, hex_key)
        if readable is None:
            raise NotAStoreError(
                _("{path} cannot be read: the disk may be full or failing.").format(
                    path=db_path)) from exc
        mode = readable
    engine = create_engine(
        "sqlite+pysqlite://",
        module=dbapi,
        creator=lambda: _keyed_connection(dbapi, db_path, hex_key, mode),
        poolclass=SingletonThreadPool,
        pool_size=CONNECTIONS_PER_ENGINE,
    )
    _write_lock_first(engine)
    return engine


def _readable_mode(dbapi: Any, db_path: Path, hex_key: str) -> str | None:
    """How a store that cannot be opened normally can still be read: a full disk, or a
    read-only medium (immutable only when the folder really cannot be written)."""
    modes = [EXCLUSIVE] + ([] if os.access(db_path.parent, os.W_OK) else [IMMUTABLE])
    for mode in modes:
        try:
            _keyed_connection(dbapi, db_path, hex_key, mode).close()
        except dbapi.DatabaseError:
            continue
        return mode
    return None


def _write_lock_first(engine: Engine) -> None:
    """Every transaction takes the write lock when it begins (BEGIN IMMEDIATE).

    With the driver's default deferred BEGIN, a save read the next audit id under a
    read snapshot and then lost the race for the write lock to another process: two
    processes saving at once failed with UNIQUE constraint errors. Now the second one
    waits up to BUSY_TIMEOUT_SECONDS."""

    @event.listens_for(engine, "connect")
    def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event takes over

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Connection) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # ATTACH/DETACH for backups run outside any transaction
        raw = connection.connection.dbapi_connection
        if raw is not None and raw.in_transaction:
            return  # a session opened inside another one shares its connection and lock
        # A read (READ_ONLY): a WAL snapshot that neither waits for a save nor holds one
        # up, so a long count off the UI thread never stalls the window's next page.
        connection.exec_driver_sql("BEGIN" if options.get(READ_ONLY) else "BEGIN IMMEDIATE")
