"""Importing the roll: every problem previewed, nothing written before commit, ended not deleted."""

import json
import shutil
import uuid
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import audit, beneficiaries, team
from relief_desktop.services.inspection import rolls
from relief_desktop.services.inspection.common import CancelledError
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.services.inspection.roll_files import id_with_x, make_id, write_roll

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
WANG = make_id(date(1960, 1, 2), 11)
LI = make_id(date(1970, 3, 4), 21)
ZHAO = id_with_x()
QIAN = make_id(date(1980, 5, 6), 31)
SUN = make_id(date(1955, 7, 8), 41)
ROLL_DAY = date(2026, 10, 1)
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "rolls"


def lead(store: Store) -> team.TeamMember:
    return team.team(store)[0]


def messy_rows() -> list[list[object]]:
    return [
        [1, "王 芳 ", WANG, "双林社区", "双林路 1 号", "138 0013 8000", 2],
        [2, "李四", int(LI), "新鸿", "新鸿路 2 号", "", 1],  # Excel turned the ID into a number
        [3, "赵六", ZHAO.lower(), "新华社区居委会", "", "", 3],  # lower-case x
        [4, "钱七", QIAN.translate(FULL_WIDTH), "双林", "", "", "1"],  # full-width digits
        [None, None, None, None, None, None, None],  # a blank row inside the data
        [5, "王芳", WANG, "双林社区", "", "", 2],  # in-file duplicate of line 4
        [6, "孙八", SUN[:-1] + ("1" if SUN[-1] != "1" else "2"), "双林", "", "", 1],  # check digit
        [7, "周九", make_id(date(1990, 1, 1), 51), "不存在社区", "", "12345", "两人"],
    ]


def test_a_messy_bureau_file_previews_every_problem_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    path = write_roll(tmp_path / "低保.xlsx", messy_rows())

    result = rolls.preview(store, "dibao", path, ROLL_DAY)

    assert result.category == "低保"
    assert result.header_line == 3  # under the merged title row and the date line
    assert [line for line, why in result.skipped] == [13]  # the 合计 row, blank rows dropped
    added = {row.id_number: row for row in result.adds}
    assert set(added) == {WANG, ZHAO, QIAN, make_id(date(1990, 1, 1), 51)}
    assert added[WANG].name == "王芳"  # stray spaces gone
    assert added[WANG].phone == "13800138000"
    assert added[ZHAO].community_id is not None  # 新华社区居委会 -> 新华社区
    assert added[QIAN].household_size == 1
    errors = {(p.line, p.field) for p in result.errors}
    assert errors == {(5, "id_number"), (9, "id_number"), (10, "id_number")}
    by_line = {p.line: p.message for p in result.errors}
    assert "存成了数字" in by_line[5]
    assert "第 4 行" in by_line[9]
    assert "校验位" in by_line[10]
    warnings = {(p.line, p.field) for p in result.warnings}
    assert warnings == {(11, "community"), (11, "phone"), (11, "household_size")}
    assert result.rejected_lines == [5, 9, 10]
    assert store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 0


def test_commit_adds_the_clean_rows_and_links_registered_people(
    store: Store, tmp_path: Path
) -> None:
    communities = team.communities(store)
    beneficiaries.register(
        store,
        lead(store).actor,
        BeneficiaryInput(name="赵六", community_id=communities[0].id, id_number=ZHAO),
    )
    path = write_roll(tmp_path / "低保.xlsx", messy_rows())
    result = rolls.preview(store, "低保", path, ROLL_DAY)

    done = rolls.commit(store, lead(store).actor, result)

    assert (done.added, done.updated, done.ended) == (4, 0, 0)
    conn = store.reader()
    rows = dict(
        conn.execute("SELECT id_number, beneficiary_id FROM roll_entry WHERE category = '低保'")
    )
    assert set(rows) == {WANG, ZHAO, QIAN, make_id(date(1990, 1, 1), 51)}
    assert rows[ZHAO] is not None
    assert rows[WANG] is None
    logged = conn.execute(
        "SELECT changes FROM change_log WHERE table_name = 'roll_entry' AND action = 'insert'"
    )
    added = {key for (changes,) in logged for key in rolls.logged_entries(changes)}
    assert added == {u for (u,) in conn.execute("SELECT uuid FROM roll_entry")}


def _entry_texts(changes: str) -> dict[str, str]:
    """Each entry's own JSON text inside a roll import's change-log row, as written."""
    return {
        key: json.dumps(value, ensure_ascii=False, sort_keys=True)
        for key, value in rolls.logged_entries(changes).items()
    }


def test_a_large_roll_logs_every_entry_once_in_sealed_groups(store: Store, tmp_path: Path) -> None:
    rows = [
        [n, f"对象{n}", make_id(date(1950, 1, 1 + n % 28), n), "双林", "", "", 1]
        for n in range(1, 2 * rolls.LOG_GROUP + 8)
    ]
    path = write_roll(tmp_path / "大.xlsx", rows)

    done = rolls.commit(store, lead(store).actor, rolls.preview(store, "dibao", path, ROLL_DAY))

    conn = store.reader()
    groups = [
        rolls.logged_entries(changes)
        for (changes,) in conn.execute(
            "SELECT changes FROM change_log WHERE table_name = 'roll_entry' ORDER BY id"
        )
    ]
    assert [len(g) for g in groups] == [rolls.LOG_GROUP, rolls.LOG_GROUP, 7]
    logged = [key for group in groups for key in group]
    stored = [u for (u,) in conn.execute("SELECT uuid FROM roll_entry ORDER BY id")]
    assert logged == stored
    assert done.added == len(stored)
    assert audit.verify(store).ok


def test_every_added_entry_is_in_the_change_log_with_who_when_and_its_stored_values(
    store: Store, tmp_path: Path
) -> None:
    actor = lead(store).actor
    first = write_roll(tmp_path / "一.xlsx", [[1, "王芳", WANG, "双林", "", "", 2]])
    rolls.commit(store, actor, rolls.preview(store, "dibao", first, ROLL_DAY))
    tricky = '李"四\\ 路'  # a quote and a backslash must not break the logged JSON
    second = write_roll(
        tmp_path / "二.xlsx",
        [
            [1, "王芳", WANG, "双林", "", "", 2],
            [2, "李四", LI, "新鸿", tricky, "13800138000", 3],
            [3, "赵六", ZHAO, "不存在社区", "", "", None],
        ],
    )

    done = rolls.commit(store, actor, rolls.preview(store, "dibao", second, ROLL_DAY))

    assert done.added == 2
    conn = store.reader()
    conn.row_factory = dbapi.Row
    try:
        entries = conn.execute(
            "SELECT * FROM roll_entry WHERE id_number IN (?, ?) ORDER BY id", (LI, ZHAO)
        ).fetchall()
        logs = {
            added: (r, text)
            for r in conn.execute(
                "SELECT * FROM change_log WHERE table_name = 'roll_entry' AND action = 'insert'"
            )
            for added, text in _entry_texts(r["changes"]).items()
        }
    finally:
        conn.row_factory = None
    assert len(logs) == 3  # the first roll's entry and the two added now, once each
    for entry in entries:
        assert str(uuid.UUID(entry["uuid"], version=4)) == entry["uuid"]
        log, text = logs[entry["uuid"]]
        assert (log["worker_uuid"], log["worker_name"]) == (actor.uuid, actor.name)
        assert log["at"] == entry["created_at"]
        # Every value of its own; what all entries of the import share is logged once, with the
        # import (its category and roll date), and household_key is the ID number again.
        stored = {
            k: entry[k]
            for k in rolls.entry_columns("低保")
            if k not in rolls.LOGGED_ONCE and entry[k] is not None
        }
        assert {"name", "id_number", "address", "import_id"} <= stored.keys()
        assert json.loads(text) == {k: [None, v] for k, v in stored.items()}
        assert entry["household_key"] == entry["id_number"]
        imported = conn.execute(
            "SELECT category, roll_date, uuid FROM roll_import WHERE id = ?", (entry["import_id"],)
        ).fetchone()
        assert (imported[0], imported[1]) == (entry["category"], entry["started_on"])
        # The entries' change-log row names their import, whose own row holds what they share.
        assert log["record_uuid"] == imported[2]
        (import_log,) = conn.execute(
            "SELECT changes FROM change_log WHERE table_name = 'roll_import' AND record_uuid = ?",
            (imported[2],),
        ).fetchone()
        assert json.loads(import_log)["roll_date"] == [None, entry["started_on"]]
        # The same text every other change-log row has (bulk.insert_many, the ORM hook).
        assert text == json.dumps(
            {k: [None, v] for k, v in stored.items()}, ensure_ascii=False, sort_keys=True
        )
    by_number = {entry["id_number"]: entry for entry in entries}
    assert by_number[LI]["address"] == tricky
    assert by_number[ZHAO]["community_id"] is None
    assert by_number[ZHAO]["household_size"] is None


def test_new_uuids_are_distinct_standard_version_4_uuids() -> None:
    made = rolls.new_uuids(2000)

    assert len(set(made)) == 2000
    assert all(str(uuid.UUID(u, version=4)) == u and len(u) == 36 for u in made)
    assert {uuid.UUID(u).version for u in made} == {4}
    assert {uuid.UUID(u).variant for u in made} == {uuid.RFC_4122}


def test_a_new_roll_updates_changed_people_and_ends_the_missing_never_deleting(
    store: Store, tmp_path: Path
) -> None:
    first = [
        [1, "王芳", WANG, "双林", "", "", 2],
        [2, "赵六", ZHAO, "双林", "", "", 1],
        [3, "钱七", QIAN, "双林", "", "", 1],
    ]
    actor = lead(store).actor
    rolls.commit(
        store,
        actor,
        rolls.preview(store, "dibao", write_roll(tmp_path / "a.xlsx", first), ROLL_DAY),
    )
    second = [
        [1, "王芳", WANG, "双林", "", "13800138000", 3],
        [2, "赵六", ZHAO, "双林", "", "", 1],
        [3, "李四", LI, "新鸿", "", "", 1],
    ]
    later = date(2027, 1, 1)

    result = rolls.preview(store, "dibao", write_roll(tmp_path / "b.xlsx", second), later)

    assert [row.id_number for row in result.adds] == [LI]
    assert [c.row.id_number for c in result.updates] == [WANG]
    assert {label for label, _, _ in result.updates[0].fields} == {"联系电话", "家庭人口"}
    assert result.unchanged == 1
    assert [e.id_number for e in result.ends] == [QIAN]
    rolls.commit(store, actor, result, confirmed_ends=1)  # 1 of 3 is more than a fifth
    conn = store.reader()
    states = dict(conn.execute("SELECT id_number, ended_on FROM roll_entry"))
    assert states == {WANG: None, ZHAO: None, LI: None, QIAN: "2027-01-01"}
    assert conn.execute(
        "SELECT household_size, phone FROM roll_entry WHERE id_number = ?", (WANG,)
    ).fetchone() == (3, "13800138000")


def test_a_person_whose_row_is_broken_is_kept_not_ended(store: Store, tmp_path: Path) -> None:
    actor = lead(store).actor
    first = [[1, "李四", LI, "双林", "", "", 1], [2, "王芳", WANG, "双林", "", "", 1]]
    rolls.commit(
        store,
        actor,
        rolls.preview(store, "tekun", write_roll(tmp_path / "a.xlsx", first), ROLL_DAY),
    )
    second = [[1, "李四", int(LI), "双林", "", "", 1], [2, "王芳", WANG, "双林", "", "", 1]]

    result = rolls.preview(store, "tekun", write_roll(tmp_path / "b.xlsx", second), ROLL_DAY)

    assert result.ends == []
    assert [k.ending.id_number for k in result.kept] == [LI]
    assert result.kept[0].lines == (4,)


def test_import_in_a_category_leaves_other_categories_alone(store: Store, tmp_path: Path) -> None:
    actor = lead(store).actor
    rows = [[1, "王芳", WANG, "双林", "", "", 1]]
    rolls.commit(
        store, actor, rolls.preview(store, "tekun", write_roll(tmp_path / "a.xlsx", rows), ROLL_DAY)
    )
    other = [[1, "李四", LI, "双林", "", "", 1]]
    result = rolls.preview(store, "linshi", write_roll(tmp_path / "b.xlsx", other), ROLL_DAY)
    assert result.ends == []
    rolls.commit(store, actor, result)
    counts = dict(store.reader().execute("SELECT category, count(*) FROM roll_entry GROUP BY 1"))
    assert counts == {"特困": 1, "临时救助": 1}


def test_cancel_during_commit_leaves_nothing(store: Store, tmp_path: Path) -> None:
    rows = [
        [i, f"王{i}", make_id(date(1960, 1, 1 + i % 28), i), "双林", "", "", 1] for i in range(50)
    ]
    result = rolls.preview(store, "dibao", write_roll(tmp_path / "a.xlsx", rows), ROLL_DAY)
    calls: list[int] = []

    def cancel(phase: str, done: int, total: int) -> None:
        calls.append(done)
        if phase == "write" and done >= 20:
            raise CancelledError

    with pytest.raises(CancelledError):
        rolls.commit(store, lead(store).actor, result, progress=cancel, chunk=20)

    conn = store.reader()
    assert conn.execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM roll_import").fetchone()[0] == 0
    assert (
        conn.execute("SELECT count(*) FROM change_log WHERE table_name LIKE 'roll%'").fetchone()[0]
        == 0
    )
    assert calls


def test_a_preview_made_stale_by_another_import_is_refused(store: Store, tmp_path: Path) -> None:
    actor = lead(store).actor
    path = write_roll(tmp_path / "a.xlsx", [[1, "王芳", WANG, "双林", "", "", 1]])
    stale = rolls.preview(store, "dibao", path, ROLL_DAY)
    rolls.commit(store, actor, rolls.preview(store, "dibao", path, ROLL_DAY))

    with pytest.raises(RuleError) as caught:
        rolls.commit(store, actor, stale)
    assert caught.value.code == "roll_changed"


def test_an_unknown_id_header_is_read_by_its_content_and_said_so(
    store: Store, tmp_path: Path
) -> None:
    headers = ("序号", "姓名", "证照号", "社区")
    path = write_roll(tmp_path / "a.xlsx", [[1, "王芳", WANG, "双林"]], headers=headers, title=None)

    result = rolls.preview(store, "tekun", path, ROLL_DAY)

    assert result.missing == []
    assert result.inferred == {"id_number": 2}
    assert result.notes() == ["按内容判断“证照号”列为身份证号"]
    assert [row.id_number for row in result.adds] == [WANG]


def test_unrecognised_columns_are_reported_and_can_be_mapped(store: Store, tmp_path: Path) -> None:
    headers = ("序号", "姓名", "证照号", "社区")
    # Not one cell of the column looks like an ID: nothing to infer from.
    path = write_roll(
        tmp_path / "a.xlsx", [[1, "王芳", "待补", "双林"]], headers=headers, title=None
    )

    result = rolls.preview(store, "tekun", path, ROLL_DAY)
    assert result.missing == ["id_number"]
    assert "证照号" in result.unmapped
    assert not result.can_commit
    with pytest.raises(RuleError):
        rolls.commit(store, lead(store).actor, result)

    mapped = rolls.preview(
        store, "tekun", path, ROLL_DAY, mapping={"id_number": result.headers.index("证照号")}
    )
    assert mapped.can_commit
    assert [p.message for p in mapped.errors] == [
        "身份证号码应为 18 位（或旧版 15 位）数字，最后一位可为 X；现在是 2 位。请核对后重新输入。"
    ]


def test_an_unknown_category_is_refused(store: Store, tmp_path: Path) -> None:
    path = write_roll(tmp_path / "a.xlsx", [[1, "王芳", WANG, "双林", "", "", 1]])
    with pytest.raises(RuleError) as caught:
        rolls.preview(store, "wubao", path, ROLL_DAY)
    assert caught.value.code == "inspection_category"


def test_an_xls_roll_from_the_bureau_imports_the_same_way(store: Store, tmp_path: Path) -> None:
    fixture = FIXTURES / "dibao_messy.xls"
    if not fixture.exists():
        pytest.skip("no .xls fixture: made with LibreOffice (tests/fixtures/rolls/make_xls.py)")
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)

    result = rolls.preview(store, "dibao", path, ROLL_DAY)

    assert result.header_line == 3
    assert {row.id_number for row in result.adds} == {
        WANG,
        ZHAO,
        QIAN,
        make_id(date(1990, 1, 1), 51),
    }
    assert result.rejected_lines == [5, 9, 10]
    assert [line for line, _ in result.skipped] == [13]


def test_the_store_is_untouched_by_a_preview(store: Store, tmp_path: Path) -> None:
    path = write_roll(tmp_path / "a.xlsx", messy_rows())
    before = raw_connect(store.paths.database).execute("SELECT count(*) FROM change_log")
    count = before.fetchone()[0]
    rolls.preview(store, "dibao", path, ROLL_DAY)
    after = store.reader().execute("SELECT count(*) FROM change_log").fetchone()[0]
    assert after == count
