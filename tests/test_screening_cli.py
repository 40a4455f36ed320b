"""CLI: instrument list/validate/import, screening list, demo-data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from staff_accounts import EDUCATOR, EDUCATOR_PASSWORD, LEAD, LEAD_PASSWORD, NURSE, NURSE_PASSWORD
from test_screenings_store import FIXTURE_NEXT, entry

from clinic_app.cli import main
from clinic_app.store.facade import Store

MALFORMED = Path(__file__).parent / "screening" / "fixtures" / "malformed"


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_instrument_list_json_without_a_store(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "instrument", "list", "--json")
    listing = {entry["id"]: entry for entry in json.loads(out)}
    assert code == 0 and {"youth-brief-screen", "staff-indicator-checklist"} <= set(listing)
    languages = listing["youth-brief-screen"]["versions"][0]["languages"]
    assert set(languages) == {"en", "es", "hmn", "so"} and languages["so"] == "draft"


def test_instrument_validate(capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "instrument", "validate", str(FIXTURE_NEXT))[0] == 0
    for bad in sorted(MALFORMED.glob("*.toml"))[:4]:
        code, out, err = run(capsys, "instrument", "validate", str(bad))
        assert code == 1 and bad.name in out and "problem" in err


def test_instrument_import_needs_the_content_role(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", NURSE_PASSWORD)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--user", NURSE, "instrument",
                       "import", str(FIXTURE_NEXT))
    assert code == 1 and "Permission denied" in err
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "instrument",
                       "import", str(FIXTURE_NEXT))
    assert code == 0 and "Installed youth-brief-screen 1.9.0" in out


def test_screening_list_json_has_no_free_text(data_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store = Store.open(data_dir, NURSE, NURSE_PASSWORD)
    code_saved, _ = store.save_screening(entry())
    store.close()
    monkeypatch.setenv("CLINIC_APP_PASSWORD", NURSE_PASSWORD)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "--user", NURSE, "screening",
                       "list", "--json")
    rows = json.loads(out)
    assert code == 0 and rows[0]["record_code"] == code_saved
    assert "free text" not in out and "notes" not in rows[0]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", EDUCATOR_PASSWORD)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--user", EDUCATOR, "screening",
                       "list")
    assert code == 1 and "Permission denied" in err


def test_demo_data_is_refused_on_a_store_with_real_records(data_dir: Path, capsys,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "demo-data",
                       "--screenings", "500", "--seed", "7")
    assert code == 0 and "500" in out
    store = Store.open(data_dir, LEAD, LEAD_PASSWORD)
    try:
        from clinic_app.store.screenings import RecordFilter

        rows = store.list_screenings(RecordFilter(), limit=500)
        levels = {r.level for r in rows}
        assert len(rows) == 500 and len(levels) >= 2
        assert levels <= {"none", "incomplete", "possible", "clear"}
        store.save_screening(entry())
    finally:
        store.close()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "demo-data",
                       "--screenings", "5")
    assert code == 1 and "real screenings" in err


@pytest.mark.parametrize("count", ["0", "-3"])
def test_demo_data_count_is_checked(data_dir: Path, capsys, monkeypatch, count: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CLINIC_APP_PASSWORD", LEAD_PASSWORD)
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--user", LEAD, "demo-data",
                       "--screenings", count)
    assert code == 1 and "from 1 to" in err
