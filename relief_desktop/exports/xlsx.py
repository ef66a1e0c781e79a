"""The one Excel writer: sheets of typed columns -> an .xlsx that Excel, WPS and LibreOffice read.

Header frozen, columns sized, ID numbers as text (never 5.10108E+17), dates as dates, money as
numbers with two decimals. Write-only mode keeps memory flat for large ledgers.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from relief_desktop.exports.atomic import atomic_path

Kind = Literal["text", "int", "money", "date", "datetime", "percent", "bool", "decimal"]
INVALID_SHEET_CHARS = str.maketrans({c: "_" for c in "[]:*?/\\"})
NUMBER_FORMATS: dict[str, str] = {
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "percent": "0.0%",
    "int": "0",
    "decimal": "0.00",  # quantities and hours (not money: that is integer fen)
}


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
            ws.append([spec.note])
        header_cells = []
        for column in spec.columns:
            cell = WriteOnlyCell(ws, value=column.header)
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


def _cell(ws: Any, make: Any, kind: Kind, value: object) -> object:
    if value is None or value == "":
        return None
    if kind == "text":
        # Always a string cell: an ID number must never become a float.
        return _text(value)
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
