"""The one PDF writer: a report as a list of blocks -> an A4 PDF with the app's CJK font embedded.

reportlab embeds TrueType outlines only; WenQuanYi Micro Hei (resources/fonts) is subset-embedded
so the text renders as glyphs in any reader and stays extractable (STACK-NOTES.md).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from relief_desktop.exports.atomic import atomic_path
from relief_desktop.exports.charts import trend_drawing
from relief_desktop.resources import font_path

FONT = "WQYMicroHei"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    small: bool = False


@dataclass(frozen=True)
class KeyValues:
    """Label/value pairs laid out in `columns` pairs per row."""

    pairs: Sequence[tuple[str, str]]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None  # relative widths
    highlight_rows: Sequence[int] = ()
    keep_together: bool = False  # start a new page rather than split it (a KPI table)


@dataclass(frozen=True)
class BarChart:
    """Horizontal progress bars: (label, value 0..1+, colour name)."""

    title: str
    bars: Sequence[tuple[str, float, str]]
    marker: float | None = None  # a vertical line, e.g. the share of the year elapsed


@dataclass(frozen=True)
class TrendChart:
    """Bars or lines over periods (e.g. months): one series per (name, values) pair."""

    title: str
    labels: Sequence[str]
    series: Sequence[tuple[str, Sequence[float]]]
    style: str = "bar"  # or "line"


@dataclass(frozen=True)
class Image:
    path: Path
    caption: str = ""
    max_height_cm: float = 9.0


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | KeyValues | Table | BarChart | TrendChart | Image | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    blocks: Sequence[Block]
    subtitle: str = ""
    footer: str = "内部资料 · 含个人信息，请妥善保管"
    generated_at: datetime = field(default_factory=datetime.now)
    landscape: bool = False  # A4 turned, for wide tables (the 11 streets side by side)


@cache
def register_font() -> str:
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(font_path()), subfontIndex=0))
    return FONT


def _styles() -> dict[str, Any]:
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=FONT, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=24, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, alignment=1),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontSize=13.5,
            leading=20,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,  # a heading never ends a page without what it heads
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=11.5,
            leading=17,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        ),
        "body": ParagraphStyle("body", parent=base, spaceAfter=4),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "head": ParagraphStyle("head", parent=base, fontSize=9, leading=12),
    }


def _escape(text: object) -> str:
    return escape("" if text is None else str(text)).replace("\n", "<br/>")


def write_pdf(
    target: Path, document: Document, progress: Callable[[int], None] | None = None
) -> int:
    """Write the document atomically; returns the page count."""
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import cm
    from reportlab.platypus import SimpleDocTemplate, Spacer

    register_font()
    styles = _styles()
    flow: list[Any] = []
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.platypus import Paragraph as RLParagraph

    flow.append(RLParagraph(_escape(document.title), styles["title"]))
    if document.subtitle:
        flow.append(RLParagraph(_escape(document.subtitle), styles["subtitle"]))
    flow.append(Spacer(1, 0.4 * cm))
    page = landscape(A4) if document.landscape else A4
    width = page[0] - 3.6 * cm
    blocks = list(document.blocks)
    for index, block in enumerate(blocks):
        made = _flowables(block, styles, width, colors)
        after_heading = index > 0 and isinstance(blocks[index - 1], Heading) and bool(flow)
        if isinstance(block, Table) and block.keep_together and after_heading:
            # deferred: reportlab is heavy; loaded only when a PDF is written
            from reportlab.platypus import KeepTogether  # the heading moves with its table

            made[0] = KeepTogether([flow.pop(), made[0]])
        flow.extend(made)
        if progress is not None:
            progress(index + 1)
    pages = {"count": 0}

    def decorate(canvas: Any, doc: Any) -> None:
        pages["count"] = doc.page
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(1.8 * cm, 1.1 * cm, document.footer)
        stamp = document.generated_at.strftime("%Y-%m-%d %H:%M")
        canvas.drawRightString(page[0] - 1.8 * cm, 1.1 * cm, f"生成于 {stamp} · 第 {doc.page} 页")
        canvas.restoreState()

    with atomic_path(target) as temp:
        pdf = SimpleDocTemplate(
            str(temp),
            pagesize=page,
            leftMargin=1.8 * cm,
            rightMargin=1.8 * cm,
            topMargin=1.6 * cm,
            bottomMargin=1.8 * cm,
            title=document.title,
            author="relief_desktop",
            initialFontName=FONT,  # else every page names Helvetica, a font not embedded
        )
        pdf.build(flow, onFirstPage=decorate, onLaterPages=decorate)
    return pages["count"]


def _flowables(block: Block, styles: dict[str, Any], width: float, colors: Any) -> list[Any]:
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.platypus import Paragraph as RLParagraph
    from reportlab.platypus import Spacer
    from reportlab.platypus import Table as RLTable

    grid = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if isinstance(block, Heading):
        return [RLParagraph(_escape(block.text), styles["h1" if block.level == 1 else "h2"])]
    if isinstance(block, Paragraph):
        return [RLParagraph(_escape(block.text), styles["small" if block.small else "body"])]
    if isinstance(block, KeyValues):
        n = max(1, block.columns)
        cells = [
            [
                RLParagraph(_escape(label), styles["head"]),
                RLParagraph(_escape(value), styles["cell"]),
            ]
            for label, value in block.pairs
        ]
        rows = []
        for start in range(0, len(cells), n):
            row: list[Any] = []
            for pair in cells[start : start + n]:
                row += pair
            row += [""] * (2 * n - len(row))
            rows.append(row)
        if not rows:
            return []
        label_w, value_w = width / n * 0.38, width / n * 0.62
        table = RLTable(rows, colWidths=[label_w, value_w] * n)
        style = [*grid]
        for c in range(0, 2 * n, 2):
            style.append(("BACKGROUND", (c, 0), (c, -1), colors.HexColor("#eef3f8")))
        table.setStyle(style)  # type: ignore[arg-type]
        return [table, Spacer(1, 6)]
    if isinstance(block, Table):
        weights = list(block.widths or [1.0] * len(block.headers))
        total = sum(weights)
        col_widths = [width * w / total for w in weights]
        data = [[RLParagraph(_escape(h), styles["head"]) for h in block.headers]]
        data += [[RLParagraph(_escape(v), styles["cell"]) for v in row] for row in block.rows]
        table = RLTable(data, colWidths=col_widths, repeatRows=1)
        style = [*grid, ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde8f3"))]
        for r in block.highlight_rows:
            style.append(("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fdecea")))
        table.setStyle(style)  # type: ignore[arg-type]
        if block.keep_together:
            # deferred: reportlab is heavy; loaded only when a PDF is written
            from reportlab.platypus import KeepTogether

            return [KeepTogether([table]), Spacer(1, 8)]
        return [table, Spacer(1, 8)]
    if isinstance(block, BarChart):
        return [_bar_chart(block, width, colors), Spacer(1, 8)]
    if isinstance(block, TrendChart):
        series = [(name, list(values)) for name, values in block.series]
        return [
            trend_drawing(block.title, list(block.labels), series, block.style, width, FONT),
            Spacer(1, 8),
        ]
    if isinstance(block, Image):
        # deferred: reportlab is heavy; loaded only when a PDF is written
        from reportlab.lib.units import cm
        from reportlab.platypus import Image as RLImage

        if not _readable_picture(block.path):
            # A damaged photo must not cost the whole document: say so where it would be.
            note = f"（照片“{block.caption or block.path.name}”已损坏，无法显示）"
            return [RLParagraph(_escape(note), styles["small"])]
        picture = RLImage(str(block.path))
        scale = min(width / picture.drawWidth, block.max_height_cm * cm / picture.drawHeight, 1.0)
        picture.drawWidth *= scale
        picture.drawHeight *= scale
        out: list[Any] = [picture]
        if block.caption:
            out.append(RLParagraph(_escape(block.caption), styles["small"]))
        return out
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.platypus import PageBreak as RLPageBreak

    return [RLPageBreak()]


def _readable_picture(path: Path) -> bool:
    # deferred: Pillow is loaded only when a PDF draws an image
    from PIL import Image as PILImage

    try:
        with PILImage.open(path) as image:
            image.load()
    except (OSError, ValueError, SyntaxError):  # what Pillow raises for broken or odd files
        return False
    return True


_NO_STROKE: dict[str, Any] = {"strokeColor": None}
COLOURS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828", "blue": "#1565c0"}


def _bar_chart(block: BarChart, width: float, colors: Any) -> Any:
    # deferred: reportlab is heavy; loaded only when a PDF is written
    from reportlab.graphics.shapes import Drawing, Line, Rect, String

    row_h, label_w, top = 18.0, 150.0, 20.0
    height = top + row_h * len(block.bars) + 8
    drawing = Drawing(width, height)
    # else the chart names Helvetica, a font not embedded (the renderer reads this attribute)
    drawing.initialFontName = FONT  # type: ignore[attr-defined]
    drawing.add(String(0, height - 12, block.title, fontName=FONT, fontSize=10))
    bar_w = width - label_w - 50
    for i, (label, value, colour) in enumerate(block.bars):
        y = height - top - (i + 1) * row_h + 4
        drawing.add(String(0, y + 3, label, fontName=FONT, fontSize=8.5))
        drawing.add(
            Rect(label_w, y, bar_w, row_h - 7, fillColor=colors.HexColor("#eceff1"), **_NO_STROKE)
        )
        filled = max(0.0, min(value, 1.0)) * bar_w
        drawing.add(
            Rect(
                label_w,
                y,
                filled,
                row_h - 7,
                fillColor=colors.HexColor(COLOURS.get(colour, colour)),
                **_NO_STROKE,
            )
        )
        drawing.add(String(label_w + bar_w + 4, y + 3, f"{value:.0%}", fontName=FONT, fontSize=8.5))
    if block.marker is not None:
        x = label_w + max(0.0, min(block.marker, 1.0)) * bar_w
        drawing.add(
            Line(
                x,
                4,
                x,
                height - top + 2,
                strokeColor=colors.HexColor("#455a64"),
                strokeDashArray=[2, 2],
            )
        )
    return drawing
