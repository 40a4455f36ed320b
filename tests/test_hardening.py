"""Hostile and unlucky inputs (issue 12): file bombs, deep nesting, oversized archives,
private files, an empty database. Each ends in one clear line naming the file, and
stored data is never touched."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from staff_accounts import ADMIN, ADMIN_PASSWORD, LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD
from test_cli import run

from clinic_app.errors import NotAStoreError
from clinic_app.store.backup import MANIFEST, BackupError
from clinic_app.store.facade import DB_FILE, KEY_FILE, Store
from curriculum import load_library
from screening import load_instrument_text

ALIAS_BOMB = """---
a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]
---
# Bomb
"""


def _pack(tmp_path: Path, text: str, lesson: str = "bomb") -> Path:
    folder = tmp_path / "pack" / lesson / "1.0.0"
    folder.mkdir(parents=True)
    (folder / "en.md").write_text(text, encoding="utf-8")
    return tmp_path / "pack"


def test_a_300_byte_alias_bomb_is_refused_within_a_memory_limit(tmp_path: Path,
                                                                data_dir: Path) -> None:
    pack = _pack(tmp_path, ALIAS_BOMB)
    assert len(ALIAS_BOMB.encode()) < 400
    limit = 600 * 1024 * 1024  # the bomb needed 11 GB; the whole command fits in this
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit})); "
            "from clinic_app.cli import main; sys.exit(main(sys.argv[1:]))")
    for command in (["curriculum", "validate", str(pack)], ["curriculum", "import", str(pack)]):
        done = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data_dir),
                               "--user", LEAD, *command], capture_output=True, text=True,
                              timeout=120, env={**os.environ, "CLINIC_APP_PASSWORD": LEAD_PASSWORD})
        assert done.returncode == 1, done.stderr
        assert "anchors and aliases" in done.stdout + done.stderr, done.stderr
        assert "MemoryError" not in done.stderr and "Traceback" not in done.stderr


def test_nested_lists_and_front_matter_are_refused_by_line(tmp_path: Path) -> None:
    english = (Path(__file__).parents[1] / "curriculum" / "lessons" / "helping-a-friend"
               / "1.1.0" / "en.md").read_text(encoding="utf-8")
    deep = english.replace("## Sources {#sources}", "\n".join(
        "  " * i + "- level" for i in range(600)) + "\n\n## Sources {#sources}")
    pack = _pack(tmp_path, deep.replace("id: helping-a-friend", "id: deep-lists"), "deep-lists")
    _library, problems = load_library([pack])
    assert any("nested deeper than 10 levels" in str(p) for p in problems)
    nested = "---\nid: " + "[" * 50 + "]" * 50 + "\n---\n# x\n"
    pack = _pack(tmp_path / "two", nested, "nested")
    _library, problems = load_library([pack])
    assert [p.message for p in problems] == ["the front matter nests deeper than 8 levels"]


def test_instrument_files_have_bounds() -> None:
    _ins, problems = load_instrument_text("x = " + "[" * 100_000 + "]" * 100_000, "deep.toml")
    assert [str(p) for p in problems] == ["deep.toml: The file nests tables or lists too deeply."]
    _ins, problems = load_instrument_text("title = '" + "A" * 1_100_000 + "'", "big.toml")
    assert "longer than 1,000,000 characters" in str(problems[0])


def _forge(backup: Path, out: Path, **entries: bytes) -> Path:
    with zipfile.ZipFile(backup) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in source.namelist():
            z.writestr(name, entries.pop(name, source.read(name)))
    return out


@pytest.mark.parametrize("kind", ["manifest-list", "huge-manifest", "bomb-entry"])
def test_a_hostile_backup_is_refused_before_anything_is_written(open_as, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                tmp_path: Path, kind: str) -> None:
    backup = tmp_path / "backup.zip"
    open_as(ADMIN).backup(backup)
    before = (data_dir / DB_FILE).read_bytes(), (data_dir / KEY_FILE).read_bytes()
    forged = {
        "manifest-list": {MANIFEST: b"[1, 2, 3]"},
        "huge-manifest": {MANIFEST: json.dumps({"pad": "x" * 200_000}).encode()},
        "bomb-entry": {KEY_FILE: b"\0" * 50_000_000},
    }[kind]
    bad = _forge(backup, tmp_path / f"{kind}.zip", **forged)
    with pytest.raises(BackupError, match="not a clinic-app backup"):
        Store.restore(data_dir, bad, ADMIN, ADMIN_PASSWORD)
    assert ((data_dir / DB_FILE).read_bytes(), (data_dir / KEY_FILE).read_bytes()) == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_store_files_are_private_and_opening_fixes_open_ones(data_dir: Path, capsys,  # type: ignore[no-untyped-def]
                                                             monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    fresh = tmp_path / "fresh"
    code, _out, err = run(capsys, "--data-dir", str(fresh), "init", "--clinic", "C", "--admin",
                          "lead9")
    assert code == 0, err
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    for name in (DB_FILE, KEY_FILE):
        assert stat.S_IMODE((fresh / name).stat().st_mode) == 0o600
    (data_dir / KEY_FILE).chmod(0o644)
    data_dir.chmod(0o755)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "doctor")
    assert code == 0, err
    assert "Made private to this account" in out and KEY_FILE in out
    assert stat.S_IMODE((data_dir / KEY_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_an_empty_database_file_is_never_recreated(data_dir: Path) -> None:
    (data_dir / DB_FILE).write_bytes(b"")
    with pytest.raises(NotAStoreError, match="is empty. Restore the last verified backup"):
        Store.open(data_dir, LEAD, LEAD_PASSWORD)
    assert (data_dir / DB_FILE).stat().st_size == 0


def test_handout_commands_leave_no_log_folder(capsys, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "untouched"
    code, _out, err = run(capsys, "--data-dir", str(folder), "handout", "referral", "--lang",
                          "en", "--out", str(tmp_path / "sheet.pdf"))
    assert code == 0, err
    assert not folder.exists()


@pytest.fixture
def small_disk(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real 256 kB file system (tmpfs), filled to the brim, and a read-only one.
    Needs the right to mount (CI runs as root); skipped elsewhere."""
    full, read_only = tmp_path / "full", tmp_path / "ro"
    full.mkdir()
    read_only.mkdir()
    mounted = []
    for folder, options in ((full, "size=256k"), (read_only, "size=64k,ro")):
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True)
        if done.returncode != 0:
            for path in mounted:
                subprocess.run(["umount", "-l", str(path)], check=False)
            pytest.skip("cannot mount a small file system here")
        mounted.append(folder)
    with (full / "filler").open("wb") as handle:
        try:
            handle.write(b"\0" * 300_000)
        except OSError:
            pass
    yield full, read_only
    for path in mounted:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_or_read_only_disk_gets_one_clear_line_and_no_partial_file(  # type: ignore[no-untyped-def]
        small_disk, data_dir: Path, capsys, monkeypatch) -> None:
    full, read_only = small_disk
    monkeypatch.setenv("CLINIC_APP_PASSWORD", ADMIN_PASSWORD)
    for folder, words in ((full, "The disk is full; nothing was saved"),
                          (read_only, "cannot be written to")):
        code, out, err = run(capsys, "--data-dir", str(data_dir), "--user", ADMIN, "backup",
                             "--out", str(folder / "backup.zip"))
        assert code == 1 and words in err and len(err.strip().splitlines()) == 1, err
        code, out, err = run(capsys, "--data-dir", str(data_dir), "handout", "referral",
                             "--lang", "en", "--out", str(folder / "sheet.pdf"))
        assert code == 1 and words in err, err
        assert [p.name for p in folder.iterdir() if p.name != "filler"] == []


def test_the_xlsx_export_writes_nothing_to_the_system_temp_folder(data_dir: Path, capsys,  # type: ignore[no-untyped-def]
                                                                  tmp_path: Path,
                                                                  monkeypatch) -> None:
    import tempfile

    from openpyxl.worksheet import _writer

    spy = tmp_path / "system-temp"
    spy.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spy))  # where openpyxl put sheets before
    created: list[str] = []
    original = _writer.create_temporary_file
    monkeypatch.setattr(_writer, "create_temporary_file",
                        lambda suffix="": created.append(original(suffix)) or created[-1])
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    out = tmp_path / "counts.xlsx"
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "export-counts",
                          "--from", "2025-01", "--to", "2026-12", "--by", "site",
                          "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    assert zipfile.ZipFile(out).testzip() is None
    assert created == [] and list(spy.iterdir()) == []


@pytest.mark.parametrize("folder", ["O'Brien clinic", 'a "quoted" one', "Xaafadda Cusub ñ ü"])
def test_backup_and_restore_from_a_folder_with_quotes_spaces_and_accents(
        template_store: Path, tmp_path: Path, folder: str) -> None:
    import shutil

    data_dir = tmp_path / folder / "data"
    shutil.copytree(template_store, data_dir)
    store = Store.open(data_dir, ADMIN, ADMIN_PASSWORD)
    out = tmp_path / folder / "backup 'one'.zip"
    try:
        info = store.backup(out)
    finally:
        store.close()
    assert info.tables["account"] >= 1
    assert Store.restore(data_dir, out, ADMIN, ADMIN_PASSWORD) is not None


CONCURRENT_SAVER = """
import sys
from pathlib import Path
from clinic_app.store.facade import Store
from clinic_app.store.screenings import ScreeningInput
data_dir, user, password, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
for n in range(count):
    store = Store.open(data_dir, user, password)  # a sign-in appends to the audit log too
    try:
        store.save_screening(ScreeningInput(
            site="North High", grade=10, age=15, interview_language="en",
            interpreter_used=False, seen_alone=True, confidentiality_explained=True,
            instrument_id="youth-brief-screen", instrument_version="1.1.0",
            answers={"ran-away": "yes", "police-contact": "yes"}))
    finally:
        store.close()
"""


def test_two_processes_saving_at_once_both_succeed_and_the_chain_holds(data_dir: Path) -> None:
    from staff_accounts import NURSE, NURSE_PASSWORD

    runs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_SAVER, str(data_dir), user,
                              password, "15"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
            for user, password in ((NURSE, NURSE_PASSWORD), (LEAD, LEAD_PASSWORD))]
    for process in runs:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        from clinic_app.store.screenings import RecordFilter

        assert store.count_screenings(RecordFilter()) == 30
        result = store.verify_audit()
        assert result.ok, result.reason
    finally:
        store.close()


@pytest.mark.parametrize("where", ["middle", "last page"])
def test_doctor_names_damage_in_one_line_without_sqlcipher_noise(data_dir: Path,
                                                                 where: str) -> None:
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        from clinic_app.store.demo import generate

        generate(store, 2000, seed=1)
    finally:
        store.close()
    path = data_dir / DB_FILE
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2 if where == "middle" else size - 3000)
        handle.write(b"\xff" * 64)
    done = subprocess.run([sys.executable, "-m", "clinic_app", "--data-dir", str(data_dir),
                           "--user", LEAD, "doctor"], capture_output=True, text=True,
                          env={**os.environ, "CLINIC_APP_PASSWORD": LEAD_PASSWORD}, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[:500]
    assert "The store is damaged" in lines[0] and "Restore the last verified backup" in lines[0]
    assert "ERROR CORE" not in done.stderr and "Unexpected" not in done.stderr


@pytest.mark.parametrize("damage", ["store-id", "other-store-keys", "garbage"])
def test_a_damaged_key_file_never_blocks_restoring_the_stores_own_backup(
        open_as, data_dir: Path, tmp_path: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "own.zip"
    open_as(ADMIN).backup(out)
    keys = data_dir / KEY_FILE
    raw = json.loads(keys.read_text(encoding="utf-8"))
    if damage == "store-id":
        raw["store_id"] = "0" * 32
        keys.write_text(json.dumps(raw), encoding="utf-8")
    elif damage == "other-store-keys":
        other = tmp_path / "other"
        Store.create(other, clinic="Other", sites=[], admin=ADMIN,
                     password=ADMIN_PASSWORD).close()
        keys.write_bytes((other / KEY_FILE).read_bytes())
    else:
        keys.write_bytes(b"\x00garbage")
    assert Store.restore(data_dir, out, ADMIN, ADMIN_PASSWORD) is not None
    restored = Store.open(data_dir, ADMIN, ADMIN_PASSWORD)
    try:
        assert restored.verify_audit().ok
    finally:
        restored.close()


def test_a_damaged_key_slot_is_named_and_never_counts_as_a_failed_sign_in(
        data_dir: Path) -> None:
    from clinic_app.errors import KeySlotDamagedError
    from clinic_app.store.keyfile import KeyFile

    password = "a brand new passphrase for the lead"
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    store.change_own_password(LEAD_PASSWORD, password)  # a slot written with its checksum
    store.close()
    keys = KeyFile.load(data_dir / KEY_FILE)
    slot = keys.slots[keys.slot_id(LEAD)]
    assert "check" in slot
    flipped = bytearray(slot["ciphertext"].encode())
    flipped[5] = ord("A") if flipped[5] != ord("A") else ord("B")
    slot["ciphertext"] = flipped.decode()
    keys.save()
    for _n in range(12):
        with pytest.raises(KeySlotDamagedError, match="damaged"):
            Store.open(data_dir, LEAD, password)
    reloaded = KeyFile.load(data_dir / KEY_FILE)
    assert not reloaded.is_locked_out(LEAD) and not reloaded.seconds_until_allowed(LEAD)


def test_restore_guesses_are_throttled_and_users_unlock_lets_the_account_in(  # type: ignore[no-untyped-def]
        open_as, data_dir: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from clinic_app.errors import AuthenticationError
    from clinic_app.store import keyfile
    from clinic_app.store.keyfile import LOCKOUT_FAILURES, THROTTLE_MAX_SECONDS, KeyFile

    out = tmp_path / "b.zip"
    open_as(ADMIN).backup(out)
    now = [1_700_000_000.0]  # a fake clock, moved past each delay: no waiting in the test
    monkeypatch.setattr(keyfile, "clock", lambda: now[0])
    for _n in range(LOCKOUT_FAILURES):
        now[0] += THROTTLE_MAX_SECONDS
        with pytest.raises(AuthenticationError, match="Wrong"):
            Store.restore(data_dir, out, ADMIN, "not the admin's passphrase at all")
    now[0] += THROTTLE_MAX_SECONDS
    assert KeyFile.load(data_dir / KEY_FILE).is_locked_out(ADMIN)
    with pytest.raises(AuthenticationError, match="locked"):
        Store.restore(data_dir, out, ADMIN, ADMIN_PASSWORD)
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out_text, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "users",
                              "unlock", ADMIN)
    assert code == 0, err
    assert "can sign in again" in out_text
    Store.open(data_dir, ADMIN, ADMIN_PASSWORD).close()


@pytest.fixture
def store_on_a_full_disk(template_store: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The template store on a small real file system with no space left."""
    import shutil

    mount = tmp_path / "disk"
    mount.mkdir()
    size = sum(f.stat().st_size for f in template_store.rglob("*") if f.is_file())
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 400_000}", "tmpfs",
                           str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    data_dir = mount / "data"
    shutil.copytree(template_store, data_dir)
    with (mount / "filler").open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    yield data_dir
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_still_lets_doctor_verify_list_and_back_up(store_on_a_full_disk: Path,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, capsys,
                                                               monkeypatch) -> None:
    data_dir = store_on_a_full_disk
    monkeypatch.setenv("CLINIC_APP_PASSWORD", ADMIN_PASSWORD)
    before = (data_dir / DB_FILE).read_bytes()
    for command in (["doctor"], ["audit", "verify"],
                    ["backup", "--out", str(tmp_path / "rescue.zip")]):
        code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", ADMIN, *command)
        assert code == 0, (command, err)
    assert (tmp_path / "rescue.zip").stat().st_size > 0
    from staff_accounts import NURSE, NURSE_PASSWORD

    store = Store.open(data_dir, NURSE, NURSE_PASSWORD)
    try:
        assert store.read_only
        from clinic_app.store.screenings import RecordFilter, ScreeningInput

        assert store.count_screenings(RecordFilter()) == 0
        with pytest.raises(Exception, match="The disk is full"):
            store.save_screening(ScreeningInput(
                site="North High", grade=10, age=15, interview_language="en",
                interpreter_used=False, seen_alone=True, confidentiality_explained=True,
                instrument_id="youth-brief-screen", instrument_version="1.1.0",
                answers={"ran-away": "no"}))
    finally:
        store.close()
    assert (data_dir / DB_FILE).read_bytes() == before


@pytest.fixture
def read_only_store(template_store: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the template store on a real file system remounted read-only."""
    import shutil

    mount = tmp_path / "stick"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        data_dir = mount / "data"
        shutil.copytree(template_store, data_dir)
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield data_dir
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_data_folder_is_read_not_called_damaged(read_only_store: Path,  # type: ignore[no-untyped-def]
                                                           capsys, monkeypatch) -> None:
    data_dir = read_only_store
    monkeypatch.setenv("CLINIC_APP_PASSWORD", ADMIN_PASSWORD)
    for command in (["doctor"], ["audit", "verify"], ["users", "list"]):
        code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", ADMIN,
                              *command)
        assert code == 0, (command, err)
        assert "damaged" not in err and "log" not in err
    monkeypatch.setenv("CLINIC_APP_NEW_PASSWORD", "a long passphrase for nurse seventy")
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "--user", ADMIN, "users",
                          "add", "nurse77", "--role", "nurse")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "nothing was saved" in err or "cannot be written" in err, err

def test_the_window_says_a_read_only_store_cannot_save_and_no_screening_starts(  # type: ignore[no-untyped-def]
        read_only_store: Path, qtbot) -> None:
    from clinic_app.ui.app import AppController

    controller = AppController(read_only_store)
    login = controller.start()
    qtbot.addWidget(login)
    login.username.setText(NURSE)
    login.password.setText(NURSE_PASSWORD)
    with qtbot.waitSignal(login.attempt_finished, timeout=30_000):
        login.try_sign_in()
    window = controller.window
    assert window is not None, login.error.text()
    qtbot.addWidget(window)
    assert window.store.read_only
    assert window.read_only_notice.isVisible()
    assert "full or read-only" in window.read_only_notice.text()
    assert window.show_workspace("screening")
    page = window.findChild(QWidget, "screening_page")
    assert page is not None and not page.flow.isEnabled()
    page.flow.keep_draft()  # locking the screen writes nothing and raises nothing
    controller.sign_out()
