"""The part of the Store facade that its operation mixins (screenings, deliveries,
contacts, ...) rely on, declared once for type checkers."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from clinic_app.store.types import StaffUser


class StoreMixin:
    """Base of every operation mixin; the facade provides the real members."""

    user: StaffUser

    if TYPE_CHECKING:
        def session(self) -> AbstractContextManager[Session]: ...

        def reading(self) -> AbstractContextManager[Session]: ...

        def audit(self, session: Session, action: str, object_type: str = "",
                  object_id: str = "") -> None: ...
