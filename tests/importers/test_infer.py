"""Reading a column's meaning from its cells when no header names it."""

from pathlib import Path

from relief_desktop.importers import infer
from relief_desktop.importers.table_file import FieldSpec, read_table

ID = "510108198503120235"


def test_a_column_of_names_is_told_from_a_column_of_communities() -> None:
    rows = [["序号", "人员", "社区", "证件"]] + [
        [i, name, "双林社区" if i % 2 else "新鸿", ID] for i, name in enumerate(
            ["王芳", "李四", "赵六", "钱七", "孙八", "周九"]
        )
    ]  # fmt: skip

    found = infer.infer_columns(rows, 1, ("name", "id_number"))

    assert found == {"name": 1, "id_number": 3}


def test_ids_excel_stored_as_numbers_still_mark_the_id_column() -> None:
    rows: list[list[object]] = [["a", "b"], ["王芳", 5.10108198503120e17], ["李四", "5.10108E+17"]]

    assert infer.infer_columns(rows, 1, ("id_number",)) == {"id_number": 1}


def test_a_column_already_mapped_or_of_mostly_other_text_is_not_taken() -> None:
    rows = [["x", "y"], ["王芳", "待补"], ["李四", "待补"], ["赵六", ID]]

    assert infer.infer_columns(rows, 1, ("name", "id_number"), taken={0}) == {}


def test_short_words_that_are_not_names_are_not_a_name_column() -> None:
    rows = [["通知", "方式"], ["请各社区于本月底前报送名单", "集中供养"], ["待补", "完全自理"],
            ["无", "分散供养"], ["民政科室", "部分自理"]]  # fmt: skip

    assert infer.infer_columns(rows, 1, ("name",)) == {}
    assert infer.looks_like_name("欧阳娜娜")
    assert infer.looks_like_name("买买提·艾力")


def test_column_letters_are_excels() -> None:
    assert [infer.column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"
    ]  # fmt: skip


def test_read_table_takes_a_picked_header_row_and_an_infer_hook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["标题", "某街道"], ["人员", "号码", "备注"], ["王芳", ID, "无"], ["李四", ID, ""]):
        sheet.append(row)
    path = tmp_path / "a.xlsx"
    book.save(path)
    fields = (FieldSpec("name", "姓名", required=True), FieldSpec("id_number", "身份证号"))
    hook = infer.required_hook(("name", "id_number"))

    guessed = read_table(path, fields, infer=hook)  # no header known: the first filled row
    picked = read_table(path, fields, infer=hook, header_row=1)

    assert guessed.header_line == 1
    assert picked.header_line == 2
    assert picked.inferred == {"name": 0, "id_number": 1}
    assert [r.values["name"] for r in picked.rows] == ["王芳", "李四"]
    left_out = read_table(path, fields, header_row=1, mapping_override={"name": 0, "id_number": -1})
    assert left_out.mapping == {"name": 0}
