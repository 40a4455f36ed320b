"""The Reports workspace: pick a period, build the report off the UI thread, see charts,
tables and headline counts, export CSV / XLSX / JSON. Everything shown comes from the
suppressed report; the store checks the lead's permission and audits views and exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clinic_app.errors import ClinicError
from clinic_app.i18n import _, format_number
from clinic_app.reports import MARK, MIN_THRESHOLD, Report, rule_text
from clinic_app.reports import dashboard as dash
from clinic_app.reports.notes import dim_title, measure_title, value_label
from clinic_app.reports.spec import MAX_THRESHOLD
from clinic_app.ui import palette
from clinic_app.ui.flow_layout import flow_row, keep_together
from clinic_app.ui.operations import Operation, run_operation
from clinic_app.ui.reports.charts import ChartCard, hidden_note
from clinic_app.ui.retranslate import Retranslatable
from clinic_app.ui.style import restyle

if TYPE_CHECKING:
    from clinic_app.store.facade import Store

PAIR_COLORS = {dash.REFERRALS: palette.CHART_REFERRALS, dash.REPORTS: palette.CHART_REPORTS}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
EXPORTS = (("csv", False), ("csv", True), ("xlsx", False), ("json", False))


def _month(date: QDate) -> str:
    return f"{date.year():04d}-{date.month():02d}"


class Tile(QFrame):
    """One headline count."""

    def __init__(self, key: str) -> None:
        super().__init__(objectName=f"tile_{key}")
        self.value = QLabel("–", objectName="tile_value")
        self.caption = QLabel(objectName="tile_caption", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def show_value(self, value: int | None) -> None:
        self.value.setText(MARK if value is None else format_number(value))
        restyle(self.value, state="hidden" if value is None else "")


class ReportsPage(QWidget, Retranslatable):
    """The lead's dashboard. Emits `report_ready` when a report has been built."""

    report_ready = Signal(object)
    report_failed = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None,
                 today: dt.date | None = None) -> None:
        super().__init__(parent, objectName="reports_page")
        self._store = store
        self.report: Report | None = None
        self._job: Operation | None = None
        self.exporting: Operation | None = None
        today = today or dt.date.today()
        self.heading = QLabel(objectName="heading")
        restyle(self.heading, role="heading")
        self.subheading = QLabel(objectName="subheading", wordWrap=True)
        restyle(self.subheading, role="hint")
        end = QDate(today.year, today.month, 1)
        self.from_month = self._month_edit("from_month", end.addMonths(-11))
        self.to_month = self._month_edit("to_month", end)
        self.period = QComboBox(objectName="period")
        self.threshold = QSpinBox(objectName="threshold")
        self.threshold.setRange(MIN_THRESHOLD, MAX_THRESHOLD)  # never below 11
        self.threshold.setValue(MIN_THRESHOLD)
        self.build_button = QPushButton(objectName="build_report")
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        self.cancel_button = QPushButton(objectName="cancel_report")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar(objectName="progress")
        self.progress.setRange(0, 100)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(160)
        self.progress.hide()  # shown while a report is being built
        self.status = QLabel(objectName="report_status")
        restyle(self.status, role="hint")
        self._labels = {k: QLabel() for k in ("from", "to", "period", "threshold")}
        controls = flow_row(
            *(keep_together(self._labels[key], widget)
              for key, widget in (("from", self.from_month), ("to", self.to_month),
                                  ("period", self.period), ("threshold", self.threshold))),
            self.build_button, self.cancel_button, self.progress, self.status)
        self.tiles = {key: Tile(key) for key in (
            "screenings", "concern", "referrals", "reports", "overdue", "deliveries",
            "students")}
        tiles = QHBoxLayout()  # the tiles' captions wrap, so seven fit side by side
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        self.cards = {
            "levels": ChartCard("chart_levels"),
            "referrals": ChartCard("chart_referrals"),
            "follow_ups": ChartCard("chart_follow_ups"),
            "lessons": ChartCard("chart_lessons"),
        }
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, card in enumerate(self.cards.values()):
            grid.addWidget(card, index // 2, index % 2)
        charts = QWidget(objectName="charts")
        charts.setLayout(grid)
        self.tables_box = QVBoxLayout()
        tables = QWidget(objectName="tables")
        tables.setLayout(self.tables_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(tables)
        # The charts scroll inside their tab: on a laptop screen the controls, tiles and
        # exports stay in view and each chart keeps a readable height.
        charts_scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        charts_scroll.setWidget(charts)
        self.tabs = QTabWidget(objectName="report_tabs")
        self.tabs.addTab(charts_scroll, "")
        self.tabs.addTab(scroll, "")
        self.export_buttons: dict[tuple[str, bool], QPushButton] = {}
        self.export_label = QLabel()
        export_row = [self.export_label]
        for fmt, excel in EXPORTS:
            button = QPushButton(objectName=f"export_{fmt}{'_excel' if excel else ''}")
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, f=fmt, e=excel: self.choose_and_export(f, e))
            self.export_buttons[(fmt, excel)] = button
            export_row.append(button)
        exports = flow_row(*export_row, object_name="exports")
        self.rule = QLabel(objectName="rule", wordWrap=True)
        restyle(self.rule, role="hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(controls)
        layout.addWidget(exports)  # above the charts: on a laptop screen it stays in view
        layout.addLayout(tiles)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.rule)
        self.enable_retranslation()

    @staticmethod
    def _month_edit(name: str, value: QDate) -> QDateEdit:
        edit = QDateEdit(value, objectName=name)
        edit.setDisplayFormat("yyyy-MM")
        edit.setMinimumDate(QDate(2000, 1, 1))
        return edit

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Reports"))
        self.subheading.setText(_("Anonymized counts for {clinic}. Small counts are hidden.")
                                .format(clinic=self._store.clinic_profile().name))
        self._labels["from"].setText(_("From:"))
        self._labels["to"].setText(_("To:"))
        self._labels["period"].setText(_("By:"))
        self._labels["threshold"].setText(_("Hide counts below:"))
        current = self.period.currentData() or "month"
        self.period.clear()
        for key in ("month", "quarter", "year"):
            self.period.addItem(dim_title(key), key)
        self.period.setCurrentIndex(max(0, self.period.findData(current)))
        self.build_button.setText(_("Build report"))
        self.cancel_button.setText(_("Cancel"))
        captions = {"screenings": _("Screenings"), "concern": _("Possible or clear concern"),
                    "referrals": _("Referrals given"), "reports": _("Reports made"),
                    "overdue": _("Follow-ups overdue"), "deliveries": _("Lessons delivered"),
                    "students": _("Students reached")}
        for key, tile in self.tiles.items():
            tile.caption.setText(captions[key])
        self.tabs.setTabText(0, _("Charts"))
        self.tabs.setTabText(1, _("Tables"))
        self.export_label.setText(_("Export:"))
        names = {("csv", False): _("CSV"), ("csv", True): _("CSV for Excel"),
                 ("xlsx", False): _("Excel workbook (XLSX)"), ("json", False): _("JSON")}
        for key, button in self.export_buttons.items():
            button.setText(names[key] + "...")
        self.rule.setText(rule_text(self.threshold.value()))
        if self.report is not None:
            self.show_report(self.report)
        else:
            self._titles()

    def _titles(self) -> None:
        period = dim_title(self.period.currentData() or "month").lower()
        self.cards["levels"].title.setText(
            _("Screenings per {period} by concern level").format(period=period))
        self.cards["referrals"].title.setText(_("Referrals given and reports made"))
        self.cards["follow_ups"].title.setText(_("Follow-ups: done, due and overdue"))
        self.cards["lessons"].title.setText(_("Lessons delivered and students reached"))
        for card in self.cards.values():
            card.note.setText(hidden_note())

    # -- building -----------------------------------------------------------------------
    def request(self) -> dash.ReportRequest:
        return dash.dashboard_request(_month(self.from_month.date()), _month(self.to_month.date()),
                                      self.period.currentData() or "month",
                                      self.threshold.value())

    def build(self) -> Operation | None:
        """Start building the report off the UI thread; the progress bar and Cancel on
        the page follow it. `report_ready` or `report_failed` tells how it ended; None
        when a build is already running or the request is refused at once."""
        if self._job is not None:
            return None
        try:
            request = self.request().check()
        except ClinicError as exc:
            self._fail(str(exc))
            return None
        store = self._store
        self.build_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(_("Building the report..."))
        self._job = run_operation(
            self, lambda progress, cancelled: store.build_counts_report(
                request, progress=progress, cancelled=cancelled),
            where="building a report", on_success=self._finished, on_failure=self._fail)
        self._job.progress.connect(self._progress)
        return self._job

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        self.status.setText(text)

    def _done(self) -> None:
        self._job = None
        self.progress.hide()
        self.build_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _fail(self, message: str) -> None:
        self._done()
        self.progress.setValue(0)
        self.status.setText(message)
        self.report_failed.emit(message)

    def _finished(self, report: Report) -> None:
        self._done()
        self.progress.setValue(100)
        self.report = report
        self.show_report(report)
        meta = report.metadata
        self.status.setText(_("{start} to {end}: {n} cells hidden.").format(
            start=meta.start, end=meta.end, n=report.hidden_total))
        self.report_ready.emit(report)

    # -- showing ------------------------------------------------------------------------
    def show_report(self, report: Report) -> None:
        self._titles()
        self.rule.setText(rule_text(report.metadata.threshold))
        self._enable_exports(self.exporting is None)
        levels = report.table(dash.BY_LEVEL)
        follow = report.table(dash.FOLLOW_UPS)
        lessons = report.table(dash.LESSON_TABLE)
        total = levels.value("screenings")
        possible = levels.value("screenings", concern_level="possible")
        clear = levels.value("screenings", concern_level="clear")
        tiles = {
            "screenings": total,
            "concern": None if possible is None or clear is None else possible + clear,
            "referrals": report.table(dash.REFERRALS).value("screenings", referral_given="yes"),
            "reports": report.table(dash.REPORTS).value("screenings", report_made="yes"),
            "overdue": follow.value("screenings", follow_up="overdue"),
            "deliveries": lessons.value("deliveries"),
            "students": lessons.value("students"),
        }
        for key, value in tiles.items():
            self.tiles[key].show_value(value)
        hidden = _("Hidden (combined)")
        self.cards["levels"].bars(
            dash.stacked(report, dash.BY_LEVEL, ("none", "incomplete", "possible", "clear")),
            {k: value_label("concern_level", k) for k in palette.CHART_LEVELS},
            palette.CHART_LEVELS,
            stacked=True, hidden_label=hidden)
        self.cards["referrals"].bars(
            dash.yes_counts(report, (dash.REFERRALS, dash.REPORTS),
                            {dash.REFERRALS: "referral_given", dash.REPORTS: "report_made"}),
            {dash.REFERRALS: _("Referrals given"), dash.REPORTS: _("Reports made")},
            PAIR_COLORS, stacked=False, hidden_label=hidden)
        self.cards["follow_ups"].bars(
            dash.stacked(report, dash.FOLLOW_UPS, ("done", "open", "overdue")),
            {k: value_label("follow_up", k) for k in palette.CHART_FOLLOW_UPS},
            palette.CHART_FOLLOW_UPS,
            stacked=True, hidden_label=hidden)
        self.cards["lessons"].bars_and_line(
            dash.lesson_counts(report), "students", "deliveries",
            {"students": measure_title("students"), "deliveries": measure_title("deliveries")},
            palette.CHART_LESSONS)
        self._fill_tables(report)

    def _fill_tables(self, report: Report) -> None:
        while self.tables_box.count():
            item = self.tables_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for table in report.tables:
            period = table.dims[0]
            heading = QLabel(self._table_title(table.spec.name))
            restyle(heading, role="group-heading")
            self.tables_box.addWidget(heading)
            if len(table.dims) == 2:
                dim = table.dims[1]
                columns = [(m, {dim: v}) for m in table.measures
                           for v in (*table.domains[dim], None)]
                headers = [value_label(dim, v) for v in (*table.domains[dim], None)]
            else:
                columns = [(m, {}) for m in table.measures]
                headers = [measure_title(m) for m in table.measures]
            periods = (*table.domains[period], None)
            widget = QTableWidget(len(periods), len(columns), objectName=f"table_{table.spec.name}")
            widget.setHorizontalHeaderLabels(headers)
            widget.setVerticalHeaderLabels([value_label(period, p) for p in periods])
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            for row, p in enumerate(periods):
                for col, (measure, where) in enumerate(columns):
                    value = table.value(measure, **{period: p} if p else {}, **where)
                    item = QTableWidgetItem(MARK if value is None else format_number(value))
                    item.setTextAlignment(_RIGHT)
                    widget.setItem(row, col, item)
            widget.setMinimumHeight(min(400, 30 + 26 * len(periods)))
            self.tables_box.addWidget(widget)
        self.tables_box.addStretch()

    @staticmethod
    def _table_title(name: str) -> str:
        return {dash.BY_LEVEL: _("Screenings by concern level"),
                dash.REFERRALS: _("Screenings by referral given"),
                dash.REPORTS: _("Screenings by report made"),
                dash.FOLLOW_UPS: _("Screenings by follow-up status"),
                dash.LESSON_TABLE: _("Lessons delivered and students reached")}[name]

    # -- exporting ----------------------------------------------------------------------
    def choose_and_export(self, fmt: str, excel: bool = False) -> Operation | None:
        """Ask where to save, then export; None when there is nothing to export or the
        user cancelled the file dialog."""
        if self.report is None:
            return None
        suffix = {"csv": "csv", "xlsx": "xlsx", "json": "json"}[fmt]
        meta = self.report.metadata
        suggested = f"counts-{meta.start}-to-{meta.end}.{suffix}"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export counts"), suggested, f"{fmt.upper()} (*.{suffix})")
        return self.export_to(Path(path), fmt, excel) if path else None

    def export_to(self, path: Path, fmt: str, excel: bool = False) -> Operation | None:
        """Write the report shown off the UI thread (the store checks the permission and
        audits it); a refusal shows its one line in a message box. None when there is no
        report or an export is already running."""
        if self.report is None or self.exporting is not None:
            return None
        store, report = self._store, self.report
        self._enable_exports(False)
        self.exporting = run_operation(
            self, lambda _progress, _cancelled: store.export_report(report, fmt, path,
                                                                    excel=excel),
            where="exporting counts",
            on_success=lambda _none: self.status.setText(
                _("Exported to {path}.").format(path=path)),
            on_failure=self._export_refused)
        self.exporting.finished.connect(self._exported)
        return self.exporting

    def _export_refused(self, message: str) -> None:
        QMessageBox.warning(self, _("Export counts"), message)

    def _exported(self) -> None:
        self.exporting = None
        self._enable_exports(self.report is not None)

    def _enable_exports(self, enabled: bool) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(enabled)
