"""Counts export cost: `export_counts` (GROUP BY, totals, suppression with its exact audit,
writing the file, the audit entry) against the raw SQL GROUP BY alone, on the same encrypted
store of 1,000,000 synthetic screenings in the same run. Goal: export <= 1.5x raw SQL.
Also prints the XLSX/JSON exports and the dashboard's five linked tables."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # bench/ holds screening.py and curriculum.py: never import those
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from sqlalchemy import text  # noqa: E402

from bench._results import record  # noqa: E402
from clinic_app.reports import ReportRequest  # noqa: E402
from clinic_app.reports.dashboard import dashboard_request  # noqa: E402
from clinic_app.store import demo  # noqa: E402
from clinic_app.store.counts import screening_group_sql  # noqa: E402
from clinic_app.store.facade import Store  # noqa: E402

SCREENINGS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ROUNDS = 5
BY = ("month", "site", "grade_band", "concern_level")
SITES = ["Edison", "Henry", "North", "Patrick Henry", "Roosevelt", "South", "Southwest",
         "Washburn", "Wellstone"]
# What someone would write by hand for the same table (month index allowed).
RAW_SQL = ("SELECT month, site_id, CASE WHEN grade <= 8 THEN '6-8' ELSE '9-12' END, level, "
           "count(*) FROM screening WHERE month BETWEEN :start AND :end GROUP BY 1, 2, 3, 4")


def timed(action) -> float:  # type: ignore[no-untyped-def]
    begin = time.perf_counter()
    action()
    return time.perf_counter() - begin


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "data", clinic="Bench Clinic", sites=SITES,
                             admin="lead1", password="benchmark passphrase here")
        begin = time.perf_counter()
        demo.generate(store, SCREENINGS, seed=1)
        print(f"setup: {SCREENINGS:,} synthetic screenings in {time.perf_counter() - begin:.0f} s")
        # Raw SQL is the yardstick here: a benchmark may use the store's private session.
        with store._session() as session:
            start, end = session.execute(text("SELECT min(month), max(month) FROM screening")).one()
        params = {"start": start, "end": end, "today": "2026-11-29"}
        request = ReportRequest.for_breakdowns(start, end, BY)
        out = Path(tmp) / "counts"

        def raw(sql: str) -> None:
            with store._session() as session:
                rows = session.execute(text(sql), params).all()
            assert rows

        plain_sql = screening_group_sql(BY, with_versions=False)
        raw(RAW_SQL)  # warm the page cache once for everyone
        raw_hand, raw_app, export = [], [], []
        for _round in range(ROUNDS):  # interleaved, so drift hits both alike
            raw_hand.append(timed(lambda: raw(RAW_SQL)))
            raw_app.append(timed(lambda: raw(plain_sql)))
            export.append(timed(lambda: store.export_counts(request, "csv",
                                                            out.with_suffix(".csv"))))
        baseline = min(statistics.median(raw_hand), statistics.median(raw_app))
        exported = statistics.median(export)
        report = store.export_counts(request, "csv", out.with_suffix(".csv"))
        print(f"raw GROUP BY (hand-written, month index): {statistics.median(raw_hand):.2f} s; "
              f"raw GROUP BY (app's SQL alone): {statistics.median(raw_app):.2f} s "
              f"(median of {ROUNDS})")
        print(f"export-counts csv by {','.join(BY)}: {exported:.2f} s, "
              f"{sum(len(t.cells) for t in report.tables):,} cells, "
              f"{report.hidden_total} hidden")
        ratio = exported / baseline
        print(f"ratio export / fastest raw GROUP BY: {ratio:.2f}x (goal <= 1.5x)")
        for fmt in ("xlsx", "json"):
            seconds = timed(lambda f=fmt: store.export_counts(request, f, out.with_suffix(f".{f}")))
            print(f"export-counts {fmt}: {seconds:.2f} s")
        seconds = timed(lambda: store.build_counts_report(dashboard_request(start, end)))
        print(f"dashboard report (5 linked tables by month): {seconds:.2f} s")
        store.close()
    record(f"counts export over {SCREENINGS:,} screenings vs raw GROUP BY", f"{ratio:.2f}x",
           "at most 1.5x", ratio <= 1.5, ratio=ratio, seconds=exported)
    record("dashboard report (5 linked tables)", f"{seconds:.2f} s", "for information", None,
           seconds=seconds)
    return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
