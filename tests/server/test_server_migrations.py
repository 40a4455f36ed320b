"""The project's Alembic migrations on PostgreSQL (issue 13: the same migrations on both
backends), against an empty database on the real test server.

Two known failures, each marked xfail(strict=True) so its test turns red (XPASS) the
day it is fixed, to have its mark removed:
- migrate.current_revision catches only OperationalError when alembic_version is
  missing; PostgreSQL raises ProgrammingError (UndefinedTable), so upgrade(engine)
  stops before the first migration.
- 0003 creates the audit log's append-only triggers in SQLite's syntax (store/audit.py
  CREATE_TRIGGERS: BEGIN SELECT RAISE(ABORT, ...); END), a syntax error on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import ProgrammingError

from clinic_app.store import audit, migrate
from clinic_app.store.crypto import new_data_key
from clinic_app.store.engine import open_engine

NO_REVISION_ON_POSTGRESQL = (
    "migrate.current_revision catches only OperationalError for a missing alembic_version; "
    "PostgreSQL raises ProgrammingError (psycopg UndefinedTable)")
SQLITE_TRIGGERS_IN_0003 = (
    "migration 0003 runs store/audit.py CREATE_TRIGGERS, SQLite trigger syntax "
    "(BEGIN SELECT RAISE(ABORT, ...); END): a syntax error on PostgreSQL")

Schema = dict[str, dict[str, bool]]  # table -> column -> nullable


def schema_of(engine: Engine) -> Schema:
    inspector = inspect(engine)
    return {table: {c["name"]: bool(c["nullable"]) for c in inspector.get_columns(table)}
            for table in inspector.get_table_names()}


@pytest.fixture(scope="module")
def sqlcipher_schema(tmp_path_factory: pytest.TempPathFactory) -> Schema:
    """The tables and columns of a file store built by the same migrations."""
    engine = open_engine(tmp_path_factory.mktemp("sqlcipher") / "store.db", new_data_key(),
                         create=True)
    try:
        migrate.upgrade(engine)
        return schema_of(engine)
    finally:
        engine.dispose()


@pytest.fixture
def server_engine(pg_database: str) -> Iterator[Engine]:
    engine = create_engine(pg_database)
    try:
        yield engine
    finally:
        engine.dispose()


def assert_same_tables(server: Schema, sqlcipher: Schema) -> None:
    assert "audit_entry" in sqlcipher and "screening" in sqlcipher  # the reference is real
    assert sorted(server) == sorted(sqlcipher)
    for table, columns in sqlcipher.items():
        assert server[table] == columns, table


@pytest.mark.xfail(reason=NO_REVISION_ON_POSTGRESQL, raises=ProgrammingError, strict=True)
def test_an_empty_server_database_has_no_revision(server_engine: Engine) -> None:
    assert migrate.current_revision(server_engine) is None


@pytest.mark.xfail(reason=SQLITE_TRIGGERS_IN_0003, raises=ProgrammingError, strict=True)
def test_every_migration_runs_on_postgresql(server_engine: Engine,
                                            sqlcipher_schema: Schema) -> None:
    # An explicit target runs Alembic without upgrade()'s current-revision shortcut.
    migrate.upgrade(server_engine, migrate.head_revision())
    assert migrate.current_revision(server_engine) == migrate.head_revision()
    assert_same_tables(schema_of(server_engine), sqlcipher_schema)


@pytest.mark.xfail(reason=f"{NO_REVISION_ON_POSTGRESQL}; then {SQLITE_TRIGGERS_IN_0003}",
                   raises=ProgrammingError, strict=True)
def test_upgrade_as_the_app_calls_it_builds_every_table(server_engine: Engine,
                                                        sqlcipher_schema: Schema) -> None:
    migrate.upgrade(server_engine)
    assert_same_tables(schema_of(server_engine), sqlcipher_schema)
    migrate.upgrade(server_engine)  # a second run finds the head and does nothing


def test_without_the_sqlite_triggers_every_table_is_built(
        server_engine: Engine, sqlcipher_schema: Schema, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until 0003 runs on PostgreSQL: every other migration does, and builds every table
    of the file store with the same columns. (Alembic loads 0003 afresh on each upgrade,
    so it reads the patched CREATE_TRIGGERS.) Remove this test with 0003's xfail."""
    monkeypatch.setattr(audit, "CREATE_TRIGGERS", ())
    migrate.upgrade(server_engine, migrate.head_revision())
    assert migrate.current_revision(server_engine) == migrate.head_revision()
    assert_same_tables(schema_of(server_engine), sqlcipher_schema)
