"""The lead's dashboard (pytest-qt): build off the UI thread, see the charts, export three
formats; hidden counts never drawn; a nurse never reaches it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTableWidget
from reports_data import add_deliveries, common_rows, replace_screenings, screening_row, site_ids
from staff_accounts import LEAD, NURSE

from clinic_app.errors import PermissionDenied
from clinic_app.reports import dashboard as dash
from clinic_app.store.facade import Store
from clinic_app.ui.main_window import MainWindow
from clinic_app.ui.reports import ReportsPage

TODAY = dt.date(2026, 3, 31)


@pytest.fixture
def page(open_as: Callable[[str], Store], qtbot) -> ReportsPage:  # type: ignore[no-untyped-def]
    store = open_as(LEAD)
    sites = site_ids(store)
    rows = [r for r in common_rows(sites)
            if not (r["month"] == "2026-03" and r["level"] == "clear")]
    rows.append(screening_row(sites, month="2026-03", site="South High", grade=7, level="clear",
                              referral=True, report=True, follow_up="overdue"))
    replace_screenings(store, rows)
    add_deliveries(store, [{"month": "2026-01", "students": 24}] * 14
                   + [{"month": "2026-02", "students": 18}] * 3)
    widget = ReportsPage(store, today=TODAY)
    qtbot.addWidget(widget)
    widget.from_month.setDate(widget.from_month.date().addMonths(9))  # 2026-01
    return widget


def _build(page: ReportsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.report_ready, timeout=30_000):
        assert page.build() is not None
        assert not page.build_button.isEnabled()  # running in the pool, UI still alive


def test_lead_builds_sees_charts_and_exports_three_formats(page: ReportsPage, qtbot,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert page.request().start == "2026-01" and page.request().end == "2026-03"
    _build(page, qtbot)
    assert page.progress.value() == 100
    levels = page.cards["levels"]
    assert levels.chart.series() and levels.drawn["none"] == [80.0, 80.0, 80.0]
    assert page.tiles["screenings"].value.text() == "439"
    for fmt, excel in (("csv", False), ("csv", True), ("xlsx", False), ("json", False)):
        target = tmp_path / f"out{'-excel' if excel else ''}.{fmt}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *a, t=target, **k: (str(t), "")))
        page.export_buttons[(fmt, excel)].click()
        assert page.exporting is not None  # written off the UI thread
        assert not page.export_buttons[(fmt, excel)].isEnabled()
        with qtbot.waitSignal(page.exporting.finished, timeout=30_000):
            pass
        assert target.is_file() and target.stat().st_size > 0
        assert page.status.text() == f"Exported to {target}."
        assert page.export_buttons[(fmt, excel)].isEnabled()
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in doc["tables"]] == [
        dash.BY_LEVEL, dash.REFERRALS, dash.REPORTS, dash.FOLLOW_UPS, dash.LESSON_TABLE]


def test_cancel_stops_the_build_and_says_so(page: ReportsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.report_failed, timeout=30_000) as blocker:
        assert page.build() is not None
        assert page.cancel_button.isEnabled()
        page.cancel_button.click()
    assert blocker.args[0] == "Cancelled; nothing was written." == page.status.text()
    assert page.report is None and page.progress.value() == 0
    assert page.build_button.isEnabled() and not page.cancel_button.isEnabled()
    assert not any(button.isEnabled() for button in page.export_buttons.values())


def test_a_failed_export_shows_its_one_clear_line(page: ReportsPage, qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    _build(page, qtbot)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(
        lambda _parent, title, text, *a, **k: shown.append((title, text))))
    target = tmp_path / "no-such-folder" / "counts.csv"
    exporting = page.export_to(target, "csv")
    assert exporting is not None
    with qtbot.waitSignal(exporting.failed, timeout=30_000) as blocker:
        pass
    assert shown == [("Export counts", f"The folder {target.parent} does not exist.")]
    assert blocker.args[0] == shown[0][1] and "\n" not in shown[0][1]
    assert not target.exists() and page.exporting is None
    assert all(button.isEnabled() for button in page.export_buttons.values())


def test_the_rare_student_is_never_drawn(page: ReportsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    _build(page, qtbot)
    report = page.report
    assert report is not None
    march = 2
    assert report.table(dash.BY_LEVEL).value("screenings", month="2026-03",
                                             concern_level="clear") is None
    cards = page.cards
    assert cards["levels"].drawn["clear"][march] == 0.0
    assert cards["levels"].marks or cards["levels"].drawn.get("hidden")
    assert cards["referrals"].drawn[dash.REPORTS][march] == 0.0
    # 26 overdue possible-concern follow-ups plus the rare one: a count of 27 hides it
    assert cards["follow_ups"].drawn["overdue"][march] == 27.0
    # lessons: 3 deliveries in February are hidden; a bar at 0 with a mark
    assert cards["lessons"].drawn["deliveries"][1] == 0.0
    assert cards["lessons"].drawn["students"][1] == 54.0  # 54 students: shown
    for card in cards.values():
        for values in card.drawn.values():
            assert not any(0 < v < 11 for v in values)
    table = page.findChild(QTableWidget, f"table_{dash.BY_LEVEL}")
    assert table is not None and table.item(march, 2).text() == "suppressed"


def test_threshold_cannot_be_set_below_11(page: ReportsPage) -> None:
    page.threshold.setValue(5)
    assert page.threshold.value() == 11


def test_a_nurse_has_no_reports_workspace_and_cannot_export(open_as: Callable[[str], Store],  # type: ignore[no-untyped-def]
                                                            qtbot, tmp_path: Path) -> None:
    lead = open_as(LEAD)
    lead_window = MainWindow(lead)
    qtbot.addWidget(lead_window)
    assert lead_window.show_workspace("reports")
    nurse = open_as(NURSE)
    window = MainWindow(nurse)
    qtbot.addWidget(window)
    assert not window.show_workspace("reports")
    assert not window.findChildren(ReportsPage)
    report = lead.build_counts_report(dash.dashboard_request("2026-01", "2026-03"))
    with pytest.raises(PermissionDenied):
        nurse.export_report(report, "csv", tmp_path / "n.csv")
    assert not (tmp_path / "n.csv").exists()
