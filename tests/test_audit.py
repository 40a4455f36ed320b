"""The audit log: append-only, and `audit verify` catches each kind of tampering."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE
from support.store_sql import raw_session, run_sql

from clinic_app.cli import main
from clinic_app.store import audit
from clinic_app.store.facade import Store


def entries(store: Store) -> list[tuple[int, str, str]]:
    return run_sql(store, "SELECT id, username, action FROM audit_entry ORDER BY id")


def tamper(store: Store, *statements: str) -> None:
    """What an attacker holding the key could do: drop the triggers and edit rows."""
    with store._engine.begin() as conn:  # noqa: SLF001 - the test plays the attacker
        conn.exec_driver_sql("DROP TRIGGER audit_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_no_delete")
        for statement in statements:
            conn.exec_driver_sql(statement)


@pytest.fixture
def lead_with_history(open_as) -> Store:  # type: ignore[no-untyped-def]
    lead = open_as(LEAD)
    lead.add_account("nurse5", "nurse", "a passphrase for nurse five")
    lead.change_role("nurse5", "educator")
    lead.set_active("nurse5", False)
    assert lead.verify_audit().ok
    return lead


def test_account_changes_and_sign_ins_are_recorded(lead_with_history: Store) -> None:
    actions = [a for _i, _u, a in entries(lead_with_history)]
    for expected in (
        "store_created",
        "account_added",
        "sign_in",
        "role_changed",
        "account_disabled",
    ):
        assert expected in actions


def test_failed_sign_ins_reach_the_log_at_the_next_sign_in(data_dir: Path) -> None:
    with pytest.raises(Exception, match="Wrong"):
        Store.open(data_dir, NURSE, "not the nurse password, sorry")
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        failed = [(u, a) for _i, u, a in entries(store) if a == "sign_in_failed"]
        assert failed == [(NURSE, "sign_in_failed")]
        assert store.verify_audit().ok
    finally:
        store.close()


def test_the_store_refuses_update_and_delete(lead_with_history: Store) -> None:
    with pytest.raises(DatabaseError, match="append-only"), raw_session(lead_with_history) as s:
        s.execute(text("UPDATE audit_entry SET username = 'someone' WHERE id = 2"))
    with pytest.raises(DatabaseError, match="append-only"), raw_session(lead_with_history) as s:
        s.execute(text("DELETE FROM audit_entry WHERE id = 2"))
    assert lead_with_history.verify_audit().ok


def test_changed_entry_is_named(lead_with_history: Store) -> None:
    tamper(lead_with_history, "UPDATE audit_entry SET action = 'sign_in' WHERE id = 3")
    result = lead_with_history.verify_audit()
    assert not result.ok and result.first_bad_id == 3 and "changed" in result.reason


def test_deleted_entry_is_named(lead_with_history: Store) -> None:
    tamper(lead_with_history, "DELETE FROM audit_entry WHERE id = 3")
    result = lead_with_history.verify_audit()
    assert not result.ok and result.first_bad_id == 4 and "missing" in result.reason


def test_deleted_newest_entry_is_caught(lead_with_history: Store) -> None:
    last = entries(lead_with_history)[-1][0]
    tamper(lead_with_history, f"DELETE FROM audit_entry WHERE id = {last}")
    result = lead_with_history.verify_audit()
    assert not result.ok and "newest" in result.reason


def test_inserted_entry_is_named(lead_with_history: Store) -> None:
    rows = entries(lead_with_history)
    tamper(
        lead_with_history,
        "UPDATE audit_entry SET id = id + 1000 WHERE id >= 3",
        "UPDATE audit_entry SET id = id - 999 WHERE id >= 1000",
        "INSERT INTO audit_entry (id, at, username, action, object_type, object_id, "
        "prev_hash, hash) SELECT 3, at, 'intruder', 'sign_in', '', '', hash, hash "
        "FROM audit_entry WHERE id = 2",
    )
    assert len(entries(lead_with_history)) == len(rows) + 1
    result = lead_with_history.verify_audit()
    assert not result.ok and result.first_bad_id == 3


def test_reordered_entries_are_named(lead_with_history: Store) -> None:
    tamper(
        lead_with_history,
        "UPDATE audit_entry SET id = -1 WHERE id = 3",
        "UPDATE audit_entry SET id = 3 WHERE id = 4",
        "UPDATE audit_entry SET id = 4 WHERE id = -1",
    )
    result = lead_with_history.verify_audit()
    assert not result.ok and result.first_bad_id == 3


def test_cli_audit_verify_exit_codes(
    lead_with_history: Store,
    data_dir: Path,
    capsys,  # type: ignore[no-untyped-def]
    monkeypatch,
) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    assert main(["--data-dir", str(data_dir), "--user", LEAD, "audit", "verify"]) == 0
    assert "intact" in capsys.readouterr().out
    tamper(lead_with_history, "UPDATE audit_entry SET username = 'x' WHERE id = 2")
    assert main(["--data-dir", str(data_dir), "--user", LEAD, "audit", "verify"]) == 1
    err = capsys.readouterr().err.strip()
    assert "entry 2" in err and len(err.splitlines()) == 1


def test_chain_head_needs_the_audit_role(open_as) -> None:  # type: ignore[no-untyped-def]
    from clinic_app.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        open_as(NURSE).audit_head()
    head = open_as(LEAD).audit_head()
    assert head.id > 0 and len(head.hash) == 64


def test_hash_covers_every_field() -> None:
    base = ("a" * 64, 1, "2026-01-01T00:00:00.000000Z", "u", "act", "t", "1")
    digest = audit.entry_hash(*base)
    for index in range(len(base)):
        changed = list(base)
        changed[index] = (
            changed[index] + 1 if isinstance(changed[index], int) else changed[index] + "x"
        )
        assert audit.entry_hash(*changed) != digest  # type: ignore[arg-type]


def test_lead_reads_the_log_with_filters(lead_with_history: Store) -> None:
    import datetime as dt

    everything = lead_with_history.audit_entries()
    assert everything[0].id > everything[-1].id  # newest first
    only = lead_with_history.audit_entries(action="account_added")
    assert only[0].object_id == "nurse5" and {r.action for r in only} == {"account_added"}
    assert all(r.username == LEAD for r in lead_with_history.audit_entries(username=LEAD))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert lead_with_history.audit_entries(date_from=tomorrow) == []
    assert lead_with_history.verify_audit().ok


def test_every_recorded_action_has_a_readable_label() -> None:
    """Scan the code for audit action codes; each needs a translatable label."""
    import re
    from pathlib import Path

    from clinic_app.audit_labels import ACTION_LABELS

    root = Path(__file__).resolve().parents[1] / "clinic_app"
    pattern = re.compile(
        r'(?:_audit_in\(session, |record_audit\(|append\(session, [^,]+, )"([a-z_]+)"')
    found = {m for path in root.rglob("*.py") for m in pattern.findall(path.read_text())}
    assert found and found <= set(ACTION_LABELS), sorted(found - set(ACTION_LABELS))


def _forge_append(store: Store) -> list[str]:
    """An attacker appends a well-formed entry (but does not know about the stored head).
    One who also moves the head and holds the key leaves a chain the store cannot tell
    from its own: only the head printed on backups and exports, kept elsewhere, shows it."""
    with raw_session(store) as session:
        last = audit.tail(session)
    at = "2026-12-04T03:00:00.000000Z"
    digest = audit.entry_hash(last.hash, last.id + 1, at, "intruder", "sign_in", "", "")
    return [
        "INSERT INTO audit_entry (id, at, username, action, object_type, object_id, "
        f"prev_hash, hash) VALUES ({last.id + 1}, '{at}', 'intruder', 'sign_in', '', '', "
        f"'{last.hash}', '{digest}')",
    ]


def _truncate_and_fix_head(store: Store, keep: int) -> list[str]:
    (row,) = run_sql(store, f"SELECT hash FROM audit_entry WHERE id = {keep}")
    head = json.dumps({"id": keep, "hash": row[0]})
    return [f"DELETE FROM audit_entry WHERE id > {keep}",
            f"UPDATE setting SET value = '{head}' WHERE key = 'audit.head'"]


@pytest.mark.parametrize("kind", ["newest-removed-and-head-moved", "emptied", "head-deleted",
                                  "forged-append", "newest-removed"])
def test_truncation_is_seen_even_after_the_next_sign_in(lead_with_history: Store,  # type: ignore[no-untyped-def]
                                                        data_dir: Path, kind: str) -> None:
    """Signing in appends an entry and moves the head, so these used to vanish."""
    lead_with_history.close()  # the key file's anchor now names the newest entry
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    last = entries(store)[-1][0]
    statements = {
        "newest-removed-and-head-moved": _truncate_and_fix_head(store, last - 3),
        "emptied": ["DELETE FROM audit_entry", "DELETE FROM setting WHERE key = 'audit.head'"],
        "head-deleted": ["DELETE FROM setting WHERE key = 'audit.head'"],
        "forged-append": _forge_append(store),
        "newest-removed": [f"DELETE FROM audit_entry WHERE id = {last}"],
    }[kind]
    store._keys = store._keys.__class__.load(store._keys.path)  # noqa: SLF001
    tamper(store, *statements)
    store._engine.dispose()  # noqa: SLF001 - the attacker leaves without closing
    again = Store.open(data_dir, LEAD, LEAD_PASSWORD)  # appends a sign-in
    try:
        result = again.verify_audit()
        assert not result.ok, kind
        expected = {"newest-removed-and-head-moved": "removed from the end",
                    "emptied": "emptied", "head-deleted": "head was deleted",
                    "forged-append": "added to the log outside the app",
                    "newest-removed": "removed from the end"}[kind]
        assert expected in result.reason, result.reason
        assert ("audit_tamper_detected" in [row[2] for row in entries(again)]) or kind == "emptied"
    finally:
        again.close()
    later = Store.open(data_dir, LEAD, LEAD_PASSWORD)  # it stays on record
    try:
        assert not later.verify_audit().ok
    finally:
        later.close()


def test_a_changed_anchor_in_the_key_file_is_named(lead_with_history: Store,  # type: ignore[no-untyped-def]
                                                  data_dir: Path) -> None:
    import json as json_module

    from clinic_app.store.facade import KEY_FILE

    lead_with_history.close()
    path = data_dir / KEY_FILE
    raw = json_module.loads(path.read_text(encoding="utf-8"))
    raw["audit_anchor"]["id"] = 1
    path.write_text(json_module.dumps(raw), encoding="utf-8")
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        result = store.verify_audit()
        assert not result.ok and "witness of the audit log was changed" in result.reason
    finally:
        store.close()


def test_an_untouched_store_verifies_after_many_sign_ins(data_dir: Path) -> None:
    for _n in range(3):
        store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
        store.close()
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        assert store.verify_audit().ok
    finally:
        store.close()


def test_backups_and_exports_print_the_head_to_keep_elsewhere(data_dir: Path, capsys,  # type: ignore[no-untyped-def]
                                                              monkeypatch, tmp_path: Path) -> None:
    import json as json_module
    import zipfile

    from staff_accounts import ADMIN, ADMIN_PASSWORD

    monkeypatch.setenv("CLINIC_APP_PASSWORD", ADMIN_PASSWORD)
    out = tmp_path / "b.zip"
    assert main(["--data-dir", str(data_dir), "--user", ADMIN, "backup", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    manifest = json_module.loads(zipfile.ZipFile(out).read("manifest.json"))
    assert manifest["audit_head"].startswith("entry ") and manifest["audit_head"] in printed
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    assert main(["--data-dir", str(data_dir), "--user", LEAD, "export-counts", "--from",
                 "2026-01", "--to", "2026-12", "--format", "json", "--out",
                 str(tmp_path / "c.json")]) == 0
    assert "Audit log head after this export: entry" in capsys.readouterr().out
