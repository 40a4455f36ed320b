"""CI rule: with CLINIC_APP_REQUIRE_SERVER=1, a run that skipped a server test fails.

Each case runs a small pytest session in a temporary folder with a copy of this folder's
conftest.py, so the hooks are exercised as they run in CI.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).with_name("conftest.py")

SKIPPED = "import pytest\n\ndef test_skipped():\n    pytest.skip('no server here')\n"
XFAILED = ("import pytest\n\n@pytest.mark.xfail(reason='known', strict=True)\n"
           "def test_known_failure():\n    assert False\n")
NEEDS_SERVER = "def test_needs_server(pg_server):\n    pass\n"
# The server cannot be found, whatever this machine has installed.
NO_SERVER_BINARIES = "\n\ndef find_pg_bin():\n    return None\n"


def _run(tmp_path: Path, test_code: str, *, require: bool, conftest_extra: str = ""
         ) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text(CONFTEST.read_text() + conftest_extra)
    (tmp_path / "test_inner.py").write_text(test_code)
    env = {k: v for k, v in os.environ.items() if k != "CLINIC_APP_REQUIRE_SERVER"}
    if require:
        env["CLINIC_APP_REQUIRE_SERVER"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:qt",
         "-rs", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_a_skipped_server_test_passes_locally(tmp_path: Path) -> None:
    result = _run(tmp_path, SKIPPED, require=False)
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout


def test_a_skipped_server_test_fails_the_run_when_the_server_is_required(
        tmp_path: Path) -> None:
    result = _run(tmp_path, SKIPPED, require=True)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert "server tests skipped" in result.stdout
    assert "test_inner.py::test_skipped: no server here" in result.stdout


def test_an_expected_failure_is_not_a_skip(tmp_path: Path) -> None:
    result = _run(tmp_path, XFAILED, require=True)
    assert result.returncode == 0, result.stdout
    assert "1 xfailed" in result.stdout


def test_a_missing_server_skips_locally(tmp_path: Path) -> None:
    result = _run(tmp_path, NEEDS_SERVER, require=False, conftest_extra=NO_SERVER_BINARIES)
    assert result.returncode == 0, result.stdout
    assert "PostgreSQL test server not available: pg_ctl is neither on PATH" in result.stdout


def test_a_missing_server_fails_with_the_reason_when_required(tmp_path: Path) -> None:
    result = _run(tmp_path, NEEDS_SERVER, require=True, conftest_extra=NO_SERVER_BINARIES)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
    assert ("CLINIC_APP_REQUIRE_SERVER=1 but the PostgreSQL test server is not available: "
            "pg_ctl is neither on PATH") in result.stdout
