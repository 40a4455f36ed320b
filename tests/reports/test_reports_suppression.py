"""Suppression properties over random tables (hypothesis) and hand-made cases."""

from __future__ import annotations

import datetime as dt
from collections import Counter

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

from clinic_app.errors import ValidationError
from clinic_app.reports import MIN_THRESHOLD, GroupedCounts, ReportRequest, TableSpec, build_report
from clinic_app.reports.spec import check_threshold

SITES = ("North", "South", "East")


class FakeSource:
    """Grouped counts made from a list of synthetic records (what SQL GROUP BY returns)."""

    def __init__(self, records: list[dict[str, str]]) -> None:
        self.records = records

    def screening_counts(self, start, end, dims, today):  # type: ignore[no-untyped-def]
        groups = Counter(tuple(r[d] for d in dims) for r in self.records
                         if start <= r["month"] <= end)
        return GroupedCounts(tuple(dims), [(k, (n,)) for k, n in groups.items()],
                             ("youth-brief-screen 1.0.0",))

    def delivery_counts(self, start, end, dims):  # type: ignore[no-untyped-def]
        return GroupedCounts(tuple(dims), [], (), False, [] if "language" in dims else None)

    def report_sites(self):  # type: ignore[no-untyped-def]
        return SITES


MONTHS = ("2026-01", "2026-02", "2026-03")
record = st.fixed_dictionaries({
    "month": st.sampled_from(MONTHS),
    "site": st.sampled_from(SITES),
    "grade_band": st.sampled_from(("6-8", "9-12")),
    "concern_level": st.sampled_from(("none", "incomplete", "possible", "clear")),
    "referral_given": st.sampled_from(("yes", "no")),
    "report_made": st.sampled_from(("yes", "no")),
})
# Mostly big groups with a few rare records, so tables mix shown and hidden cells.
records = st.lists(st.tuples(record, st.integers(1, 40)), min_size=1, max_size=12).map(
    lambda pairs: [r for r, n in pairs for _i in range(n)])

TWO_D = (TableSpec("screenings", "screenings", ("month", "concern_level")),)
THREE_D = (TableSpec("screenings", "screenings", ("month", "site", "concern_level")),)
LINKED = (TableSpec("a", "screenings", ("month", "concern_level")),
          TableSpec("b", "screenings", ("month", "referral_given")),
          TableSpec("c", "screenings", ("site", "grade_band")),
          TableSpec("d", "screenings", ("month", "report_made")))


def _build(recs: list[dict[str, str]], tables: tuple[TableSpec, ...], threshold: int = 11):
    request = ReportRequest("2026-01", "2026-03", tables, threshold)
    return build_report(FakeSource(recs), request, clinic="Test",
                        now=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))


def _direct(recs: list[dict[str, str]], **where: str) -> int:
    return sum(1 for r in recs if all(r[k] == v for k, v in where.items()))


def _truth(recs: list[dict[str, str]]):  # type: ignore[no-untyped-def]
    """The true count of a cell named by its (breakdown, value) pairs."""
    return lambda name: _direct(recs, **dict(name))


@pytest.mark.parametrize("tables", [TWO_D, THREE_D, LINKED], ids=["2d", "3d", "linked"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=records, threshold=st.sampled_from((11, 11, 15)))
def test_no_small_cell_shown_and_none_recoverable(tables, recs, threshold) -> None:  # type: ignore[no-untyped-def]
    report = _build(recs, tables, threshold)
    assert small_published(report, threshold) == []
    assert lines_with_one_hidden(report) == []
    assert exposed_cells(report, "screenings", "screenings") == set()
    true = _truth(recs)
    assert zeros_held_at_zero(report, "screenings", "screenings", true) == set()
    assert telling_lines(report, "screenings", "screenings", true) == []
    assert telling_lines(report, "screenings", "screenings", true, strict=True) == []
    for table in report.tables:  # shown counts match a direct count of the records
        for key, (value,) in table.cells.items():
            if value is not None:
                where = {d: v for d, v in zip(table.dims, key, strict=True) if v is not None}
                assert value == _direct(recs, **where)


@settings(max_examples=40, deadline=None)
@given(recs=records)
def test_percentages_only_where_count_and_total_are_shown(recs) -> None:  # type: ignore[no-untyped-def]
    table = _build(recs, TWO_D).tables[0]
    for key in table.keys():
        percent = table.percent(key, "screenings")
        if key[-1] is None:
            assert percent is None
            continue
        part, whole = table.cells[key][0], table.cells[key[:-1] + (None,)][0]
        if part is None or whole is None or whole == 0:
            assert percent is None
        else:
            assert percent == round(100 * part / whole, 1)


def _recs(spec: dict[tuple[str, str], int]) -> list[dict[str, str]]:
    out = []
    for (month, level), n in spec.items():
        out += [{"month": month, "site": "North", "grade_band": "9-12", "concern_level": level,
                 "referral_given": "no", "report_made": "no"}] * n
    return out


def test_a_lone_small_cell_takes_the_next_smallest_of_its_row_and_column() -> None:
    recs = _recs({("2026-01", "none"): 50, ("2026-01", "possible"): 30,
                  ("2026-01", "clear"): 4, ("2026-02", "none"): 60,
                  ("2026-02", "possible"): 25, ("2026-02", "clear"): 20,
                  ("2026-03", "none"): 70, ("2026-03", "possible"): 40, ("2026-03", "clear"): 35})
    table = _build(recs, TWO_D).tables[0]
    value = table.value
    assert value("screenings", month="2026-01", concern_level="clear") is None
    assert value("screenings", month="2026-01", concern_level="possible") is None  # row: 30
    assert value("screenings", month="2026-02", concern_level="clear") is None  # column: 20
    assert value("screenings", month="2026-02", concern_level="possible") is None  # then 25
    assert value("screenings", month="2026-01") == 84  # totals stay: hidden pairs protect
    assert value("screenings") == len(recs)


def test_zero_shows_and_a_small_total_is_hidden_with_its_parts() -> None:
    recs = _recs({("2026-01", "none"): 3, ("2026-02", "none"): 40, ("2026-02", "possible"): 15,
                  ("2026-03", "none"): 44, ("2026-03", "possible"): 12})
    report = _build(recs, TWO_D)
    table = report.tables[0]
    assert table.value("screenings", month="2026-01") is None
    assert table.value("screenings", month="2026-01", concern_level="none") is None
    # "possible 0" beside them would say all three had no concern: hidden too ...
    assert table.value("screenings", month="2026-01", concern_level="possible") is None
    # ... but nobody in the period had a clear concern or an incomplete screening: the
    # totals say so, so those zeros tell nothing new and show
    assert table.value("screenings", concern_level="clear") == 0
    assert table.value("screenings", month="2026-01", concern_level="clear") == 0
    assert table.value("screenings", month="2026-01", concern_level="incomplete") == 0
    assert exposed_cells(report, "screenings", "screenings") == set()
    assert zeros_held_at_zero(report, "screenings", "screenings", _truth(recs)) == set()


def _screened(month: str, n: int, level: str, referral: str, report: str) -> list[dict[str, str]]:
    return [{"month": month, "site": "North", "grade_band": "9-12", "concern_level": level,
             "referral_given": referral, "report_made": report}] * n


DASHBOARD_LIKE = (TableSpec("levels", "screenings", ("month", "concern_level")),
                  TableSpec("referrals", "screenings", ("month", "referral_given")),
                  TableSpec("reports", "screenings", ("month", "report_made")))


@pytest.mark.parametrize("incomplete_elsewhere", [True, False])
def test_a_month_where_everyone_had_a_clear_concern_shows_no_telling_zero(
        incomplete_elsewhere: bool) -> None:
    """Issue 12: for one month the export showed no concern 0, possible 0, clear hidden,
    total hidden, so everyone screened that month (fewer than 11) had a clear concern; the
    referral and report tables said the same of referrals and reports."""
    recs = _screened("2026-01", 7, "clear", "yes", "yes")
    for month in ("2026-02", "2026-03"):
        recs += (_screened(month, 40, "none", "no", "no")
                 + _screened(month, 25, "possible", "yes", "no")
                 + _screened(month, 12, "clear", "yes", "yes"))
    if incomplete_elsewhere:
        recs += _screened("2026-02", 14, "incomplete", "no", "no")
    report = _build(recs, DASHBOARD_LIKE)
    levels, referrals, reports = (report.table(n) for n in ("levels", "referrals", "reports"))
    january = {"month": "2026-01"}
    assert levels.value("screenings", **january) is None
    assert levels.value("screenings", **january, concern_level="clear") is None
    for level in ("none", "possible"):
        assert levels.value("screenings", **january, concern_level=level) is None, level
    incomplete = levels.value("screenings", **january, concern_level="incomplete")
    if incomplete_elsewhere:
        assert incomplete is None
    else:  # nobody in the period was incomplete: the period's own total shows that
        assert levels.value("screenings", concern_level="incomplete") == 0
        assert incomplete == 0
    assert referrals.value("screenings", **january, referral_given="no") is None
    assert reports.value("screenings", **january, report_made="no") is None
    true = _truth(recs)
    assert telling_lines(report, "screenings", "screenings", true, strict=True) == []
    assert exposed_cells(report, "screenings", "screenings") == set()
    assert zeros_held_at_zero(report, "screenings", "screenings", true) == set()
    assert small_published(report) == []
    assert levels.value("screenings") == len(recs)
    assert levels.value("screenings", concern_level="none") == 80


def test_a_month_without_screenings_still_shows_its_zeros() -> None:
    recs = []
    for month in ("2026-01", "2026-02"):
        recs += _screened(month, 30, "none", "no", "no") + _screened(month, 20, "clear", "yes",
                                                                       "yes")
    table = _build(recs, TWO_D).tables[0]
    assert table.value("screenings", month="2026-03") == 0
    assert all(table.value("screenings", month="2026-03", concern_level=level) == 0
               for level in ("none", "incomplete", "possible", "clear"))


def test_a_hidden_zero_is_never_held_at_zero_by_the_other_zeros() -> None:
    """Two small months with only clear concerns: their 'no concern' zeros are hidden, and
    the 'no concern' column must then hide a count above zero as well; two hidden zeros
    alone would add up to nothing, and counts cannot be negative."""
    recs = (_screened("2026-01", 4, "clear", "yes", "yes")
            + _screened("2026-02", 6, "clear", "yes", "yes")
            + _screened("2026-03", 50, "none", "no", "no")
            + _screened("2026-03", 30, "clear", "yes", "yes"))
    report = _build(recs, TWO_D)
    table = report.tables[0]
    for month in ("2026-01", "2026-02"):
        assert table.value("screenings", month=month, concern_level="none") is None
    assert table.value("screenings", month="2026-03", concern_level="none") is None
    true = _truth(recs)
    assert zeros_held_at_zero(report, "screenings", "screenings", true) == set()
    assert exposed_cells(report, "screenings", "screenings") == set()
    assert telling_lines(report, "screenings", "screenings", true, strict=True) == []


def test_two_blocks_joined_by_one_cell_are_caught_by_the_audit() -> None:
    """Every line has two hidden cells, yet the joining cell follows from the totals; the
    exact audit hides more until it does not."""
    grid = {("2026-01", "none"): 5, ("2026-01", "possible"): 6, ("2026-01", "clear"): 40,
            ("2026-02", "none"): 7, ("2026-02", "possible"): 8, ("2026-02", "clear"): 50,
            ("2026-03", "none"): 60, ("2026-03", "possible"): 70, ("2026-03", "clear"): 9}
    report = _build(_recs(grid), TWO_D)
    assert lines_with_one_hidden(report) == []
    assert exposed_cells(report, "screenings", "screenings") == set()


def test_threshold_can_be_raised_never_lowered() -> None:
    assert check_threshold(MIN_THRESHOLD) == 11
    assert check_threshold(20) == 20
    for low in (10, 5, 1, 0, -1):
        with pytest.raises(ValidationError, match="cannot be lower than 11"):
            check_threshold(low)
    with pytest.raises(ValidationError):
        ReportRequest("2026-01", "2026-03", TWO_D, 10).check()
    report = _build(_recs({("2026-01", "none"): 15, ("2026-02", "none"): 40}), TWO_D, 20)
    assert report.table("screenings").value("screenings", month="2026-01") is None


@pytest.mark.parametrize(("start", "end", "message"), [
    ("2026-13", "2026-12", "From: '2026-13' is not a month"),
    ("2026-1", "2026-12", "From: '2026-1' is not a month"),
    ("2026-01", "26-12", "To: '26-12' is not a month"),
    ("2026-05", "2026-01", "starts (2026-05) after it ends (2026-01)"),
])
def test_bad_periods_are_named(start: str, end: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ReportRequest(start, end, TWO_D).check()


def test_nested_breakdowns_are_refused_together() -> None:
    tables = (TableSpec("a", "screenings", ("month",)), TableSpec("b", "screenings", ("quarter",)))
    with pytest.raises(ValidationError, match="month, quarter"):
        ReportRequest("2026-01", "2026-03", tables).check()
