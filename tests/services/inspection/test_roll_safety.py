"""Roll imports that can never cost a team its roll: each test replays a case users or testers met
(issue 9) through the service and, where they met it there, the command line."""

import json
from datetime import date
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain import idcard
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import team
from relief_desktop.services.inspection import rolls
from relief_desktop.storage.store import Store
from tests.services.inspection.helpers import import_roll
from tests.services.inspection.roll_files import make_id, write_roll

ROLL_DAY = date(2026, 10, 1)
LATER = date(2027, 1, 1)


def person(i: int) -> tuple[str, str]:
    return f"对象{i:03d}", make_id(date(1950, 1, 1 + i % 28), i)


def roll_rows(indexes: range | list[int], **changes: object) -> list[list[object]]:
    """Rows as import_roll writes them (same names, IDs, communities)."""
    communities = ["双林", "新鸿", "新华"]
    rows: list[list[object]] = []
    for n, i in enumerate(indexes, start=1):
        name, number = person(i)
        rows.append([n, name, number, communities[i % 3], f"双林路{i}号", "", 1 + i % 4])
    return rows


def current(store: Store, category: str = "低保") -> int:
    return int(
        store.reader()
        .execute(
            "SELECT count(*) FROM roll_entry WHERE category = ? AND ended_on IS NULL", (category,)
        )
        .fetchone()[0]
    )


def run_cli(store: Store, *args: str) -> int:
    return cli.main(["--data-dir", str(store.paths.data_dir), "roll", "import", *args])


def lead(store: Store) -> team.TeamMember:
    return team.team(store)[0]


# --- 1. Ends only from a whole roll -----------------------------------------------------------


def test_a_roll_whose_every_id_excel_stored_as_a_number_ends_nobody(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 30, ROLL_DAY)
    rows = roll_rows(range(30))
    for row in rows:
        # What Excel does to an ID column left as 常规 (one ending in X stays text; a CSV then
        # holds what Excel showed).
        number = str(row[2])
        row[2] = "5.10108E+17" if number.endswith("X") else int(number)
    path = write_roll(tmp_path / "numbers.xlsx", rows)

    result = rolls.preview(store, "dibao", path, LATER)

    assert result.ends == []
    assert len(result.rejected_lines) == 30
    assert "没有一行有效数据" in result.ends_blocked
    assert not result.has_changes
    assert "5.10108E+17" in result.errors[0].message  # as Excel shows the cell
    code = run_cli(store, "--category", "dibao", str(path), "--date", "2027-01-01")
    out = capsys.readouterr().out
    assert code == 1
    assert "不结束任何人" in out
    assert current(store) == 30


def test_a_header_only_roll_file_ends_nobody(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 10, ROLL_DAY)
    path = write_roll(tmp_path / "header.xlsx", [], totals=False)

    result = rolls.preview(store, "dibao", path, LATER)

    assert result.rows_read == 0
    assert result.ends == []
    assert len(result.held) == 10
    code = run_cli(store, "--category", "dibao", str(path), "--date", "2027-01-01")
    assert code == 1
    assert "没有一行有效数据" in capsys.readouterr().out
    assert current(store) == 10


@pytest.mark.parametrize(
    "text",
    [
        "各社区：\n请于本月 25 日前报送在册名单，谢谢配合。\n民政科\n",
        "关于报送名单的通知,各社区\n姓名,身份证号码\n请各社区认真核对后,于月底前报送\n谢谢,民政科\n",
    ],
    ids=["prose", "prose-with-a-header-line"],
)
def test_a_text_file_saved_as_csv_ends_nobody(
    store: Store, tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 10, ROLL_DAY)
    path = tmp_path / "通知.csv"
    path.write_text(text, encoding="utf-8")

    code = run_cli(store, "--category", "dibao", str(path), "--date", "2027-01-01")

    assert code == 1
    assert current(store) == 10
    capsys.readouterr()


def test_a_person_whose_own_row_has_an_error_is_not_ended(store: Store, tmp_path: Path) -> None:
    import_roll(store, tmp_path, "tekun", 12, ROLL_DAY)
    rows = roll_rows(range(12))
    rows[3][1] = None  # blank name, valid ID: line 7 of the file

    result = rolls.preview(store, "tekun", write_roll(tmp_path / "b.xlsx", rows), LATER)

    assert result.ends == []
    assert [(k.ending.id_number, k.lines) for k in result.kept] == [(person(3)[1], (7,))]
    assert result.kept[0].reason == "未结束：可能是第 7 行（有错误，未导入）"


def test_an_id_one_character_off_keeps_the_person_it_may_be(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "tekun", 12, ROLL_DAY)
    rows = roll_rows(range(12))
    two, three = person(2)[1], person(3)[1]
    rows[2][1] = "改名二"  # another name, so only the ID can tie the row to the person
    rows[2][2] = two[:-1] + ("1" if two[-1] != "1" else "2")  # a changed check digit
    rows[3][1] = "改名三"
    rows[3][2] = three + "1"  # one character too many

    result = rolls.preview(store, "tekun", write_roll(tmp_path / "b.xlsx", rows), LATER)

    assert result.ends == []
    assert {k.ending.id_number: k.lines for k in result.kept} == {two: (6,), three: (7,)}
    path = write_roll(tmp_path / "b.xlsx", rows)
    run_cli(store, "--category", "tekun", str(path), "--date", "2027-01-01", "--dry-run")
    assert "未结束：可能是第 6 行" in capsys.readouterr().out


def test_errors_on_more_than_a_tenth_of_the_rows_end_nobody(store: Store, tmp_path: Path) -> None:
    import_roll(store, tmp_path, "tekun", 20, ROLL_DAY)
    rows = roll_rows(range(15))
    rows += [[16 + n, f"外人{n}", "12345", "双林", "", "", 1] for n in range(2)]

    result = rolls.preview(store, "tekun", write_roll(tmp_path / "b.xlsx", rows), LATER)

    assert result.ends == []
    assert len(result.held) == 5
    assert "2 行有错误" in result.ends_blocked
    assert "超过 10%" in result.ends_blocked


def test_errors_on_a_tenth_of_the_rows_or_fewer_still_end_the_missing(
    store: Store, tmp_path: Path
) -> None:
    import_roll(store, tmp_path, "tekun", 20, ROLL_DAY)
    rows = [*roll_rows(range(18)), [19, "外人", "12345", "双林", "", "", 1]]

    result = rolls.preview(store, "tekun", write_roll(tmp_path / "b.xlsx", rows), LATER)

    assert result.ends_blocked == ""
    assert sorted(e.id_number for e in result.ends) == sorted([person(18)[1], person(19)[1]])


def test_ending_more_than_a_fifth_of_the_roll_needs_the_count_confirmed(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 10, ROLL_DAY)
    path = write_roll(tmp_path / "b.xlsx", roll_rows(range(7)))  # 3 of 10 would end
    result = rolls.preview(store, "dibao", path, LATER)
    assert result.needs_confirmation
    with pytest.raises(RuleError) as caught:
        rolls.commit(store, lead(store).actor, result)
    assert caught.value.code == "roll_confirm_ends"
    with pytest.raises(RuleError):
        rolls.commit(store, lead(store).actor, result, confirmed_ends=2)
    assert current(store) == 10

    base = ["--category", "dibao", str(path), "--date", "2027-01-01"]
    assert run_cli(store, *base) == 3
    assert run_cli(store, *base, "--confirm-ends", "2") == 3
    out = capsys.readouterr().out
    assert "--confirm-ends 3" in out
    assert "未写入" in out
    assert current(store) == 10
    assert store.reader().execute("SELECT count(*) FROM roll_import").fetchone()[0] == 1

    assert run_cli(store, *base, "--confirm-ends", "3") == 0
    assert current(store) == 7


def test_ending_a_fifth_of_the_roll_needs_no_confirmation(store: Store, tmp_path: Path) -> None:
    import_roll(store, tmp_path, "dibao", 10, ROLL_DAY)
    path = write_roll(tmp_path / "b.xlsx", roll_rows(range(8)))

    result = rolls.preview(store, "dibao", path, LATER)

    assert len(result.ends) == 2
    assert not result.needs_confirmation
    assert rolls.commit(store, lead(store).actor, result).ended == 2


# --- 2. A refused value never overwrites a stored one -----------------------------------------


def test_a_seven_digit_phone_never_overwrites_a_valid_one(store: Store, tmp_path: Path) -> None:
    name, number = person(1)
    first = [[1, name, number, "双林", "双林路1号", "13800138000", 3]]
    actor = lead(store).actor
    rolls.commit(
        store,
        actor,
        rolls.preview(store, "dibao", write_roll(tmp_path / "a.xlsx", first), ROLL_DAY),
    )
    # A 7-digit phone, a household size in words, an unknown community, a blank address.
    second = [[1, name, number, "不存在社区", None, "1380013", "两人"]]

    result = rolls.preview(store, "dibao", write_roll(tmp_path / "b.xlsx", second), LATER)

    assert result.updates == []
    assert result.unchanged == 1
    fields = {p.field for p in result.warnings}
    assert fields == {"phone", "household_size", "community"}
    phone_problem = next(p for p in result.warnings if p.field == "phone")
    assert phone_problem.line == 4
    assert "已有的值保持不变" in phone_problem.message
    rolls.commit(store, actor, result)
    stored = (
        store.reader()
        .execute(
            "SELECT phone, household_size, community_name, address FROM roll_entry"
            " WHERE id_number = ?",
            (number,),
        )
        .fetchone()
    )
    assert stored == ("13800138000", 3, "双林", "双林路1号")


# --- 3. Columns ------------------------------------------------------------------------------


@pytest.mark.parametrize("header", ["申请人姓名", "救助对象", "受助人"])
def test_a_linshi_roll_headed_with_a_clerks_word_for_the_name_imports(
    store: Store, tmp_path: Path, header: str
) -> None:
    name, number = person(1)
    headers = ("序号", header, "身份证号码", "所属社区", "救助事由", "救助金额（元）", "救助日期")
    rows = [[1, name, number, "双林", "火灾", "2,000", "2026年9月5日"]]
    path = write_roll(tmp_path / "临时救助.xlsx", rows, headers=headers)

    result = rolls.preview(store, "linshi", path, ROLL_DAY)

    assert result.missing == []
    assert result.inferred == {}
    [row] = result.adds
    assert (row.name, row.aid_reason, row.aid_amount_fen, row.aid_on) == (
        name,
        "火灾",
        200000,
        "2026-09-05",
    )


def test_a_name_column_under_an_unknown_header_is_read_by_its_content(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = ("序号", "帮扶人员", "身份证号码", "所属社区")
    rows = [[i + 1, f"张{'一二三四五六七八'[i]}", person(i)[1], "双林"] for i in range(8)]
    path = write_roll(tmp_path / "a.xlsx", rows, headers=headers)

    result = rolls.preview(store, "linshi", path, ROLL_DAY)

    assert result.inferred == {"name": 1}
    assert result.notes() == ["按内容判断“帮扶人员”列为姓名"]
    assert len(result.adds) == 8
    assert run_cli(store, "--category", "linshi", str(path), "--dry-run") == 0
    assert "按内容判断“帮扶人员”列为姓名" in capsys.readouterr().out


def test_the_cli_maps_a_column_by_its_header(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two ID-shaped columns, neither header known: content alone would pick the wrong one.
    headers = ("序号", "姓名", "家属证件", "本人证件")
    rows = [[1, "王芳", person(2)[1], person(1)[1]]]
    path = write_roll(tmp_path / "a.xlsx", rows, headers=headers)
    base = ["--category", "linshi", str(path), "--date", "2026-10-01"]

    assert run_cli(store, *base, "--column", "身份证号=本人证件") == 0
    assert store.reader().execute("SELECT id_number FROM roll_entry").fetchone()[0] == person(1)[1]
    capsys.readouterr()
    assert run_cli(store, *base, "--column", "学号=本人证件") == 1
    assert "没有“学号”这一项" in capsys.readouterr().err
    assert run_cli(store, *base, "--column", "身份证号=不存在") == 1
    assert "表头中没有“不存在”" in capsys.readouterr().err
    assert run_cli(store, *base, "--column", "身份证号") == 1
    assert "字段=表头" in capsys.readouterr().err


def test_the_cli_takes_the_header_line_and_says_how_to_map_a_missing_column(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = ("序号", "对象", "号码", "备注")
    path = write_roll(tmp_path / "a.xlsx", [[1, "王芳", person(1)[1], "无"]], headers=headers)

    assert run_cli(store, "--category", "tekun", str(path), "--dry-run") == 1
    out = capsys.readouterr().out
    assert "缺少必需的列：姓名、身份证号" in out
    assert "--column 姓名=" in out
    assert "请向民政局索取" in out
    code = run_cli(store, "--category", "tekun", str(path), "--header-line", "3", "--dry-run")
    assert code == 0
    assert "新增 1" in capsys.readouterr().out


# --- 4. Every per-category field is kept -------------------------------------------------------


def test_the_children_roll_keeps_the_guardian_name_id_and_phone(
    store: Store, tmp_path: Path
) -> None:
    child = make_id(date(2015, 6, 1), 12)
    guardian = make_id(date(1985, 3, 12), 23)
    headers = ("序号", "儿童姓名", "身份证号码", "所属社区", "监护人姓名", "监护人身份证号码",
               "监护人联系电话")  # fmt: skip
    rows = [[1, "小明", child, "双林", "王芳", guardian, "13800138000"]]
    actor = lead(store).actor
    path = write_roll(tmp_path / "儿童.xlsx", rows, headers=headers)
    rolls.commit(store, actor, rolls.preview(store, "ertong", path, ROLL_DAY))
    stored = (
        store.reader()
        .execute("SELECT guardian_name, guardian_id_number, guardian_phone FROM roll_entry")
        .fetchone()
    )
    assert stored == ("王芳", guardian, "13800138000")

    new_guardian = make_id(date(1960, 1, 2), 31)
    assert idcard.mask(new_guardian) == idcard.mask(guardian)  # same region, same check digit
    rows = [[1, "小明", child, "双林", "王大", new_guardian, "12345"]]
    path = write_roll(tmp_path / "儿童2.xlsx", rows, headers=headers)
    result = rolls.preview(store, "ertong", path, LATER)

    [change] = result.updates
    changed = {label: (old, new) for label, old, new in change.fields}
    assert changed == {
        "监护人姓名": ("王芳", "王大"),
        # Masked alike (region and check digit), so the preview says the number changed.
        "监护人身份证号": (idcard.mask(guardian), idcard.mask(new_guardian) + "（号码已更改）"),
    }  # the bad phone is reported and the stored one kept
    assert [p.field for p in result.warnings] == ["guardian_phone"]
    rolls.commit(store, actor, result)
    stored = (
        store.reader()
        .execute("SELECT guardian_name, guardian_id_number, guardian_phone FROM roll_entry")
        .fetchone()
    )
    assert stored == ("王大", new_guardian, "13800138000")
    (logged,) = (
        store.reader()
        .execute(
            "SELECT changes FROM change_log WHERE table_name = 'roll_entry' AND action = 'update'"
        )
        .fetchone()
    )
    assert json.loads(logged) == {
        "guardian_name": ["王芳", "王大"],
        "guardian_id_number": [guardian, new_guardian],
    }  # the audit trail keeps the stored values, by column


def test_a_guardian_id_excel_stored_as_a_number_is_reported_not_stored(
    store: Store, tmp_path: Path
) -> None:
    headers = ("序号", "儿童姓名", "身份证号码", "监护人姓名", "监护人身份证号")
    rows = [[1, "小明", make_id(date(2015, 6, 1), 12), "王芳", int(make_id(date(1985, 3, 12), 23))]]
    path = write_roll(tmp_path / "儿童.xlsx", rows, headers=headers)

    result = rolls.preview(store, "ertong", path, ROLL_DAY)

    [row] = result.adds
    assert (row.guardian_name, row.guardian_id_number) == ("王芳", "")
    assert result.errors == []
    [warning] = result.warnings
    assert warning.field == "guardian_id_number"
    assert "5.10108E+17" in warning.message


def test_dibao_keeps_covered_persons_and_the_monthly_amount_beside_the_household_size(
    store: Store, tmp_path: Path
) -> None:
    headers = ("序号", "户主姓名", "身份证号码", "家庭人口", "保障人数", "月保障金额（元）")
    rows = [[1, "王芳", person(1)[1], 4, 2, 1120.5]]
    path = write_roll(tmp_path / "低保.xlsx", rows, headers=headers)

    result = rolls.preview(store, "dibao", path, ROLL_DAY)
    rolls.commit(store, lead(store).actor, result)

    stored = (
        store.reader()
        .execute("SELECT household_size, covered_persons, monthly_amount_fen FROM roll_entry")
        .fetchone()
    )
    assert stored == (4, 2, 112050)
    assert rolls.category_values(result.adds[0]) == [("保障人数", "2"), ("月保障金额", "1,120.50")]


def test_tekun_keeps_the_support_mode_and_self_care(store: Store, tmp_path: Path) -> None:
    headers = ("序号", "姓名", "身份证号码", "供养方式", "生活自理能力")
    rows = [
        [1, "王芳", person(1)[1], "集中", "半自理"],
        [2, "李四", person(2)[1], "分散供养", "完全不能自理"],
        [3, "赵六", person(3)[1], "寄养", "好"],
    ]
    path = write_roll(tmp_path / "特困.xlsx", rows, headers=headers)

    result = rolls.preview(store, "tekun", path, ROLL_DAY)
    rolls.commit(store, lead(store).actor, result)

    stored = store.reader().execute(
        "SELECT name, support_mode, self_care FROM roll_entry ORDER BY id"
    )
    assert stored.fetchall() == [
        ("王芳", "集中供养", "部分自理"),
        ("李四", "分散供养", "完全不能自理"),
        ("赵六", "", ""),
    ]
    assert {(p.line, p.field) for p in result.warnings} == {(6, "support_mode"), (6, "self_care")}


# --- 5. The roll date, checked the same in a dry run and a real run -----------------------------


def test_a_roll_date_before_an_entry_start_is_refused_in_dry_run_and_real_run(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 10, ROLL_DAY)
    path = write_roll(tmp_path / "b.xlsx", roll_rows(range(9)))
    base = ["--category", "dibao", str(path), "--date", "2026-09-01"]

    assert run_cli(store, *base, "--dry-run") == 1
    dry = capsys.readouterr().out
    assert run_cli(store, *base, "--confirm-ends", "1") == 1
    real = capsys.readouterr().out

    message = "名单日期 2026-09-01 早于 1 人的在册开始日期（最晚 2026-10-01）"
    assert message in dry
    assert message in real
    assert current(store) == 10
    result = rolls.preview(store, "dibao", path, date(2026, 9, 1))
    with pytest.raises(RuleError) as caught:
        rolls.commit(store, lead(store).actor, result, confirmed_ends=1)
    assert caught.value.code == "roll_blocked"


# --- 6. Messages ------------------------------------------------------------------------------


def test_394_unknown_community_warnings_do_not_bury_the_6_real_errors(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[object]] = [
        [i + 1, person(i)[0], person(i)[1], "红星", "", "", 1] for i in range(394)
    ]
    rows += [[395 + n, f"错误{n}", "5101081234"[: 4 + n], "双林", "", "", 1] for n in range(6)]
    path = write_roll(tmp_path / "低保.xlsx", rows)

    result = rolls.preview(store, "dibao", path, ROLL_DAY)

    groups = result.grouped_problems()
    assert [g.severity for g in groups] == ["error"] * 6 + ["warning"]
    community = groups[-1]
    assert len(community.lines) == 394
    assert community.lines_text == "4、5、6、7、8 等共 394"
    assert "“红星”" in community.message
    assert "设置 · 社区" in community.message
    run_cli(store, "--category", "dibao", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert out.count("红星") == 1
    assert out.count(" 错误 ") == 6


def test_an_empty_id_asks_for_the_full_roll_not_the_registration_form(
    store: Store, tmp_path: Path
) -> None:
    rows = [[1, "王芳", None, "双林", "", "", 1], [2, "李四", person(2)[1], "双林", "", "", 1]]
    result = rolls.preview(store, "dibao", write_roll(tmp_path / "a.xlsx", rows), ROLL_DAY)

    [error] = result.errors
    assert "民政局" in error.message
    assert "证件类型" not in error.message


def test_excel_shows_a_long_number_as_general_format_does() -> None:
    assert rolls.excel_shows("5.101081950010100e+17") == "5.10108E+17"
    assert rolls.excel_shows("510108195001011") == "5.10108E+14"
    assert rolls.excel_shows("5.1E+17") == "5.1E+17"
    assert rolls.excel_shows("12345") == "12345"
    assert rolls.excel_shows("inf") == "inf"


def test_odd_numbers_in_a_roll_are_reported_not_raised(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(
        f"姓名,身份证号码,家庭人口,联系电话\n王芳,{person(1)[1]},inf,nan\n李四,inf,1e400,0\n",
        encoding="utf-8",
    )

    result = rolls.preview(store, "dibao", path, ROLL_DAY)

    assert [row.household_size for row in result.adds] == [None]
    assert result.rejected_lines == [3]


def test_a_mapping_picked_under_another_category_is_not_an_internal_error(
    store: Store, tmp_path: Path
) -> None:
    path = write_roll(tmp_path / "a.xlsx", roll_rows(range(2)))

    result = rolls.preview(
        store, "tekun", path, ROLL_DAY, mapping={"covered_persons": 6, "name": 1}
    )

    assert len(result.adds) == 2


def test_a_community_added_in_settings_since_is_linked_by_the_next_roll(
    store: Store, tmp_path: Path
) -> None:
    actor = lead(store).actor
    rows = [[1, "王芳", person(1)[1], "红星", "", "", 1]]
    path = write_roll(tmp_path / "a.xlsx", rows)
    rolls.commit(store, actor, rolls.preview(store, "dibao", path, ROLL_DAY))
    added = team.save_community(store, actor, None, "红星社区")

    result = rolls.preview(store, "dibao", path, LATER)

    [change] = result.updates
    assert change.fields == (("社区", "红星", "红星（已对应社区列表）"),)
    rolls.commit(store, actor, result)
    linked = store.reader().execute("SELECT community_id FROM roll_entry").fetchone()[0]
    assert linked == added
