"""The project's Alembic migrations on PostgreSQL (issue 13: the same migrations on both
backends), against an empty database on the real test server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.exc import ProgrammingError

from clinic_app.store import migrate
from clinic_app.store.crypto import new_data_key
from clinic_app.store.engine import open_engine

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


def test_an_empty_server_database_has_no_revision(server_engine: Engine) -> None:
    assert migrate.current_revision(server_engine) is None


def test_every_migration_runs_on_postgresql(server_engine: Engine,
                                            sqlcipher_schema: Schema) -> None:
    # An explicit target runs Alembic without upgrade()'s current-revision shortcut.
    migrate.upgrade(server_engine, migrate.head_revision())
    assert migrate.current_revision(server_engine) == migrate.head_revision()
    assert_same_tables(schema_of(server_engine), sqlcipher_schema)


def test_upgrade_as_the_app_calls_it_builds_every_table(server_engine: Engine,
                                                        sqlcipher_schema: Schema) -> None:
    migrate.upgrade(server_engine)
    assert_same_tables(schema_of(server_engine), sqlcipher_schema)
    migrate.upgrade(server_engine)  # a second run finds the head and does nothing


def test_the_audit_log_is_append_only_on_postgresql_too(server_engine: Engine) -> None:
    migrate.upgrade(server_engine)
    with server_engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO audit_entry (id, at, username, action, object_type, object_id, "
            "prev_hash, hash) VALUES (1, '2026-12-04', 'lead1', 'sign_in', '', '', '', 'h')")
    for statement in ("UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(ProgrammingError, match="append-only"), server_engine.begin() as conn:
            conn.exec_driver_sql(statement)
