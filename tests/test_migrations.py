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


def test_a_required_report_saved_before_0007_stays_required_and_is_not_pending(
        tmp_path: Path) -> None:
    """Records from before the report decision keep their duty and its deadlines; they
    were never asked, so they do not appear as decisions to make."""
    engine = open_engine(tmp_path / "old.db", new_data_key(), create=True)
    try:
        migrate.upgrade(engine, "0006")
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO clinic (id, name, created_at) VALUES (1, 'Old Clinic', '2026-01-01')")
            conn.exec_driver_sql(
                "INSERT INTO site (id, clinic_id, name, active) VALUES (1, 1, 'North High', 1)")
            conn.exec_driver_sql(
                "INSERT INTO screening (record_code, site_id, grade, age, interview_language, "
                "interpreter_used, seen_alone, confidentiality_explained, instrument_id, "
                "instrument_version, screened_on, month, level, red_flag, revision, "
                "referral_given, report_required, created_by, created_at, synthetic) VALUES "
                "('SC-OLD1-0001', 1, 10, 15, 'en', 0, 1, 1, 'youth-brief-screen', '1.0.0', "
                "'2026-11-30', '2026-11', 'clear', 1, 1, 1, 1, 'nurse', '2026-11-30', 0)")
        migrate.upgrade(engine)
        with engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT report_required, report_prompted, report_decision FROM screening"
            ).one()
        assert tuple(row) == (1, 0, None)
    finally:
        engine.dispose()
