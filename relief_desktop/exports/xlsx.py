"""The one Excel writer: sheets of typed columns -> an .xlsx that Excel, WPS and LibreOffice read.

Header frozen, columns sized, ID numbers as text (never 5.10108E+17), dates as dates, money as
numbers with two decimals. Write-only mode keeps memory flat for large ledgers.

Text is never a formula: a value that starts with = + - @ (or their full-width forms, also after
leading spaces, tabs or line breaks) is written as a string cell with the quote-prefix style, so
Excel, WPS and LibreOffice show it and never evaluate it, and editing the cell in Excel keeps it
text. The value itself is written unchanged. A control character a store may hold from before
it was refused on input is written as U+FFFD, so an old store still exports.

Numbers are number cells with a number format (counts 0, yuan #,##0.00, percentages 0.0%), so a
SUM works across sheets and across the 11 streets' files: a column declares its kind, a table
whose unit changes from row to row (工作简报) gives a cell its own kind with `Typed`, and an int
or float that reaches a text column is still written as a number.

Every sheet prints: A4, landscape when its columns are wide, fit to one page wide, the header
rows repeated on each page, the street and period (`heading`) and the sheet name in the page
header, 第 X 页 / 共 Y 页 in the footer. A short summary sheet (`one_page`) prints on one page.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from copy import copy
from dataclasses import dataclass, field
from datetime import date, datetime
from math import ceil
from pathlib import Path
from typing import Any, Literal

from relief_desktop.domain.text import visible
from relief_desktop.exports.atomic import atomic_path

Kind = Literal["text", "int", "money", "date", "datetime", "percent", "bool", "decimal", "number"]
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
NUMBER_FORMATS: dict[str, str] = {
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
    "int": "0",
    "decimal": "0.00",  # quantities and hours (not money: that is integer fen)
    "number": "General",  # a column mixing counts, yuan and percentage points, as each is
}
# Sheets whose columns add up to more characters than this print in landscape.
PORTRAIT_WIDTH = 95
# Text columns wider than this (in characters) wrap their long cells instead.
WRAP_WIDTH = 24
LINE_HEIGHT = 15  # points, one line of the default 11-point font
# What makes a spreadsheet read a typed cell as a formula (Excel also takes + - @; WPS and
# LibreOffice the full-width forms), after any leading whitespace a user would not see.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Excel (and calamine, which the importer uses) read _x0041_ in a cell as "A"; typed text that
# looks like that escape has its underscore escaped, as Excel does when it saves.
_WIDE = re.compile("[\u2e81-\U0010ffff]")  # characters that take two columns
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
# The most characters a cell holds in Excel and WPS (a longer one makes them "repair" the file,
# dropping the cell): a longer text keeps its start and says it was cut.
CELL_MAX = 32_767
CUT_MARK = "…（超过表格单元格 32767 字的上限，其后内容未写入此表）"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float | None = None  # in characters; estimated from the content when None


@dataclass(frozen=True)
class Typed:
    """A cell whose kind differs from its column's (a table whose unit varies by row); `bold`
    marks a sub-heading row inside a sheet."""

    value: object
    kind: Kind = "text"
    bold: bool = False


@dataclass(frozen=True)
class Sheet:
    """One worksheet. Money cells hold integer fen; they are written as yuan."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    note: str = ""  # a line above the header (e.g. 数据已脱敏), optional
    widths_from: int = 200  # rows sampled to size columns
    one_page: bool = False  # print on a single page (a short summary such as 工作简报)


@dataclass
class WriteResult:
    row_counts: dict[str, int] = field(default_factory=dict)


def display_width(text: str) -> float:
    """Chinese characters take two columns of width, Latin ones one."""
    narrow = len(_WIDE.sub("", text))  # counted in C: this runs for every long cell
    return 2.0 * (len(text) - narrow) + 1.1 * narrow


def sheet_title(title: str) -> str:
    return title.translate(INVALID_SHEET_CHARS)[:31] or "Sheet"


def _text(value: object) -> str:
    if isinstance(value, Typed):
        value = value.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def _shown(kind: Kind, value: object) -> str:
    """About what a spreadsheet shows for `value` in a column of `kind` (to size the column)."""
    if isinstance(value, Typed):
        kind, value = value.kind, value.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value)
    if kind == "money":
        return f"{value / 100:,.2f}"
    if kind == "percent":
        return f"{value:.1%}"
    return f"{value:.2f}" if kind == "decimal" else f"{value:g}"


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take `text`, typed into a cell, for a formula."""
    return text.lstrip().startswith(FORMULA_STARTS)


def write_workbook(
    target: Path,
    sheets: Sequence[Sheet],
    progress: Callable[[int], None] | None = None,
    heading: str = "",
) -> WriteResult:
    """Write all sheets to `target` atomically. `progress` gets the rows written so far and may
    raise (e.g. a cancel) to abandon the file. `heading` (street and period) heads every page."""
    # deferred: openpyxl is heavy; loaded only when a workbook is read or written
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    result = WriteResult()

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(vertical="center", wrap_text=True)
    written = 0
    for spec in sheets:
        ws = workbook.create_sheet(sheet_title(spec.title))
        rows = iter(spec.rows)
        sample: list[Sequence[object]] = []
        for row in rows:
            sample.append(row)
            if len(sample) >= spec.widths_from:
                break
        widths, wraps = column_widths(spec.columns, sample)
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        # Write-only sheets write their view with the first row: freeze before any append.
        header_row = 2 if spec.note else 1
        ws.freeze_panes = f"A{header_row + 1}"
        page_setup(ws, sum(widths), header_row, heading, spec.one_page)
        if spec.note:
            ws.append([_string_cell(ws, WriteOnlyCell, spec.note)])
        header_cells = []
        for column in spec.columns:
            cell = _string_cell(ws, WriteOnlyCell, column.header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = wrap
            header_cells.append(cell)
        if any(display_width(c.header) + 1 > w for c, w in zip(spec.columns, widths, strict=True)):
            ws.row_dimensions[header_row].height = LINE_HEIGHT * 2
        ws.append(header_cells)
        count = 0
        kinds = [column.kind for column in spec.columns]
        # Long text wraps inside its column instead of widening the printed page.
        long_text = [(i, widths[i] / 2.2) for i in wraps]
        template: Any = WriteOnlyCell(ws, value="")
        template.alignment = Alignment(wrap_text=True)
        wrap_style = template._style  # copied onto each wrapped cell: cheaper than setting it
        for row in _chain(sample, rows):
            cells = [_cell(ws, WriteOnlyCell, k, v) for k, v in zip(kinds, row, strict=True)]
            lines = 1
            for i, fits in long_text:
                text = cells[i]
                if type(text) is str and len(text) > fits:
                    shown = display_width(text)
                    if shown > widths[i]:
                        wrapped: Any = WriteOnlyCell(ws, value=text)  # already a plain text
                        wrapped._style = copy(wrap_style)
                        cells[i] = wrapped
                        lines = max(lines, ceil(shown / (widths[i] - 1)))
            if lines > 1:  # spreadsheets do not grow a row for wrapped text on opening
                ws.row_dimensions[header_row + count + 1].height = LINE_HEIGHT * lines
            ws.append(cells)
            count += 1
            if progress is not None and count % 1000 == 0:
                progress(written + count)
        written += count
        result.row_counts[spec.title] = count
        if progress is not None:
            progress(written)
    with atomic_path(target) as temp:
        workbook.save(temp)
    return result


def column_widths(
    columns: Sequence[Column], sample: Sequence[Sequence[object]]
) -> tuple[list[float], list[int]]:
    """Each column's width in characters, sized to the sampled rows, and the columns whose long
    text wraps: a header wraps onto two lines, text wider than WRAP_WIDTH onto several, so a
    sheet prints fit to one page wide at a size that can still be read."""
    widths: list[float] = []
    wraps: list[int] = []
    for index, column in enumerate(columns):
        width = column.width
        if width is None:
            shown = [_shown(column.kind, r[index]) for r in sample]
            content = max((display_width(text) for text in shown), default=0) + 2
            if column.kind == "text" and content > WRAP_WIDTH and not _codes(shown):
                content = WRAP_WIDTH
                wraps.append(index)
            header = display_width(column.header)
            width = max(content, min(header + 2, header / 2 + 4))
            if column.kind in ("date", "datetime", "money", "decimal"):
                width = max(width, 12 if column.kind != "datetime" else 17)
        widths.append(min(max(width, 6), 60))
    return widths, wraps


def _codes(texts: Sequence[str]) -> bool:
    """A column of codes (record numbers, UUIDs: no spaces, no Chinese) is not wrapped: a code
    broken over two lines is misread."""
    return all(text.isascii() and " " not in text for text in texts)


def page_setup(ws: Any, width: float, header_row: int, heading: str, one_page: bool) -> None:
    """How a sheet prints (see the module text). `width` is the sum of its column widths."""
    # deferred: openpyxl is heavy; loaded only when a workbook is read or written
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup = ws.page_setup
    setup.paperSize = "9"  # A4
    setup.orientation = "landscape" if width > PORTRAIT_WIDTH else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    ws.print_title_rows = f"1:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25
    ws.oddHeader.left.text = heading.replace("&", "&&")
    ws.oddHeader.left.size = ws.oddHeader.right.size = 9
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddFooter.center.text = "第 &P 页 / 共 &N 页"
    ws.oddFooter.center.size = 9


def _chain(
    first: Sequence[Sequence[object]], rest: Iterator[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield from first
    yield from rest


def _string_cell(ws: Any, make: Any, text: str) -> Any:
    """A cell that holds `text` as a string, whatever it starts with."""
    text = visible(text)
    if len(text) > CELL_MAX:
        text = text[: CELL_MAX - len(CUT_MARK) - 100] + CUT_MARK  # room for _x escapes below
    if "_x" in text:
        text = _EXCEL_ESCAPE.sub("_x005F_", text)
    cell = make(ws, value=text)
    if cell.data_type != "s" or looks_like_formula(text):
        # openpyxl takes a str starting with '=' for a formula: force a string, and set the
        # quote prefix so Excel keeps it text when the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _cell(ws: Any, make: Any, kind: Kind, value: object) -> object:
    if kind == "text" and type(value) is str:  # the usual cell, first
        if not value:
            return None
        if (
            value.isprintable()
            and len(value) <= CELL_MAX
            and "_x" not in value
            and not value.lstrip().startswith(FORMULA_STARTS)
        ):
            return value
        return _string_cell(ws, make, value)
    if type(value) is Typed:
        cell: Any = _cell(ws, make, value.kind, value.value)
        if value.bold and cell is not None:
            # deferred: openpyxl is heavy; loaded only when a workbook is read or written
            from openpyxl.styles import Font

            cell = _string_cell(ws, make, cell) if isinstance(cell, str) else cell
            cell.font = Font(bold=True)
        return cell
    if value is None or value == "":
        return None
    if kind == "text" and isinstance(value, int | float) and not isinstance(value, bool):
        kind = "int" if isinstance(value, int) or value.is_integer() else "decimal"
    if kind == "text" or (isinstance(value, str) and kind not in ("date", "datetime")):
        # Always a string cell: an ID number must never become a float, text never a formula.
        text = _text(value)
        if (
            text.isprintable()
            and len(text) <= CELL_MAX
            and "_x" not in text
            and not text.lstrip().startswith(FORMULA_STARTS)
        ):
            return text  # the usual cell: a plain str is the cheapest thing to append
        return _string_cell(ws, make, text)
    if kind == "bool":
        return _text(bool(value))
    if kind == "money":
        assert isinstance(value, int), "money is integer fen"
        cell = make(ws, value=value / 100)
    elif kind in ("date", "datetime"):
        if isinstance(value, str):
            value = (
                datetime.fromisoformat(value) if kind == "datetime" else date.fromisoformat(value)
            )
        cell = make(ws, value=value)
    else:
        cell = make(ws, value=value)
    cell.number_format = NUMBER_FORMATS[kind]
    return cell
