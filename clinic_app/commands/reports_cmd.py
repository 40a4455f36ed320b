"""`export-counts`: anonymized, suppressed counts for the city committee (leads only)."""

from __future__ import annotations

import argparse
from pathlib import Path

from clinic_app.commands.common import open_store
from clinic_app.errors import ValidationError
from clinic_app.i18n import _

DEFAULT_BREAKDOWNS = "month,concern_level"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser(
        "export-counts", help="export anonymized counts (small counts hidden)",
        description="Counts only: no record codes, no free text, no date finer than a month. "
                    "Counts from 1 to 10 are hidden, with complementary suppression.")
    export.add_argument("--from", dest="start", required=True, metavar="YYYY-MM")
    export.add_argument("--to", dest="end", required=True, metavar="YYYY-MM")
    export.add_argument("--by", default=DEFAULT_BREAKDOWNS,
                        help="comma list of breakdowns: month|quarter|year, site, grade_band, "
                             "age_band, concern_level, referral_given, report_made, follow_up, "
                             "language, instrument|instrument_version, lesson|lesson_version "
                             f"(default: {DEFAULT_BREAKDOWNS})")
    export.add_argument("--format", dest="fmt", required=True, choices=("csv", "xlsx", "json"))
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--threshold", type=int, default=None,
                        help="hide counts below this (at least 11, the default)")
    export.add_argument("--excel", action="store_true",
                        help="CSV only: add a byte-order mark so Excel reads it as UTF-8")
    export.set_defaults(func=cmd_export_counts)


def cmd_export_counts(args: argparse.Namespace) -> int:
    from clinic_app.reports import MIN_THRESHOLD, ReportRequest, parse_breakdowns

    if args.excel and args.fmt != "csv":
        raise ValidationError(_("--excel applies to CSV files only."))
    request = ReportRequest.for_breakdowns(
        args.start, args.end, parse_breakdowns(args.by),
        MIN_THRESHOLD if args.threshold is None else args.threshold).check()
    store = open_store(args)
    try:
        report = store.export_counts(request, args.fmt, args.out, excel=args.excel)
        head = store.witness_head()
    finally:
        store.close()
    print(_("Wrote counts for {start} to {end} to {path} ({n} cells hidden).").format(
        start=request.start, end=request.end, path=args.out, n=report.hidden_total))
    print(_("Audit log head after this export: entry {id} sha256 {hash}.").format(
        id=head.id, hash=head.hash))
    return 0
