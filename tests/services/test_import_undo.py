"""撤销本次导入: the last import of a roll, a ledger or the registry, undone to the byte.

Each test replays a case of issue 9 item 2: a team imports a file, sees it was the wrong one
and undoes it — or cannot, because work has been done on the imported rows since.
"""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relief_desktop import demo
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import exchange
from relief_desktop.ledgers.definitions.resources import RESOURCES
from relief_desktop.paths import AppPaths
from relief_desktop.services import (
    beneficiaries,
    imports,
    ledger_undo,
    registry_book,
    registry_query,
    team,
)
from relief_desktop.services.casework.cases import OpenCaseInput, open_case
from relief_desktop.services.inspection import roll_undo, rolls
from relief_desktop.storage import journal
from relief_desktop.storage.store import Store
from tests.ledgers import helpers as ledger_helpers
from tests.services.inspection.helpers import import_roll, inspect
from tests.services.inspection.roll_files import make_id, write_roll

ROLL_DAY = date(2026, 10, 1)
NEXT_DAY = date(2026, 11, 1)


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every column of every row of every record table (the journal and the log aside), as
    SQL literals: 1, 1.0 and '1' differ, as they do in the file."""
    conn = store.reader()
    found = {}
    for table in journal.audited_tables(conn):
        literals = ", ".join(f'quote("{c}")' for c in journal.columns(conn, table))
        found[table] = conn.execute(f"SELECT {literals} FROM {table} ORDER BY id").fetchall()
    return found


def log_count(store: Store) -> int:
    return int(store.reader().execute("SELECT count(*) FROM change_log").fetchone()[0])


def an_hour_passes(store: Store) -> None:
    """The last import happened an hour ago: its rows and its journal carry the earlier time."""
    conn = store.reader()
    earlier = "2026-01-01T08:00:00+00:00"
    with conn:
        (batch_id,) = conn.execute("SELECT max(id) FROM import_batch").fetchone()
        tables = conn.execute(
            "SELECT DISTINCT table_name FROM import_touched WHERE batch_id = ?", (batch_id,)
        ).fetchall()
        for (table,) in tables:
            conn.execute(
                f"UPDATE {table} SET updated_at = ? WHERE id IN (SELECT row_id FROM"
                " import_touched WHERE batch_id = ? AND table_name = ?)",
                (earlier, batch_id, table),
            )
        conn.execute(
            "UPDATE import_batch SET created_at = ?, updated_at = ? WHERE id = ?",
            (earlier, earlier, batch_id),
        )


def lead(store: Store) -> team.TeamMember:
    return team.team(store)[0]


def roll_file(folder: Path, name: str, people: list[tuple[int, str, str]]) -> Path:
    """(seq, name, phone) rows of a 低保 roll."""
    rows: list[list[object]] = [
        [n + 1, who, make_id(date(1950, 1, 1 + seq % 28), seq), "双林", f"双林路{seq}号", tel, 2]
        for n, (seq, who, tel) in enumerate(people)
    ]
    return write_roll(folder / name, rows)


def commit_roll(store: Store, path: Path, on: date) -> rolls.ImportResult:
    result = rolls.preview(store, "dibao", path, on)
    return rolls.commit(store, lead(store).actor, result, confirmed_ends=len(result.ends))


# -- rolls -----------------------------------------------------------------------------------


def test_undoing_the_first_import_of_a_roll_leaves_the_store_as_it_was(
    store: Store, tmp_path: Path
) -> None:
    before = dump(store)
    import_roll(store, tmp_path, "dibao", 30, ROLL_DAY, name="低保9月.xlsx")
    offered = roll_undo.undoable(store, "dibao")
    assert offered is not None
    assert (offered.file_name, offered.added, offered.imported_by) == ("低保9月.xlsx", 30, "张三")

    result = roll_undo.undo(store, lead(store).actor, "dibao")

    assert (result.deleted, result.restored) == (31, 0)  # 30 entries and the roll_import row
    assert dump(store) == before
    summary = next(s for s in rolls.summaries(store) if s.category == "低保")
    assert (summary.current, summary.ended, summary.last_import) == (0, 0, None)
    assert roll_undo.undoable(store, "dibao") is None


def test_a_wrong_update_of_a_roll_is_undone_with_its_ends_and_changes(
    store: Store, tmp_path: Path
) -> None:
    names = "赵钱孙李周吴郑王冯陈褚卫"
    september = [(i, f"{names[i]}芳", f"1380000{i:04d}") for i in range(12)]
    commit_roll(store, roll_file(tmp_path, "9月.xlsx", september), ROLL_DAY)
    # Someone on the roll registers meanwhile: the next import links their entry.
    beneficiaries.register(
        store,
        lead(store).actor,
        BeneficiaryInput(
            name="吴芳",
            community_id=team.communities(store)[0].id,
            id_number=make_id(date(1950, 1, 6), 5),
        ),
    )
    after_september = dump(store)
    summary_before = rolls.summaries(store)
    # The wrong file: 2 people gone (ended), 2 new, 3 phones changed.
    wrong = [(i, f"{names[i]}芳", f"1390000{i:04d}" if i < 5 else f"1380000{i:04d}")
             for i in range(2, 12)] + [(40, "新人甲", ""), (41, "新人乙", "")]  # fmt: skip
    done = commit_roll(store, roll_file(tmp_path, "错的名单.xlsx", wrong), NEXT_DAY)
    assert (done.added, done.updated, done.ended, done.linked) == (2, 3, 2, 1)

    result = roll_undo.undo(store, lead(store).actor, "dibao")

    assert result.batch.file_name == "错的名单.xlsx"
    assert (result.batch.added, result.batch.updated, result.batch.ended) == (2, 3, 2)
    assert result.batch.describe()[2:] == [
        "本次导入：新增 2 条，更新 3 条，结束 2 人",
        "撤销将删除本次新增的 2 条，把本次更新的 3 条恢复为导入前的内容，"
        "把本次结束的 2 人恢复为在册。",
    ]
    assert dump(store) == after_september  # ends, phones, the link and import_id all back
    assert rolls.summaries(store) == summary_before  # last import: 9月.xlsx again


def test_a_header_only_file_cannot_cost_the_team_its_762_person_roll(
    store: Store, tmp_path: Path
) -> None:
    """Issue 9, first case: a file with no valid rows ended all 762 people of the 低保 roll.
    Whether the import refuses such a file or commits it, the roll is whole again after."""
    import_roll(store, tmp_path, "dibao", 762, ROLL_DAY, name="低保762人.xlsx")
    whole = dump(store)
    empty = write_roll(tmp_path / "只有表头.xlsx", [])
    try:
        commit_roll(store, empty, NEXT_DAY)
    except RuleError:
        assert dump(store) == whole  # refused: nothing written, nothing to undo
        return
    roll_undo.undo(store, lead(store).actor, "dibao")
    assert dump(store) == whole
    summary = next(s for s in rolls.summaries(store) if s.category == "低保")
    assert (summary.current, summary.last_file) == (762, "低保762人.xlsx")


def test_the_change_log_records_every_delete_and_restore_of_an_undo(
    store: Store, tmp_path: Path
) -> None:
    commit_roll(store, roll_file(tmp_path, "a.xlsx", [(1, "王芳", "13800000001")]), ROLL_DAY)
    commit_roll(
        store,
        roll_file(tmp_path, "b.xlsx", [(1, "王芳", "13900000001"), (2, "李四", "")]),
        NEXT_DAY,
    )
    first_id = log_count(store)

    roll_undo.undo(store, lead(store).actor, "dibao")

    rows = (
        store.reader()
        .execute(
            "SELECT table_name, action, worker_name, changes FROM change_log WHERE id > ?"
            " ORDER BY id",
            (first_id,),
        )
        .fetchall()
    )
    entries = [(t, a, w, json.loads(c)) for t, a, w, c in rows]
    # Written the way every other change is, whoever reads the log later.
    assert [c for *_r, c in rows] == [
        json.dumps(json.loads(c), ensure_ascii=False, sort_keys=True) for *_r, c in rows
    ]
    assert all(w == "张三" for _t, _a, w, _c in entries)
    restored = [c for t, a, _w, c in entries if (t, a) == ("roll_entry", "update")]
    assert restored == [{"import_id": [2, 1], "phone": ["13900000001", "13800000001"]}]
    deleted = [(t, c.get("name")) for t, a, _w, c in entries if a == "delete"]
    assert sorted(deleted, key=str) == sorted([("roll_entry", ["李四", None]),
                                               ("roll_import", None)], key=str)  # fmt: skip
    marked = [c for t, a, _w, c in entries if t == "import_batch"]
    assert marked
    assert marked[0]["undone_at"][0] is None


def test_undoing_twice_says_it_was_already_undone_and_changes_nothing(
    store: Store, tmp_path: Path
) -> None:
    import_roll(store, tmp_path, "dibao", 5, ROLL_DAY, name="a.xlsx")
    import_roll(store, tmp_path, "dibao", 8, NEXT_DAY, name="b.xlsx")
    roll_undo.undo(store, lead(store).actor, "dibao")
    state, logged = dump(store), log_count(store)

    with pytest.raises(RuleError) as refused:
        roll_undo.undo(store, team.team(store)[1].actor, "dibao")

    assert refused.value.code == "import_already_undone"
    assert "已于" in str(refused.value)
    assert "张三" in str(refused.value)
    assert (dump(store), log_count(store)) == (state, logged)


def test_a_roll_with_no_import_has_nothing_to_undo(store: Store) -> None:
    with pytest.raises(RuleError) as refused:
        roll_undo.undo(store, lead(store).actor, "tekun")
    assert str(refused.value) == "特困在册名单还没有导入过文件，没有可以撤销的导入。"


def test_an_inspection_of_an_imported_entry_blocks_the_undo(store: Store, tmp_path: Path) -> None:
    entries = import_roll(store, tmp_path, "dibao", 5, ROLL_DAY)
    inspect(store, next(iter(entries.values())), date(2026, 10, 8))
    state, logged = dump(store), log_count(store)

    with pytest.raises(RuleError) as refused:
        roll_undo.undo(store, lead(store).actor, "dibao")

    assert refused.value.details["causes"] == ("import_undo_in_use",)
    assert "入户核查记录 1 条" in str(refused.value)
    assert (dump(store), log_count(store)) == (state, logged)
    assert roll_undo.undoable(store, "dibao") is not None


def test_the_import_of_another_category_is_not_touched(store: Store, tmp_path: Path) -> None:
    import_roll(store, tmp_path, "tekun", 4, ROLL_DAY)
    after_tekun = dump(store)
    import_roll(store, tmp_path, "dibao", 6, ROLL_DAY, first=10)

    roll_undo.undo(store, lead(store).actor, "dibao")

    assert dump(store) == after_tekun
    assert roll_undo.undoable(store, "tekun") is not None


# -- ledgers ---------------------------------------------------------------------------------


def receipts_file(tmp_path: Path) -> Path:
    """A team's 救助资源台账 with two receipts, exported in full from another store."""
    other = Store.open(AppPaths.under(tmp_path / "other"))
    try:
        team.setup(other, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
        ledger_helpers.provider(other)
        ledger_helpers.receipt(other, "1000")
        ledger_helpers.receipt(other, "250.50", item="食用油")
        path = tmp_path / "资源台账.xlsx"
        exchange.export(other, RESOURCES, path, masked=False)
    finally:
        other.close()
    return path


def test_a_ledger_import_is_undone_and_the_ledger_reads_as_before(
    store: Store, tmp_path: Path
) -> None:
    ledger_helpers.provider(store)
    ledger_helpers.receipt(store, "80", serial="ZY2025-0007")
    before = dump(store)
    path = receipts_file(tmp_path)
    imported = exchange.import_file(store, lead(store).actor, RESOURCES, path, commit=True)
    assert imported.committed
    assert len(imported.added) == 2

    offered = ledger_undo.undoable(store, "救助资源台账")
    assert offered is not None
    assert (offered.kind, offered.added) == ("ledger", 2)
    result = ledger_undo.undo(store, lead(store).actor, "resources")

    assert result.deleted == 2
    assert dump(store) == before


def test_a_handover_of_an_imported_receipt_blocks_the_undo(store: Store, tmp_path: Path) -> None:
    ledger_helpers.provider(store)
    file_no = ledger_helpers.person(store, "王芳", 3)
    exchange.import_file(store, lead(store).actor, RESOURCES, receipts_file(tmp_path), commit=True)
    (serial,) = store.reader().execute("SELECT max(serial) FROM resource_receipt").fetchone()
    ledger_helpers.handover(store, serial, file_no, value="100")
    state = dump(store)

    with pytest.raises(RuleError) as refused:
        ledger_undo.undo(store, lead(store).actor, "资源台账")

    assert "资源发放台账 1 条" in str(refused.value)
    assert dump(store) == state


def test_a_dry_run_of_a_ledger_import_leaves_nothing_to_undo(store: Store, tmp_path: Path) -> None:
    ledger_helpers.provider(store)
    exchange.import_file(store, lead(store).actor, RESOURCES, receipts_file(tmp_path), commit=False)
    assert ledger_undo.undoable(store, "resources") is None
    assert store.reader().execute("SELECT count(*) FROM import_batch").fetchone() == (0,)


# -- the registry (基础数据库) -----------------------------------------------------------------


@pytest.fixture
def registry_file(tmp_path: Path) -> Path:
    """A full 基础数据库 workbook of 12 people with households and labels."""
    other = Store.open(AppPaths.under(tmp_path / "source"))
    try:
        demo.generate(other, 12)
        path = tmp_path / "基础数据库.xlsx"
        registry_book.export(other, path, masked=False)
    finally:
        other.close()
    return path


def test_a_registry_import_with_households_is_undone_with_its_members_and_search_index(
    store: Store, registry_file: Path
) -> None:
    before = dump(store)
    result = registry_book.import_file(store, lead(store).actor, registry_file, commit=True)
    assert result.committed
    conn = store.reader()
    (members,) = conn.execute("SELECT count(*) FROM household_member").fetchone()
    assert members > 0
    someone = conn.execute("SELECT name FROM beneficiary LIMIT 1").fetchone()[0]
    found_by_name = registry_query.RegistryQuery(text=someone)
    assert registry_query.count(conn, found_by_name) >= 1

    offered = ledger_undo.undoable(store, "基础数据库")
    assert offered is not None
    assert offered.added == 12
    undone = ledger_undo.undo(store, lead(store).actor, "registry")

    assert undone.deleted > 12 + members - 1  # people, members and labels
    assert dump(store) == before
    assert registry_query.count(conn, found_by_name) == 0
    assert conn.execute("SELECT count(*) FROM beneficiary_fts").fetchone() == (0,)
    assert beneficiaries.next_file_no(store, 2026).endswith("-0001")


def test_a_case_opened_for_an_imported_person_blocks_the_undo(
    store: Store, registry_file: Path
) -> None:
    registry_book.import_file(store, lead(store).actor, registry_file, commit=True)
    (uuid,) = store.reader().execute("SELECT uuid FROM beneficiary LIMIT 1").fetchone()
    open_case(store, lead(store).actor, OpenCaseInput(uuid, "低保"))
    state = dump(store)

    with pytest.raises(RuleError) as refused:
        ledger_undo.undo(store, lead(store).actor, "基础数据库")

    assert "个案 1 条" in str(refused.value)
    assert dump(store) == state


def test_a_person_edited_after_the_import_blocks_the_undo(
    store: Store, registry_file: Path
) -> None:
    registry_book.import_file(store, lead(store).actor, registry_file, commit=True)
    an_hour_passes(store)
    (uuid,) = store.reader().execute("SELECT uuid FROM beneficiary LIMIT 1").fetchone()
    record = beneficiaries.load(store, uuid)
    edited = BeneficiaryInput(**{**record.data.__dict__, "notes": "电话回访：已搬家"})
    beneficiaries.update(store, lead(store).actor, uuid, edited)
    state = dump(store)

    with pytest.raises(RuleError) as refused:
        ledger_undo.undo(store, lead(store).actor, "registry")

    assert refused.value.details["causes"] == ("import_undo_edited",)
    assert "关爱援助对象 1 条" in str(refused.value)
    assert dump(store) == state


def test_registering_one_person_by_hand_is_not_an_import(store: Store) -> None:
    beneficiaries.register(
        store,
        lead(store).actor,
        BeneficiaryInput(
            name="王芳",
            community_id=team.communities(store)[0].id,
            id_number=make_id(date(1960, 2, 3), 7),
        ),
    )
    assert imports.undoable(store, "registry", "registry") is None


# -- any sequence of roll files --------------------------------------------------------------

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫"
# One roll row: (person 0-11, phone variant 0-2, household size 1-3); a file is a list of them.
roll_rows = st.lists(
    st.tuples(st.integers(0, 11), st.integers(0, 2), st.integers(1, 3)),
    max_size=12,
    unique_by=lambda row: row[0],
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(roll_rows, min_size=1, max_size=3), register=st.sets(st.integers(0, 11)))
def test_any_roll_import_after_any_other_is_undone_to_the_byte(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[list[tuple[int, int, int]]],
    register: set[int],
) -> None:
    folder = tmp_path_factory.mktemp("rolls")
    store = Store.open(AppPaths.under(folder))
    try:
        team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
        states = []
        for n, rows in enumerate(files):
            if n == len(files) - 1 and rows:  # people registered since: the last file links them
                for person in sorted(register):
                    beneficiaries.register(
                        store,
                        lead(store).actor,
                        BeneficiaryInput(
                            name=f"{SURNAMES[person]}芳",
                            community_id=team.communities(store)[0].id,
                            id_number=make_id(date(1950, 1, 1 + person), person),
                        ),
                    )
            before = dump(store)
            table = [
                [i + 1, f"{SURNAMES[p]}芳", make_id(date(1950, 1, 1 + p), p), "双林",
                 f"双林路{p}号", f"1380000{p:02d}{v:02d}", size]
                for i, (p, v, size) in enumerate(rows)
            ]  # fmt: skip
            path = write_roll(folder / f"{n}.xlsx", table)
            result = rolls.preview(store, "dibao", path, ROLL_DAY)
            if result.valid_rows:  # a file without one good row is refused, not imported
                rolls.commit(store, lead(store).actor, result, confirmed_ends=len(result.ends))
                states.append(before)
        if not states:
            return
        roll_undo.undo(store, lead(store).actor, "dibao")

        assert dump(store) == states[-1]
    finally:
        store.close()
