"""`clinic-app export-counts`: formats, the lead-only rule, and errors that name the problem."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from reports_data import common_rows, replace_screenings, site_ids
from staff_accounts import EDUCATOR, LEAD, NURSE, PASSWORDS

from clinic_app.cli import main
from clinic_app.store.facade import Store


def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, data_dir: Path,
        user: str, *argv: str) -> tuple[int, str, str]:
    monkeypatch.setenv("CLINIC_APP_PASSWORD", PASSWORDS[user])
    code = main(["--data-dir", str(data_dir), "--user", user, "export-counts", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(data_dir: Path, open_as: Callable[[str], Store]) -> Path:
    store = open_as(LEAD)
    replace_screenings(store, common_rows(site_ids(store)))
    store.close()
    return data_dir


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_the_lead_exports_each_format(filled: Path, tmp_path: Path, capsys, monkeypatch,  # type: ignore[no-untyped-def]
                                      fmt: str) -> None:
    out = tmp_path / f"counts.{fmt}"
    code, stdout, err = run(capsys, monkeypatch, filled, LEAD, "--from", "2026-01", "--to",
                            "2026-03", "--by", "month,site,grade_band,concern_level",
                            "--format", fmt, "--out", str(out))
    assert code == 0, err
    assert str(out) in stdout
    if fmt == "json":
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert doc["tables"][0]["breakdowns"] == ["month", "site", "grade_band", "concern_level"]
        assert doc["tables"][1]["breakdowns"] == ["month", "site", "grade_band"]
    elif fmt == "csv":
        text = out.read_text(encoding="utf-8")
        assert not text.startswith("\ufeff")
        rows = list(csv.reader(line for line in text.splitlines()
                               if line and not line.startswith("#")))
        assert rows[0] == ["table", "month", "site", "grade_band", "concern_level", "measure",
                           "count", "percent"]
        assert all(r[6] == "suppressed" or not 0 < int(r[6]) < 11 for r in rows[1:])
    else:
        from openpyxl import load_workbook

        book = load_workbook(out)
        assert book.sheetnames[0] == "Notes"
        notes = {row[0]: row[1] for row in book["Notes"].iter_rows(min_row=2, values_only=True)}
        assert notes["Clinic"] == "Test Clinic" and "1 to 10" in notes["Suppression rule"]


def test_excel_csv_has_a_byte_order_mark(filled: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                         monkeypatch) -> None:
    out = tmp_path / "excel.csv"
    code, _out, err = run(capsys, monkeypatch, filled, LEAD, "--from", "2026-01", "--to",
                          "2026-03", "--format", "csv", "--excel", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"


@pytest.mark.parametrize("user", [NURSE, EDUCATOR])
def test_nurse_and_educator_get_a_permission_message(data_dir: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                     monkeypatch, user: str) -> None:
    out = tmp_path / "x.csv"
    code, _out, err = run(capsys, monkeypatch, data_dir, user, "--from", "2026-01", "--to",
                          "2026-03", "--format", "csv", "--out", str(out))
    assert code == 1
    assert "Permission denied" in err and "export counts" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--from", "2026-13", "--to", "2026-03"), "From: '2026-13' is not a month"),
    (("--from", "2026-01", "--to", "March"), "To: 'March' is not a month"),
    (("--from", "2026-05", "--to", "2026-01"), "starts (2026-05) after it ends (2026-01)"),
    (("--from", "2026-01", "--to", "2026-03", "--by", "month,shoe_size"),
     "Unknown breakdown 'shoe_size'"),
    (("--from", "2026-01", "--to", "2026-03", "--by", "month,quarter"),
     "only one of month, quarter"),
    (("--from", "2026-01", "--to", "2026-03", "--threshold", "5"), "cannot be lower than 11"),
])
def test_bad_input_exits_1_naming_the_problem(data_dir: Path, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                              monkeypatch, args: tuple[str, ...],
                                              message: str) -> None:
    code, _out, err = run(capsys, monkeypatch, data_dir, LEAD, *args, "--format", "json",
                          "--out", str(tmp_path / "x.json"))
    assert code == 1
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.json").exists()
