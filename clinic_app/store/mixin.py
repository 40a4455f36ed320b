"""The part of the Store facade that its operation mixins (screenings, deliveries,
contacts, ...) rely on, declared once for type checkers.

`_session()` is a write transaction, `_reading()` a read-only snapshot and
`_audit_in(session, ...)` records an audit entry in the caller's transaction. They are
private to the store: code outside `clinic_app/store/` calls named operations (and
`record_audit` for work done outside the store)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from clinic_app.store.types import StaffUser

if TYPE_CHECKING:
    from clinic_app.store.keyfile import KeyFile


class StoreMixin:
    """Base of every operation mixin; the facade provides the real members."""

    user: StaffUser
    data_dir: Path
    read_only: bool
    _engine: Engine
    _keys: KeyFile
    _data_key: bytes

    if TYPE_CHECKING:
        def record_audit(self, action: str, object_type: str = "",
                         object_id: str = "") -> None: ...

        def _session(self) -> AbstractContextManager[Session]: ...

        def _reading(self) -> AbstractContextManager[Session]: ...

        def _audit_in(self, session: Session, action: str, object_type: str = "",
                      object_id: str = "") -> None: ...
