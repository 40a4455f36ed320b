"""The throwaway PostgreSQL server the server-backend tests run against."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, make_url, text


def test_server_listens_on_its_private_socket_only(pg_server: Any) -> None:
    with pg_server.connect() as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
        assert conn.execute("SHOW unix_socket_directories").fetchone()[0] == pg_server.socket_dir
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
        # A Unix-socket session has no client address.
        assert conn.execute("SELECT inet_client_addr()").fetchone()[0] is None
    assert pg_server.version.split(".")[0].isdigit()


def test_each_test_gets_an_empty_database_through_sqlalchemy(pg_database: str) -> None:
    engine = create_engine(pg_database)
    try:
        with engine.connect() as conn:
            name = conn.execute(text("SELECT current_database()")).scalar()
            assert name == make_url(pg_database).database
            tables = conn.execute(text(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'public'")).scalar()
            assert tables == 0
    finally:
        engine.dispose()


def test_psql_reaches_the_server(pg_server: Any) -> None:
    assert pg_server.psql("SELECT 1 + 1").strip() == "2"
