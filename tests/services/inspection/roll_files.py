"""Bureau-style roll files for tests: title rows, merged cells, totals, Excel's usual damage."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from relief_desktop.domain.idcard import check_digit


def make_id(birth: date, seq: int, region: str = "510108") -> str:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def id_with_x(birth: date = date(1949, 12, 31)) -> str:
    """A valid number whose check digit is X."""
    for seq in range(1000):
        number = make_id(birth, seq)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")


HEADERS = ("序号", "户主姓名", "公民身份号码", "所属社区", "家庭住址", "手机号码", "家庭人口")


def write_roll(
    path: Path,
    rows: Sequence[Sequence[object]],
    headers: Sequence[str] = HEADERS,
    title: str | None = "双桥子街道城乡低保在册名单",
    totals: bool = True,
) -> Path:
    """A workbook as the bureau sends it: a merged title row, a date line, header, data, 合计."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "在册名单"
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append(["制表单位：成华区民政局", None, None, None, "截至 2026年9月30日"])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    if totals:
        sheet.append([])
        sheet.append(["合计", None, None, None, None, None, f"共 {len(rows)} 户"])
    book.save(path)
    return path
