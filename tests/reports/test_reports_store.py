"""Counts from the encrypted store: GROUP BY only, suppression over random stores, the rare
student, lessons by language, permissions and audit."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reports_checks import (
    exposed_cells,
    lines_with_one_hidden,
    small_published,
    telling_lines,
    zeros_held_at_zero,
)
from reports_data import add_deliveries, common_rows, replace_screenings, screening_row, site_ids
from sqlalchemy import event, select
from staff_accounts import ADMIN, EDUCATOR, LEAD, NURSE
from support.store_sql import raw_session

from clinic_app.errors import PermissionDenied
from clinic_app.reports import ReportRequest
from clinic_app.reports.dashboard import dashboard_request
from clinic_app.store.facade import Store
from clinic_app.store.models import AuditEntry

BY = ("month", "site", "grade_band", "concern_level")

row_spec = st.tuples(
    st.sampled_from(("2026-01", "2026-02", "2026-03")),
    st.sampled_from(("North High", "South High")),
    st.sampled_from((7, 10)),
    st.sampled_from(("none", "incomplete", "possible", "clear")),
    st.booleans(),
    st.integers(1, 30),
)


@pytest.fixture
def lead(open_as: Callable[[str], Store]) -> Store:
    return open_as(LEAD)


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(specs=st.lists(row_spec, min_size=1, max_size=10))
def test_random_stores_publish_no_small_or_recoverable_count(lead: Store, tmp_path: Path,
                                                             specs) -> None:  # type: ignore[no-untyped-def]
    sites = site_ids(lead)
    rows = [screening_row(sites, month=m, site=s, grade=g, level=lv, referral=ref)
            for m, s, g, lv, ref, n in specs for _i in range(n)]
    replace_screenings(lead, rows)
    request = ReportRequest.for_breakdowns("2026-01", "2026-03",
                                           (*BY, "referral_given"))
    report = lead.export_counts(request, "json", tmp_path / "c.json")
    assert small_published(report) == []
    assert lines_with_one_hidden(report) == []
    assert exposed_cells(report, "screenings", "screenings") == set()
    band = {7: "6-8", 10: "9-12"}

    def true(name: frozenset) -> int:
        where = dict(name)
        return sum(n for m, s, g, lv, ref, n in specs
                   if (where.get("month", m), where.get("site", s),
                       where.get("grade_band", band[g]), where.get("concern_level", lv),
                       where.get("referral_given", "yes" if ref else "no"))
                   == (m, s, band[g], lv, "yes" if ref else "no"))

    assert telling_lines(report, "screenings", "screenings", true, strict=True) == []
    assert zeros_held_at_zero(report, "screenings", "screenings", true) == set()
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    for row in doc["tables"][0]["rows"]:
        assert row["screenings"] is None or not 0 < row["screenings"] < 11
        if row["screenings"] is None:
            continue
        expected = sum(
            n for m, s, g, lv, ref, n in specs
            if row["month"] in (None, m) and row["site"] in (None, s)
            and row["grade_band"] in (None, band[g]) and row["concern_level"] in (None, lv)
            and row["referral_given"] in (None, "yes" if ref else "no"))
        assert row["screenings"] == expected


def test_a_small_month_of_clear_concerns_shows_no_telling_zero(lead: Store,
                                                                tmp_path: Path) -> None:
    """Issue 12 as the committee met it: six screenings in January, all with a clear
    concern, a referral and a report. The export showed no concern 0, possible 0, clear
    hidden, total hidden, so everyone screened in January had a clear concern."""
    sites = site_ids(lead)
    rows = [r for r in common_rows(sites) if r["month"] != "2026-01"]
    rows += [screening_row(sites, month="2026-01", site="North High", level="clear",
                           referral=True, report=True, follow_up="open") for _i in range(6)]
    replace_screenings(lead, rows)
    request = ReportRequest.for_breakdowns("2026-01", "2026-03", ("month", "concern_level"))
    lead.export_counts(request, "csv", tmp_path / "c.csv")
    text = (tmp_path / "c.csv").read_text(encoding="utf-8")
    january = {line.split(",")[2]: line.split(",")[4] for line in text.splitlines()
               if line.startswith("screenings,2026-01,")}
    assert january["(all)"] == "suppressed" and january["clear"] == "suppressed"
    assert january["none"] == "suppressed" and january["possible"] == "suppressed"
    # nobody in the period was incomplete: the period's own line shows that zero
    assert january["incomplete"] == "0"
    assert "Zeros may be hidden too" in text
    report = lead.build_counts_report(dashboard_request("2026-01", "2026-03"))
    month = {"month": "2026-01"}
    assert report.table("by_level").value("screenings", **month) is None
    assert report.table("referrals").value("screenings", **month, referral_given="no") is None
    assert report.table("reports").value("screenings", **month, report_made="no") is None
    assert all(report.table("follow_ups").value("screenings", **month, follow_up=v) is None
               for v in ("none", "done", "overdue"))
    assert exposed_cells(report, "screenings", "screenings") == set()
    assert report.table("by_level").value("screenings") == len(rows)


def test_counts_come_from_group_by_queries_only(lead: Store) -> None:
    replace_screenings(lead, common_rows(site_ids(lead)))
    statements: list[str] = []
    engine = lead._engine  # noqa: SLF001 - watching the SQL is the point of this test

    def watch(conn, cursor, statement, params, context, many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", watch)
    try:
        lead.build_counts_report(ReportRequest.for_breakdowns("2026-01", "2026-03", BY))
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    reads = [s for s in statements if "FROM screening" in s]
    assert reads and all("count(*)" in s and "GROUP BY" in s for s in reads), reads


def test_the_rare_student_is_hidden_in_every_format(lead: Store, tmp_path: Path) -> None:
    """One screening at South High, grade 7, in 2026-03 (the only 6-8 there, the only clear
    concern that month at that site): no export shows it or lets it be worked out."""
    sites = site_ids(lead)
    rows = [r for r in common_rows(sites)
            if not (r["month"] == "2026-03" and r["level"] == "clear" and r["site_id"] ==
                    sites["South High"])]
    rows.append(screening_row(sites, month="2026-03", site="South High", grade=7,
                              level="clear", referral=True, report=True, follow_up="overdue"))
    replace_screenings(lead, rows)
    for by in (BY, ("month", "site", "grade_band"), ("site", "grade_band", "report_made"),
               ("month", "site", "concern_level", "follow_up")):
        request = ReportRequest.for_breakdowns("2026-01", "2026-03", by)
        report = lead.export_counts(request, "json", tmp_path / "r.json")
        assert small_published(report) == [], by
        assert exposed_cells(report, "screenings", "screenings") == set(), by
        doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        for row in doc["tables"][0]["rows"]:
            assert row["screenings"] != 1, (by, row)
    request = ReportRequest.for_breakdowns("2026-01", "2026-03", BY)
    lead.export_counts(request, "csv", tmp_path / "r.csv")
    lines = (tmp_path / "r.csv").read_text(encoding="utf-8").splitlines()
    rare = [line for line in lines if line.startswith("screenings,2026-03,South High,6-8,")]
    assert rare and all(line.split(",")[6] in ("0", "suppressed") for line in rare)
    assert all(line.split(",")[6] == "suppressed" for line in rare
               if ",clear," in line or ",(all)," in line)
    from openpyxl import load_workbook

    lead.export_counts(request, "xlsx", tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    sheet = book.worksheets[1]
    found = [row for row in sheet.iter_rows(values_only=True)
             if row[:4] == ("2026-03", "South High", "6-8", "Clear concern")]
    assert found and found[0][4] == "suppressed"
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows(min_row=2, values_only=True):
            assert not any(isinstance(v, int) and 0 < v < 11 for v in row), row


def test_lessons_by_language_count_each_lesson_once_in_the_total(lead: Store) -> None:
    add_deliveries(lead, [{"languages": "en,es", "students": 20}] * 12
                   + [{"languages": "en", "students": 30}] * 14)
    request = ReportRequest.for_breakdowns("2026-03", "2026-03", ("language",))
    table = lead.build_counts_report(request).table("lessons")
    assert table.value("deliveries") == 26
    assert table.value("students") == 12 * 20 + 14 * 30
    assert table.value("deliveries", language="en") == 26
    assert table.value("deliveries", language="es") == 12
    assert table.value("deliveries", language="so") == 0
    assert lead.build_counts_report(request).metadata.lessons == ("healthy-relationships 1.1.0",)


def test_exports_carry_their_metadata(lead: Store, tmp_path: Path) -> None:
    replace_screenings(lead, common_rows(site_ids(lead)))
    add_deliveries(lead, [{"students": 22}] * 12)
    request = ReportRequest.for_breakdowns("2026-01", "2026-03", ("month", "concern_level"))
    lead.export_counts(request, "json", tmp_path / "m.json")
    doc = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert doc["clinic"] == "Test Clinic"
    assert doc["period"] == {"from": "2026-01", "to": "2026-03"}
    assert doc["app_version"] and doc["generated_at"].endswith("Z")
    assert doc["instrument_versions"] == ["youth-brief-screen 1.0.0"]
    assert doc["lesson_versions"] == ["healthy-relationships 1.1.0"]
    assert doc["suppression"]["threshold"] == 11 and "1 to 10" in doc["suppression"]["rule"]
    assert doc["synthetic_records"] is True
    text = json.dumps(doc)
    assert "T0000" not in text and "2026-03-15" not in text  # no record codes, no days


def test_views_and_exports_are_audited(lead: Store, tmp_path: Path) -> None:
    request = ReportRequest.for_breakdowns("2026-01", "2026-03", ("month",))
    lead.build_counts_report(request)
    lead.export_counts(request, "csv", tmp_path / "a.csv", excel=True)
    with raw_session(lead) as session:
        actions = list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions[-2:] == ["counts_viewed", "counts_exported"]
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert lead.verify_audit().ok


@pytest.mark.parametrize("user", [NURSE, EDUCATOR, ADMIN])
def test_only_the_lead_sees_or_exports_counts(open_as: Callable[[str], Store], tmp_path: Path,
                                              user: str) -> None:
    store = open_as(user)
    request = ReportRequest.for_breakdowns("2026-01", "2026-03", ("month",))
    with pytest.raises(PermissionDenied):
        store.export_counts(request, "csv", tmp_path / "x.csv")
    with pytest.raises(PermissionDenied):
        store.build_counts_report(request)
    with pytest.raises(PermissionDenied):
        store.screening_counts("2026-01", "2026-03", ("month",), dt.date.today())
    assert not (tmp_path / "x.csv").exists()
