"""Open a SQLCipher database with a raw key, never in plaintext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection

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


def _keyed_connection(dbapi: Any, db_path: Path, hex_key: str, exclusive: bool = False) -> Any:
    """A connection whose key is proven by a read before anything is written.

    `exclusive` keeps the WAL index in memory instead of the -shm file, which a full
    disk cannot create: the store can then still be read (this process only)."""
    connection = dbapi.connect(str(db_path), check_same_thread=False,
                               timeout=BUSY_TIMEOUT_SECONDS)
    try:
        # SQLCipher logs damaged pages to stderr (tens of lines): the app says it in one.
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        if exclusive:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if not connection.execute("PRAGMA cipher_version").fetchone():
            raise EncryptionUnavailableError(
                _("This SQLite library has no encryption; the app will not store data.")
            )
        # WAL with synchronous=FULL: once a commit returns, a power cut cannot lose it.
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
    exclusive = False
    try:
        _keyed_connection(dbapi, db_path, hex_key).close()
    except dbapi.DatabaseError as exc:
        if "disk i/o" not in str(exc).lower() or create:
            raise NotAStoreError(
                _("{path} is not a clinic-app store, or it is damaged.").format(path=db_path)
            ) from exc
        try:  # a full disk: read with the WAL index in memory (see _keyed_connection)
            _keyed_connection(dbapi, db_path, hex_key, exclusive=True).close()
        except dbapi.DatabaseError:
            raise NotAStoreError(
                _("{path} cannot be read: the disk may be full or failing.").format(
                    path=db_path)) from exc
        exclusive = True
    engine = create_engine(
        "sqlite+pysqlite://",
        module=dbapi,
        creator=lambda: _keyed_connection(dbapi, db_path, hex_key, exclusive),
    )
    _write_lock_first(engine)
    return engine


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
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # ATTACH/DETACH for backups run outside any transaction
        if connection.connection.dbapi_connection.in_transaction:
            return  # a session opened inside another one shares its connection and lock
        connection.exec_driver_sql("BEGIN IMMEDIATE")
