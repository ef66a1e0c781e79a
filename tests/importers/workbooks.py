"""Hypothesis strategies for the files a team is sent: bureau rolls, ledger workbooks, the
基础数据库 — with title rows, merged-looking blanks, totals, every cell type Excel can hold,
IDs right and wrong, and files that are not spreadsheets at all.

A generated `Book` knows which column it meant for which field, so a property can ask what the
file really says (e.g. which ID numbers appear in its ID column) without asking the importer.
"""

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from hypothesis import strategies as st

from relief_desktop.domain import idcard
from relief_desktop.importers.table_file import FieldSpec, normalise_header

CJK_LETTERS = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

Format = Literal["xlsx", "csv-utf8", "csv-gbk", "garbage-xlsx", "empty-xlsx", "empty-csv"]
CellFor = Callable[[FieldSpec], st.SearchStrategy[Any]]


def make_id(birth: date, seq: int, region: str = "510108") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def _people() -> tuple[tuple[str, str], ...]:
    """The people on the template store's rolls: (name, ID); some IDs end in X."""
    names = ("王大山", "李秀英", "张建国", "刘桂芳", "陈志强", "杨淑珍", "赵红梅", "黄伟")
    found: list[tuple[str, str]] = []
    seq = 0
    while len(found) < len(names):
        number = make_id(date(1950 + len(found), 3, 1 + len(found)), seq)
        seq += 1
        # every other person has an X check digit: the case-insensitive path gets exercised
        if (len(found) % 2 == 0) == number.endswith("X"):
            found.append((names[len(found)], number))
    return tuple(found)


ROLL_PEOPLE = _people()
ROLL_CATEGORIES = ("dibao", "tekun", "linshi", "ertong")
COMMUNITIES = ("双林", "新鸿社区", "新华", "双桥路北社区", "猛追湾", "不存在社区", "")

# -- cells -----------------------------------------------------------------------------------

_TRICKY_TEXT = (
    "目标达成，结案",
    "张三\u3000",
    "\u00a0李四 ",
    "＝1+1",
    "=1+1",
    '=HYPERLINK("http://example.com","点此")',
    "=cmd|' /C calc'!A0",
    "+86 138",
    "-12",
    "@SUM(A1)",
    "\t=1+1",
    "ＡＢＣ１２３",
    "😀👨‍👩‍👧 关爱",
    "a\x07b",
    "NUL\x00here",
    "第一行\n第二行",
    "\r\n",
    "合 计",
    "510108********1234",
    "5.10108E+17",
    "nan",
    "NaN",
    "inf",
    "-",
    "/",
    "无",
    "TRUE",
    "#N/A",
    "#REF!",
    "很长的文字" * 400,
    "😀" * 1000,
)

text_cells: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(_TRICKY_TEXT),
    st.text(max_size=12),
    st.text(
        st.characters(codec="utf-8", categories=("Lo", "Nd", "P", "Zs", "Cc", "So")), max_size=8
    ),
)
number_cells: st.SearchStrategy[int | float] = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from((0, 1, -1, 0.5, 1e15, 1e300, 5.10108e17, 13812345678)),
)
date_cells: st.SearchStrategy[date] = st.one_of(
    st.dates(date(1901, 1, 1), date(2099, 12, 31)),
    st.datetimes(datetime(1901, 1, 1), datetime(2099, 12, 31)),
)
any_cell: st.SearchStrategy[Any] = st.one_of(
    st.none(), text_cells, number_cells, st.booleans(), date_cells
)


def _id_forms(number: str) -> st.SearchStrategy[Any]:
    """One valid number as files write it: as is, lower-case x, spaced, full-width, a number."""
    forms: list[Any] = [
        number,
        number.lower(),
        f" {number} ",
        f"{number[:6]} {number[6:14]} {number[14:]}",
        number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
    ]
    if number.isdigit():
        forms.append(int(number))  # Excel's number: the last digits are already gone
    return st.sampled_from(forms)


def _broken_id(number: str) -> st.SearchStrategy[Any]:
    wrong = "0" if number[-1] != "0" else "1"
    return st.sampled_from(
        (
            number[:-1] + wrong,  # check digit
            number[:-1],  # 17 digits
            number + "1",
            idcard.mask(number),
            "5.10108E+17",
            float(number[:17] + "0"),
            number[:6] + "19991340" + number[14:],  # month 13
            "99" + number[2:],  # no such province
            number[:6] + number[8:17],  # a 15-digit legacy number (valid)
            "身份证号",
            "",
        )
    )


new_ids: st.SearchStrategy[str] = st.builds(
    make_id,
    st.dates(date(1920, 1, 1), date(2020, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(("510108", "510104", "110101", "513901")),
)
existing_ids: st.SearchStrategy[str] = st.sampled_from([n for _name, n in ROLL_PEOPLE])
id_cells: st.SearchStrategy[Any] = st.one_of(
    existing_ids.flatmap(_id_forms),
    new_ids.flatmap(_id_forms),
    existing_ids.flatmap(_broken_id),
    new_ids.flatmap(_broken_id),
    any_cell,
)
name_cells: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from([name for name, _n in ROLL_PEOPLE]),
    st.sampled_from(("张 三", "欧阳娜娜", "阿卜杜热合曼·买买提", "", " ", "某某", "王大山\x07")),
    any_cell,
)
phone_cells: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(("13812345678", "138 1234 5678", "+86 13812345678", "028-84561234")),
    st.sampled_from(("8456123", "1381234567", "电话", "1381234567８", "")),
    st.just(13812345678),
    any_cell,
)
community_cells: st.SearchStrategy[Any] = st.one_of(st.sampled_from(COMMUNITIES), any_cell)
size_cells: st.SearchStrategy[Any] = st.one_of(
    st.integers(-2, 40), st.sampled_from(("3人", "2户", "三", "1.5", 2.0)), any_cell
)
ROLL_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "name": name_cells,
    "id_number": id_cells,
    "phone": phone_cells,
    "community": community_cells,
    "household_size": size_cells,
}


def roll_cell(spec: FieldSpec) -> st.SearchStrategy[Any]:
    return ROLL_CELLS.get(spec.key, any_cell)


# -- tables ------------------------------------------------------------------------------------

TITLES: tuple[list[Any], ...] = (
    ["双桥子街道城乡低保在册名单"],
    ["制表单位：成华区民政局", None, None, None, "截至 2026年9月30日"],
    ["特困人员供养名册（2026年第三季度）"],
    ["填表说明：身份证号请设置为文本格式"],
    [None, None, "单位：元"],
)
JUNK_HEADERS = ("序号", "备注", "乡镇（街道）", "审批日期", "类别", "说明", "", "列1")
TOTALS: tuple[list[Any], ...] = (
    ["合计", None, None, "共 3 户"],
    [None, "小计：3户"],
    ["总计"],
    ["共计", 12],
)


def _totals(row: Sequence[Any]) -> bool:
    """A row the file itself marks as totals (合计 in one of its first two cells): not a person."""
    first = [str(c).replace(" ", "") for c in row if c is not None and str(c).strip()][:2]
    return any(c.startswith(("合计", "小计", "总计", "共计")) for c in first)


@dataclass(frozen=True)
class Table:
    """One sheet: every row as written, where its header is and which column holds which field."""

    rows: list[list[Any]]
    header_index: int
    columns: dict[str, int]  # field key -> column index, for the fields the file has

    def column_cells(self, key: str) -> list[Any]:
        """The cells of a field's column in the rows below the header."""
        column = self.columns.get(key)
        if column is None:
            return []
        below = self.rows[self.header_index + 1 :]
        return [row[column] for row in below if column < len(row) and not _totals(row)]


@dataclass(frozen=True)
class Book:
    format: Format
    sheets: list[tuple[str, Table]] = field(default_factory=list)
    garbage: bytes = b""

    @property
    def suffix(self) -> str:
        return ".csv" if self.format.startswith(("csv", "empty-csv")) else ".xlsx"

    @property
    def text_only(self) -> bool:
        """A CSV: every cell reaches the importer as text."""
        return self.format.startswith("csv")

    def write(self, folder: Path, stem: str = "名单") -> Path:
        path = folder / f"{stem}{self.suffix}"
        if self.format == "xlsx":
            _write_xlsx(path, self.sheets)
        elif self.format in ("csv-utf8", "csv-gbk"):
            text = _csv_text(self.sheets[0][1].rows if self.sheets else [])
            encoding = "utf-8" if self.format == "csv-utf8" else "gbk"
            path.write_bytes(text.encode(encoding, errors="replace"))
        else:
            path.write_bytes(self.garbage)
        return path


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_value(value: Any) -> Any:
    """openpyxl refuses control characters; Excel itself stores them escaped as _xHHHH_."""
    if isinstance(value, str):
        return _ILLEGAL_XML.sub(lambda m: f"_x{ord(m[0]):04X}_", value)
    return value


def _write_xlsx(path: Path, sheets: Sequence[tuple[str, Table]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, table in sheets:
        sheet = book.create_sheet(title)
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
        for index, row in enumerate(table.rows[: table.header_index], start=1):
            if len(row) == 1 and len(table.rows[table.header_index]) > 1:
                width = len(table.rows[table.header_index])
                sheet.merge_cells(start_row=index, start_column=1, end_row=index, end_column=width)
    if not sheets:
        book.create_sheet("Sheet1")
    book.save(path)


def _csv_text(rows: Sequence[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if isinstance(v, date) else v
                         for v in row])  # fmt: skip
    return out.getvalue()


def header_names(spec: FieldSpec) -> st.SearchStrategy[str]:
    """A header a clerk might write for this field: the label or a synonym, decorated."""
    return st.builds(
        lambda name, deco: deco.format(name),
        st.sampled_from([spec.label, *spec.synonyms]),
        st.sampled_from(("{}", "*{}", " {} ", "{}：", "【{}】", "{}\n")),
    )


@st.composite
def tables(
    draw: st.DrawFn,
    specs: Sequence[FieldSpec],
    cell_for: CellFor,
    max_rows: int = 10,
    clean_for: CellFor | None = None,
) -> Table:
    """A sheet with some of `specs` as columns (the required ones nearly always), junk columns,
    title rows, a header, data rows with blanks and merged-looking gaps, and maybe a totals row."""
    keys: list[str] = []
    for spec in specs:
        wanted = draw(st.integers(0, 19)) > (0 if spec.required else 10)
        if wanted:
            keys.append(spec.key)
    junk = draw(st.integers(0, 2))
    order = draw(st.permutations([*keys, *([None] * junk)]))
    by_key = {spec.key: spec for spec in specs}
    taken = {n for spec in specs for n in spec.names()}
    header: list[Any] = []
    for key in order:
        if key is None:
            junk_header = draw(st.one_of(st.sampled_from(JUNK_HEADERS), st.text(max_size=6)))
            header.append(None if normalise_header(junk_header) in taken else junk_header)
        else:
            header.append(draw(header_names(by_key[key])))
    rows: list[list[Any]] = [list(r) for r in draw(st.lists(st.sampled_from(TITLES), max_size=3))]
    if draw(st.booleans()):
        rows.append([])
    header_index = len(rows)
    rows.append(header)
    count = draw(st.integers(0, max_rows))
    for _ in range(count):
        kind = draw(st.integers(0, 9))  # 9: a blank row, 8: merged cells above (shrinks to 0)
        # 5-7: a row a careful clerk typed, every cell one the field accepts
        cells_for = clean_for if clean_for is not None and kind in (5, 6, 7) else cell_for
        if kind == 9:
            rows.append([None] * len(order) if draw(st.booleans()) else [])
            continue
        row: list[Any] = []
        for key in order:
            cell = draw(any_cell if key is None else cells_for(by_key[key]))
            # a vertically merged cell reads as blank below its first row
            if kind == 8 and key in ("community", "address") and rows[-1] is not header:
                cell = None
            if isinstance(cell, str) and key is not None and normalise_header(cell) in taken:
                cell = None  # a data cell that reads as a header would move the header row
            row.append(cell)
        rows.append(row)
    if draw(st.booleans()):
        rows.append(list(draw(st.sampled_from(TOTALS))))
    return Table(rows, header_index, {key: i for i, key in enumerate(order) if key is not None})


@st.composite
def books(
    draw: st.DrawFn,
    specs: Sequence[FieldSpec],
    cell_for: CellFor,
    extra_sheets: Sequence[tuple[str, st.SearchStrategy[Table]]] = (),
    clean_for: CellFor | None = None,
) -> Book:
    """A file: mostly a real table as .xlsx or .csv, sometimes not a spreadsheet at all."""
    fmt: Format = draw(
        st.sampled_from(
            (
                "xlsx",
                "xlsx",
                "xlsx",
                "csv-utf8",
                "csv-gbk",
                "garbage-xlsx",
                "empty-xlsx",
                "empty-csv",
            )
        )
    )
    if fmt == "garbage-xlsx":
        garbage = draw(
            st.one_of(
                st.binary(min_size=1, max_size=200),
                st.just(b"PK\x03\x04" + b"\x00" * 40),
                st.just("姓名,身份证号\n张三,1\n".encode()),
            )
        )
        return Book(fmt, garbage=garbage)
    if fmt.startswith("empty"):
        return Book(fmt)
    main = draw(tables(specs, cell_for, clean_for=clean_for))
    sheets: list[tuple[str, Table]] = [(draw(st.sampled_from(("在册名单", "Sheet1", "表"))), main)]
    if fmt == "xlsx":
        for title, strategy in extra_sheets:
            if draw(st.booleans()):
                sheets.append((title, draw(strategy)))
        if draw(st.integers(0, 4)) == 4:
            # a notes sheet in front of the data: the importer must pick the right one
            sheets.insert(0, ("说明", Table([["填表说明"], ["请勿修改表头"]], 0, {})))
    return Book(fmt, sheets)


def ids_in(book: Book, key: str = "id_number") -> set[str]:
    """Every ID number the file's ID column shows as text (normalised as the importer would)."""
    found: set[str] = set()
    for _title, table in book.sheets:
        for cell in table.column_cells(key):
            if isinstance(cell, bool) or cell is None:
                continue
            if isinstance(cell, int | float) and not book.text_only:
                continue  # Excel shows 5.10108E+17: the number is no longer in the file
            if isinstance(cell, float):
                continue
            number = idcard.normalise(str(cell).strip())
            found.add(number)
            if len(number) == 15 and number.isdigit():  # a legacy number is the same person
                found.add(idcard.upgrade_15(number))
    return found


# -- ledger and registry cells -------------------------------------------------------------------

date_texts: st.SearchStrategy[Any] = st.one_of(
    st.dates(date(2025, 1, 1), date(2026, 10, 1)),
    date_cells,
    st.sampled_from(("2026-03-05", "2026/3/5", "2026年3月5日", "2026.03.05", "20260305")),
    st.sampled_from(("2026-02-30", "3月5日", "明天", "1899-12-31", "9999-12-31", "46000")),
    st.integers(1, 80000),  # an Excel serial date the importer sees as a number
)
amount_cells: st.SearchStrategy[Any] = st.one_of(
    number_cells,
    st.sampled_from(("1,000.50", "１００", "-5", "abc", "1e3", "0.001", "100元", "¥20", "1e20")),
    st.sampled_from(("99999999999999999999", "9223372036854775808", "1" * 40)),
)
# Keys the template store's records go by (providers, communities, volunteers, receipts,
# registered people), and near misses.
REF_KEYS = (
    "成都爱心超市", "蓉城慈善基金会", "双林", "新鸿社区", "陈红", "小李", "ZY2026-0001",
    "ZY2026-0002", "510108004-2026-0001", "510108004-2026-0002", "zy2026-0001", "000001",
)  # fmt: skip
FILE_NOS = ("510108004-2026-0001", "510108004-2026-0002", "000001", "A-1", "")


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Usually a value the field accepts, sometimes any cell at all: whole rows then pass often
    enough for the commit path to be exercised, and every cell still meets junk."""
    return st.one_of(valid, valid, valid, any_cell)


# What a reference column names, by the table it points to: the template store's records.
REF_KEYS_BY_TABLE: dict[str, tuple[str, ...]] = {
    "provider": ("成都爱心超市", "蓉城慈善基金会"),
    "community": ("双林", "新鸿社区", "新华"),
    "volunteer": ("陈红", "小李"),
    "resource_receipt": ("ZY2026-0001", "ZY2026-0002"),
    "beneficiary": ("510108004-2026-0001", "510108004-2026-0002"),
}
valid_dates: st.SearchStrategy[Any] = st.one_of(
    st.dates(date(2025, 1, 1), date(2026, 10, 1)),
    st.dates(date(2025, 1, 1), date(2026, 10, 1)).map(date.isoformat),
)


def _times() -> st.SearchStrategy[str]:
    from datetime import time

    return st.times().map(lambda t: t.replace(second=0, microsecond=0)).map(time.isoformat)


def ledger_cells(ledger: Any, clean: bool = False) -> CellFor:
    """Cells for a ledger's import columns, by the kind of the field each column fills: mostly
    what the field accepts, sometimes near misses or anything at all (`clean`: only values the
    field accepts)."""
    kinds = {f.key: f for f in ledger.fields}

    def accepted(spec: FieldSpec) -> st.SearchStrategy[Any]:
        declared = kinds.get(spec.key)
        if declared is None:
            return st.just("")
        kind = declared.kind
        if kind == "date":
            return valid_dates
        if kind in ("int", "money", "decimal", "minutes"):
            return st.integers(0, 500)
        if kind == "time":
            return st.sampled_from(("09:00", "10:30", "14:00", "16:45"))
        if kind == "bool":
            return st.sampled_from(("是", "否", ""))
        if kind == "choice":
            return st.sampled_from(list(declared.choices) or ["无"])
        if kind == "multi":
            choices = st.sampled_from(list(declared.choices) or ["无"])
            return st.lists(choices, min_size=1, max_size=3, unique=True).map("、".join)
        if kind == "ref" and declared.ref is not None:
            return st.sampled_from(REF_KEYS_BY_TABLE.get(declared.ref.table, REF_KEYS))
        if kind == "worker":
            return st.sampled_from(("张三", "李四"))
        if declared.sensitive == "id":
            return new_ids
        if declared.sensitive == "phone" or "phone" in declared.key:
            return st.sampled_from(("13812345678", "028-84561234"))
        return st.one_of(st.sampled_from(_TRICKY_TEXT), st.text(CJK_LETTERS, min_size=1))

    def cell_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
        if spec.key == "uuid":
            return st.one_of(st.just(""), st.just(""), st.uuids().map(str), any_cell)
        declared = kinds.get(spec.key)
        if declared is None:  # computed, ref extras
            return st.one_of(id_cells, name_cells) if spec.id_number else any_cell
        kind = declared.kind
        if kind == "date":
            return st.one_of(mostly(valid_dates), date_texts)
        if kind in ("int", "money", "decimal", "minutes"):
            return st.one_of(mostly(st.integers(0, 500)), amount_cells)
        if kind == "time":
            near = st.sampled_from(("9:5", "25:00", "下午两点", "14:30:00"))
            return st.one_of(mostly(accepted(spec)), near)
        if kind == "ref":
            return st.one_of(mostly(accepted(spec)), st.sampled_from(REF_KEYS))
        if declared.sensitive == "id":
            return id_cells
        if declared.sensitive == "phone" or "phone" in declared.key:
            return phone_cells
        if kind in ("bool", "choice", "multi", "worker"):
            return mostly(accepted(spec))
        return st.one_of(text_cells, text_cells, any_cell)

    def clean_for(spec: FieldSpec) -> st.SearchStrategy[Any]:
        return st.just("") if spec.key == "uuid" else accepted(spec)

    return clean_for if clean else cell_for


REGISTRY_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "name": name_cells,
    "id_number": id_cells,
    "head_id": id_cells,
    "sex": mostly(st.sampled_from(("男", "女", "未知"))),
    "birth_date": st.one_of(mostly(valid_dates), date_texts),
    "registered_on": st.one_of(mostly(valid_dates), date_texts),
    "phone": phone_cells,
    "community": st.one_of(mostly(st.sampled_from(("双林", "新鸿社区", "新华"))), community_cells),
    "household_income_fen": st.one_of(mostly(st.integers(0, 5000)), amount_cells),
    "income_fen": st.one_of(mostly(st.integers(0, 5000)), amount_cells),
    "labels": st.one_of(
        st.sampled_from(
            ("低保", "特困(2026-01-01~)", "低保、临时救助", "孤儿(~2020-01-01)", "乱写")
        ),
        any_cell,
    ),
    "status": st.one_of(st.sampled_from(("待评估", "在册", "结案", "乱写")), any_cell),
    "priority": st.one_of(st.sampled_from(("一般", "紧急", "乱写")), any_cell),
    "relation": st.one_of(st.sampled_from(("配偶", "子女", "父母", "其他", "")), any_cell),
    "file_no": mostly(st.sampled_from(FILE_NOS)),
    "head_file_no": mostly(st.sampled_from(FILE_NOS)),
    "lives_together": st.one_of(st.sampled_from(("是", "否")), any_cell),
    "legal_supporter": st.one_of(st.sampled_from(("是", "否")), any_cell),
}


def registry_cell(spec: FieldSpec) -> st.SearchStrategy[Any]:
    return REGISTRY_CELLS.get(spec.key, st.one_of(text_cells, any_cell))


CLEAN_REGISTRY_CELLS: dict[str, st.SearchStrategy[Any]] = {
    "name": st.text(CJK_LETTERS, min_size=2, max_size=4),
    "id_number": st.one_of(st.just(""), new_ids),
    "head_id": st.sampled_from([n for _name, n in ROLL_PEOPLE[2:3]]),
    "sex": st.sampled_from(("男", "女")),
    "birth_date": st.dates(date(1930, 1, 1), date(2020, 1, 1)),
    "registered_on": valid_dates,
    "phone": st.sampled_from(("13812345678", "")),
    "community": st.sampled_from(("双林", "新鸿社区", "新华")),
    "household_income_fen": st.integers(0, 5000),
    "income_fen": st.integers(0, 5000),
    "labels": st.sampled_from(("低保", "特困(2026-01-01~)", "")),
    "status": st.just("待评估"),
    "priority": st.just("一般"),
    "relation": st.sampled_from(("配偶", "子女")),
    "file_no": st.just(""),
    "head_file_no": st.just(""),
    "lives_together": st.sampled_from(("是", "否")),
    "legal_supporter": st.sampled_from(("是", "否")),
}


def clean_registry_cell(spec: FieldSpec) -> st.SearchStrategy[Any]:
    return CLEAN_REGISTRY_CELLS.get(spec.key, st.sampled_from(("", "无", *_TRICKY_TEXT)))
