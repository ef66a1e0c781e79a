"""Trend charts for the PDF writer: bars or lines over months, drawn with reportlab graphics in
the app's embedded CJK font (pdf.FONT), so labels render in any reader."""

import math
from typing import Any

PALETTE = ("#1565c0", "#ef6c00", "#2e7d32", "#6a1b9a", "#c62828", "#00838f")


def trend_drawing(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float]]],
    style: str,
    width: float,
    font: str,
) -> Any:
    """A titled chart of one or more series over `labels`, with a legend and value labels."""
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib import colors

    height = 190.0
    drawing = Drawing(width, height)
    # else the chart names Helvetica, a font not embedded (the renderer reads this attribute)
    drawing.initialFontName = font  # type: ignore[attr-defined]
    drawing.add(String(0, height - 12, title, fontName=font, fontSize=10))
    chart: Any = VerticalBarChart() if style == "bar" else HorizontalLineChart()
    chart.x, chart.y = 34, 42
    chart.width, chart.height = width - 44, height - 80
    chart.data = [tuple(values) for _, values in series] or [(0,)]
    top = max((max(values, default=0) for _, values in series), default=0)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _nice_ceiling(top)
    chart.valueAxis.valueStep = chart.valueAxis.valueMax / 4
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = _axis_number
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e0e0e0")
    chart.valueAxis.visibleGrid = True
    chart.categoryAxis.categoryNames = [_short(label) for label in labels]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 0 if len(labels) <= 8 else 30
    chart.categoryAxis.labels.boxAnchor = "n" if len(labels) <= 8 else "ne"
    for index in range(len(series)):
        colour = colors.HexColor(PALETTE[index % len(PALETTE)])
        if style == "bar":
            chart.bars[index].fillColor = colour
            chart.bars[index].strokeColor = None
        else:
            chart.lines[index].strokeColor = colour
            chart.lines[index].strokeWidth = 1.6
    if style == "bar":
        chart.barLabelFormat = _axis_number
        chart.barLabels.fontName = font
        chart.barLabels.fontSize = 6.5
        chart.barLabels.nudge = 6
        chart.groupSpacing = 6
    else:
        chart.lineLabelFormat = _axis_number
        chart.lineLabels.fontName = font
        chart.lineLabels.fontSize = 6.5
        chart.joinedLines = 1
    drawing.add(chart)
    if len(series) > 1:
        legend = Legend()
        legend.x, legend.y = int(width - 10), int(height - 8)
        legend.boxAnchor = "ne"
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontName = font
        legend.fontSize = 8
        legend.dx, legend.dy = 8, 8
        legend.deltax = 70
        legend.colorNamePairs = [
            (colors.HexColor(PALETTE[i % len(PALETTE)]), name) for i, (name, _) in enumerate(series)
        ]
        drawing.add(legend)
    return drawing


def _short(label: str) -> str:
    """2026年3月 -> 3月, and the year on January (2027年1月 -> 27年1月)."""
    if "年" not in label:
        return label
    year, rest = label.split("年", 1)
    return f"{year[2:]}年{rest}" if rest.startswith("1月") or rest.startswith("12月*") else rest


def _axis_number(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _nice_ceiling(value: float) -> float:
    """A round axis top: four equal steps of 1, 2, 2.5 or 5 × 10ⁿ with room for the labels."""

    raw = max(value * 1.15, 4.0) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(s * magnitude for s in (1, 2, 2.5, 5, 10) if s * magnitude >= raw)
    return float(step * 4)
