"""The command-line contract: exit codes, one clear line, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD

from clinic_app import __version__
from clinic_app.cli import main
from clinic_app.store.facade import DB_FILE


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_an_encrypted_store(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out, _err = run(capsys, "--data-dir", str(tmp_path / "d"), "init", "--clinic",
                          "Lake Clinic", "--admin", "Lead1", "--site", "Lake High")
    assert code == 0 and "lead1" in out
    assert not (tmp_path / "d" / DB_FILE).read_bytes().startswith(b"SQLite format 3")


def test_init_with_a_weak_password_says_why(tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", "password")
    code, _out, err = run(capsys, "--data-dir", str(tmp_path / "d"), "init", "--clinic", "C",
                          "--admin", "lead1")
    assert code == 1 and "too short" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "d" / DB_FILE).exists()


def test_users_add_then_sign_in(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    monkeypatch.setenv("CLINIC_APP_NEW_PASSWORD", "the new educator passphrase")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "users", "add",
                         "educator2", "--role", "educator")
    assert code == 0, err
    monkeypatch.setenv("CLINIC_APP_PASSWORD", "the new educator passphrase")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", "educator2", "doctor")
    assert code == 0 and "OK" in out


def test_nurse_cannot_add_users(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", NURSE_PASSWORD)
    monkeypatch.setenv("CLINIC_APP_NEW_PASSWORD", "the new educator passphrase")
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", NURSE, "users", "add",
                          "x2", "--role", "lead")
    assert code == 1 and "Permission denied" in err


def test_wrong_password_exits_1_with_one_line_and_unchanged_file(data_dir: Path, capsys,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    before = (data_dir / DB_FILE).read_bytes()
    monkeypatch.setenv("CLINIC_APP_PASSWORD", "definitely not the password")
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "doctor")
    assert code == 1 and out == ""
    assert err.strip() == "Wrong user name or password."
    assert (data_dir / DB_FILE).read_bytes() == before


def test_errors_follow_the_language(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", "definitely not the password")
    code, _out, err = run(capsys, "--lang", "es", "--data-dir", str(data_dir), "--user", LEAD,
                          "doctor")
    assert code == 1 and err.strip() and err.strip() != "Wrong user name or password."


def test_no_user_given(data_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "doctor")
    assert code == 1 and "--user" in err


def test_unknown_language_exits_1(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = run(capsys, "--lang", "xx", "i18n", "status")
    assert code == 1 and "xx" in err


def test_usage_error_exits_2(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["users", "add", "someone", "--role", "janitor"])
    assert exit_info.value.code == 2


def test_version(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_i18n_status_json(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(capsys, "i18n", "status", "--json")
    rows = {row["language"]: row for row in json.loads(out)}
    assert code == 0 and set(rows) == {"en", "es", "hmn", "so"}
    for code_ in ("es", "hmn", "so"):
        assert rows[code_]["review_status"] == "unreviewed-draft"
        assert rows[code_]["missing"] == 0
        assert rows[code_]["total"] == rows["en"]["total"] > 100


def test_doctor_reports_schema_and_integrity(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out, _err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "doctor")
    assert code == 0 and "Schema version" in out and "integrity check: OK" in out
    assert "audit log is intact" in out and "Bundled lessons and instruments: OK" in out


def test_doctor_names_a_broken_audit_chain(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.store.facade import Store

    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    with store._engine.begin() as conn:  # noqa: SLF001 - the test plays an attacker with the key
        conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        conn.exec_driver_sql("UPDATE audit_entry SET username = 'x' WHERE id = 1")
    store.close()
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "doctor")
    assert code == 1 and "entry 1" in err


@pytest.mark.parametrize("lang", ["en", "hmn", "so"])
def test_smoke_starts_and_quits(data_dir: Path, lang: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "clinic_app", "--data-dir", str(data_dir), "--lang", lang,
         "--smoke"], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_python_m_and_script_agree(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "clinic_app", "--version"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and __version__ in result.stdout


def test_the_command_line_and_the_first_window_load_no_heavy_library() -> None:
    """Start-up speed: reportlab, SQLAlchemy and the curriculum load only when used
    (a module-level import in a command or the setup wizard made the first window 3x
    slower)."""
    code = ("import sys, clinic_app.cli, clinic_app.ui.app; "
            "print(sorted(m for m in ('reportlab', 'sqlalchemy', 'curriculum', 'openpyxl') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=True)
    assert done.stdout.strip() == "[]", done.stdout
