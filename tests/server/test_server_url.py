"""The connection rule: verified TLS to any host but this computer (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL

from clinic_app.errors import ValidationError
from clinic_app.store.server_url import chosen_address, is_local_host, server_url

PASSWORD = "S3cret-Pa55word"
NO_ENV: dict[str, str] = {}


def url(address: str, env: dict[str, str] | None = None) -> URL:
    return server_url(address, NO_ENV if env is None else env)


def refusal(address: str, env: dict[str, str] | None = None) -> str:
    with pytest.raises(ValidationError) as caught:
        url(address, env)
    message = str(caught.value)
    assert "\n" not in message
    assert PASSWORD not in message and PASSWORD not in repr(caught.value)
    return message


def connect_args(result: URL) -> dict[str, Any]:
    """What SQLAlchemy's psycopg dialect hands to psycopg.connect (nothing is connected)."""
    engine = create_engine(result)
    try:
        return dict(engine.dialect.create_connect_args(result)[1])
    finally:
        engine.dispose()


def test_a_unix_socket_folder_connects_as_it_is() -> None:
    result = url(f"postgresql://clinic:{PASSWORD}@/clinicdb?host=/var/run/postgresql")
    assert result.drivername == "postgresql+psycopg"
    args = connect_args(result)
    assert args["host"] == "/var/run/postgresql"
    assert args["dbname"] == "clinicdb" and args["user"] == "clinic"
    assert args["password"] == PASSWORD
    assert args["sslmode"] == "prefer"


def test_a_percent_encoded_socket_folder_before_the_path() -> None:
    args = connect_args(url("postgresql://%2Frun%2Fpostgresql:5433/clinicdb"))
    assert args["host"] == "/run/postgresql"
    assert str(args["port"]) == "5433"


def test_no_host_is_the_default_local_socket() -> None:
    args = connect_args(url("postgresql:///clinicdb"))
    assert "host" not in args
    assert args["sslmode"] == "prefer"


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.0.0.53",
                                  "[::1]", "[::ffff:127.0.0.1]"])
def test_loopback_connects_without_tls(host: str) -> None:
    args = connect_args(url(f"postgresql://clinic@{host}:5432/clinicdb"))
    assert args["host"] == host.strip("[]")
    assert args["sslmode"] == "prefer"


def test_a_local_connection_keeps_the_sslmode_it_asks_for() -> None:
    assert connect_args(url("postgresql://localhost/db?sslmode=disable"))["sslmode"] == \
        "disable"


@pytest.mark.parametrize("host", ["/tmp", "@abstract", "", "localhost", "127.0.0.1", "::1"])
def test_local_hosts(host: str) -> None:
    assert is_local_host(host)


@pytest.mark.parametrize("host", ["db.city.example", "10.0.0.5", "192.168.1.20", "::2",
                                  "[2001:db8::1]", "0.0.0.0", "localhost.city.example"])
def test_remote_hosts(host: str) -> None:
    assert not is_local_host(host)


def test_a_remote_host_without_sslmode_is_refused_naming_the_host() -> None:
    message = refusal(f"postgresql://clinic:{PASSWORD}@db.city.example/clinicdb")
    assert "db.city.example" in message
    assert "sslmode=verify-full" in message


@pytest.mark.parametrize("mode", ["disable", "allow", "prefer", "require", "verify-ca"])
def test_a_remote_host_without_certificate_and_name_checks_is_refused(mode: str) -> None:
    message = refusal(f"postgresql://clinic:{PASSWORD}@db.city.example:5432/clinicdb"
                      f"?sslmode={mode}")
    assert "db.city.example" in message
    assert f"sslmode={mode}" in message


def test_jdbc_style_ssl_true_is_require_and_refused() -> None:
    assert "sslmode=require" in refusal("postgresql://db.city.example/clinicdb?ssl=true")


def test_a_remote_host_with_verify_full_is_accepted(tmp_path: Path) -> None:
    ca = tmp_path / "city-ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    result = url(f"postgresql://clinic:{PASSWORD}@db.city.example:6432/clinicdb"
                 f"?sslmode=verify-full&sslrootcert={ca}&application_name=clinic-app")
    args = connect_args(result)
    assert args["host"] == "db.city.example" and str(args["port"]) == "6432"
    assert args["sslmode"] == "verify-full"
    assert args["sslrootcert"] == str(ca)
    assert args["application_name"] == "clinic-app"
    assert PASSWORD not in result.render_as_string(hide_password=True)


def test_verify_full_with_a_missing_certificate_authority_file_is_refused(
        tmp_path: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"
    message = refusal(f"postgresql://clinic:{PASSWORD}@db.city.example/clinicdb"
                      f"?sslmode=verify-full&sslrootcert={missing}")
    assert str(missing) in message


def test_every_host_of_a_failover_list_is_checked() -> None:
    message = refusal("postgresql://localhost:5432,db2.city.example:5432/clinicdb")
    assert "db2.city.example" in message
    args = connect_args(url("postgresql://db1.city.example:5432,db2.city.example:5433/"
                            "clinicdb?sslmode=verify-full"))
    assert args["host"] == "db1.city.example,db2.city.example"
    assert args["port"] == "5432,5433"


def test_a_host_parameter_overrides_the_host_before_the_path() -> None:
    assert "db.city.example" in refusal("postgresql://localhost/clinicdb?host=db.city.example")
    args = connect_args(url("postgresql://db.city.example/clinicdb?host=/run/postgresql"))
    assert args["host"] == "/run/postgresql"


def test_a_remote_host_address_behind_a_local_name_is_refused() -> None:
    assert "10.0.0.5" in refusal("postgresql://localhost/clinicdb?hostaddr=10.0.0.5")


def test_the_environment_cannot_redirect_a_local_address() -> None:
    assert "db.city.example" in refusal("postgresql:///clinicdb",
                                        {"PGHOST": "db.city.example"})
    assert "10.0.0.5" in refusal("postgresql://localhost/clinicdb", {"PGHOSTADDR": "10.0.0.5"})
    assert "city" in refusal("postgresql://localhost/clinicdb", {"PGSERVICE": "city"})
    assert "city" in refusal("postgresql://localhost/clinicdb?service=city")


def test_the_sslmode_is_written_into_the_url_so_pgsslmode_cannot_weaken_it() -> None:
    args = connect_args(url("postgresql://db.city.example/clinicdb?sslmode=verify-full",
                            {"PGSSLMODE": "disable"}))
    assert args["sslmode"] == "verify-full"


@pytest.mark.parametrize("address", [
    f"mysql://clinic:{PASSWORD}@localhost/clinicdb",
    f"clinic:{PASSWORD}@localhost/clinicdb",
    f"postgresql://clinic:{PASSWORD}@localhost:54x2/clinicdb",
    f"postgresql://clinic:{PASSWORD}@localhost:99999/clinicdb",
    f"postgresql://clinic:{PASSWORD}@[::1/clinicdb",
    f"postgresql://clinic:{PASSWORD}@localhost/",
    f"postgresql://clinic:{PASSWORD}@localhost/clinicdb?sslmode=verify_full",
    f"postgresql://clinic:{PASSWORD}@db.city.example/clinicdb",
    f"postgresql://clinic:{PASSWORD}@db.city.example/clinicdb?sslmode=require",
    f"postgresql://db.city.example/clinicdb?password={PASSWORD}&sslmode=prefer",
    f"postgresql://clinic:{PASSWORD}@db.city.example/clinicdb?sslmode=verify-full"
    f"&sslrootcert=/nonexistent/{PASSWORD[:3]}ca.pem",
])
def test_a_password_in_the_address_never_appears_in_a_message(address: str) -> None:
    message = refusal(address)
    assert "clinic:" not in message


def test_a_password_with_reserved_characters_is_decoded() -> None:
    args = connect_args(url("postgresql://clinic:p%40ss%2Fw+rd@localhost/clinicdb"))
    assert args["password"] == "p@ss/w+rd"


def test_the_address_comes_from_db_then_the_environment() -> None:
    env = {"CLINIC_APP_DB_URL": "postgresql://localhost/fromenv"}
    assert chosen_address("postgresql://localhost/fromdb", env) == \
        "postgresql://localhost/fromdb"
    assert chosen_address(None, env) == "postgresql://localhost/fromenv"
    assert chosen_address(None, {}) is None
    assert chosen_address("", {"CLINIC_APP_DB_URL": ""}) is None


def test_a_socket_address_opens_the_test_server(pg_server: Any, pg_database: str) -> None:
    """The URL it returns really connects (here over the test server's Unix socket)."""
    from sqlalchemy import make_url, text

    database = make_url(pg_database).database
    result = url(f"postgresql://postgres@/{database}?host={pg_server.socket_dir}&port=5432")
    engine = create_engine(result)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT current_database()")).scalar() == database
    finally:
        engine.dispose()
