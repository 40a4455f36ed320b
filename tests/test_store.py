"""The encrypted store: creation, unlocking, key slots, refusals that leave bytes unchanged."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD
from support.store_sql import raw_session

from clinic_app.errors import (
    AuthenticationError,
    EncryptionUnavailableError,
    KeySlotDamagedError,
    NotAStoreError,
    PermissionDenied,
    StoreError,
    ValidationError,
)
from clinic_app.store.facade import DB_FILE, KEY_FILE, Store


def db_bytes(data_dir: Path) -> bytes:
    return (data_dir / DB_FILE).read_bytes()


def test_new_store_is_encrypted_from_the_first_byte(data_dir: Path) -> None:
    raw = db_bytes(data_dir)
    assert not raw.startswith(b"SQLite format 3")
    assert b"Test Clinic" not in raw and b"North High" not in raw and b"nurse1" not in raw


def test_key_file_holds_no_names(data_dir: Path) -> None:
    text = (data_dir / KEY_FILE).read_text()
    assert "nurse1" not in text and "lead1" not in text and "Test Clinic" not in text


def test_each_account_unlocks_the_same_store(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    nurse = open_as(NURSE)
    assert lead.user.role == "lead" and nurse.user.role == "nurse"
    assert nurse.clinic_profile().name == "Test Clinic"
    assert nurse.clinic_profile().sites == ("North High", "South High")


def test_wrong_password_is_refused_and_the_file_is_unchanged(data_dir: Path) -> None:
    before = db_bytes(data_dir)
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        Store.open(data_dir, LEAD, "not the right password at all")
    with pytest.raises(AuthenticationError):
        Store.open(data_dir, "nobody", "not the right password at all")
    assert db_bytes(data_dir) == before


def test_damaged_key_slot_is_named_and_the_file_is_unchanged(data_dir: Path) -> None:
    before = db_bytes(data_dir)
    keys = json.loads((data_dir / KEY_FILE).read_text())
    for slot in keys["slots"].values():
        slot["nonce"] = "not base64!"
    (data_dir / KEY_FILE).write_text(json.dumps(keys))
    with pytest.raises(KeySlotDamagedError, match="damaged"):
        Store.open(data_dir, LEAD, LEAD_PASSWORD)
    assert db_bytes(data_dir) == before


def test_altered_ciphertext_does_not_unlock(data_dir: Path) -> None:
    keys = json.loads((data_dir / KEY_FILE).read_text())
    from clinic_app.errors import KeySlotDamagedError
    from clinic_app.store.keyfile import _slot_check

    for slot in keys["slots"].values():
        slot["ciphertext"] = "A" * 64
    (data_dir / KEY_FILE).write_text(json.dumps(keys))
    with pytest.raises((AuthenticationError, KeySlotDamagedError)):  # damaged: named so
        Store.open(data_dir, LEAD, LEAD_PASSWORD)
    for slot in keys["slots"].values():
        slot["check"] = _slot_check(slot)  # a forger can fix the (public) checksum ...
    (data_dir / KEY_FILE).write_text(json.dumps(keys))
    with pytest.raises(AuthenticationError):  # ... but the key still does not unwrap
        Store.open(data_dir, LEAD, LEAD_PASSWORD)


def test_a_file_that_is_not_a_store_is_refused_unchanged(data_dir: Path) -> None:
    junk = b"this is a spreadsheet, not a store\n" * 200
    (data_dir / DB_FILE).write_bytes(junk)
    with pytest.raises(NotAStoreError, match="not a clinic-app store"):
        Store.open(data_dir, LEAD, LEAD_PASSWORD)
    assert db_bytes(data_dir) == junk


def test_garbage_key_file_is_not_a_store(data_dir: Path) -> None:
    (data_dir / KEY_FILE).write_text("{not json")
    with pytest.raises(NotAStoreError, match="key file"):
        Store.open(data_dir, LEAD, LEAD_PASSWORD)


def test_missing_store_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(NotAStoreError, match="clinic-app init"):
        Store.open(tmp_path, LEAD, LEAD_PASSWORD)


def test_create_refuses_to_overwrite(data_dir: Path) -> None:
    before = db_bytes(data_dir)
    with pytest.raises(StoreError, match="already exists"):
        Store.create(data_dir, clinic="X", sites=[], admin="other", password=LEAD_PASSWORD)
    assert db_bytes(data_dir) == before


def test_disabled_account_cannot_unlock_and_reenabling_needs_a_new_password(open_as,  # type: ignore[no-untyped-def]
                                                                           data_dir: Path) -> None:
    lead = open_as(LEAD)
    slots_before = len(json.loads((data_dir / KEY_FILE).read_text())["slots"])
    lead.set_active(NURSE, False)
    assert len(json.loads((data_dir / KEY_FILE).read_text())["slots"]) == slots_before - 1
    with pytest.raises(AuthenticationError):
        Store.open(data_dir, NURSE, NURSE_PASSWORD)
    lead.set_active(NURSE, True)
    lead.reset_password(NURSE, "a brand new nurse passphrase")
    Store.open(data_dir, NURSE, "a brand new nurse passphrase").close()


def test_adding_an_account_does_not_reencrypt(open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    header = db_bytes(data_dir)[:16]  # SQLCipher's salt: a new key would mean a new file
    lead.add_account("nurse2", "nurse", "yet another nurse passphrase")
    assert db_bytes(data_dir)[:16] == header
    Store.open(data_dir, "nurse2", "yet another nurse passphrase").close()


def test_only_managers_manage_accounts(open_as) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    with pytest.raises(PermissionDenied, match="manage staff accounts"):
        nurse.add_account("sneaky", "lead", "a long enough passphrase here")
    with pytest.raises(PermissionDenied):
        nurse.list_accounts()


def test_last_lead_cannot_be_disabled(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "d", clinic="C", sites=[], admin=LEAD, password=LEAD_PASSWORD)
    try:
        with pytest.raises(ValidationError, match="last active lead"):
            store.set_active(LEAD, False)
        with pytest.raises(ValidationError, match="last active lead"):
            store.change_role(LEAD, "nurse")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("username", "role", "password", "message"),
    [
        ("nurse9", "nurse", "short", "too short"),
        ("nurse9", "nurse", "passwordpassword", "too common"),
        ("nurse9", "nurse", "aaaaaaaaaaaaaaaaaaaa", "too common"),
        ("nurse9", "nurse", "123456789012345", "too common"),
        ("x", "nurse", "a long enough passphrase here", "not valid"),
        ("nurse9", "janitor", "a long enough passphrase here", "Unknown role"),
        ("lead1", "nurse", "a long enough passphrase here", "taken"),
    ],
)
def test_bad_account_input_is_named(open_as, username: str, role: str, password: str,  # type: ignore[no-untyped-def]
                                    message: str) -> None:
    lead = open_as(LEAD)
    with pytest.raises(ValidationError, match=message):
        lead.add_account(username, role, password)


def test_failed_sign_ins_are_throttled(data_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.store import keyfile

    now = [1_700_000_000.0]  # a fake clock: the test never depends on how fast it runs
    monkeypatch.setattr(keyfile, "clock", lambda: now[0])
    for _attempt in range(3):
        with pytest.raises(AuthenticationError, match="Wrong"):
            Store.open(data_dir, NURSE, "wrong wrong wrong wrong")
    with pytest.raises(AuthenticationError, match="Too many failed sign-ins"):
        Store.open(data_dir, NURSE, NURSE_PASSWORD)
    now[0] += 1  # the first delay has passed
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()


def test_own_password_change_needs_the_old_one(open_as, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    nurse = open_as(NURSE)
    with pytest.raises(AuthenticationError):
        nurse.change_own_password("not my password at all", "my new long passphrase")
    nurse.change_own_password(NURSE_PASSWORD, "my new long passphrase")
    Store.open(data_dir, NURSE, "my new long passphrase").close()


def test_without_sqlcipher_the_app_refuses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # A None entry in sys.modules makes `import sqlcipher3.dbapi2` raise ImportError.
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setitem(sys.modules, "sqlcipher3.dbapi2", None)
    with pytest.raises(EncryptionUnavailableError, match="SQLCipher is not installed"):
        Store.create(tmp_path / "d", clinic="C", sites=[], admin=LEAD, password=LEAD_PASSWORD)
    assert not (tmp_path / "d" / DB_FILE).exists()


def test_wal_and_full_sync_are_on(open_as) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    lead = open_as(LEAD)
    with raw_session(lead) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_integrity_check_passes(open_as) -> None:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    assert lead.integrity_problems() == []
    assert lead.schema_version()[0] == lead.schema_version()[1]


def test_repeated_failures_lock_the_account_until_a_lead_unlocks(open_as, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    from clinic_app.store import keyfile

    now = [1_700_000_000.0]  # a fake clock, moved past each delay: no waiting in the test
    monkeypatch.setattr(keyfile, "clock", lambda: now[0])
    for _attempt in range(keyfile.LOCKOUT_FAILURES):
        now[0] += keyfile.THROTTLE_MAX_SECONDS
        with pytest.raises(AuthenticationError, match="Wrong"):
            Store.open(data_dir, NURSE, "wrong wrong wrong wrong")
    now[0] += keyfile.THROTTLE_MAX_SECONDS
    with pytest.raises(AuthenticationError, match="locked"):
        Store.open(data_dir, NURSE, NURSE_PASSWORD)  # even the right password
    lead = open_as(LEAD)
    assert [a.locked for a in lead.list_accounts() if a.username == NURSE] == [True]
    lead.unlock_account(NURSE)
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()
    actions = [r.action for r in lead.audit_entries(username=NURSE)]
    assert "account_locked" in actions and "sign_in_failed" in actions
    assert "account_unlocked" in [r.action for r in lead.audit_entries(username=LEAD)]


def test_a_lockout_recorded_in_the_store_holds_when_the_key_file_entry_is_deleted(  # type: ignore[no-untyped-def]
        open_as, data_dir: Path, monkeypatch) -> None:
    import json

    from clinic_app.store import keyfile

    now = [1_700_000_000.0]  # a fake clock, moved past each delay: no waiting in the test
    monkeypatch.setattr(keyfile, "clock", lambda: now[0])
    for _attempt in range(keyfile.LOCKOUT_FAILURES):
        now[0] += keyfile.THROTTLE_MAX_SECONDS
        with pytest.raises(AuthenticationError, match="Wrong"):
            Store.open(data_dir, NURSE, "wrong wrong wrong wrong")
    open_as(LEAD)  # the next sign-in moves the lockout into the encrypted store
    key_path = data_dir / KEY_FILE
    raw = json.loads(key_path.read_text())
    raw["throttle"], raw["pending_failures"] = {}, []  # what a local attacker could do
    key_path.write_text(json.dumps(raw))
    with pytest.raises(AuthenticationError, match="locked"):
        Store.open(data_dir, NURSE, NURSE_PASSWORD)
    lead = open_as(LEAD)
    assert [a.locked for a in lead.list_accounts() if a.username == NURSE] == [True]
    assert "sign_in_refused" in [r.action for r in lead.audit_entries(username=NURSE)]
    lead.unlock_account(NURSE)
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()
    assert [a.locked for a in lead.list_accounts() if a.username == NURSE] == [False]


def test_ten_wrong_passwords_at_the_lock_screen_lock_the_account(open_as, data_dir: Path,  # type: ignore[no-untyped-def]
                                                                  monkeypatch) -> None:
    from clinic_app.store import keyfile

    now = [1_700_000_000.0]  # a fake clock, moved past each delay: no waiting in the test
    monkeypatch.setattr(keyfile, "clock", lambda: now[0])
    nurse = open_as(NURSE)
    for _attempt in range(keyfile.LOCKOUT_FAILURES):
        now[0] += keyfile.THROTTLE_MAX_SECONDS
        assert not nurse.verify_password("wrong wrong wrong wrong")
    now[0] += keyfile.THROTTLE_MAX_SECONDS
    assert not nurse.verify_password(NURSE_PASSWORD)  # locked: only a lead unlocks it
    lead = open_as(LEAD)
    assert [a.locked for a in lead.list_accounts() if a.username == NURSE] == [True]
    assert "account_locked" in [r.action for r in lead.audit_entries(username=NURSE)]


def test_the_shipped_key_slot_cost_is_raised_and_older_slots_are_remade_at_sign_in(  # type: ignore[no-untyped-def]
        data_dir: Path, monkeypatch) -> None:
    from clinic_app.store import crypto
    from clinic_app.store.keyfile import KeyFile

    shipped = crypto.KdfParams()
    assert shipped.memory_kib >= 128 * 1024 and shipped.iterations >= 4  # bench/security.py
    stronger = crypto.KdfParams(memory_kib=24 * 1024, iterations=3)  # cheap stand-in
    monkeypatch.setattr(crypto, "DEFAULT_KDF", stronger)
    keys = KeyFile.load(data_dir / KEY_FILE)
    assert keys.needs_stronger_slot(NURSE)
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()
    keys = KeyFile.load(data_dir / KEY_FILE)
    assert not keys.needs_stronger_slot(NURSE)
    assert keys.get_slot(NURSE).kdf == stronger
    assert keys.needs_stronger_slot(LEAD)  # only the account that signed in
    Store.open(data_dir, NURSE, NURSE_PASSWORD).close()  # the new slot opens


def test_a_key_slot_asking_for_a_huge_cost_reads_as_damaged_not_as_a_memory_bomb(
        data_dir: Path) -> None:
    key_path = data_dir / KEY_FILE
    raw = json.loads(key_path.read_text())
    for slot in raw["slots"].values():
        slot["kdf"]["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
        slot.pop("check")  # as a slot written before the checksum existed
    key_path.write_text(json.dumps(raw))
    with pytest.raises(KeySlotDamagedError):
        Store.open(data_dir, NURSE, NURSE_PASSWORD)


def test_a_read_neither_waits_for_a_save_nor_loses_its_connection_to_other_threads(  # type: ignore[no-untyped-def]
        open_as) -> None:
    import threading

    from clinic_app.store.screenings import RecordFilter

    nurse = open_as(NURSE)
    nurse.count_screenings(RecordFilter())  # this thread's connection
    holding, release = threading.Event(), threading.Event()

    def long_save() -> None:
        with raw_session(nurse):  # holds the write lock (BEGIN IMMEDIATE) until released
            holding.set()
            release.wait(10)

    writer = threading.Thread(target=long_save)
    writer.start()
    assert holding.wait(5)
    try:
        assert nurse.count_screenings(RecordFilter()) == 0  # not blocked by the save
        assert nurse.list_screenings(RecordFilter()) == []
    finally:
        release.set()
        writer.join()
    # More threads than SQLAlchemy's default pool of five: none closes another's connection.
    readers = [threading.Thread(target=lambda: nurse.count_screenings(RecordFilter()))
               for _n in range(12)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    assert nurse.count_screenings(RecordFilter()) == 0
