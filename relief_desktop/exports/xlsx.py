"""The one Excel writer: sheets of typed columns -> an .xlsx that Excel, WPS and LibreOffice read.

Header frozen, columns sized, ID numbers as text (never 5.10108E+17), dates as dates, money as
numbers with two decimals. Write-only mode keeps memory flat for large ledgers.

Text is never a formula: a value that starts with = + - @ (or their full-width forms, also after
leading spaces, tabs or line breaks) is written as a string cell with the quote-prefix style, so
Excel, WPS and LibreOffice show it and never evaluate it, and editing the cell in Excel keeps it
text. The value itself is written unchanged. A control character a store may hold from before
it was refused on input is written as U+FFFD, so an old store still exports.
"""

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
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
# What makes a spreadsheet read a typed cell as a formula (Excel also takes + - @; WPS and
# LibreOffice the full-width forms), after any leading whitespace a user would not see.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Excel (and calamine, which the importer uses) read _x0041_ in a cell as "A"; typed text that
# looks like that escape has its underscore escaped, as Excel does when it saves.
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: float | None = None  # in characters; estimated from the content when None


@dataclass(frozen=True)
class Sheet:
    """One worksheet. Money cells hold integer fen; they are written as yuan."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    note: str = ""  # a line above the header (e.g. 数据已脱敏), optional
    widths_from: int = 200  # rows sampled to size columns


@dataclass
class WriteResult:
    row_counts: dict[str, int] = field(default_factory=dict)


def display_width(text: str) -> float:
    """Chinese characters take two columns of width, Latin ones one."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def sheet_title(title: str) -> str:
    return title.translate(INVALID_SHEET_CHARS)[:31] or "Sheet"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def looks_like_formula(text: str) -> bool:
    """True when a spreadsheet would take `text`, typed into a cell, for a formula."""
    return text.lstrip().startswith(FORMULA_STARTS)


def write_workbook(
    target: Path,
    sheets: Sequence[Sheet],
    progress: Callable[[int], None] | None = None,
) -> WriteResult:
    """Write all sheets to `target` atomically. `progress` gets the rows written so far and may
    raise (e.g. a cancel) to abandon the file."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    result = WriteResult()
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(vertical="center")
    written = 0
    for spec in sheets:
        ws = workbook.create_sheet(sheet_title(spec.title))
        rows = iter(spec.rows)
        sample: list[Sequence[object]] = []
        for row in rows:
            sample.append(row)
            if len(sample) >= spec.widths_from:
                break
        for index, column in enumerate(spec.columns, start=1):
            width = column.width
            if width is None:
                texts = [column.header] + [_text(r[index - 1]) for r in sample]
                width = max(display_width(t) for t in texts) + 2
                if column.kind in ("date", "datetime", "money", "decimal"):
                    width = max(width, 13 if column.kind != "datetime" else 17)
            ws.column_dimensions[get_column_letter(index)].width = min(max(width, 6), 60)
        # Write-only sheets write their view with the first row: freeze before any append.
        header_row = 2 if spec.note else 1
        ws.freeze_panes = f"A{header_row + 1}"
        if spec.note:
            ws.append([_string_cell(ws, WriteOnlyCell, spec.note)])
        header_cells = []
        for column in spec.columns:
            cell = _string_cell(ws, WriteOnlyCell, column.header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = wrap
            header_cells.append(cell)
        ws.append(header_cells)
        count = 0
        kinds = [column.kind for column in spec.columns]
        for row in _chain(sample, rows):
            ws.append([_cell(ws, WriteOnlyCell, k, v) for k, v in zip(kinds, row, strict=True)])
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


def _chain(
    first: Sequence[Sequence[object]], rest: Iterator[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield from first
    yield from rest


def _string_cell(ws: Any, make: Any, text: str) -> Any:
    """A cell that holds `text` as a string, whatever it starts with."""
    text = visible(text)
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
    if value is None or value == "":
        return None
    if kind == "text" or (isinstance(value, str) and kind not in ("date", "datetime")):
        # Always a string cell: an ID number must never become a float, text never a formula.
        text = _text(value)
        if text.isprintable() and "_x" not in text and not text.lstrip().startswith(FORMULA_STARTS):
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
