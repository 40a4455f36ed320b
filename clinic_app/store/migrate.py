"""Apply Alembic migrations to an open store.

Opening an up-to-date store is the common case, so it is answered with one query
against `alembic_version` and HEAD_REVISION, without loading Alembic at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError, ProgrammingError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
# The newest revision in migrations/versions; a test checks it against Alembic's head.
HEAD_REVISION = "0011"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this version of the app knows (asked of Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision (None for an empty store)."""
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):  # no alembic_version table yet
            return None  # (SQLite says OperationalError, PostgreSQL ProgrammingError)


def upgrade(engine: Engine, target: str = "head") -> None:
    """Bring the store's schema to `target` (skipped when it is already at the head)."""
    if target == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
