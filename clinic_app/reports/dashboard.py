"""The dashboard's report and the numbers its charts draw (pure Python, so the charts can
only draw what a report publishes: a hidden cell reaches them as None)."""

from __future__ import annotations

from dataclasses import dataclass

from clinic_app.reports.model import Report, Table
from clinic_app.reports.spec import LESSONS, MIN_THRESHOLD, SCREENINGS, ReportRequest, TableSpec

BY_LEVEL = "by_level"
REFERRALS = "referrals"
REPORTS = "reports"
FOLLOW_UPS = "follow_ups"
LESSON_TABLE = "lessons"


def dashboard_request(start: str, end: str, period: str = "month",
                      threshold: int = MIN_THRESHOLD) -> ReportRequest:
    """Five linked tables, each by `period` (month, quarter or year)."""
    return ReportRequest(start, end, (
        TableSpec(BY_LEVEL, SCREENINGS, (period, "concern_level")),
        TableSpec(REFERRALS, SCREENINGS, (period, "referral_given")),
        TableSpec(REPORTS, SCREENINGS, (period, "report_made")),
        TableSpec(FOLLOW_UPS, SCREENINGS, (period, "follow_up")),
        TableSpec(LESSON_TABLE, LESSONS, (period,)),
    ), threshold)


@dataclass(frozen=True)
class Series:
    """Values per period for one bar set or line; None = hidden."""

    key: str
    values: tuple[int | None, ...]


@dataclass(frozen=True)
class ChartData:
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    hidden_rest: tuple[int | None, ...] = ()  # stacked charts: hidden parts, added up
    totals: tuple[int | None, ...] = ()

    @property
    def hidden(self) -> int:
        return sum(1 for s in self.series for v in s.values if v is None)


def _period_dim(table: Table) -> str:
    return table.dims[0]


def stacked(report: Report, name: str, values: tuple[str, ...]) -> ChartData:
    """Bars of `values` stacked per period. Where some are hidden but the period total and
    every value left out of the chart are shown, the hidden ones are drawn together as one
    grey part: that sum is total minus shown cells, which anyone can work out from the
    published table, so it reveals nothing new."""
    table = report.table(name)
    period, dim = table.dims
    measure = table.measures[0]
    periods = table.domains[period]
    series = tuple(Series(v, tuple(table.value(measure, **{period: p, dim: v})
                                   for p in periods)) for v in values)
    others = [v for v in table.domains[dim] if v not in values]
    rest: list[int | None] = []
    totals = []
    for p in periods:
        total = table.value(measure, **{period: p})
        totals.append(total)
        shown = [table.value(measure, **{period: p, dim: v}) for v in table.domains[dim]]
        left_out = [table.value(measure, **{period: p, dim: v}) for v in others]
        if total is None or any(v is None for v in left_out) or None not in shown:
            rest.append(None if None in shown else 0)
        else:
            rest.append(total - sum(v for v in shown if v is not None))
    return ChartData(periods, series, tuple(rest), tuple(totals))


def yes_counts(report: Report, names: tuple[str, ...], dim_of: dict[str, str]) -> ChartData:
    """One series per table: the 'yes' count per period (referral given, report made)."""
    series = []
    periods: tuple[str, ...] = ()
    for name in names:
        table = report.table(name)
        period = _period_dim(table)
        periods = table.domains[period]
        series.append(Series(name, tuple(
            table.value(table.measures[0], **{period: p, dim_of[name]: "yes"})
            for p in periods)))
    return ChartData(periods, tuple(series))


def lesson_counts(report: Report) -> ChartData:
    table = report.table(LESSON_TABLE)
    period = _period_dim(table)
    periods = table.domains[period]
    return ChartData(periods, tuple(
        Series(m, tuple(table.value(m, **{period: p}) for p in periods))
        for m in table.measures))
