"""Text as typed survives export -> import -> export, cell by cell, for every declared ledger and
for the registry workbook (基础数据库) with its household members.

Replays: every imported text cell went through NFKC and whitespace collapsing, so "目标达成，结案"
came back as "目标达成,结案" and a full export of the registry did not re-import as the same data.
"""

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.ledgers import exchange, registry, registry_book, service
from relief_desktop.ledgers import values as cells
from relief_desktop.ledgers.spec import Field, Ledger
from relief_desktop.paths import AppPaths
from relief_desktop.services import beneficiaries, team
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.ledgers.helpers import TODAY, lead, make_id
from tests.ledgers.test_round_trip import ORDER, fill_every_ledger

# Chinese punctuation, full-width letters, digits and signs, an ideographic space, two ASCII
# spaces, quotes, an astral-plane emoji and a ZWJ family sequence.
LINE = "目标达成，结案（ＡＢＣ１２３，＝１＋１）　“好” 👍  👨‍👩‍👧‍👦"
# Starts like a formula: stored and exported as typed, and never evaluated.
FORMULAS = (
    '=HYPERLINK("http://example.cn","点我")',
    "＝1+1",
    "-2+3",
    "+86 电话",
    "@某人",
    "=cmd|' /C calc'!A0",
)
# Several lines, an indented first line (a Chinese paragraph), a blank line inside.
BLOCK = "　　一、通报：目标达成，结案。\n二、部署；“关爱随行”👍\n\n三、全角ＡＢＣ　完成👨‍👩‍👧"
SKIPPED_KEYS = {"serial"}  # the receipt number the hook gives; handovers refer to it


def tricky(spec: Field, index: int) -> str:
    if spec.kind == "longtext":
        return BLOCK[: spec.max_length]
    if index % 3 == 1:
        return FORMULAS[index % len(FORMULAS)][: spec.max_length]
    # A suffix keeps unique columns (provider and volunteer names) unique.
    text = f"{LINE}{index}"
    return text[-spec.max_length :].strip() if len(text) > spec.max_length else text


def typed_text_fields(ledger: Ledger) -> list[Field]:
    return [
        f
        for f in ledger.input_fields
        if f.kind in ("text", "longtext", "worker")
        and f.sensitive not in ("id", "phone")
        and f.key not in SKIPPED_KEYS
    ]


def as_form_value(spec: Field, value: Any) -> object:
    """A stored value as the form would give it back."""
    if spec.kind == "minutes" and value is not None:
        return cells.display(spec, value)
    return value


def fill_every_text_field(store: Store) -> int:
    """Every text field of every record of every ledger, rewritten through the form's rules."""
    filled = 0
    for key in ORDER:
        ledger = registry.get(key)
        for index, record in enumerate(service.records(store, ledger)):
            raw = {f.key: as_form_value(f, record.values.get(f.key)) for f in ledger.input_fields}
            for number, spec in enumerate(typed_text_fields(ledger)):
                raw[spec.key] = tricky(spec, index * 7 + number)
                filled += 1
            service.update(store, lead(store), ledger, record.uuid, raw, today=TODAY)
    return filled


def cells_of(path: Path) -> list[list[list[object]]]:
    book = load_workbook(path)
    try:
        return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book]
    finally:
        book.close()


def stored(store: Store, ledger: Ledger) -> list[tuple[str, dict[str, Any]]]:
    keys = [f.key for f in typed_text_fields(ledger)]
    return sorted((r.uuid, {k: r.values[k] for k in keys}) for r in service.records(store, ledger))


def empty_copy(store: Store, root: Path) -> Store:
    paths = AppPaths.under(root)
    paths.ensure()
    with raw_connect(paths.database) as target:
        store.reader().backup(target)
    target.close()
    copy = Store.open(paths)
    with service.transaction(copy.reader()) as conn:
        for key in reversed(ORDER):
            conn.execute(f"DELETE FROM {registry.get(key).table}")
    return copy


def test_every_ledger_keeps_typed_text_through_export_import_export(
    store: Store, tmp_path: Path
) -> None:
    assert set(ORDER) == {ledger.key for ledger in registry.ledgers()}
    fill_every_ledger(store)
    assert fill_every_text_field(store) > 60
    first = {key: tmp_path / f"{key}-1.xlsx" for key in ORDER}
    for key in ORDER:
        ledger = registry.get(key)
        exchange.export(store, ledger, first[key], masked=False)
        # What was typed is what is stored: no folding, no collapsed spaces.
        for _uuid, values in stored(store, ledger):
            for spec in typed_text_fields(ledger):
                assert values[spec.key] in {tricky(spec, n) for n in range(200)}, spec.key
    copy = empty_copy(store, tmp_path / "copy")
    try:
        for key in ORDER:
            result = exchange.import_file(
                copy, lead(copy), registry.get(key), first[key], commit=True, today=TODAY
            )
            assert result.committed, result.report()
        for key in ORDER:
            ledger = registry.get(key)
            assert stored(copy, ledger) == stored(store, ledger), key
            again = tmp_path / f"{key}-2.xlsx"
            exchange.export(copy, ledger, again, masked=False)
            assert cells_of(again) == cells_of(first[key]), key
    finally:
        copy.close()


def typed_person(store: Store, name: str, seq: int, community: int) -> BeneficiaryInput:
    return BeneficiaryInput(
        name=name,
        community_id=team.communities(store)[community].id,
        id_number=make_id(date(1960, 1, 1 + seq), seq),
        phone="13800138000",
        hukou_address="四川省成都市成华区建设路１５号（东门）　3栋",
        address='=HYPERLINK("http://example.cn","点我")',
        marital="已婚",
        health="良好，偶有咳嗽👍  需复查",
        disability_type="＝1+1",
        cause="因病，因残",
        source="社区",
        registered_on=date(2026, 1, 5),
        status="结案",
        status_reason="目标达成，结案",
        notes=BLOCK,
        labels=(LabelInput("低保", date(2025, 1, 1)),),
        members=(
            MemberInput(
                relation="子女",
                name="扎西·多吉",
                id_number=make_id(date(2010, 2, 2), seq + 50),
                health="健康，“很好”👨‍👩‍👧",
                disability="-",
                occupation="学生（初二）　成华区某中学",
                income_fen=0,
            ),
            MemberInput(relation="配偶", name="欧阳娜娜", occupation="@某人 的助理"),
        ),
    )


def test_the_registry_workbook_keeps_typed_text_through_export_import_export(
    tmp_path: Path,
) -> None:
    source = Store.open(AppPaths.under(tmp_path / "a"))
    target = Store.open(AppPaths.under(tmp_path / "b"))
    try:
        for opened in (source, target):
            team.setup(opened, "双桥子", [("张三", "项目负责人")])
        actor = team.team(source)[0].actor
        for seq, name in enumerate(("王大山", "李秀英👍", "阿依·木呷"), start=1):
            beneficiaries.register(source, actor, typed_person(source, name, seq, seq % 3))
        first = tmp_path / "reg-1.xlsx"
        assert registry_book.export(source, first, masked=False) == 3
        result = registry_book.import_file(target, team.team(target)[0].actor, first, commit=True)
        assert result.committed, result.report()
        again = tmp_path / "reg-2.xlsx"
        registry_book.export(target, again, masked=False)
        assert cells_of(again) == cells_of(first)
        stored_notes = {row[0] for row in target.reader().execute("SELECT notes FROM beneficiary")}
        assert stored_notes == {BLOCK}
        reasons = {
            row[0] for row in target.reader().execute("SELECT status_reason FROM beneficiary")
        }
        assert reasons == {"目标达成，结案"}
    finally:
        source.close()
        target.close()
