"""First-run setup, the team and the street's communities."""

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.vocab import STREETS
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.store import Store

TEAM = [("张三", "项目负责人"), ("李四", "项目专员")]


@pytest.fixture
def blank(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(AppPaths.under(tmp_path / "blank"))
    yield store
    store.close()


def shipped_communities(street_code: str) -> list[str]:
    with team.communities_csv().open(encoding="utf-8") as f:
        return [r["community_name"] for r in csv.DictReader(f) if r["street_code"] == street_code]


@pytest.mark.parametrize("typed", ["双桥子", "双桥子街道", " 双桥子街道 ", "510108004"])
def test_setup_accepts_the_short_or_full_street_name(blank: Store, typed: str) -> None:
    members = team.setup(blank, typed, TEAM)
    assert team.current_street(blank) == "510108004"
    assert team.street_name(blank) == "双桥子"
    assert [(m.name, m.role) for m in members] == TEAM
    assert [(m.name, m.role) for m in team.team(blank)] == TEAM


def test_setup_loads_the_streets_communities_from_the_shipped_list(blank: Store) -> None:
    team.setup(blank, "龙潭", TEAM)
    names = [c.name for c in team.communities(blank)]
    assert names == shipped_communities("510108016")
    assert len(names) == 16
    assert "正街社区" in names
    assert all(c.code.startswith("510108016") for c in team.communities(blank))


def test_every_street_has_communities_in_the_shipped_list() -> None:
    for code in STREETS:
        assert len(shipped_communities(code)) >= 5, code


def test_an_unknown_street_is_refused_with_the_list_of_streets(blank: Store) -> None:
    with pytest.raises(RuleError) as caught:
        team.setup(blank, "春熙路", TEAM)
    assert caught.value.code == "street_unknown"
    message = str(caught.value)
    assert "春熙路" in message
    assert all(name in message for name in STREETS.values())
    assert team.current_street(blank) is None


def test_a_second_setup_is_refused(store: Store) -> None:
    with pytest.raises(RuleError) as caught:
        team.setup(store, "猛追湾", [("王五", "项目负责人")])
    assert caught.value.code == "already_set_up"
    assert "双桥子街道" in str(caught.value)
    assert team.current_street(store) == "510108004"
    assert [m.name for m in team.team(store)] == ["张三", "李四"]


@pytest.mark.parametrize(
    ("members", "code"),
    [
        ([], "worker_required"),
        ([("张三", "项目负责人"), ("张三", "项目专员")], "worker_duplicate"),
        ([("张三", "主任")], "worker_role"),
    ],
)
def test_setup_refuses_a_bad_team_and_stores_nothing(
    blank: Store, members: list[tuple[str, str]], code: str
) -> None:
    with pytest.raises(RuleError) as caught:
        team.setup(blank, "双桥子", members)
    assert caught.value.code == code
    assert team.current_street(blank) is None
    assert team.team(blank) == []


@pytest.mark.parametrize(
    ("typed", "parsed"),
    [("张三:项目负责人", ("张三", "项目负责人")), (" 李四 ： 项目专员 ", ("李四", "项目专员"))],
)
def test_parse_worker(typed: str, parsed: tuple[str, str]) -> None:
    assert team.parse_worker(typed) == parsed


@pytest.mark.parametrize(
    ("typed", "code"), [("张三", "worker_format"), ("张三:主任", "worker_role")]
)
def test_parse_worker_refuses(typed: str, code: str) -> None:
    with pytest.raises(RuleError) as caught:
        team.parse_worker(typed)
    assert caught.value.code == code


def test_save_member_adds_renames_and_retires(store: Store) -> None:
    lead = team.member_by_name(store, "张三")
    uuid = team.save_member(store, lead.actor, None, " 王五 ", "项目专员")
    assert [m.name for m in team.team(store)] == ["张三", "李四", "王五"]

    team.save_member(store, lead.actor, uuid, "王五一", "项目负责人")
    assert team.member_by_name(store, "王五一").role == "项目负责人"
    assert team.member_by_name(store, "王五一").uuid == uuid

    team.save_member(store, lead.actor, uuid, "王五一", "项目负责人", active=False)
    assert [m.name for m in team.team(store)] == ["张三", "李四"]
    assert [m.active for m in team.team(store, include_inactive=True)] == [True, True, False]
    with pytest.raises(RuleError, match="王五一"):
        team.member_by_name(store, "王五一")


@pytest.mark.parametrize(
    ("name", "role", "code"),
    [
        ("李四", "项目专员", "worker_duplicate"),
        ("", "项目专员", "required"),
        ("王五", "主任", "worker_role"),
    ],
)
def test_save_member_refuses(store: Store, name: str, role: str, code: str) -> None:
    lead = team.member_by_name(store, "张三")
    with pytest.raises(RuleError) as caught:
        team.save_member(store, lead.actor, None, name, role)
    assert caught.value.code == code
    assert len(team.team(store, include_inactive=True)) == 2


def test_a_member_may_keep_their_own_name_when_changing_role(store: Store) -> None:
    lead = team.member_by_name(store, "张三")
    officer = team.member_by_name(store, "李四")
    team.save_member(store, lead.actor, officer.uuid, "李四", "项目负责人")
    assert team.member_by_name(store, "李四").role == "项目负责人"


def test_save_community_adds_renames_and_retires(store: Store) -> None:
    lead = team.member_by_name(store, "张三")
    before = len(team.communities(store))
    new_id = team.save_community(store, lead.actor, None, "新建社区", "510108004999")
    rows = team.communities(store)
    assert len(rows) == before + 1
    assert rows[-1].name == "新建社区"  # added at the end of the list
    assert team.community_by_name(store, "新建").id == new_id
    assert team.community_by_name(store, "新建社区居委会").id == new_id

    team.save_community(store, lead.actor, new_id, "改名社区", "510108004999")
    assert team.community_by_name(store, "改名社区").id == new_id

    team.save_community(store, lead.actor, new_id, "改名社区", "510108004999", active=False)
    assert len(team.communities(store)) == before
    assert team.communities(store, include_inactive=True)[-1].active is False


def test_save_community_needs_a_name(store: Store) -> None:
    lead = team.member_by_name(store, "张三")
    with pytest.raises(RuleError) as caught:
        team.save_community(store, lead.actor, None, "  ")
    assert caught.value.code == "required"


def test_an_unknown_community_says_how_to_add_it(store: Store) -> None:
    with pytest.raises(RuleError) as caught:
        team.community_by_name(store, "不存在")
    assert caught.value.code == "community_unknown"
    assert "设置" in str(caught.value)
