"""Backups are encrypted and verified; a corrupt or foreign backup never touches the store."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from staff_accounts import ADMIN, ADMIN_PASSWORD, LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD

from clinic_app.cli import main
from clinic_app.errors import AuthenticationError, PermissionDenied
from clinic_app.store.backup import BackupError
from clinic_app.store.facade import DB_FILE, KEY_FILE, Store


def store_bytes(data_dir: Path) -> tuple[bytes, bytes]:
    return (data_dir / DB_FILE).read_bytes(), (data_dir / KEY_FILE).read_bytes()


@pytest.fixture
def backup_file(open_as, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "clinic-backup.zip"
    info = open_as(ADMIN).backup(out)
    assert info.tables["account"] == 4
    return out


def test_backup_is_encrypted_and_records_when(backup_file: Path, open_as) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(backup_file) as archive:
        database = archive.read(DB_FILE)
    assert not database.startswith(b"SQLite format 3") and b"Test Clinic" not in database
    admin = open_as(ADMIN)
    assert admin.last_verified_backup() is not None and not admin.backup_overdue()
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    assert admin.backup_overdue(now=later)


def test_nurse_may_not_back_up(open_as, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    with pytest.raises(PermissionDenied, match="back up"):
        nurse.backup(tmp_path / "b.zip")
    assert not nurse.backup_overdue()


def test_restore_brings_back_the_data_and_keeps_the_replaced_store(open_as, backup_file: Path,  # type: ignore[no-untyped-def]
                                                                   data_dir: Path) -> None:
    lead = open_as(LEAD)
    lead.add_account("nurse9", "nurse", "added after the backup was made")
    lead.close()
    kept = Store.restore(data_dir, backup_file, ADMIN, ADMIN_PASSWORD)
    assert kept is not None and (kept / DB_FILE).exists()
    with pytest.raises(AuthenticationError):
        Store.open(data_dir, "nurse9", "added after the backup was made")
    restored = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        assert "nurse9" not in [a.username for a in restored.list_accounts()]
        assert restored.verify_audit().ok
    finally:
        restored.close()


@pytest.mark.parametrize("damage", ["truncate", "flip", "not_zip", "foreign_zip"])
def test_corrupt_or_foreign_backup_is_refused_unchanged(backup_file: Path, data_dir: Path,
                                                        tmp_path: Path, damage: str) -> None:
    bad = tmp_path / "bad.zip"
    raw = backup_file.read_bytes()
    if damage == "truncate":
        bad.write_bytes(raw[: len(raw) // 2])
    elif damage == "flip":
        with zipfile.ZipFile(backup_file) as src, zipfile.ZipFile(bad, "w") as dst:
            for name in src.namelist():
                data = bytearray(src.read(name))
                if name == DB_FILE:
                    data[5000] ^= 0xFF
                dst.writestr(name, bytes(data))
    elif damage == "not_zip":
        bad.write_bytes(b"name,grade\nnot a backup,9\n")
    else:
        with zipfile.ZipFile(bad, "w") as dst:
            dst.writestr("manifest.json", "{}")
            dst.writestr(DB_FILE, "x")
            dst.writestr(KEY_FILE, "{}")
    before = store_bytes(data_dir)
    with pytest.raises(BackupError):
        Store.restore(data_dir, bad, ADMIN, ADMIN_PASSWORD)
    assert store_bytes(data_dir) == before
    assert not list(data_dir.glob("replaced-*"))


def test_backup_of_another_store_is_refused(backup_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    Store.create(other, clinic="Other", sites=[], admin=ADMIN, password=ADMIN_PASSWORD).close()
    before = store_bytes(other)
    with pytest.raises(BackupError, match="another store"):
        Store.restore(other, backup_file, ADMIN, ADMIN_PASSWORD)
    assert store_bytes(other) == before


def test_restore_needs_a_role_that_may_restore(backup_file: Path, data_dir: Path) -> None:
    before = store_bytes(data_dir)
    with pytest.raises(PermissionDenied):
        Store.restore(data_dir, backup_file, NURSE, NURSE_PASSWORD)
    assert store_bytes(data_dir) == before
    with pytest.raises(AuthenticationError):
        Store.restore(data_dir, backup_file, ADMIN, "wrong password for the backup")
    assert store_bytes(data_dir)[0] == before[0]  # the database is untouched;
    from clinic_app.store.keyfile import KeyFile  # the guess is counted like a sign-in's

    keys = KeyFile.load(data_dir / KEY_FILE)
    assert keys.throttle[keys.slot_id(ADMIN)]["failures"] == 1


def test_restore_onto_a_new_computer(backup_file: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    assert Store.restore(fresh, backup_file, ADMIN, ADMIN_PASSWORD) is None
    Store.open(fresh, LEAD, LEAD_PASSWORD).close()


def test_cli_backup_and_restore(data_dir: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "b.zip"
    assert main(["--data-dir", str(data_dir), "--user", ADMIN, "backup", "--out", str(out)]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "--user", ADMIN, "restore", str(out)]) == 0
    assert "kept in" in capsys.readouterr().out
    (tmp_path / "junk.zip").write_bytes(b"junk")
    assert main(["--data-dir", str(data_dir), "--user", ADMIN, "restore",
                 str(tmp_path / "junk.zip")]) == 1
    err = capsys.readouterr().err.strip()
    assert "not a clinic-app backup" in err and len(err.splitlines()) == 1
