"""The Excel writer: what a district officer sees when the workbook opens."""

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from relief_desktop.exports.xlsx import (
    CELL_MAX,
    CUT_MARK,
    Column,
    Sheet,
    sheet_title,
    write_workbook,
)


def book(tmp_path: Path, note: str = "") -> Path:
    target = tmp_path / "台账.xlsx"
    write_workbook(
        target,
        [
            Sheet(
                "救助资源台账",
                [Column("身份证号"), Column("日期", "date"), Column("价值（元）", "money"),
                 Column("人数", "int")],
                [["510108198503120235", date(2026, 10, 31), 123456, 3],
                 ["11010519491231002X", "2026-10-01", 5, None]],
                note=note,
            )
        ],
    )  # fmt: skip
    return target


@pytest.mark.parametrize(("note", "first_data_row"), [("", 2), ("数据已脱敏", 3)])
def test_header_frozen_ids_text_dates_dates_money_two_decimals(
    tmp_path: Path, note: str, first_data_row: int
) -> None:
    sheet = load_workbook(book(tmp_path, note))["救助资源台账"]
    assert sheet.freeze_panes == f"A{first_data_row}"
    number, day, money, count = (sheet.cell(first_data_row, c) for c in range(1, 5))
    assert number.value == "510108198503120235"  # text, never 5.10108E+17
    assert number.data_type == "s"
    assert isinstance(day.value, datetime)
    assert day.value.date() == date(2026, 10, 31)
    assert day.number_format == "yyyy-mm-dd"
    assert money.value == pytest.approx(1234.56)
    assert money.number_format == "#,##0.00"
    assert count.value == 3
    assert sheet.column_dimensions["B"].width >= 13  # dates never show as ###


def test_sheet_titles_lose_characters_excel_refuses() -> None:
    assert sheet_title("2026/10 [台账]") == "2026_10 _台账_"
    assert len(sheet_title("很长" * 40)) == 31


def test_a_failed_write_leaves_no_file(tmp_path: Path) -> None:
    def rows() -> object:
        yield ["1"]
        raise RuntimeError("cancelled")

    with pytest.raises(RuntimeError):
        write_workbook(tmp_path / "半成品.xlsx", [Sheet("表", [Column("列")], rows())])  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_text_longer_than_a_cell_holds_is_cut_and_says_so_so_excel_never_repairs_the_file(
    tmp_path: Path,
) -> None:
    long_text = "住址" * 20_000  # 40,000 characters: Excel and WPS would drop the cell
    target = tmp_path / "长.xlsx"
    rows = [[long_text, "=1+1" + "甲" * 40_000], ["短", "短"]]
    write_workbook(target, [Sheet("表", [Column("甲"), Column("乙")], rows)])

    sheet = load_workbook(target)["表"]
    first, formula_like = str(sheet.cell(2, 1).value), str(sheet.cell(2, 2).value)
    assert len(first) <= CELL_MAX
    assert len(formula_like) <= CELL_MAX
    assert first.startswith("住址住址")
    assert first.endswith(CUT_MARK)
    assert formula_like.startswith("=1+1甲")
    assert sheet.cell(2, 2).data_type == "s"
    assert sheet.cell(3, 1).value == "短"
