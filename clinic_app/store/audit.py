"""The append-only, hash-chained audit log inside the encrypted store.

Each entry's hash covers its id, its fields and the previous entry's hash, so a changed,
deleted, inserted or reordered entry breaks the chain. Triggers refuse UPDATE and
DELETE; the chain head is also kept in a setting so that dropping the newest entries
shows. Entries name actions and object ids, never student content.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from clinic_app.i18n import N_, _
from clinic_app.store.keyfile import AuditAnchor
from clinic_app.store.models import AuditEntry, Setting

GENESIS = "0" * 64
HEAD_SETTING = "audit.head"


def entry_hash(prev_hash: str, entry_id: int, at: str, username: str, action: str,
               object_type: str, object_id: str) -> str:
    """SHA-256 over the previous hash and every field of the entry, unambiguously joined."""
    payload = _ENCODER.encode([prev_hash, entry_id, at, username, action, object_type,
                               object_id])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# What json.dumps(..., separators=(",", ":"), ensure_ascii=False) writes, without making
# a new encoder per entry (verifying a million entries spent 2 s doing that).
_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def append(session: Session, username: str, action: str, object_type: str = "",
           object_id: str = "", at: dt.datetime | None = None) -> AuditEntry:
    """Add one entry in the caller's transaction (so it commits with the change it records)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    prev_id, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    when = (at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    entry_id = prev_id + 1
    digest = entry_hash(prev_hash, entry_id, when, username, action, object_type, object_id)
    entry = AuditEntry(id=entry_id, at=when, username=username, action=action,
                       object_type=object_type, object_id=object_id, prev_hash=prev_hash,
                       hash=digest)
    session.add(entry)
    session.merge(Setting(key=HEAD_SETTING, value=json.dumps({"id": entry_id, "hash": digest})))
    return entry


@dataclass(frozen=True)
class ChainHead:
    id: int
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    """ok, how many entries were checked, and where and why the chain first breaks."""

    ok: bool
    checked: int
    first_bad_id: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    username: str
    action: str
    object_type: str
    object_id: str


def entries(session: Session, *, username: str | None, action: str | None,
            date_from: dt.date | None, date_to: dt.date | None, limit: int) -> list[AuditRow]:
    """Newest first; dates compare on the entry's UTC day."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if username:
        query = query.where(AuditEntry.username == username)
    if action:
        query = query.where(AuditEntry.action == action)
    if date_from:
        query = query.where(AuditEntry.at >= date_from.isoformat())
    if date_to:
        query = query.where(AuditEntry.at < (date_to + dt.timedelta(days=1)).isoformat())
    return [AuditRow(e.id, e.at, e.username, e.action, e.object_type, e.object_id)
            for e in session.scalars(query)]


def actions(session: Session) -> list[str]:
    """Every action that appears in the log (for the filter list)."""
    return list(session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def head(session: Session) -> ChainHead:
    row = session.get(Setting, HEAD_SETTING)
    if row is None:
        return ChainHead(0, GENESIS)
    data = json.loads(row.value)
    return ChainHead(int(data["id"]), str(data["hash"]))


TAMPER_REASONS = {
    "truncated": N_("entries were removed from the end of the log"),
    "emptied": N_("the log was emptied"),
    "head_missing": N_("the stored chain head was deleted"),
    "appended": N_("entries were added to the log outside the app"),
    "rewritten": N_("an entry the key file vouches for was changed or replaced"),
    "anchor_forged": N_("the key file's witness of the audit log was changed"),
}


def tamper_reason(kind: str) -> str:
    return _(TAMPER_REASONS.get(kind, TAMPER_REASONS["rewritten"]))


def tail(session: Session) -> ChainHead:
    """The newest entry actually in the log."""
    row = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return ChainHead(row[0], row[1]) if row else ChainHead(0, GENESIS)


def check_tail(session: Session, anchor: AuditAnchor | None) -> str:
    """What tampering the newest entries show, by name ("" when none): the log's
    newest entry against the stored head and against the key file's anchor. Cheap (a
    few rows), so it runs at every sign-in before anything is appended."""
    if anchor is not None and anchor.broken:
        return anchor.broken
    last = tail(session)
    stored_row = session.get(Setting, HEAD_SETTING)
    if stored_row is None and last.id:
        return "head_missing"
    stored = head(session)
    if anchor is not None and anchor.id:
        if last.id == 0:
            return "emptied"
        if last.id < anchor.id:
            return "truncated"
        at_anchor = session.get(AuditEntry, anchor.id)
        if at_anchor is None or at_anchor.hash != anchor.hash:
            return "rewritten"
    if last.id < stored.id:
        return "truncated"
    if last.id > stored.id or last.hash != stored.hash:
        return "appended" if last.id > stored.id else "rewritten"
    return ""


def verify(session: Session, anchor: AuditAnchor | None = None) -> VerifyResult:
    """Walk the chain in id order; report the first entry that does not fit, then
    what the key file's anchor says (truncation found at a sign-in is named)."""
    expected_prev = GENESIS
    expected_id = 1
    checked = 0
    # The driver's own cursor: a million entries are read as plain tuples.
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("SELECT id, at, username, action, object_type, object_id, prev_hash, hash "
                   "FROM audit_entry ORDER BY id")
    rows = iter(lambda: cursor.fetchmany(10_000), [])
    for entry_id, at, username, action, object_type, object_id, prev_hash, digest in (
            row for batch in rows for row in batch):
        if entry_id != expected_id:
            return VerifyResult(False, checked, entry_id,
                                _("entry {n} is missing before it").format(n=expected_id))
        if prev_hash != expected_prev:
            return VerifyResult(False, checked, entry_id,
                                _("it does not follow the entry before it"))
        if entry_hash(prev_hash, entry_id, at, username, action, object_type,
                      object_id) != digest:
            return VerifyResult(False, checked, entry_id, _("its content was changed"))
        expected_prev = digest
        expected_id += 1
        checked += 1
    stored = head(session)
    if stored.id != checked or (checked and stored.hash != expected_prev):
        return VerifyResult(False, checked, checked + 1 if stored.id > checked else stored.id,
                            _("the newest entries were removed or replaced"))
    if anchor is not None:
        kind = anchor.broken or check_tail(session, anchor)
        if kind:
            return VerifyResult(False, checked, anchor.id or None, tamper_reason(kind))
    return VerifyResult(True, checked)


CREATE_TRIGGERS = (  # SQLite
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)
# The same rule on PostgreSQL (the server backend, issue 13), where the app's database role
# is also granted only INSERT and SELECT on the table.
CREATE_TRIGGERS_POSTGRESQL = (
    "CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$",
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
)
