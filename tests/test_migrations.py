"""Alembic migrations: a store built at the first revision upgrades to the newest."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from clinic_app.store import migrate
from clinic_app.store.crypto import new_data_key
from clinic_app.store.engine import open_engine


def test_store_at_first_revision_upgrades_to_head(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "old.db", new_data_key(), create=True)
    try:
        migrate.upgrade(engine, "0001")
        assert migrate.current_revision(engine) == "0001"
        assert "setting" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO clinic (id, name, created_at) VALUES (1, 'Old Clinic', '2026-01-01')")
        migrate.upgrade(engine)
        assert migrate.current_revision(engine) == migrate.head_revision()
        assert "setting" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT name FROM clinic").scalar() == "Old Clinic"
    finally:
        engine.dispose()


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """Every model table exists after migrating, with the model's columns."""
    from clinic_app.store.models import Base

    engine = open_engine(tmp_path / "new.db", new_data_key(), create=True)
    try:
        migrate.upgrade(engine)
        inspector = inspect(engine)
        for table in Base.metadata.sorted_tables:
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
    finally:
        engine.dispose()


def test_head_constant_matches_alembic() -> None:
    assert migrate.HEAD_REVISION == migrate.head_revision()
