"""The one spreadsheet importer: find the header, map columns by their usual Chinese names,
skip blank and totals rows, normalise cells, report problems row by row.

Shared by the bureau roll import and every ledger import (one importer in the code, not two).
"""

import csv
import io
import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from relief_desktop.domain import text as text_rules
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.importers import limits

TOTAL_WORDS = ("合计", "小计", "总计", "共计")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")  # how Excel shows a long number
_NUMBERS = (float, int)


@dataclass(frozen=True)
class FieldSpec:
    """A field an import fills: its key, its Chinese label and the headers it goes by."""

    key: str
    label: str
    synonyms: Sequence[str] = ()
    required: bool = False
    id_number: bool = False  # the cell holds an ID number: numbers are an error, not data
    multiline: bool = False  # keep line breaks (minutes, notes); other cells become one line
    # Cells are text as typed (domain/text.py): only ID cells are folded to ASCII here; numbers,
    # dates, phones and choices are folded by the code that parses them.

    def names(self) -> list[str]:
        return [normalise_header(n) for n in (self.label, *self.synonyms)]


@dataclass(frozen=True)
class SourceRow:
    """One data row of the file: its line number as Excel shows it, and text per field key."""

    line: int
    values: dict[str, str]


@dataclass
class TableRead:
    sheet: str
    header_line: int  # 1-based, as Excel shows it
    headers: list[str]
    mapping: dict[str, int]  # field key -> column index
    unmapped: list[str]  # headers that matched no field
    missing: list[str]  # required field keys with no column
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[tuple[int, Problem]] = field(default_factory=list)  # (line, problem)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, why)
    inferred: dict[str, int] = field(default_factory=dict)  # field key -> column, by content


# (cells of the sheet, index of the first data row, mapping so far) -> more field key -> column.
InferHook = Callable[[Sequence[Sequence[Any]], int, Mapping[str, int]], dict[str, int]]


def normalise_header(text: object) -> str:
    cleaned = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s\u3000*＊:：()（）\[\]【】]+", "", cleaned)


def normalise_text(value: object) -> str:
    """Full-width letters and digits to ASCII, spaces collapsed: for headers and for telling
    blank and totals rows, never for the values a row imports (see cell_text)."""
    return text_rules.fold(value)


def read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells. .xlsx, .xlsm, .xls and .ods through calamine; .csv as UTF-8 or GBK."""
    if not path.is_file():
        raise RuleError("import_missing", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        limits.check(path)  # size, rows and content before the file is decoded
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise RuleError("import_encoding", file=path.name)
        # A StringIO keeps line breaks inside quoted cells (splitlines() would drop them).
        return {path.stem: [list(r) for r in csv.reader(io.StringIO(text, newline=""))]}
    if suffix not in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise RuleError("import_type", file=path.name)
    limits.check(path)  # before calamine builds a single cell
    # deferred: calamine is loaded only when a spreadsheet is read with it
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    except Exception as error:  # calamine raises its own error types per format
        raise RuleError("import_unreadable", file=path.name, detail=str(error)[:200]) from None


def find_header(
    rows: Sequence[Sequence[Any]], fields: Sequence[FieldSpec], scan: int = 30
) -> tuple[int, dict[str, int]] | None:
    """The row (0-based) whose cells name the most fields, under any title rows and merged cells."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:scan]):
        mapping = map_headers([normalise_header(c) for c in row], fields)
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best[1])):
            best = (index, mapping)
    return best


def map_headers(headers: Sequence[str], fields: Sequence[FieldSpec]) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for spec in fields:
        names = spec.names()
        for column, header in enumerate(headers):
            if header and header in names and column not in mapping.values():
                mapping[spec.key] = column
                break
    return mapping


def cell_text(value: Any, spec: FieldSpec) -> tuple[str, str | None]:
    """(text, problem code) for a cell. Text stays as typed (domain/text.py: ends trimmed, one
    line unless `multiline`); ID cells are folded to ASCII; a control character is a problem.
    Dates become ISO text; integral floats lose '.0'."""
    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, datetime):
        return (value.date().isoformat() if value.time() == time() else value.isoformat()), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, float | int):
        if spec.id_number:
            # Excel keeps 15 significant digits: an 18-digit ID stored as a number is already
            # wrong, and scientific notation hides it. Never guess the lost digits.
            return _number_text(value), "id_stored_as_number"
        return _number_text(value), None
    raw = str(value)
    if text_rules.control_position(raw) is not None:
        shown = text_rules.clean_block(raw) if spec.multiline else text_rules.clean_line(raw)
        return shown, "text_control"
    if spec.multiline:
        return text_rules.clean_block(raw), None
    if spec.id_number:
        text = text_rules.fold(raw)
        return text, ("id_stored_as_number" if _SCIENTIFIC.fullmatch(text) else None)
    return text_rules.clean_line(raw), None


def _number_text(value: float | int) -> str:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _first_filled_row(rows: Sequence[Sequence[Any]], scan: int = 30) -> int | None:
    for index, row in enumerate(rows[:scan]):
        if sum(1 for c in row if c is not None and str(c).strip()) >= 2:
            return index
    return None


def is_total_row(cells: Sequence[str]) -> bool:
    first = [c for c in cells if c][:2]
    return any(c.replace(" ", "").startswith(TOTAL_WORDS) for c in first)


def read_table(
    path: Path,
    fields: Sequence[FieldSpec],
    mapping_override: Mapping[str, int] | None = None,
    sheet: str | None = None,
    header_override: Mapping[str, str] | None = None,
    header_row: int | None = None,
    infer: InferHook | None = None,
) -> TableRead:
    """Read the sheet that best matches `fields` (or the named one) into rows of field text.

    `mapping_override` maps field keys to column indexes; `header_override` maps a header as the
    file writes it to a field key (or to "" to leave that column out), as a user picks in a
    column-mapping dialog. `header_row` (0-based) is the header row a user picked; `infer` may
    map more columns from their content, and lets a file whose headers are all unknown read from
    its first row of two or more cells."""
    sheets = read_sheets(path)
    if not sheets:
        raise RuleError("import_empty", file=path.name)
    candidates = [sheet] if sheet else list(sheets)
    chosen: tuple[str, int, dict[str, int]] | None = None
    for name in candidates:
        if name not in sheets:
            raise RuleError("import_sheet_missing", sheet=name, file=path.name)
        found = find_header(sheets[name], fields)
        if found and (chosen is None or len(found[1]) > len(chosen[2])):
            chosen = (name, found[0], found[1])
    if header_row is not None or (chosen is None and infer is not None):
        name = chosen[0] if chosen else candidates[0]
        index = header_row if header_row is not None else _first_filled_row(sheets[name])
        if index is not None and index < len(sheets[name]):
            row = [normalise_header(c) for c in sheets[name][index]]
            chosen = (name, index, map_headers(row, fields))
    if chosen is None:
        labels = "、".join(f.label for f in fields if f.required) or fields[0].label
        raise RuleError("import_no_header", file=path.name, labels=labels)
    name, header_index, mapping = chosen
    cells = sheets[name]
    headers = [normalise_text(c) for c in cells[header_index]]
    if mapping_override:  # a column index below 0 leaves the field out
        mapping = {k: c for k, c in {**mapping, **mapping_override}.items() if c >= 0}
    if header_override:
        normalised = [normalise_header(h) for h in headers]
        for header, key in header_override.items():
            wanted = normalise_header(header)
            if wanted not in normalised:
                continue
            column = normalised.index(wanted)
            mapping = {k: c for k, c in mapping.items() if c != column}
            if key and any(f.key == key for f in fields):
                mapping[key] = column
    inferred = infer(cells, header_index + 1, mapping) if infer else {}
    mapping = {**mapping, **inferred}
    mapped_columns = set(mapping.values())
    result = TableRead(
        sheet=name,
        header_line=header_index + 1,
        headers=headers,
        mapping=mapping,
        unmapped=[h for i, h in enumerate(headers) if h and i not in mapped_columns],
        missing=[f.key for f in fields if f.required and f.key not in mapping],
        inferred=inferred,
    )
    by_key = {f.key: f for f in fields}
    # (key, column, spec, how): how 1 = an ID number cell, 2 = keeps line breaks, 0 = plain text.
    columns = [
        (key, column, by_key[key], 2 if by_key[key].multiline else int(by_key[key].id_number))
        for key, column in mapping.items()
    ]
    rows, problems, skipped = result.rows, result.problems, result.skipped
    fold = text_rules.fold
    for offset, raw in enumerate(cells[header_index + 1 :], start=header_index + 2):
        # Only the first two non-empty cells decide blank and totals rows: normalising every
        # cell here would double the work of a large file.
        texts: list[str] = []
        for c in raw:
            if c is None or c == "":
                continue
            # strip() is enough to find a totals row (its words are CJK, full-width spaces go
            # too); folding every row's first cells cost a tenth of a large roll's import.
            text = str(c) if isinstance(c, _NUMBERS) else str(c).strip()
            if text:
                texts.append(text)
                if len(texts) == 2:
                    break
        if not texts:
            continue
        # is_total_row(texts), inline
        if texts[0].replace(" ", "").startswith(TOTAL_WORDS) or (
            len(texts) == 2 and texts[1].replace(" ", "").startswith(TOTAL_WORDS)
        ):
            skipped.append((offset, "合计/小计行"))
            continue
        width = len(raw)
        values: dict[str, str] = {}
        # cell_text, with the cells a roll or ledger is made of (text, numbers) done inline:
        # a 50,000-row file has 300,000 of them.
        for key, column, spec, how in columns:
            value: Any = raw[column] if column < width else None
            kind = type(value)
            problem: str | None = None
            if kind is str and how == 0 and value.isprintable():
                # Plain text, the most common cell: as typed, ends trimmed (text_rules.clean_line).
                text = value.strip()
            elif kind is str and how == 1 and value.isprintable():
                text = fold(value)
                if ("e" in text or "E" in text) and _SCIENTIFIC.fullmatch(text):
                    problem = "id_stored_as_number"
            elif kind is float or kind is int:
                # Excel numbers come as floats: 3.0 -> "3" as _number_text does.
                if kind is float and value.is_integer() and abs(value) < 1e15:
                    text = str(int(value))
                else:
                    text = _number_text(value)
                if how == 1:
                    problem = "id_stored_as_number"
            elif value is None:
                text = ""
            else:
                text, problem = cell_text(value, spec)
            values[key] = text
            if problem == "text_control":
                position = text_rules.control_position(value)
                details = {"label": spec.label, "position": position}
                problems.append((offset, Problem(key, problem, details)))
            elif problem:
                problems.append((offset, Problem(key, problem, {"value": text})))
        if not any(values.values()):
            skipped.append((offset, "空行"))
            continue
        rows.append(SourceRow(offset, values))
    return result
