"""Anonymized counts: breakdowns and periods (spec), every total (cube), small-cell and
complementary suppression (suppression), the finished report (model, builder), and the
export writers (writers, notes). Pure Python: no Qt, no SQL."""

from clinic_app.reports.builder import CountSource, GroupedCounts, ReportCancelled, build_report
from clinic_app.reports.model import Metadata, Report, Table
from clinic_app.reports.notes import MARK, rule_text
from clinic_app.reports.spec import (
    DIMENSIONS,
    LESSONS,
    MIN_THRESHOLD,
    SCREENINGS,
    ReportRequest,
    TableSpec,
    check_month,
    check_threshold,
    parse_breakdowns,
)
from clinic_app.reports.writers import FORMATS, check_format, write_report

__all__ = [
    "DIMENSIONS", "FORMATS", "LESSONS", "MARK", "MIN_THRESHOLD", "SCREENINGS", "CountSource",
    "GroupedCounts", "Metadata", "Report", "ReportCancelled", "ReportRequest", "Table",
    "TableSpec", "build_report", "check_format", "check_month", "check_threshold",
    "parse_breakdowns", "rule_text", "write_report",
]
