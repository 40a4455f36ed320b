"""Counts for reports, computed in the database: one GROUP BY per kind of record, never a
record loaded into Python. The report builder (clinic_app.reports) adds the totals, hides
small cells and writes the exports; this mixin checks permissions and audits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from clinic_app.errors import PermissionDenied
from clinic_app.i18n import LANGUAGES, _
from clinic_app.permissions import Action, allowed, require
from clinic_app.reports import GroupedCounts, Report, ReportRequest, build_report, write_report
from clinic_app.reports.builder import Progress
from clinic_app.reports.writers import check_format
from clinic_app.store.mixin import StoreMixin
from clinic_app.store.types import ClinicProfile

_PERIOD_SQL = {
    "month": "month",
    "quarter": "substr(month, 1, 4) || '-Q' || ((CAST(substr(month, 6, 2) AS INTEGER) + 2) / 3)",
    "year": "substr(month, 1, 4)",
    "site": "site_id",
}
SCREENING_SQL: dict[str, str] = {
    **_PERIOD_SQL,
    "grade_band": "CASE WHEN grade <= 8 THEN '6-8' ELSE '9-12' END",
    "age_band": ("CASE WHEN age <= 13 THEN '10-13' WHEN age <= 15 THEN '14-15' "
                 "WHEN age <= 17 THEN '16-17' ELSE '18-24' END"),
    "concern_level": "level",
    "referral_given": "CASE WHEN referral_given THEN 'yes' ELSE 'no' END",
    "report_made": ("CASE WHEN report_oral_on IS NOT NULL OR report_written_on IS NOT NULL "
                    "THEN 'yes' ELSE 'no' END"),
    "follow_up": ("CASE WHEN follow_up_due IS NULL THEN 'none' "
                  "WHEN follow_up_done_on IS NOT NULL THEN 'done' "
                  "WHEN follow_up_due < :today THEN 'overdue' ELSE 'open' END"),
    "language": "interview_language",
    "instrument": "instrument_id",
    "instrument_version": "instrument_id || ' ' || instrument_version",
}
DELIVERY_SQL: dict[str, str] = {
    **_PERIOD_SQL,
    "grade_band": "grade_band",
    "lesson": "lesson_id",
    "lesson_version": "lesson_id || ' ' || lesson_version",
    "language": "lang.code",
}
# One row per language a lesson was taught in (a lesson may be taught in two at once).
_LANGUAGE_ROWS = " UNION ALL ".join(f"SELECT '{code}' AS code" for code in LANGUAGES)
_VERSION = SCREENING_SQL["instrument_version"]


def screening_group_sql(dims: Sequence[str], *, with_versions: bool = True) -> str:
    """The GROUP BY over screenings in a period (:start, :end months; :today for follow-up).
    Columns: the dims, [instrument version], count, [any synthetic]."""
    columns = [SCREENING_SQL[d] for d in dims]
    if with_versions and "instrument_version" not in dims:
        columns.append(_VERSION)
    select = ", ".join([*columns, "count(*)", *(["max(synthetic)"] if with_versions else [])])
    group = (" GROUP BY " + ", ".join(str(i) for i in range(1, len(columns) + 1))
             if columns else "")
    # '+month' keeps SQLite from walking the month index row by row: a period is usually
    # most of the table, and a straight scan of it is several times faster.
    return f"SELECT {select} FROM screening WHERE +month BETWEEN :start AND :end{group}"


def _delivery_group_sql(dims: Sequence[str]) -> str:
    columns = [DELIVERY_SQL[d] for d in dims]
    source = "lesson_delivery"
    if "language" in dims:
        source += (f" JOIN ({_LANGUAGE_ROWS}) AS lang "
                   "ON instr(',' || languages || ',', ',' || lang.code || ',') > 0")
    group = (" GROUP BY " + ", ".join(str(i) for i in range(1, len(columns) + 1))
             if columns else "")
    return (f"SELECT {', '.join([*columns, 'count(*)', 'coalesce(sum(students), 0)'])} "
            f"FROM {source} WHERE month BETWEEN :start AND :end{group}")


class CountsMixin(StoreMixin):
    """Report counts and exports (mixed into the Store facade). Leads only."""

    if TYPE_CHECKING:
        def clinic_profile(self) -> ClinicProfile: ...

    # -- the counts the builder asks for (GROUP BY only) --------------------------------
    def screening_counts(self, start: str, end: str, dims: Sequence[str],
                         today: dt.date) -> GroupedCounts:
        """Screenings in the period grouped by `dims`; also the instrument versions counted
        and whether any record is synthetic."""
        self._require_counts()
        params = {"start": start, "end": end, "today": today.isoformat()}
        with self._reading() as session:
            sites = self._site_names(session)
            result = session.execute(text(screening_group_sql(dims)), params).all()
        n = len(dims)
        own_version = "instrument_version" in dims
        rows: list[tuple[tuple[str, ...], tuple[int, ...]]] = []
        versions: set[str] = set()
        synthetic = False
        for row in result:
            key = tuple(_value(d, row[i], sites) for i, d in enumerate(dims))
            versions.add(str(row[dims.index("instrument_version")] if own_version else row[n]))
            rows.append((key, (int(row[-2]),)))
            synthetic = synthetic or bool(row[-1])
        return GroupedCounts(tuple(dims), rows, tuple(sorted(versions)), synthetic)

    def delivery_counts(self, start: str, end: str, dims: Sequence[str]) -> GroupedCounts:
        """Lesson deliveries and students reached in the period grouped by `dims`. By
        language, the totals over languages are counted separately (no double counting)."""
        self._require_counts()
        params = {"start": start, "end": end}
        with self._reading() as session:
            sites = self._site_names(session)
            rows = self._delivery_rows(session, dims, params, sites)
            totals = None
            if "language" in dims:
                short = [d for d in dims if d != "language"]
                totals = self._delivery_rows(session, short, params, sites)
            versions = session.execute(text(
                "SELECT DISTINCT lesson_id || ' ' || lesson_version FROM lesson_delivery "
                "WHERE month BETWEEN :start AND :end"), params).scalars().all()
        return GroupedCounts(tuple(dims), rows, tuple(sorted(versions)), False, totals)

    def report_sites(self) -> tuple[str, ...]:
        """Every site, active first, by name (a closed site may still have counts)."""
        self._require_counts()
        with self._reading() as session:
            return tuple(session.execute(text(
                "SELECT name FROM site ORDER BY active DESC, name")).scalars())

    # -- reports and exports --------------------------------------------------------------
    def build_counts_report(self, request: ReportRequest, *, progress: Progress | None = None,
                            cancelled: Callable[[], bool] | None = None) -> Report:
        """The suppressed report for the dashboard (audited as 'counts_viewed')."""
        require(self.user.role, Action.VIEW_DASHBOARD)
        report = build_report(self, request, clinic=self.clinic_profile().name,
                              progress=progress, cancelled=cancelled)
        with self._session() as session:
            self._audit_in(session, "counts_viewed", "counts", _object_id("view", request.start,
                                                                          request.end))
        return report

    def export_counts(self, request: ReportRequest, fmt: str, out: Path, *,
                      excel: bool = False, progress: Progress | None = None) -> Report:
        """Build the report for `request` and write it (audited as 'counts_exported')."""
        require(self.user.role, Action.EXPORT_COUNTS)
        check_format(fmt)
        report = build_report(self, request, clinic=self.clinic_profile().name,
                              progress=progress)
        self.export_report(report, fmt, out, excel=excel)
        return report

    def export_report(self, report: Report, fmt: str, out: Path, *, excel: bool = False) -> None:
        """Write an already built (suppressed) report; the audit entry and the file go
        together: if the file cannot be written, nothing is recorded."""
        require(self.user.role, Action.EXPORT_COUNTS)
        check_format(fmt)
        with self._session() as session:
            write_report(report, fmt, Path(out), excel=excel)
            self._audit_in(session, "counts_exported", "counts", _object_id(
                fmt, report.metadata.start, report.metadata.end))

    # -- helpers ------------------------------------------------------------------------
    def _require_counts(self) -> None:
        if not (allowed(self.user.role, Action.VIEW_DASHBOARD)
                or allowed(self.user.role, Action.EXPORT_COUNTS)):
            raise PermissionDenied(_("Permission denied: your role may not see counts."))

    @staticmethod
    def _site_names(session: Session) -> dict[int, str]:
        return {int(i): str(n) for i, n in session.execute(text("SELECT id, name FROM site"))}

    @staticmethod
    def _delivery_rows(session: Session, dims: Sequence[str], params: dict[str, Any],
                       sites: dict[int, str]) -> list[tuple[tuple[str, ...], tuple[int, ...]]]:
        result = session.execute(text(_delivery_group_sql(dims)), params).all()
        return [(tuple(_value(d, row[i], sites) for i, d in enumerate(dims)),
                 (int(row[-2]), int(row[-1]))) for row in result]


def _value(dim: str, raw: object, sites: dict[int, str]) -> str:
    if dim == "site":
        return sites.get(int(raw), str(raw))  # type: ignore[call-overload]
    return str(raw)


def _object_id(kind: str, start: str, end: str) -> str:
    return f"{kind}:{start}..{end}"
