"""The one spreadsheet importer: what each kind of cell becomes, and which rows it leaves out."""

from datetime import date, datetime
from pathlib import Path

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.importers.table_file import FieldSpec, read_sheets, read_table

FIELDS = (
    FieldSpec("name", "姓名", ("户主姓名",), required=True),
    FieldSpec("id_number", "身份证号", ("公民身份号码",), id_number=True),
    FieldSpec("count", "人数", ("保障人数",)),
    FieldSpec("amount", "金额", ()),
    FieldSpec("day", "日期", ()),
    FieldSpec("notes", "备注", (), multiline=True),
)
HEADERS = ["序号", "户主姓名", "公民身份号码", "保障人数", "金额", "日期", "备注"]


def write_book(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["某街道在册名单"])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_cells_become_the_text_a_user_typed(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "名单.xlsx",
        [
            [
                1,
                " 王　芳 ",
                "５１０１０８１９８５０３１２０２３５",
                3,
                2.5,
                date(2026, 3, 1),
                "一\n\n 二 ",
            ],
            [2, "ＡＢ  李四", "510108198503120235", 3.0, 1200, datetime(2026, 3, 1, 9, 30), None],
        ],
    )

    table = read_table(path, FIELDS)

    assert table.header_line == 2
    assert [r.line for r in table.rows] == [3, 4]
    first, second = (r.values for r in table.rows)
    assert first == {
        "name": "王　芳",  # text as typed: only the ends trimmed
        "id_number": "510108198503120235",  # full-width digits to ASCII
        "count": "3",
        "amount": "2.5",
        "day": "2026-03-01",
        "notes": "一\n\n 二",  # line breaks and blank lines kept, the end trimmed
    }
    assert second == {
        "name": "ＡＢ  李四",
        "id_number": "510108198503120235",
        "count": "3",  # a whole number Excel stores as 3.0 loses its '.0'
        "amount": "1200",
        "day": "2026-03-01T09:30:00",
        "notes": "",
    }
    assert table.problems == []


def test_an_id_number_stored_as_a_number_is_a_problem_never_data(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "名单.xlsx",
        [
            [1, "王芳", 510108198503120235, 1, None, None, None],
            [2, "李四", "5.10108E+17", 1, None, None, None],
            [3, "赵六", "510108198503120235", 1, None, None, None],
        ],
    )

    table = read_table(path, FIELDS)

    assert [(line, p.field, p.code) for line, p in table.problems] == [
        (3, "id_number", "id_stored_as_number"),
        (4, "id_number", "id_stored_as_number"),
    ]
    assert table.problems[1][1].details == {"value": "5.10108E+17"}


def test_blank_and_totals_rows_are_skipped_and_said_so(tmp_path: Path) -> None:
    path = write_book(
        tmp_path / "名单.xlsx",
        [
            [1, "王芳", "510108198503120235", 1, None, None, None],
            [None, " ", None, None, None, None, None],  # blank: never reported
            [2, None, None, None, None, None, None],  # only an unmapped 序号
            ["合 计", None, None, 1, None, None, None],
            [None, "小计", None, None, 9.5, None, None],
        ],
    )

    table = read_table(path, FIELDS)

    assert [r.line for r in table.rows] == [3]
    assert table.skipped == [(5, "空行"), (6, "合计/小计行"), (7, "合计/小计行")]


def test_a_missing_file_is_named_not_called_broken(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as missing:
        read_sheets(tmp_path / "名单.xlsx")
    assert missing.value.code == "import_missing"
    assert "找不到文件" in str(missing.value)


def test_chinese_punctuation_and_full_width_text_come_back_as_typed(tmp_path: Path) -> None:
    """Replays: every text cell went through NFKC: "目标达成，结案" came back as "目标达成,结案"
    and a full-width "＝1+1" as the formula "=1+1"."""
    path = write_book(
        tmp_path / "名单.xlsx",
        [
            [
                1,
                "目标达成，结案",
                "５１０１０８１９８５０３１２０２３５",
                "３",
                None,
                None,
                "＝1+1\n（完）👍",
            ],
            [2, "＝1+1", "510108198503120235", None, None, None, "　　缩进的段落"],
        ],
    )
    first, second = (r.values for r in read_table(path, FIELDS).rows)
    assert first["name"] == "目标达成，结案"
    assert first["notes"] == "＝1+1\n（完）👍"
    assert first["id_number"] == "510108198503120235"  # ID numbers are still folded
    assert first["count"] == "３"  # folded by the code that reads it as a number
    assert second["name"] == "＝1+1"
    assert second["notes"] == "　　缩进的段落"
