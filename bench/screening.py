"""Screening save latency (median and p95) on an encrypted store holding 100,000
screenings. Goal: p95 at most 20 ms. Each save is durable (WAL, synchronous=FULL)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

if __name__ == "__main__":  # this file is named screening.py: import the package, not itself
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

from bench._results import record  # noqa: E402
from clinic_app.store import demo  # noqa: E402
from clinic_app.store.facade import Store  # noqa: E402
from clinic_app.store.screenings import ScreeningInput  # noqa: E402

EXISTING = 100_000
SAVES = 200


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.create(Path(tmp) / "data", clinic="Bench", sites=["North", "South"],
                             admin="lead1", password="benchmark passphrase here")
        start = time.perf_counter()
        demo.generate(store, EXISTING, seed=3)
        print(f"setup: {EXISTING:,} synthetic screenings in {time.perf_counter() - start:.1f} s")
        # demo data is refused once real records exist; saves below are real ones.
        entry = ScreeningInput(
            site="North", grade=10, age=15, interview_language="en", interpreter_used=False,
            seen_alone=True, confidentiality_explained=True, instrument_id="youth-brief-screen",
            instrument_version="1.0.0",
            answers={"ran-away": "yes", "police-contact": "yes", "substance-use": "no"},
            notes="benchmark")
        timings = []
        for _n in range(SAVES):
            begin = time.perf_counter()
            store.save_screening(entry)
            timings.append((time.perf_counter() - begin) * 1000)
        store.close()
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"save_screening on {EXISTING:,} records: median {median:.1f} ms, "
          f"p95 {p95:.1f} ms over {SAVES} saves (goal p95 <= 20 ms)")
    record(f"screening save on a store of {EXISTING:,} records", f"p95 {p95:.1f} ms",
           "p95 at most 20 ms", p95 <= 20, p95_ms=p95, median_ms=median)
    return 0 if p95 <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
