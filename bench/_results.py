"""The figures a benchmark hands to run_all.py, which writes bench/results.json and the
README's speed table from them (never typed by hand)."""

from __future__ import annotations

import json
import os

RESULTS_ENV = "CLINIC_APP_BENCH_RESULTS"


def record(what: str, measured: str, goal: str, met: bool | None, **figures: float) -> None:
    """One row of the speed table: what was measured, the figure as read, the goal and
    whether it was met (None: for information). `figures` are the raw numbers."""
    path = os.environ.get(RESULTS_ENV)
    if not path:
        return
    row = {"what": what, "measured": measured, "goal": goal, "met": met, "figures": figures}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\n")
