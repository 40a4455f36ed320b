"""The audit log: append-only, and `audit verify` catches each kind of tampering."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from staff_accounts import LEAD, LEAD_PASSWORD, NURSE

from clinic_app.cli import main
from clinic_app.store import audit
from clinic_app.store.facade import Store


def entries(store: Store) -> list[tuple[int, str, str]]:
    with store.session() as session:
        return [
            tuple(r)
            for r in session.execute(  # type: ignore[misc]
                text("SELECT id, username, action FROM audit_entry ORDER BY id")
            )
        ]


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
    with pytest.raises(DatabaseError, match="append-only"), lead_with_history.session() as s:
        s.execute(text("UPDATE audit_entry SET username = 'someone' WHERE id = 2"))
    with pytest.raises(DatabaseError, match="append-only"), lead_with_history.session() as s:
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
    pattern = re.compile(r'(?:audit\(session, |append\(session, [^,]+, )"([a-z_]+)"')
    found = {m for path in root.rglob("*.py") for m in pattern.findall(path.read_text())}
    assert found and found <= set(ACTION_LABELS), sorted(found - set(ACTION_LABELS))
