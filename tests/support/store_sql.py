"""Tests only: raw SQL on an open store, for setting up odd states and looking at rows
no named operation shows (audit entries, query plans, PRAGMAs).

The application never does this: outside `clinic_app/store/` code calls the store's
named operations, and the store's transactions are private. Tests (and only tests) reach
them through this one module, so a change to the store's transactions is made here once.
Never nest these in another store transaction: a store has one connection per thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from clinic_app.store.facade import Store


@contextmanager
def raw_session(store: Store) -> Iterator[Session]:
    """The store's own write transaction: committed on success, rolled back on error."""
    with store._session() as session:  # noqa: SLF001 - tests only
        yield session


def run_sql(store: Store, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple]:
    """Run one SQL statement in its own transaction; the rows it returns, as tuples."""
    with raw_session(store) as session:
        result = session.execute(text(sql), dict(params or {}))
        return [tuple(row) for row in result] if result.returns_rows else []
