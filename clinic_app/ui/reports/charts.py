"""The dashboard's charts (QtCharts). They draw only what the report publishes: a hidden
count is drawn at zero with a '*' mark above it, never its value; hidden parts of a stacked
bar are drawn together in grey, and only where their sum can be worked out from the
published table anyway."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGraphicsSimpleTextItem, QLabel, QVBoxLayout, QWidget

from clinic_app.i18n import _, current_language
from clinic_app.reports.dashboard import ChartData
from clinic_app.ui import palette

HIDDEN_MARK = "*"


def _period_label(period: str) -> str:
    """'2026-01' as a short month name with the year ('Jan 26'); quarters and years as is."""
    if len(period) != 7 or period[4] != "-" or not period[5:].isdigit():
        return period
    locale = _BABEL.get(current_language())
    if locale is None:  # no CLDR data (Hmong): keep the ISO month
        return period
    day = dt.date(int(period[:4]), int(period[5:]), 1)
    return str(format_date(day, "MMM yy", locale=locale))


_BABEL = {"en": "en_US", "es": "es_US", "so": "so"}


class ChartCard(QFrame):
    """A titled chart with a footnote; marks hidden bars with '*'."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName=object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(objectName="chart_title", wordWrap=True)
        self.chart = QChart()
        self.chart.setBackgroundVisible(False)
        self.chart.setPlotAreaBackgroundVisible(False)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.legend().setFont(QFont(self.font().family(), 8))
        self.view = QChartView(self.chart)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setBackgroundBrush(QBrush(QColor(palette.CHART_BACKGROUND)))
        self.view.setMinimumHeight(230)
        self.note = QLabel(objectName="chart_note", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        self._marks: list[tuple[QGraphicsSimpleTextItem, float, object]] = []
        self.chart.plotAreaChanged.connect(self._place_marks)
        self.drawn: dict[str, list[float]] = {}  # what each series draws (for tests)

    # -- building -----------------------------------------------------------------------
    def clear(self) -> None:
        for item, _x, _series in self._marks:
            self.chart.scene().removeItem(item) if item.scene() else None
        self._marks.clear()
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.drawn.clear()

    def bars(self, data: ChartData, labels: dict[str, str], colors: dict[str, str], *,
             stacked: bool, hidden_label: str) -> None:
        """Bars per period; stacked bars get a grey part for hidden counts (if known)."""
        self.clear()
        series = QStackedBarSeries() if stacked else QBarSeries()
        sets = []
        for s in data.series:
            bar = QBarSet(labels[s.key])
            bar.setColor(QColor(colors[s.key]))
            bar.setBorderColor(QColor(colors[s.key]))
            values = [float(v or 0) for v in s.values]
            bar.append(values)
            self.drawn[s.key] = values
            sets.append((s, bar))
            series.append(bar)
        if stacked and any(v for v in data.hidden_rest if v):
            grey = QBarSet(hidden_label)
            grey.setColor(QColor(palette.CHART_HIDDEN))
            grey.setBorderColor(QColor(palette.CHART_HIDDEN))
            values = [float(v or 0) for v in data.hidden_rest]
            grey.append(values)
            self.drawn["hidden"] = values
            series.append(grey)
        series.setBarWidth(0.7 if stacked else 0.8)
        self.chart.addSeries(series)
        axis_y = self._axes(data.periods, series)
        width = 0.8 / max(1, len(sets))
        for index, (s, _bar) in enumerate(sets):
            offset = 0.0 if stacked else (index - (len(sets) - 1) / 2) * width
            for x, value in enumerate(s.values):
                if value is None and not (stacked and data.hidden_rest
                                          and data.hidden_rest[x]):
                    self._mark(x + offset, series)
        axis_y.applyNiceNumbers()

    def bars_and_line(self, data: ChartData, bar_key: str, line_key: str,
                      labels: dict[str, str], colors: dict[str, str]) -> None:
        """Bars of one measure (left axis) and points joined by lines of another (right);
        a hidden point breaks the line."""
        self.clear()
        bars = {s.key: s for s in data.series}[bar_key]
        line = {s.key: s for s in data.series}[line_key]
        series = QBarSeries()
        bar = QBarSet(labels[bar_key])
        bar.setColor(QColor(colors[bar_key]))
        bar.setBorderColor(QColor(colors[bar_key]))
        bar.append([float(v or 0) for v in bars.values])
        self.drawn[bar_key] = [float(v or 0) for v in bars.values]
        series.append(bar)
        series.setBarWidth(0.6)
        self.chart.addSeries(series)
        axis_y = self._axes(data.periods, series)
        right = QValueAxis()
        right.setLabelFormat("%d")
        right.setLabelsFont(QFont(self.font().family(), 8))
        right.setGridLineVisible(False)
        self.chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
        pen = QPen(QColor(colors[line_key]), 2.5)
        points = QScatterSeries()
        points.setName(labels[line_key])
        points.setColor(QColor(colors[line_key]))
        points.setBorderColor(QColor(colors[line_key]))
        points.setMarkerSize(8)
        segment: QLineSeries | None = None
        highest = 1
        for x, value in enumerate(line.values):
            if value is None:
                segment = None
                continue
            highest = max(highest, value)
            points.append(QPointF(x, value))
            if segment is None:
                segment = QLineSeries()
                segment.setPen(pen)
                self.chart.addSeries(segment)
                segment.attachAxis(self.chart.axes(Qt.Orientation.Horizontal)[0])
                segment.attachAxis(right)
                self.chart.legend().markers(segment)[0].setVisible(False)
            segment.append(QPointF(x, value))
        self.drawn[line_key] = [float(v) if v is not None else 0.0 for v in line.values]
        self.chart.addSeries(points)
        points.attachAxis(self.chart.axes(Qt.Orientation.Horizontal)[0])
        points.attachAxis(right)
        right.setRange(0, highest)
        right.applyNiceNumbers()
        axis_y.applyNiceNumbers()
        for x, value in enumerate(bars.values):
            if value is None:
                self._mark(float(x), series)
        for x, value in enumerate(line.values):
            if value is None:
                self._mark(float(x), series, above=18)

    def _axes(self, periods: tuple[str, ...], series: QBarSeries | QStackedBarSeries
              ) -> QValueAxis:
        axis_x = QBarCategoryAxis()
        axis_x.append([_period_label(p) for p in periods])
        if len(periods) > 6:
            axis_x.setLabelsAngle(-90)
        axis_x.setLabelsFont(QFont(self.font().family(), 8))
        self.chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        axis_y.setLabelsFont(QFont(self.font().family(), 8))
        axis_y.setGridLineColor(QColor(palette.GRID))
        self.chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_y.setMin(0)
        return axis_y

    # -- hidden marks -------------------------------------------------------------------
    def _mark(self, x: float, series: object, above: int = 4) -> None:
        item = QGraphicsSimpleTextItem(HIDDEN_MARK, self.chart)
        item.setBrush(QBrush(QColor(palette.CHART_MARK)))
        font = QFont(self.font().family(), 11)
        font.setBold(True)
        item.setFont(font)
        item.setData(0, above)
        item.setZValue(100)  # above the bars
        self._marks.append((item, x, series))
        self._place_marks()

    def _place_marks(self) -> None:
        for item, x, series in self._marks:
            point = self.chart.mapToPosition(QPointF(x, 0), series)  # type: ignore[arg-type]
            rect = item.boundingRect()
            item.setPos(point.x() - rect.width() / 2, point.y() - rect.height()
                        - int(item.data(0)))

    @property
    def marks(self) -> int:
        return len(self._marks)


def hidden_note() -> str:
    return _("* hidden: a count from 1 to 10, or a count hidden so that a small one cannot be "
             "worked out. Grey: hidden counts drawn together, where only their sum is known.")
