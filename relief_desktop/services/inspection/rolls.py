"""Importing the bureau's roll (在册名单) of one category: preview first, then one transaction.

People missing from a new roll are ended with the roll's date, never deleted: past quarters'
coverage still counts them. A row the file got wrong (an ID Excel turned into a number, a bad
check digit, a duplicate) is reported with its line and never imported wrong.

Ending people is the one step that can cost a team its roll, so it is guarded: only a file that
reads as a whole roll ends anyone (some valid rows, errors on at most 10% of them); nobody is
ended while a row with an error may be theirs; ending more than 20% of the roll must be
confirmed with the count. A value that fails its check never overwrites a stored one.
"""

import functools
import json
import math
import operator
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from relief_desktop.domain import idcard, phone
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import CATEGORIES, SUPPORT_MODES, category_name
from relief_desktop.domain.money import format_yuan, parse_yuan
from relief_desktop.domain.text import person_name
from relief_desktop.domain.vocab import SELF_CARE
from relief_desktop.importers import infer
from relief_desktop.importers.table_file import (
    FieldSpec,
    TableRead,
    normalise_header,
    normalise_text,
    read_table,
)
from relief_desktop.messages import describe
from relief_desktop.services.inspection.common import (
    community_lookup,
    find_community,
)
from relief_desktop.storage import chain, journal
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import insert_many, transaction, utc_now
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

Progress = Callable[[str, int, int], None]  # (phase, done, total); may raise CancelledError


def _money(*names: str) -> tuple[str, ...]:
    """Money headers as clerks write them, also with the unit: 月保障金额（元） -> 月保障金额元."""
    return tuple(n for name in names for n in (name, f"{name}元"))


# The headers bureau clerks use for each field (after normalise_header: no spaces, brackets or
# colons). Every category's roll has the common fields; each adds its own.
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "name",
        "姓名",
        (
            "户主姓名", "户主", "户主名字", "对象姓名", "救助对象姓名", "救助对象", "保障对象姓名",
            "保障对象", "低保对象姓名", "低保对象", "特困人员姓名", "特困对象姓名", "供养对象姓名",
            "供养对象", "儿童姓名", "孩子姓名", "申请人姓名", "申请人", "申请人户主姓名",
            "受助人", "受助人姓名", "受助对象", "受助对象姓名", "被救助人", "被救助人姓名",
            "救助人姓名", "当事人", "当事人姓名", "人员姓名", "困难群众姓名", "名字", "姓名户主",
        ),
        required=True,
    ),
    FieldSpec(
        "id_number",
        "身份证号",
        (
            "身份证号码", "公民身份号码", "公民身份证号码", "公民身份证号", "身份证", "身份号码",
            "身份证件号码", "身份证件号", "证件号码", "证件号", "户主身份证号", "户主身份证号码",
            "户主身份证", "户主公民身份号码", "户主证件号码", "申请人身份证号", "申请人身份证号码",
            "申请人公民身份号码", "救助对象身份证号码", "保障对象身份证号码", "受助人身份证号码",
            "受助对象身份证号码", "特困人员身份证号码", "供养对象身份证号码", "儿童身份证号",
            "儿童身份证号码", "儿童公民身份号码", "身份证号码户主", "身份证号18位",
        ),
        required=True,
        id_number=True,
    ),
    FieldSpec(
        "phone",
        "联系电话",
        (
            "手机号码", "手机号", "电话", "手机", "联系方式", "电话号码", "联系电话号码",
            "移动电话", "固定电话", "户主电话", "户主联系电话", "户主手机", "本人电话",
            "本人联系电话", "申请人电话", "申请人联系电话", "对象联系电话", "家庭电话",
        ),
    ),
    FieldSpec(
        "address",
        "家庭住址",
        (
            "住址", "家庭地址", "居住地址", "现住址", "现居住地址", "现居住地", "居住地",
            "实际居住地址", "常住地址", "详细地址", "地址", "家庭详细地址", "家庭住址详细地址",
            "户籍地址", "户籍所在地", "户籍地", "户籍住址", "住所", "通讯地址",
        ),
    ),
    FieldSpec(
        "community",
        "社区",
        (
            "所属社区", "社区名称", "社区居委会", "所在社区", "村社区", "社区村", "村社",
            "所属社区村", "所属村社区", "所在村社区", "所在村社", "村居", "居委会",
            "社区居委会名称",
        ),
    ),
    FieldSpec(
        "household_size",
        "家庭人口",
        (
            "家庭人数", "家庭人口数", "家庭总人口", "家庭成员数", "家庭成员人数", "人口数",
            "户籍人口", "户内人数", "共同生活人数", "共同生活家庭成员人数", "家庭共同生活人数",
        ),
    ),
)  # fmt: skip

CATEGORY_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "低保": (
        FieldSpec(
            "covered_persons",
            "保障人数",
            ("保障人口", "保障人口数", "享受人数", "享受低保人数", "保障人员数", "低保人数",
             "纳入保障人数", "享受人口", "救助人数"),
        ),
        FieldSpec(
            "monthly_amount_fen",
            "月保障金额",
            _money("月保障金", "保障金额", "保障金", "月低保金", "低保金", "低保金额",
                   "月低保金额", "月发放金额", "发放金额", "月补助金额", "月补差金额",
                   "补差金额", "月享受金额", "享受金额", "月保障金额"),
        ),
    ),
    "特困": (
        FieldSpec(
            "support_mode",
            "供养方式",
            ("供养形式", "供养类型", "集中/分散供养", "集中分散供养", "供养方式集中/分散",
             "供养方式集中分散", "集中或分散供养", "安置方式"),
        ),
        FieldSpec(
            "self_care",
            "自理能力",
            ("生活自理能力", "自理情况", "生活自理情况", "自理能力等级", "自理程度",
             "生活能力", "生活自理能力评估", "自理能力评估", "自理能力评估结果"),
        ),
    ),
    "临时救助": (
        FieldSpec(
            "aid_reason",
            "救助事由",
            ("救助原因", "申请事由", "申请原因", "困难原因", "致困原因", "救助事项", "事由",
             "主要困难", "困难情形", "救助理由", "困难情况"),
        ),
        FieldSpec(
            "aid_amount_fen",
            "救助金额",
            _money("临时救助金额", "救助资金", "救助金", "临时救助金", "发放金额", "实发金额",
                   "救助款", "发放救助金额", "批准金额", "审批金额", "救助金额"),
        ),
        FieldSpec(
            "aid_on",
            "救助日期",
            ("救助时间", "发放日期", "发放时间", "审批日期", "审批时间", "批准日期",
             "批准时间", "临时救助日期", "救助发放日期", "实施救助日期"),
        ),
    ),
    "特殊困难群体儿童": (
        FieldSpec(
            "guardian_name",
            "监护人姓名",
            ("监护人", "监护人名字", "实际监护人", "实际监护人姓名", "委托监护人",
             "委托监护人姓名", "监护人员姓名", "法定监护人", "法定监护人姓名"),
        ),
        FieldSpec(
            "guardian_id_number",
            "监护人身份证号",
            ("监护人身份证号码", "监护人身份证", "监护人公民身份号码", "监护人证件号码",
             "监护人证件号", "实际监护人身份证号码", "实际监护人身份证号", "法定监护人身份证号码"),
            id_number=True,
        ),
        FieldSpec(
            "guardian_phone",
            "监护人电话",
            ("监护人联系电话", "监护人手机", "监护人手机号码", "监护人手机号", "监护人联系方式",
             "监护人电话号码", "实际监护人联系电话", "实际监护人电话", "法定监护人联系电话"),
        ),
    ),
}  # fmt: skip


def fields_for(category: str) -> tuple[FieldSpec, ...]:
    """The fields a roll of this category fills: the common ones and its own."""
    return FIELDS + CATEGORY_FIELDS.get(category_name(category), ())


FIELD_LABELS = {
    spec.key: spec.label for spec in (*FIELDS, *(s for c in CATEGORY_FIELDS.values() for s in c))
}

Severity = Literal["error", "warning"]
MAX_ERROR_SHARE = 0.10  # more rows with errors than this: not read as a whole roll, nobody ends
CONFIRM_SHARE = 0.20  # ending more of the current roll than this must be confirmed with the count


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str  # a field key, or "" for the whole row
    severity: Severity
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, "")


@dataclass(frozen=True)
class ProblemGroup:
    """The same problem on several rows, said once: 394 unknown-community rows are one line."""

    lines: tuple[int, ...]
    field: str
    severity: Severity
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, "")

    @property
    def lines_text(self) -> str:
        return lines_text(self.lines)


def lines_text(lines: Sequence[int], show: int = 5) -> str:
    """[3, 4, 5] -> "3、4、5"; more than `show` -> "3、4、5、6、7 等共 394" (said as 第 … 行)."""
    shown = "、".join(str(n) for n in lines[:show])
    return shown if len(lines) <= show else f"{shown} 等共 {len(lines)}"


class RollRow(NamedTuple):
    """One clean row of the file as it would be stored. A named tuple: as immutable as a frozen
    dataclass, and a 50,000-row roll builds one per row five times faster."""

    line: int
    name: str
    id_number: str
    phone: str = ""
    address: str = ""
    community_name: str = ""
    community_id: int | None = None
    household_size: int | None = None
    covered_persons: int | None = None
    monthly_amount_fen: int | None = None
    support_mode: str = ""
    self_care: str = ""
    guardian_name: str = ""
    guardian_id_number: str = ""
    guardian_phone: str = ""
    aid_reason: str = ""
    aid_amount_fen: int | None = None
    aid_on: str | None = None  # ISO date, as stored


# The stored values a roll row sets, in roll_entry's column names (RollRow's fields).
_VALUE_COLUMNS = tuple(f for f in RollRow._fields if f not in ("line", "id_number"))
# Which file field fills each column, and how a value is shown in the preview.
_COLUMN_FIELD = {"community_name": "community", "community_id": "community"}


def shown_value(column: str, value: object) -> str:
    """A stored value as the preview shows it: money in yuan, a guardian's ID masked."""
    if value is None or value == "":
        return ""
    if column.endswith("_fen") and isinstance(value, int):
        return format_yuan(value)
    if column == "guardian_id_number":
        return idcard.mask(str(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def category_values(row: RollRow) -> list[tuple[str, str]]:
    """(label, shown value) of the category's own fields the row has: 保障人数, 监护人姓名 …"""
    found: list[tuple[str, str]] = []
    for specs in CATEGORY_FIELDS.values():
        for spec in specs:
            shown = shown_value(spec.key, getattr(row, spec.key))
            if shown:
                found.append((spec.label, shown))
    return found


@dataclass(frozen=True)
class Change:
    entry_id: int
    row: RollRow  # the values as they will be stored (kept ones included)
    fields: tuple[tuple[str, str, str], ...]  # (label, old, new) as the preview shows them
    log: dict[str, list[Any]] = field(default_factory=dict)  # column -> [old, new] as stored


@dataclass(frozen=True)
class Ending:
    entry_id: int
    name: str
    id_number: str
    community_name: str
    started_on: date | None = None


@dataclass(frozen=True)
class Kept:
    """Someone not on the new list, not ended: a row with an error may be theirs."""

    ending: Ending
    lines: tuple[int, ...]

    @property
    def reason(self) -> str:
        return describe("roll_kept", lines=lines_text(self.lines))


@dataclass
class RollPreview:
    category: str
    file_name: str
    roll_date: date
    sheet: str
    header_line: int
    headers: list[str]
    mapping: dict[str, int]
    unmapped: list[str]
    missing: list[str]
    rows_read: int = 0
    adds: list[RollRow] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: int = 0
    ends: list[Ending] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)  # not ended: a problem row may be them
    held: list[Ending] = field(default_factory=list)  # not ended: the file is not a whole roll
    ends_blocked: str = ""  # why nobody is ended this time ("" when ends apply)
    blocking: list[str] = field(default_factory=list)  # why this preview cannot be committed
    problems: list[RowProblem] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    inferred: dict[str, int] = field(default_factory=dict)  # field key -> column, by content
    sheet_rows: list[list[str]] = field(default_factory=list)  # the first rows, for the mapping
    current_size: int = 0
    snapshot: tuple[int, str] = (0, "")

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({p.line for p in self.errors})

    @property
    def can_commit(self) -> bool:
        return not self.missing and not self.blocking

    @property
    def not_ended(self) -> int:
        """People not on the new list who stay on the roll (kept or held)."""
        return len(self.kept) + len(self.held)

    @property
    def has_changes(self) -> bool:
        return bool(self.adds or self.updates or self.ends)

    @property
    def valid_rows(self) -> int:
        return self.rows_read - len(self.rejected_lines)

    @property
    def needs_confirmation(self) -> bool:
        """Ending more than 20% of the current roll must be confirmed with the count."""
        return bool(self.ends) and len(self.ends) > CONFIRM_SHARE * self.current_size

    @property
    def end_share(self) -> float:
        return len(self.ends) / self.current_size if self.current_size else 0.0

    @property
    def mass_end(self) -> bool:  # the name earlier callers used
        return self.needs_confirmation

    def confirmation_text(self) -> str:
        return describe(
            "roll_confirm_ends",
            count=len(self.ends),
            current=self.current_size,
            share=f"{self.end_share:.0%}",
        )

    def missing_labels(self) -> str:
        return "、".join(FIELD_LABELS[k] for k in self.missing)

    def column_name(self, column: int) -> str:
        """“申请人姓名” or, for a column with no header, its letter “C”."""
        header = self.headers[column] if column < len(self.headers) else ""
        return header or infer.column_letter(column)

    def notes(self) -> list[str]:
        """What the preview judged for the user: columns read by their content."""
        return [
            describe("roll_inferred", column=self.column_name(column), label=FIELD_LABELS[key])
            for key, column in sorted(self.inferred.items(), key=lambda item: item[1])
        ]

    def grouped_problems(self) -> list[ProblemGroup]:
        """Each distinct problem once with the rows it is on; errors first."""
        groups: dict[tuple[Severity, str, str], list[int]] = {}
        for p in self.problems:
            groups.setdefault((p.severity, p.field, p.message), []).append(p.line)
        found = [ProblemGroup(tuple(lines), f, sev, msg) for (sev, f, msg), lines in groups.items()]
        found.sort(key=lambda g: (g.severity != "error", g.lines[0]))
        return found


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    added: int
    updated: int
    ended: int
    linked: int


_CURRENT_COLUMNS = ("id_number", "id", "started_on", *_VALUE_COLUMNS)
_VALUES_FROM = _CURRENT_COLUMNS.index(_VALUE_COLUMNS[0])
_row_values = operator.attrgetter(*_VALUE_COLUMNS)


def _current_roll(conn: dbapi.Connection, category: str) -> dict[str, dbapi.Row]:
    """The current entries by ID number, each a row of _CURRENT_COLUMNS (by name or position)."""
    cursor = conn.cursor()
    cursor.row_factory = dbapi.Row
    cursor.execute(
        f"SELECT {', '.join(_CURRENT_COLUMNS)} FROM roll_entry"
        " WHERE category = ? AND ended_on IS NULL",
        (category,),
    )
    return {r[0]: r for r in cursor}


def _snapshot(conn: dbapi.Connection, category: str) -> tuple[int, str]:
    row = conn.execute(
        "SELECT count(*), coalesce(max(updated_at), '') FROM roll_entry WHERE category = ?",
        (category,),
    ).fetchone()
    return int(row[0]), str(row[1])


def resolve_columns(category: str, columns: Mapping[str, str]) -> dict[str, str]:
    """{'姓名': '申请人'} (a field's label or key -> a header) as field key -> header."""
    specs = fields_for(category)
    by_name = {spec.label: spec.key for spec in specs} | {spec.key: spec.key for spec in specs}
    resolved: dict[str, str] = {}
    for wanted, header in columns.items():
        key = by_name.get(wanted.strip())
        if key is None:
            choices = "、".join(spec.label for spec in specs)
            raise RuleError("roll_column_field", value=wanted, choices=choices)
        resolved[key] = header
    return resolved


def preview(
    store: Store,
    category: str,
    path: Path,
    roll_date: date | None = None,
    mapping: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    columns: Mapping[str, str] | None = None,
    header_line: int | None = None,
) -> RollPreview:
    """Read the file and compare it with the current roll. Writes nothing.

    `mapping` (field key -> column index, -1 to leave a field out) and `header_line` (1-based)
    are what a user picked in the mapping dialog; `columns` maps a field's label to a header
    text as the file writes it (`--column 姓名=申请人`)."""
    category = category_name(category)
    roll_date = roll_date or date.today()
    specs = fields_for(category)
    if mapping:  # a mapping picked under another category may name fields this one lacks
        keys = {spec.key for spec in specs}
        mapping = {key: column for key, column in mapping.items() if key in keys}
    by_header: dict[str, str] = {}
    if columns:
        wanted = resolve_columns(category, columns)
        by_header = {header: key for key, header in wanted.items()}
        # The named header also finds the header row, as a usual name would.
        specs = tuple(
            replace(s, synonyms=(*s.synonyms, *(h for h, k in by_header.items() if k == s.key)))
            for s in specs
        )
    seen_rows: list[list[str]] = []
    guess = infer.required_hook(("name", "id_number"))

    def hook(rows: Sequence[Sequence[Any]], start: int, found: Mapping[str, int]) -> dict[str, int]:
        seen_rows.extend([normalise_text(c) for c in row] for row in rows[:30])
        return guess(rows, start, found)

    if progress:
        progress("read", 0, 1)
    table = read_table(
        path,
        specs,
        mapping_override=mapping,
        header_override=by_header or None,
        header_row=None if header_line is None else max(0, header_line - 1),
        infer=hook,
    )
    if progress:
        progress("read", 1, 1)
    if by_header:
        present = {normalise_header(h) for h in table.headers}
        for header in by_header:
            if normalise_header(header) not in present:
                raise RuleError(
                    "roll_column_header",
                    value=header,
                    line=table.header_line,
                    headers="、".join(h for h in table.headers if h),
                )
    result = compare(store.reader(), category, path.name, table, roll_date, progress, today)
    result.sheet_rows = seen_rows
    return result


def excel_shows(text: str) -> str:
    """An ID Excel stored as a number, as Excel's General format shows it: 5.10108E+17."""
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value) or abs(value) < 1e11:
        return text
    mantissa, exponent = f"{value:.5E}".split("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"


_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DATE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SELF_CARE_WORDS = {
    "自理": "完全自理", "能自理": "完全自理", "生活自理": "完全自理", "全自理": "完全自理",
    "半自理": "部分自理", "部分失能": "部分自理", "半失能": "部分自理",
    "不能自理": "完全不能自理", "生活不能自理": "完全不能自理", "全护理": "完全不能自理",
    "完全失能": "完全不能自理", "失能": "完全不能自理",
}  # fmt: skip


class _InvalidValueError(Exception):
    """A cell's value failed its check; the text says why."""


def _count(text: str, _today: date) -> int:
    try:
        size = int(float(text.rstrip("人口户").strip()))
    except (ValueError, OverflowError):
        raise _InvalidValueError(describe("roll_not_count")) from None
    if size < 1 or size > 30:
        raise _InvalidValueError(describe("roll_not_count"))
    return size


def _fen(text: str, _today: date) -> int:
    try:
        return parse_yuan(text)
    except RuleError as error:
        raise _InvalidValueError(str(error)) from None


def _phone(text: str, _today: date) -> str:
    try:
        return phone.normalise(text)
    except RuleError as error:
        raise _InvalidValueError(str(error)) from None


def _guardian_id(text: str, today: date) -> str:
    try:
        return idcard.parse(text, today).number
    except RuleError as error:
        raise _InvalidValueError(str(error)) from None


def _support_mode(text: str, _today: date) -> str:
    word = "".join(text.split())
    if word in ("集中", "分散"):
        word += "供养"
    if word not in SUPPORT_MODES:
        raise _InvalidValueError(describe("roll_not_choice", choices=" / ".join(SUPPORT_MODES)))
    return word


def _self_care(text: str, _today: date) -> str:
    word = "".join(text.split())
    word = _SELF_CARE_WORDS.get(word, word)
    if word not in SELF_CARE:
        raise _InvalidValueError(describe("roll_not_choice", choices=" / ".join(SELF_CARE)))
    return word


def _date_value(text: str, today: date) -> str:
    found = _DATE.match(text) or _COMPACT_DATE.fullmatch(text)
    try:
        if found is None:
            raise ValueError(text)
        day = date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        raise _InvalidValueError(describe("roll_not_date")) from None
    if day.year < 1990 or day > today:
        raise _InvalidValueError(describe("roll_not_date"))
    return day.isoformat()


def _text(text: str, _today: date) -> str:
    return text


# field key -> (the RollRow column it fills, its check)
_PARSERS: dict[str, tuple[str, Callable[[str, date], Any]]] = {
    "phone": ("phone", _phone),
    "address": ("address", _text),
    "household_size": ("household_size", _count),
    "covered_persons": ("covered_persons", _count),
    "monthly_amount_fen": ("monthly_amount_fen", _fen),
    "support_mode": ("support_mode", _support_mode),
    "self_care": ("self_care", _self_care),
    "guardian_name": ("guardian_name", lambda text, _t: "".join(text.split())),
    "guardian_id_number": ("guardian_id_number", _guardian_id),
    "guardian_phone": ("guardian_phone", _phone),
    "aid_reason": ("aid_reason", _text),
    "aid_amount_fen": ("aid_amount_fen", _fen),
    "aid_on": ("aid_on", _date_value),
}


@dataclass
class _ErrorRow:
    line: int
    name: str
    id_text: str  # the ID as written (normalised), or its digits when Excel made it a number
    number_prefix: str = ""  # first 15 digits of an ID Excel stored as a number


def compare(
    conn: dbapi.Connection,
    category: str,
    file_name: str,
    table: TableRead,
    roll_date: date,
    progress: Progress | None = None,
    today: date | None = None,
) -> RollPreview:
    result = RollPreview(
        category=category,
        file_name=file_name,
        roll_date=roll_date,
        sheet=table.sheet,
        header_line=table.header_line,
        headers=table.headers,
        mapping=dict(table.mapping),
        unmapped=table.unmapped,
        missing=table.missing,
        rows_read=len(table.rows),
        skipped=list(table.skipped),
        inferred=dict(table.inferred),
    )
    if table.missing:
        return result
    current = _current_roll(conn, category)
    result.current_size = len(current)
    result.snapshot = _snapshot(conn, category)
    communities = community_lookup(conn)
    known: dict[str, int | None] = {}
    problems = result.problems
    today = today or date.today()
    bad_lines: set[int] = set()
    bad_cells: set[tuple[int, str]] = set()  # (line, key) of other cells the reader refused
    for line, problem in table.problems:
        value = str(problem.details.get("value", ""))
        if problem.field == "id_number":
            bad_lines.add(line)
            message = (
                describe("roll_id_number_cell", shown=excel_shows(value))
                if problem.code == "id_stored_as_number"
                else problem.message()
            )
            problems.append(RowProblem(line, "id_number", "error", message))
        else:
            bad_cells.add((line, problem.field))
            label = FIELD_LABELS.get(problem.field, problem.field)
            shown = excel_shows(value) if problem.code == "id_stored_as_number" else value
            reason = describe(problem.code, **{**problem.details, "value": shown})
            problems.append(
                RowProblem(
                    line,
                    problem.field,
                    "warning",
                    describe("roll_value_not_imported", label=label, value=shown, reason=reason),
                )
            )
    parsers = [(key, *_PARSERS[key]) for key in table.mapping if key in _PARSERS]
    seen: dict[str, int] = {}
    error_rows: list[_ErrorRow] = []
    total = len(table.rows)
    for done, source in enumerate(table.rows, start=1):
        if progress and done % 2000 == 0:
            progress("check", done, total)
        values = source.values
        line = source.line
        # Names and communities never hold spaces: 王 芳 and 王芳 are one person.
        name = person_name(values.get("name", ""))
        raw_id = values.get("id_number", "")
        row_errors: list[RowProblem] = []
        if not name:
            row_errors.append(RowProblem(line, "name", "error", describe("roll_name_missing")))
        number = ""
        if line not in bad_lines:
            if not raw_id:
                row_errors.append(
                    RowProblem(line, "id_number", "error", describe("roll_id_missing"))
                )
            else:
                try:
                    number, _birth, upgraded = idcard.checked(raw_id, today)
                    if upgraded:
                        problems.append(
                            RowProblem(
                                line,
                                "id_number",
                                "warning",
                                describe("roll_id_upgraded", new=number),
                            )
                        )
                except RuleError as error:
                    row_errors.append(RowProblem(line, "id_number", "error", str(error)))
        if number and number in seen:
            row_errors.append(
                RowProblem(
                    line,
                    "id_number",
                    "error",
                    describe("roll_duplicate_in_file", first=seen[number]),
                )
            )
        if row_errors or line in bad_lines:
            problems.extend(row_errors)
            error_rows.append(_error_row(line, name, raw_id, number, line in bad_lines))
            continue
        seen[number] = line
        row = _clean_row(
            line, name, number, values, parsers, bad_cells, communities, problems, today, known
        )
        existing = current.get(number)
        if existing is None:
            result.adds.append(row)
            continue
        merged, changes, log = _merge(existing, row)
        if changes:
            result.updates.append(Change(existing["id"], merged, changes, log))
        else:
            result.unchanged += 1
    _decide_ends(result, current, seen, error_rows)
    result.problems.sort(key=lambda p: (p.line, p.severity != "error"))
    if progress:
        progress("check", total, total)
    return result


def _error_row(line: int, name: str, raw_id: str, number: str, as_number: bool) -> _ErrorRow:
    text = number or idcard.normalise(raw_id)
    prefix = ""
    if as_number:
        try:
            digits = str(int(float(raw_id)))
        except (ValueError, OverflowError):
            digits = ""
        # Excel keeps 15 significant digits: those are still the person's.
        if len(digits) in (15, 18):
            prefix = digits[:15]
        text = ""
    return _ErrorRow(line, name, text, prefix)


def _decide_ends(
    result: RollPreview,
    current: Mapping[str, dbapi.Row],
    seen: Mapping[str, int],
    error_rows: Sequence[_ErrorRow],
) -> None:
    """Who would end, who is kept because an error row may be them, and whether the file is a
    whole roll at all."""
    candidates = [
        Ending(
            entry["id"],
            entry["name"],
            number,
            entry["community_name"],
            date.fromisoformat(entry["started_on"]) if entry["started_on"] else None,
        )
        for number, entry in current.items()
        if number not in seen
    ]
    if not candidates:
        return
    match = _error_matcher(error_rows)
    ends: list[Ending] = []
    for ending in candidates:
        lines = match(ending) if error_rows else ()
        if lines:
            result.kept.append(Kept(ending, lines))
        else:
            ends.append(ending)
    bad = len(result.rejected_lines)
    valid = result.rows_read - bad
    if valid <= 0:
        result.ends_blocked = describe("roll_ends_blocked_empty")
    elif bad > MAX_ERROR_SHARE * result.rows_read:
        result.ends_blocked = describe(
            "roll_ends_blocked_errors",
            bad=bad,
            rows=result.rows_read,
            share=f"{bad / result.rows_read:.0%}",
        )
    if result.ends_blocked:
        result.held = ends
        return
    result.ends = ends
    late = [e for e in ends if e.started_on is not None and e.started_on > result.roll_date]
    if late:
        result.blocking.append(
            describe(
                "roll_date_before_start",
                date=result.roll_date.isoformat(),
                count=len(late),
                latest=max(e.started_on for e in late if e.started_on).isoformat(),
            )
        )


def _error_matcher(error_rows: Sequence[_ErrorRow]) -> Callable[[Ending], tuple[int, ...]]:
    """Lines of error rows that may be this person: the same ID, the same name, an ID one
    character off (a changed, added or dropped character), or the 15 digits Excel kept."""
    exact: dict[str, set[int]] = {}
    names: dict[str, set[int]] = {}
    one_off: dict[str, set[int]] = {}  # an ID with one character replaced by "?"
    shorter: dict[str, set[int]] = {}  # a row's ID with one character dropped
    prefixes: dict[str, set[int]] = {}

    def add(index: dict[str, set[int]], key: str, line: int) -> None:
        index.setdefault(key, set()).add(line)

    for row in error_rows:
        if row.name:
            add(names, row.name, row.line)
        if row.number_prefix:
            add(prefixes, row.number_prefix, row.line)
        text = row.id_text
        if not text or not 14 <= len(text) <= 19:
            continue
        add(exact, text, row.line)
        for i in range(len(text)):
            add(one_off, f"{text[:i]}?{text[i + 1 :]}", row.line)
            add(shorter, text[:i] + text[i + 1 :], row.line)

    def match(ending: Ending) -> tuple[int, ...]:
        number = ending.id_number
        found: set[int] = set()
        found |= exact.get(number, set())
        found |= names.get(ending.name, set())
        found |= shorter.get(number, set())  # the row has one character too many
        found |= prefixes.get(number[:15], set())
        for i in range(len(number)):
            found |= one_off.get(f"{number[:i]}?{number[i + 1 :]}", set())
            found |= exact.get(number[:i] + number[i + 1 :], set())  # one character too few
        return tuple(sorted(found))

    return match


def _clean_row(
    line: int,
    name: str,
    number: str,
    values: Mapping[str, str],
    parsers: Iterable[tuple[str, str, Callable[[str, date], Any]]],
    bad_cells: set[tuple[int, str]],
    communities: dict[str, int],
    problems: list[RowProblem],
    today: date,
    known: dict[str, int | None],
) -> RollRow:
    found: dict[str, Any] = {}
    for key, column, check in parsers:
        text = values.get(key)
        if not text or (bad_cells and (line, key) in bad_cells):
            continue
        # The cells of a 50,000-row roll: plain text, a small count and a mobile number are
        # taken without a call each.
        if check is _text:
            found[column] = text
            continue
        if check is _count and len(text) <= 2 and text.isdigit() and 0 < int(text) <= 30:
            found[column] = int(text)
            continue
        if check is _phone and len(text) == 11 and _MOBILE.fullmatch(text):
            found[column] = text
            continue
        try:
            found[column] = check(text, today)
        except _InvalidValueError as why:
            label = FIELD_LABELS[key]
            message = describe("roll_value_not_imported", label=label, value=text, reason=why)
            problems.append(RowProblem(line, key, "warning", message))
    community_name = "".join(values.get("community", "").split())
    if community_name:
        if community_name in known:  # a roll names a few communities many times
            community_id = known[community_name]
        else:
            community_id = known[community_name] = find_community(communities, community_name)
        if community_id is None:
            problems.append(
                RowProblem(
                    line,
                    "community",
                    "warning",
                    describe("roll_community_unknown", value=community_name),
                )
            )
        found["community_name"] = community_name
        found["community_id"] = community_id
    return RollRow(line, name, number, **found)


def _merge(
    existing: dbapi.Row, row: RollRow
) -> tuple[RollRow, tuple[tuple[str, str, str], ...], dict[str, list[Any]]]:
    """The row as it will be stored: an empty or refused cell keeps the stored value, and a
    community the street does not know never replaces one it does. Also what changes, as the
    preview shows it and as the change log records it (nothing for an unchanged person)."""
    if _row_values(row) == tuple(existing)[_VALUES_FROM:]:  # most people on a new roll
        return row, (), {}
    kept: dict[str, Any] = {}
    log: dict[str, list[Any]] = {}
    for column in _VALUE_COLUMNS:
        new = getattr(row, column)
        old = existing[column]
        if new is None or new == "":
            if old is not None and old != "":
                kept[column] = old
        elif new != old:
            log[column] = [old, new]
    if row.community_name and row.community_id is None and existing["community_id"] is not None:
        kept["community_name"] = existing["community_name"]
        kept["community_id"] = existing["community_id"]
        log.pop("community_name", None)
        log.pop("community_id", None)
    merged = row._replace(**kept) if kept else row
    if not log:
        return merged, (), log
    changes: list[tuple[str, str, str]] = []
    for column, (old, new) in log.items():
        if column == "community_id":
            if old is None and "community_name" not in log:
                # A community added in 设置 since: the entry now counts under it.
                name = merged.community_name
                changes.append((FIELD_LABELS["community"], name, f"{name}（已对应社区列表）"))
            continue
        label = FIELD_LABELS[_COLUMN_FIELD.get(column, column)]
        before, after = shown_value(column, old), shown_value(column, new)
        if before == after:  # two IDs masked alike: say that the number itself changed
            after += "（号码已更改）"
        changes.append((label, before, after))
    return merged, tuple(changes), log


def _stored(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _entry_values(row: RollRow) -> dict[str, Any]:
    return {column: _stored(getattr(row, column)) for column in _VALUE_COLUMNS}


def commit(
    store: Store,
    actor: Actor,
    result: RollPreview,
    progress: Progress | None = None,
    chunk: int = 5000,
    confirmed_ends: int | None = None,
) -> ImportResult:
    """Apply a preview in one transaction; a cancel or any error leaves the store unchanged.

    When the preview ends more than 20% of the roll, `confirmed_ends` must be that count."""
    if result.missing:
        raise RuleError("import_missing_columns", labels=result.missing_labels())
    if result.blocking:
        raise RuleError("roll_blocked", reason="；".join(result.blocking))
    if result.needs_confirmation and confirmed_ends != len(result.ends):
        raise RuleError(
            "roll_confirm_ends",
            count=len(result.ends),
            current=result.current_size,
            share=f"{result.end_share:.0%}",
        )
    conn = store.reader()
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    try:
        return _commit(conn, actor, result, progress, chunk)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _commit(
    conn: dbapi.Connection,
    actor: Actor,
    result: RollPreview,
    progress: Progress | None,
    chunk: int,
) -> ImportResult:
    category = result.category
    total = len(result.adds) + len(result.updates) + len(result.ends)
    done = 0
    with transaction(conn):
        if _snapshot(conn, category) != result.snapshot:
            raise RuleError("roll_changed")
        journal_batch = journal.open_batch(conn, actor, "roll", category, result.file_name)
        (import_uuid,) = insert_many(
            conn,
            "roll_import",
            [
                {
                    "category": category,
                    "file_name": result.file_name,
                    "roll_date": result.roll_date,
                    "added": len(result.adds),
                    "updated": len(result.updates),
                    "ended": len(result.ends),
                    "problems": len(result.errors),
                }
            ],
            actor,
        )
        import_id = int(
            conn.execute("SELECT id FROM roll_import WHERE uuid = ?", (import_uuid,)).fetchone()[0]
        )
        registry = _registry_ids(conn, [row.id_number for row in result.adds])
        for start in range(0, len(result.adds), chunk):
            adds = result.adds[start : start + chunk]
            _insert_entries(
                conn, actor, category, result.roll_date, import_id, import_uuid, adds, registry
            )
            done += len(adds)
            if progress:
                progress("write", done, total)
        now = utc_now()
        changed = [c.entry_id for c in result.updates] + [e.entry_id for e in result.ends]
        journal.record_before(conn, journal_batch, "roll_entry", changed)
        journal.record_where(  # the rows link_registry below will match to a registered person
            conn, journal_batch, "roll_entry", "beneficiary_id IS NULL AND id_number IN"
            " (SELECT id_number FROM beneficiary WHERE id_number IS NOT NULL)",
        )  # fmt: skip
        for start in range(0, len(result.updates), chunk):
            batch = result.updates[start : start + chunk]
            conn.executemany(
                _UPDATE_ENTRY,
                [
                    {
                        **_entry_values(c.row),
                        "import_id": import_id,
                        "now": now,
                        "by": actor.uuid,
                        "id": c.entry_id,
                    }
                    for c in batch
                ],
            )
            _log_updates(
                conn,
                actor,
                now,
                [(c.entry_id, c.log) for c in batch],
            )
            done += len(batch)
            if progress:
                progress("write", done, total)
        for start in range(0, len(result.ends), chunk):
            ends = result.ends[start : start + chunk]
            conn.executemany(
                "UPDATE roll_entry SET ended_on = ?, import_id = ?, updated_at = ?, updated_by = ?"
                " WHERE id = ? AND ended_on IS NULL",
                [
                    (result.roll_date.isoformat(), import_id, now, actor.uuid, e.entry_id)
                    for e in ends
                ],
            )
            _log_updates(
                conn,
                actor,
                now,
                [(e.entry_id, {"ended_on": [None, result.roll_date.isoformat()]}) for e in ends],
            )
            done += len(ends)
            if progress:
                progress("write", done, total)
        linked = link_registry(conn)
        journal.close_batch(
            conn, actor, journal_batch, added=len(result.adds), updated=len(result.updates),
            ended=len(result.ends), roll_import_id=import_id,
        )  # fmt: skip
        if progress:
            progress("write", total, total)
    return ImportResult(import_id, len(result.adds), len(result.updates), len(result.ends), linked)


_ENTRY_COLUMNS = (
    "category", "name", "id_number", "household_key", "phone", "address", "community_name",
    "community_id", "household_size", "beneficiary_id", "started_on", "import_id",
)  # fmt: skip
_UPDATE_ENTRY = (
    f"UPDATE roll_entry SET {', '.join(f'{c} = :{c}' for c in _VALUE_COLUMNS)},"
    " import_id = :import_id, updated_at = :now, updated_by = :by WHERE id = :id"
)


def entry_columns(category: str) -> tuple[str, ...]:
    """The columns an added entry of this category is written with (and logged with): the
    common ones and the category's own; the other categories' columns keep their defaults."""
    return _ENTRY_COLUMNS + tuple(spec.key for spec in CATEGORY_FIELDS.get(category, ()))


# Columns of an added entry its change log leaves out: the same for every entry of one import
# (category and started_on are the roll_import's category and roll_date, which its change log
# records), or a copy of another column (household_key is the ID number when a roll adds it).
LOGGED_ONCE = ("category", "started_on", "household_key")


# Entries per change-log row of a roll import: one sealed row names the entries it added with
# their values, so a 50,000-row roll writes 1,000 change-log rows, not 50,000 (each such text
# stays far under the 32,767 characters a spreadsheet cell holds when the log is handed over).
LOG_GROUP = 50


@functools.cache
def _insert_sql(category: str) -> tuple[str, str]:
    """(INSERT of an entry, INSERT of the change log of the entries just added) for a category.

    The change log is written by SQLite from what was stored. Each change-log row of a roll
    import (table roll_entry, action insert, record_uuid the roll_import's uuid) holds up to
    LOG_GROUP entries in id order, their values by column (logged_entries reads it back):
    {"columns": [column, …], "entries": {entry uuid: [value, …], …}} — the column names once,
    not once per entry, so a 50,000-row roll logs 6 MB, not 15. What every entry of the import
    shares is left out (LOGGED_ONCE): the import's own record, which the entry's import_id
    names, holds it once."""
    columns = entry_columns(category)
    logged = sorted(c for c in columns if c not in LOGGED_ONCE)
    insert = (
        f"INSERT INTO roll_entry ({', '.join((*columns, 'uuid', 'created_at', 'updated_at'))},"
        f" updated_by) VALUES ({', '.join('?' for _ in range(len(columns) + 4))})"
    )
    header = json.dumps(logged, ensure_ascii=False).replace("'", "''")
    log = (
        "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
        f" changes) SELECT ?1, ?2, ?3, 'roll_entry', ?4, 'insert', '{{\"columns\": {header},"
        " \"entries\": {' || group_concat(json_quote(uuid) || ': ' ||"
        f" json_array({', '.join(logged)}), ', ' ORDER BY id) || '}}}}'"
        " FROM roll_entry WHERE id > ?5 AND import_id = ?6"
        f" GROUP BY (id - ?5 - 1) / {LOG_GROUP} ORDER BY min(id)"
    )
    return insert, log


def logged_entries(changes: str) -> dict[str, dict[str, list[Any]]]:
    """The entries one change-log row of a roll import added, as every other insert is logged:
    {uuid: {column: [null, value]}} (an empty column left out)."""
    found = json.loads(changes)
    columns: list[str] = found["columns"]
    return {
        uuid: {c: [None, v] for c, v in zip(columns, values, strict=True) if v is not None}
        for uuid, values in found["entries"].items()
    }


# A roll import writes ~100,000 index entries at random places (uuids); the default 2 MiB page
# cache spills them to disk mid-transaction. The import's own connection gets a larger one.
_IMPORT_CACHE_KIB = 64 * 1024


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as 36-character strings, like str(uuid.uuid4())."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _insert_entries(
    conn: dbapi.Connection,
    actor: Actor,
    category: str,
    roll_date: date,
    import_id: int,
    import_uuid: str,
    rows: Sequence[RollRow],
    registry: Mapping[str, int],
) -> None:
    """bulk.insert_many for roll rows, written out: a 50,000-row roll spends most of its time
    here, so values go straight into tuples, and the change log (every entry with its values,
    LOG_GROUP entries a row: _insert_sql) is built by SQLite from the inserted rows in the same
    transaction. Entries go in by ID number and the random uuids are handed out in sorted
    order: the ID-number and uuid indexes then grow at one end, not all over (the file's own
    order is not kept: the work list sorts by community, address and name)."""
    if not rows:
        return
    now = utc_now()
    started = roll_date.isoformat()
    by = actor.uuid
    (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM roll_entry").fetchone()
    get = registry.get
    insert, log = _insert_sql(category)
    extra = [spec.key for spec in CATEGORY_FIELDS.get(category, ())]
    # attrgetter of two or more names gives a tuple: every category has at least two fields.
    own: Callable[[RollRow], tuple[Any, ...]] = (
        operator.attrgetter(*extra) if len(extra) > 1 else (lambda _row: ())
    )
    conn.executemany(
        insert,
        [
            (
                category,
                row.name,
                row.id_number,
                row.id_number,  # household_key
                row.phone,
                row.address,
                row.community_name,
                row.community_id,
                row.household_size,
                get(row.id_number),
                started,
                import_id,
                *own(row),
                record_uuid,
                now,
                now,
                by,
            )
            for row, record_uuid in zip(
                sorted(rows, key=_by_number), sorted(new_uuids(len(rows))), strict=True
            )
        ],
    )
    with chain.sealed_in_bulk(conn):
        cursor = conn.execute(log, (now, by, actor.name, import_uuid, last_id, import_id))
    if cursor.rowcount != -(-len(rows) // LOG_GROUP):  # never expected: the trail must be whole
        raise RuntimeError(f"change log of {cursor.rowcount} groups for {len(rows)} roll entries")


def _registry_ids(conn: dbapi.Connection, numbers: Sequence[str]) -> dict[str, int]:
    if not numbers:
        return {}
    wanted = set(numbers)
    return {
        number: beneficiary_id
        for number, beneficiary_id in conn.execute(
            "SELECT id_number, id FROM beneficiary WHERE id_number IS NOT NULL"
        )
        if number in wanted
    }


def link_registry(conn: dbapi.Connection) -> int:
    """Roll entries of people registered since: the same ID is the same person, never two."""
    cursor = conn.execute(
        "UPDATE roll_entry SET beneficiary_id = ("
        " SELECT b.id FROM beneficiary b WHERE b.id_number = roll_entry.id_number)"
        " WHERE beneficiary_id IS NULL AND EXISTS ("
        " SELECT 1 FROM beneficiary b WHERE b.id_number = roll_entry.id_number)"
    )
    return max(cursor.rowcount, 0)


def _log_updates(
    conn: dbapi.Connection,
    actor: Actor,
    now: str,
    changes: Sequence[tuple[int, dict[str, list[Any]]]],
) -> None:
    if not changes:
        return
    ids = [entry_id for entry_id, _ in changes]
    uuids: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        uuids.update(
            conn.execute(f"SELECT id, uuid FROM roll_entry WHERE id IN ({marks})", chunk).fetchall()
        )
    with chain.sealed_in_bulk(conn):
        conn.executemany(
            "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid,"
            " action, changes) VALUES (?, ?, ?, 'roll_entry', ?, 'update', ?)",
            [
                (
                    now,
                    actor.uuid,
                    actor.name,
                    uuids[entry_id],
                    json.dumps(values, ensure_ascii=False, sort_keys=True),
                )
                for entry_id, values in changes
            ],
        )


@dataclass(frozen=True)
class RollSummary:
    category: str
    current: int
    ended: int
    last_import: str | None  # roll date of the last import
    last_file: str


def summaries(store: Store) -> list[RollSummary]:
    conn = store.reader()
    found: list[RollSummary] = []
    for category in CATEGORIES.values():
        current, ended = conn.execute(
            "SELECT count(*) FILTER (WHERE ended_on IS NULL),"
            " count(*) FILTER (WHERE ended_on IS NOT NULL) FROM roll_entry WHERE category = ?",
            (category,),
        ).fetchone()
        last = conn.execute(
            "SELECT roll_date, file_name FROM roll_import WHERE category = ?"
            " ORDER BY roll_date DESC, id DESC LIMIT 1",
            (category,),
        ).fetchone()
        found.append(
            RollSummary(
                category,
                int(current),
                int(ended),
                last[0] if last else None,
                last[1] if last else "",
            )
        )
    return found


def _by_number(row: RollRow) -> str:
    return row.id_number
