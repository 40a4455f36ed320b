"""The part of the Store facade that its operation mixins (screenings, deliveries,
contacts, ...) rely on, declared once for type checkers.

`_session()` is a write transaction, `_reading()` a read-only snapshot and
`_audit_in(session, ...)` records an audit entry in the caller's transaction. They are
private to the store: code outside `clinic_app/store/` calls named operations (and
`record_audit` for work done outside the store)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from clinic_app.store.types import StaffUser


class StoreMixin:
    """Base of every operation mixin; the facade provides the real members."""

    user: StaffUser

    if TYPE_CHECKING:
        def _session(self) -> AbstractContextManager[Session]: ...

        def _reading(self) -> AbstractContextManager[Session]: ...

        def _audit_in(self, session: Session, action: str, object_type: str = "",
                      object_id: str = "") -> None: ...
