"""A real PostgreSQL server for the server-backend tests (issue 13), no mocks.

`pg_server` starts one throwaway server per test run: initdb into a fresh temporary
folder, `pg_ctl start` listening only on a Unix socket in that folder (no TCP port at
all), stopped and removed when the run ends. Run as root (CI), the server runs as the
`postgres` system user, since PostgreSQL refuses to run as root.

A server that cannot be started skips the tests here, unless CLINIC_APP_REQUIRE_SERVER=1
(set by .ci/run): then the fixture fails with the reason, and any skipped test in this
folder makes the whole run fail, so CI never passes without having run them.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REQUIRE_SERVER_ENV = "CLINIC_APP_REQUIRE_SERVER"
SUPERUSER = "postgres"
"""The server's superuser role (initdb -U); trust authentication on the private socket."""
SERVER_ACCOUNT = "postgres"
"""The system user the server runs as when the tests run as root."""
PORT = 5432  # only names the socket file (.s.PGSQL.5432): nothing listens on TCP
START_TIMEOUT_SECONDS = 60

# Fast and throwaway: the data folder is deleted at the end of the run. fsync=off loses
# nothing on a server restart or even a crash of the server alone (the page cache keeps
# the writes); only a crash of the whole machine could.
_SERVER_SETTINGS = {
    "listen_addresses": "''",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
}

_skipped: list[str] = []


def server_required() -> bool:
    """True when this run must not pass without the server tests (CI)."""
    return os.environ.get(REQUIRE_SERVER_ENV) == "1"


def server_unavailable(reason: str) -> None:
    """Skip the test, or fail it when the server is required."""
    if server_required():
        pytest.fail(f"{REQUIRE_SERVER_ENV}=1 but the PostgreSQL test server is not available: "
                    f"{reason}", pytrace=False)
    pytest.skip(f"PostgreSQL test server not available: {reason}")


def find_pg_bin() -> Path | None:
    """The folder holding pg_ctl, initdb and postgres: from $PATH (symlinks resolved, so
    all three come from the same installation), else Debian's /usr/lib/postgresql/N/bin,
    the newest N."""
    on_path = shutil.which("pg_ctl")
    if on_path:
        folder = Path(on_path).resolve().parent
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    versions = []
    for pg_ctl in Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"):
        version = pg_ctl.parent.parent.name
        if version.isdigit() and (pg_ctl.parent / "initdb").is_file():
            versions.append((int(version), pg_ctl.parent))
    return max(versions)[1] if versions else None


@dataclass
class PgServer:
    """A running throwaway server, reachable only through its Unix socket folder."""

    bin_dir: Path
    root: Path  # the temporary folder: socket, data/, server.log
    run_as: list[str]  # command prefix (runuser) or [] when not root
    version: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def socket_dir(self) -> str:
        return str(self.root)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """The SQLAlchemy URL of one database on this server, over the Unix socket."""
        return f"postgresql+psycopg://{user}@/{dbname}?host={self.socket_dir}&port={PORT}"

    def connect(self, dbname: str = "postgres", user: str = SUPERUSER,
                autocommit: bool = True) -> Any:
        """A plain psycopg connection (for setup: CREATE DATABASE, roles, grants)."""
        import psycopg

        return psycopg.connect(host=self.socket_dir, port=PORT, user=user, dbname=dbname,
                               autocommit=autocommit, connect_timeout=10)

    def psql(self, sql: str, dbname: str = "postgres") -> str:
        """Run SQL through the psql client, as an administrator would; returns its output."""
        result = subprocess.run(
            [str(self.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", self.socket_dir, "-p", str(PORT), "-U", SUPERUSER, "-d", dbname, "-c", sql],
            capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout

    def pg_ctl(self, *args: str, timeout: float = START_TIMEOUT_SECONDS) -> None:
        """Run pg_ctl on this server's data folder (e.g. "restart", "-m", "immediate")."""
        self._run("pg_ctl", "-D", str(self.data_dir), *args, timeout=timeout)

    def _run(self, tool: str, *args: str, timeout: float) -> None:
        command = [*self.run_as, str(self.bin_dir / tool), *args]
        result = subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                                timeout=timeout, check=False, env=_tool_env())
        if result.returncode != 0:
            output = (result.stderr or result.stdout).strip()
            raise RuntimeError(f"{tool} failed (exit {result.returncode}): {output}"
                               f"{self._log_tail()}")

    def _log_tail(self) -> str:
        try:
            lines = self.log_file.read_text(errors="replace").splitlines()[-15:]
        except OSError:
            return ""
        return "\n--- server.log ---\n" + "\n".join(lines) if lines else ""

    def start(self) -> None:
        started = time.perf_counter()
        self._run("initdb", "-D", str(self.data_dir), "-U", SUPERUSER, "-A", "trust",
                  "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions",
                  timeout=START_TIMEOUT_SECONDS)
        self.timings["initdb"] = time.perf_counter() - started
        options = " ".join(f"-c {name}={value}" for name, value in _SERVER_SETTINGS.items())
        options += f" -c unix_socket_directories='{self.socket_dir}' -c port={PORT}"
        started = time.perf_counter()
        self.pg_ctl("-l", str(self.log_file), "-w", "-t", str(START_TIMEOUT_SECONDS),
                    "-o", options, "start")
        self.timings["start"] = time.perf_counter() - started
        self.version = self.psql("SHOW server_version").strip()

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            try:
                self.pg_ctl("-m", "fast", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                self.pg_ctl("-m", "immediate", "-w", "stop")


def _tool_env() -> dict[str, str]:
    """The environment for initdb/pg_ctl: no PG* variables of the caller's leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["LC_ALL"] = "C"
    return env


def _private_folder(owner: pwd.struct_passwd | None) -> Path:
    """A fresh folder only the server's user can enter (root reaches it anyway). It sits
    directly in the temp folder: a socket path must stay under ~100 bytes, and pytest's
    own temp folders are private to the user running the tests."""
    base = tempfile.gettempdir()
    if len(base) > 40:
        base = "/tmp"
    root = Path(tempfile.mkdtemp(prefix="clinic-pg-", dir=base))
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    root.chmod(0o700)
    return root


def _start_server() -> PgServer:
    """Start a throwaway server, or report why it cannot be started."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        server_unavailable("pg_ctl is neither on PATH nor in /usr/lib/postgresql/*/bin "
                           "(Debian: apt-get install postgresql)")
        raise AssertionError  # unreachable: skip or fail raised
    run_as: list[str] = []
    owner = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError:
            server_unavailable(f"the tests run as root, PostgreSQL refuses to, and there is no "
                               f"'{SERVER_ACCOUNT}' system user to run it as "
                               f"(useradd --system {SERVER_ACCOUNT})")
        runuser = shutil.which("runuser")
        run_as = ([runuser, "-u", SERVER_ACCOUNT, "--"] if runuser
                  else ["su", SERVER_ACCOUNT, "-s", "/bin/sh", "-c", '"$0" "$@"', "--"])
    root = _private_folder(owner)
    server = PgServer(bin_dir=bin_dir, root=root, run_as=run_as)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        try:
            server.stop()
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(root, ignore_errors=True)
        server_unavailable(str(exc))
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One running PostgreSQL server for the whole test run."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        server_unavailable("the psycopg driver is not installed (pip install -e '.[test]')")
    server = _start_server()
    try:
        yield server
    finally:
        try:
            server.stop()
        finally:
            shutil.rmtree(server.root, ignore_errors=True)


_DATABASE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


@pytest.fixture
def pg_database(pg_server: PgServer) -> Iterator[str]:
    """A new, empty database for one test; its SQLAlchemy URL. Dropped afterwards."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    assert _DATABASE_NAME.match(name)
    with pg_server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield pg_server.url(name)
    finally:
        with pg_server.connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# A skipped server test must not pass CI. These hooks are path-scoped for the test
# reports (only tests under this folder reach pytest_runtest_logreport here).
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        _skipped.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if server_required() and _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if server_required() and _skipped:
        terminalreporter.section("server tests skipped", sep="=", red=True, bold=True)
        terminalreporter.line(f"{REQUIRE_SERVER_ENV}=1: a run that skipped server tests fails "
                              f"({len(_skipped)} skipped):", red=True)
        for line in _skipped:
            terminalreporter.line(f"  {line}")
