"""What signing in writes and reads, apart from the facade that unlocks the store: the
sign-in itself with the tampering check and the failed sign-ins the key file noted, and
the read-only sign-in used when the disk is full."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from clinic_app.store import audit
from clinic_app.store.instruments import sync_bundled
from clinic_app.store.keyfile import KeyFile
from clinic_app.store.models import Account
from clinic_app.store.types import StaffUser


def record_sign_in(engine: Engine, keys: KeyFile, data_key: bytes,
                   name: str) -> tuple[StaffUser | None, str, audit.ChainHead, bool]:
    """Record the sign-in: tampering found first, failed sign-ins waiting in the key file,
    bundled content, then the sign-in itself. Returns (user, tampering, newest entry,
    whether the store marks the account locked)."""
    with Session(engine) as session, session.begin():
        # Before anything is appended: do the newest entries match both witnesses?
        tampered = audit.check_tail(session, keys.anchor(data_key))
        account = session.scalar(select(Account).where(Account.username == name))
        if tampered:
            audit.append(session, name, "audit_tamper_detected", "audit", tampered)
        _record_failed_sign_ins(session, keys)
        sync_bundled(session)
        user = StaffUser(name, account.role) if account and account.active else None
        # A key file whose lockout entry was deleted or lost: the store's mark holds.
        locked = account is not None and account.locked_at is not None
        if locked:
            user = None
        audit.append(session, name, "sign_in" if user else "sign_in_refused", "account", name)
        newest = audit.tail(session)
    return user, tampered, newest, locked


def read_only_user(engine: Engine, name: str) -> StaffUser | None:
    """The account signing in on a full or read-only disk, read without writing."""
    with Session(engine) as session:
        account = session.scalar(select(Account).where(Account.username == name))
        return StaffUser(name, account.role) if account and account.active else None


def _record_failed_sign_ins(session: Session, keys: KeyFile) -> None:
    """Move failed sign-ins noted in the key file into the audit log."""
    pending = keys.take_pending_failures()
    if not pending:
        return
    names = {keys.slot_id(n): n for n in session.scalars(select(Account.username))}
    for failure in pending:
        when = dt.datetime.fromtimestamp(float(failure.get("at", 0)), dt.UTC)
        name = names.get(str(failure.get("slot")), "")
        audit.append(session, name or "?", "sign_in_failed", "account", name or "unknown", at=when)
        if failure.get("locked"):
            audit.append(session, name or "?", "account_locked", "account", name or "unknown",
                         at=when)
            account = session.scalar(select(Account).where(Account.username == name))
            if account is not None:
                account.locked_at = when.replace(tzinfo=None)
