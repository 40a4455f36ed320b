"""How long the window stops responding: a 10 ms heartbeat timer runs on the UI thread
while the real window (offscreen) signs in, opens Records, applies and clears each
filter, scrolls to row 10,000, sorts, opens a record and builds the dashboard. The
longest gap between two heartbeats during an operation is its stall.

Goals: no stall over 100 ms in any operation, and each operation's time at the large
store within 2x its time at the small one (`make bench` runs 10,000 and 1,000,000).

    python bench/ui_stall.py --records N [--json OUT]     one store size
    python bench/ui_stall.py                              10,000 and 1,000,000, compared

Stores of synthetic records are built once and kept in $CLINIC_APP_BENCH_STORES (default
the system temp folder), since a million records take minutes to make.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # bench/ holds screening.py and curriculum.py: never import those
    sys.path[0] = str(Path(__file__).resolve().parent.parent)

PASSWORD = "benchmark passphrase for stalls"
LEAD = "lead1"
SITES = ["Edison", "Henry", "North", "Roosevelt", "South", "Washburn"]
STALL_GOAL_MS = 100
GROWTH_GOAL = 2.0
HEARTBEAT_MS = 10
SIZES = (10_000, 1_000_000)
# Below this an operation is too quick for a ratio between sizes to mean anything.
RATIO_FLOOR_SECONDS = 0.05


def store_folder(records: int) -> Path:
    root = Path(os.environ.get("CLINIC_APP_BENCH_STORES", tempfile.gettempdir()))
    return root / f"clinic-app-bench-{records}"


def build_store(records: int) -> Path:
    """A store of `records` synthetic screenings (reused when it is already there)."""
    folder = store_folder(records)
    ready = folder / "ready"
    if ready.exists():
        return folder / "data"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from clinic_app.store import demo
    from clinic_app.store.facade import Store

    begin = time.perf_counter()
    store = Store.create(folder / "data", clinic="Bench Clinic", sites=SITES, admin=LEAD,
                         password=PASSWORD)
    demo.generate(store, records, seed=3)
    store.close()
    ready.write_text("ok")
    print(f"  setup: a store of {records:,} records in {time.perf_counter() - begin:.0f} s",
          flush=True)
    return folder / "data"


class Heartbeat:
    """Ticks every 10 ms on the UI thread; `stall(begin, end)` is the longest gap."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[float] = []
        self.timer = QTimer(interval=HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))
        self.timer.start()

    def stall_ms(self, begin: float, end: float) -> float:
        inside = [t for t in self.ticks if begin <= t <= end]
        points = [begin, *inside, end]
        return max(b - a for a, b in zip(points, points[1:], strict=False)) * 1000


def run(records: int) -> dict[str, Any]:
    data_dir = build_store(records)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from clinic_app.i18n import set_language
    from clinic_app.ui.app import AppController

    set_language("en")
    app = QApplication.instance() or QApplication([])
    heartbeat = Heartbeat()
    results: list[dict[str, Any]] = []

    def wait_until(done: Callable[[], bool], timeout: float = 300.0) -> None:
        limit = time.perf_counter() + timeout
        while not done():
            if time.perf_counter() > limit:
                raise TimeoutError("an operation did not finish")
            app.processEvents()
            time.sleep(0.001)

    def measure(name: str, action: Callable[[], None], done: Callable[[], bool]) -> None:
        wait_until(lambda: True)
        settle_until = time.perf_counter() + 0.05  # a few calm heartbeats first
        wait_until(lambda: time.perf_counter() > settle_until)
        begin = time.perf_counter()
        QTimer.singleShot(0, action)  # as a click: the action runs inside the event loop
        app.processEvents()
        wait_until(done)
        end = time.perf_counter()
        wait_until(lambda: time.perf_counter() > end + 0.02)  # the next heartbeat
        stall = heartbeat.stall_ms(begin, end + 0.02)
        results.append({"name": name, "seconds": round(end - begin, 4),
                        "max_stall_ms": round(stall, 1)})
        print(f"  {name:<34} {end - begin:7.3f} s   longest stall {stall:6.0f} ms", flush=True)

    controller = AppController(data_dir)
    login = controller.start()
    wait_until(lambda: login.isVisible())
    typing = time.perf_counter() + 2.0  # the time it takes to type a user name and password
    wait_until(lambda: time.perf_counter() > typing)
    login.username.setText(LEAD)
    login.password.setText(PASSWORD)
    measure("sign in", login.try_sign_in, lambda: controller.window is not None
            and login.attempt is None)
    window = controller.window
    assert window is not None, login.error.text()
    row = window.workspaces.index(("screening", "Screening"))

    def records_shown() -> bool:
        records = getattr(window.workspace_page(row), "_records", None)
        return records is not None and not records.model.counting

    # Two clicks: the Screening workspace (built on first show), then its Records tab.
    measure("open Screening", lambda: window.show_workspace("screening"),
            lambda: window.stack.currentIndex() == row)
    measure("open the Records tab", lambda: window.workspace_page(row).show_tab("records"),
            records_shown)
    page = window.workspace_page(row)
    view = page.records
    model = view.model

    def reloaded() -> bool:
        return not view.filter_pending and not model.counting

    filters: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
        ("site", lambda: view.site.setCurrentIndex(view.site.findData("North")),
         lambda: view.site.setCurrentIndex(0)),
        ("level", lambda: view.level.setCurrentIndex(view.level.findData("possible")),
         lambda: view.level.setCurrentIndex(0)),
        ("follow-up due", lambda: view.follow_up_due.setChecked(True),
         lambda: view.follow_up_due.setChecked(False)),
        ("report overdue", lambda: view.report_overdue.setChecked(True),
         lambda: view.report_overdue.setChecked(False)),
        ("dates", lambda: view.any_date.setChecked(False),
         lambda: view.any_date.setChecked(True)),
        ("record code", lambda: view.code.setText("SX-0000"), lambda: view.code.clear()),
    ]
    for name, apply, clear in filters:
        measure(f"filter {name}", apply, reloaded)
        measure(f"clear {name}", clear, reloaded)
    three = filters[:3]
    for _name, apply, _clear in three:
        apply()
    wait_until(reloaded)
    measure("clear three filters", lambda: [clear() for _n, _a, clear in three], reloaded)

    def scroll_to(row: int) -> Callable[[], None]:
        def step() -> None:
            if model.rowCount() <= row and model.canFetchMore():
                model.fetchMore()
                QTimer.singleShot(5, step)  # as scrolling does: a page, then other events
            else:
                view.table.scrollTo(model.index(min(row, model.rowCount() - 1), 0))
        return step

    measure("scroll to row 10,000", scroll_to(10_000),
            lambda: model.rowCount() > 10_000 or not model.canFetchMore())
    from PySide6.QtCore import Qt

    from clinic_app.ui.screening.records_model import Column

    for column, title in ((Column.LEVEL, "level"), (Column.SITE, "site"),
                          (Column.FOLLOW_UP, "follow-up"), (Column.DATE, "date")):
        measure(f"sort by {title}", lambda c=column: view.table.sortByColumn(
            c, Qt.SortOrder.DescendingOrder), reloaded)
    code = model.summary(0).record_code
    measure("open a record", lambda: view.opener.open_code(code),
            lambda: view.opener.dialog is not None and view.opener.dialog.isVisible())
    view.opener.dialog.close()
    reports_row = window.workspaces.index(("reports", "Reports"))
    built: list[object] = []

    def build_dashboard() -> None:
        window.show_workspace("reports")
        reports = window.workspace_page(reports_row)
        reports.report_ready.connect(built.append)
        if reports.build() is None and reports._job is None:  # refused at once
            built.append(True)

    measure("build the dashboard", build_dashboard, lambda: bool(built))
    controller.sign_out()
    heartbeat.timer.stop()
    return {"records": records, "operations": results}


def compare(small: dict[str, Any], large: dict[str, Any]) -> list[str]:
    """The goals each operation misses (empty: all met)."""
    misses = []
    small_ops = {o["name"]: o for o in small["operations"]}
    for op in large["operations"] + small["operations"]:
        if op["max_stall_ms"] > STALL_GOAL_MS:
            misses.append(f"{op['name']}: a {op['max_stall_ms']:.0f} ms stall "
                          f"(goal <= {STALL_GOAL_MS} ms)")
    for op in large["operations"]:
        base = small_ops.get(op["name"])
        if base is None:
            continue
        floor = max(base["seconds"], RATIO_FLOOR_SECONDS)
        if op["seconds"] > GROWTH_GOAL * floor:
            misses.append(f"{op['name']}: {op['seconds']:.2f} s at {large['records']:,} against "
                          f"{base['seconds']:.2f} s at {small['records']:,} "
                          f"(goal <= {GROWTH_GOAL:g}x)")
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.records:
        result = run(args.records)
        if args.json:
            args.json.write_text(json.dumps(result, indent=1))
        worst = max(o["max_stall_ms"] for o in result["operations"])
        return 0 if worst <= STALL_GOAL_MS else 1
    # Each size in its own process: the stores and Qt start fresh.
    outcomes = []
    with tempfile.TemporaryDirectory() as tmp:
        for records in SIZES:
            print(f"ui stalls at {records:,} records:", flush=True)
            out = Path(tmp) / f"{records}.json"
            subprocess.run([sys.executable, "-P", __file__, "--records", str(records),
                            "--json", str(out)], check=False)
            outcomes.append(json.loads(out.read_text()) if out.exists() else None)
    if None in outcomes:
        print("ui stalls: a run failed")
        return 1
    misses = compare(outcomes[0], outcomes[1])
    for miss in misses:
        print(f"  MISSED {miss}")
    worst = max(o["max_stall_ms"] for r in outcomes for o in r["operations"])
    print(f"ui stalls: longest {worst:.0f} ms (goal <= {STALL_GOAL_MS} ms); "
          f"{'all goals met' if not misses else f'{len(misses)} goals missed'}")
    _record(outcomes)
    return 0 if not misses else 1


def _record(outcomes: list[dict[str, Any]]) -> None:
    """Hand the figures to run_all.py's results file, when it asked for them."""
    path = os.environ.get("CLINIC_APP_BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(json.dumps({"bench": "ui_stall", "runs": outcomes}) + "\n")


if __name__ == "__main__":
    sys.exit(main())
