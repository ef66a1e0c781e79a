"""Control characters are refused on input, in forms and in imports, naming the field and the
position; so no stored value can break a later export.

Replays: a name containing a control character (BEL) imported, then every later export of that
ledger failed with an internal error.
"""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from relief_desktop.domain.beneficiary import BeneficiaryInput, MemberInput
from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.importers.table_file import FieldSpec, read_table
from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.services import beneficiaries, registry_book, team
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import TODAY, lead, make_id

BEL_MESSAGE = "来访人含有不可见的控制字符（第 2 个字），请删除后重新输入。"


def reception(visitor: str, content: str = "") -> dict[str, object]:
    return {
        "received_on": "2026-03-05",
        "mode": "来访",
        "visitor": visitor,
        "purpose": "求助",
        "content": content,
    }


@pytest.mark.parametrize(
    ("visitor", "position"),
    [("赵\x07某某", 2), ("\x00赵某", 1), ("赵某\x1b", 3), ("赵\x7f", 2), ("赵\x85", 2),
     ("赵\ud800", 2), ("赵\ufffe", 2)],
)  # fmt: skip
def test_the_ledger_form_refuses_a_control_character_naming_field_and_position(
    store: Store, visitor: str, position: int
) -> None:
    ledger = registry.get("reception")
    with pytest.raises(ValidationFailedError) as refused:
        service.create(store, lead(store), ledger, reception(visitor), today=TODAY)
    [problem] = refused.value.problems
    assert (problem.field, problem.code) == ("visitor", "text_control")
    label = ledger.field("visitor").label
    assert problem.message() == (
        f"{label}含有不可见的控制字符（第 {position} 个字），请删除后重新输入。"
    )
    assert service.records(store, ledger) == []


def test_line_breaks_and_tabs_are_text_not_control_characters(store: Store) -> None:
    ledger = registry.get("reception")
    uuid = service.create(
        store, lead(store), ledger, reception("赵\t某某", "一、来访\r\n\t二、解答"), today=TODAY
    )
    values = service.load(store, ledger, uuid).values
    assert values["visitor"] == "赵 某某"  # one line: a tab inside becomes a space
    assert values["content"] == "一、来访\n\t二、解答"  # several lines: kept


def test_a_ledger_import_reports_the_row_and_leaves_it_out_and_export_still_works(
    store: Store, tmp_path: Path
) -> None:
    ledger = registry.get("reception")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["接待日期", "接待方式", "来访人姓名", "事由", "接待内容"])
    sheet.append(["2026-03-05", "来访", "王芳", "求助", "第一行\n第二行"])
    # openpyxl refuses control characters; Excel writes them escaped, as _x0007_.
    sheet.append(["2026-03-05", "来访", "赵_x0007_某某", "求助", ""])
    sheet.append(["2026-03-06", "电话", "李四", "咨询政策", "备注_x0000_里有 NUL"])
    path = tmp_path / "接待.xlsx"
    book.save(path)
    preview = exchange.import_file(store, lead(store), ledger, path, commit=False, today=TODAY)
    report = "\n".join(preview.report())
    assert preview.refused_lines == [3, 4]
    assert f"第 3 行：{BEL_MESSAGE}" in report
    assert "第 4 行：接待内容含有不可见的控制字符（第 3 个字）" in report
    result = exchange.import_file(
        store, lead(store), ledger, path, commit=True, skip_bad=True, today=TODAY
    )
    assert result.committed
    assert [r.values["visitor"] for r in service.records(store, ledger)] == ["王芳"]
    assert exchange.export(store, ledger, tmp_path / "out.xlsx", masked=False) == 1
    exported = load_workbook(tmp_path / "out.xlsx").active
    assert exported is not None
    headers = [c.value for c in exported[1]]
    assert exported.cell(2, headers.index("接待内容") + 1).value == "第一行\n第二行"


def test_the_importer_reports_a_control_character_in_any_column(tmp_path: Path) -> None:
    """Rolls, ledgers and the registry all read through read_table: one rule for all."""
    path = tmp_path / "名单.csv"
    path.write_text(
        '姓名,身份证号,备注\n王芳,510108198503120235,"一\n二"\n'
        "张\x07三,510108198503120235,\n李四,5101081985031\x0b20235,\n",
        encoding="utf-8",
    )
    fields = [
        FieldSpec("name", "姓名", required=True),
        FieldSpec("id_number", "身份证号", id_number=True),
        FieldSpec("notes", "备注", multiline=True),
    ]
    table = read_table(path, fields)
    assert table.rows[0].values == {
        "name": "王芳",
        "id_number": "510108198503120235",
        "notes": "一\n二",  # a line break inside a quoted CSV cell is kept
    }
    assert [(line, p.field, p.code, p.details) for line, p in table.problems] == [
        (3, "name", "text_control", {"label": "姓名", "position": 2}),
        (4, "id_number", "text_control", {"label": "身份证号", "position": 14}),
    ]


def person(store: Store, name: str = "王大山", **more: object) -> BeneficiaryInput:
    return BeneficiaryInput(
        name=name,
        community_id=team.communities(store)[0].id,
        id_number=make_id(date(1960, 1, 2), 1),
        **more,  # type: ignore[arg-type]
    )


def test_the_registry_form_refuses_control_characters_in_person_and_member(
    store: Store,
) -> None:
    data = person(
        store,
        "王\x07大山",
        address="建设路\x0c15号",
        notes="一\n二\x00",
        members=(MemberInput(relation="子女", name="王\x1f小山"),),
    )
    with pytest.raises(ValidationFailedError) as refused:
        beneficiaries.validate(store, data)
    found = {p.field: p.message() for p in refused.value.problems if p.code == "text_control"}
    assert found == {
        "name": "姓名含有不可见的控制字符（第 2 个字），请删除后重新输入。",
        "address": "现居住地址含有不可见的控制字符（第 4 个字），请删除后重新输入。",
        "notes": "备注含有不可见的控制字符（第 4 个字），请删除后重新输入。",
        "members[0].name": "成员姓名含有不可见的控制字符（第 2 个字），请删除后重新输入。",
    }


def test_the_registry_import_reports_a_control_character_and_imports_the_rest(
    store: Store, tmp_path: Path
) -> None:
    source = tmp_path / "reg.xlsx"
    beneficiaries.register(store, lead(store), person(store))
    registry_book.export(store, source, masked=False)
    book = load_workbook(source)
    sheet = book[registry_book.TITLE]
    sheet.cell(2, 2).value = "王_x0007_大山"  # 姓名 with BEL, as another program writes it
    book.save(source)
    target_root = tmp_path / "target"
    from relief_desktop.paths import AppPaths

    target = Store.open(AppPaths.under(target_root))
    try:
        team.setup(target, "双桥子", [("张三", "项目负责人")])
        result = registry_book.import_file(target, team.team(target)[0].actor, source, commit=True)
        assert not result.committed
        assert [(line, p.code) for line, p in result.problems] == [(2, "text_control")]
        assert "第 2 行：姓名含有不可见的控制字符（第 2 个字）" in "\n".join(result.report())
    finally:
        target.close()
