"""Finding people in the registry: names, pinyin, ID and phone fragments, filters, paging."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.paths import AppPaths
from relief_desktop.services import beneficiaries, registry_query, team
from relief_desktop.services.registry_query import CHILDREN, SORTS, RegistryQuery
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.people import BulkPerson, bulk_insert, filler_people, make_id

ON = date(2025, 6, 1)
FILLERS = 300
MEMBER_ID = make_id(date(2010, 1, 1), 1)


@dataclass(frozen=True)
class Registry:
    store: Store
    communities: list[int]
    fillers: list[BulkPerson]
    # name -> the tokens an ID or phone fragment may match (IDs lower-case, phones both ways)
    numbers: dict[str, list[str]]


def named_people(community_a: int, community_b: int) -> list[BeneficiaryInput]:
    def person(name: str, community: int, **fields: object) -> BeneficiaryInput:
        values: dict[str, object] = {
            "id_type": "无证件",
            "sex": "男",
            "birth_date": date(1960, 1, 1),
        }
        values.update(fields)
        return BeneficiaryInput(
            name=name, community_id=community, registered_on=date(2025, 1, 2),
            **values,  # type: ignore[arg-type]
        )  # fmt: skip

    return [
        person(
            "张三丰", community_a, id_type="居民身份证", id_number="510108198503120235",
            phone="13800138000", status="在案", labels=(LabelInput("低保", date(2024, 1, 1)),),
            members=(MemberInput(relation="子女", name="张无忌", id_number=MEMBER_ID),),
        ),
        person(
            "李娜", community_b, id_type="居民身份证", id_number="11010519491231002X",
            phone="028-84567890", status="结案", status_reason="已迁出",
            labels=(LabelInput("特困", date(2020, 1, 1), date(2024, 12, 31)),),
        ),
        person(
            "曾小明", community_a, birth_date=date(2015, 6, 1), status="待评估",
            labels=(LabelInput("困境儿童", date(2025, 3, 1)),),
        ),
        person(
            "张三", community_b, id_type="居民身份证", id_number=make_id(date(1970, 2, 3), 51),
            status="在案", labels=(LabelInput("低保", date(2025, 7, 1)),),
        ),
        person("丰子恺", community_b, status="转介", status_reason="转区中心"),
        person(
            "田小雨", community_a, sex="女", birth_date=date(2016, 2, 2), status="在案",
            labels=(LabelInput("孤儿", date(2024, 1, 1)),),
        ),
        person("扎西·多吉", community_b, status="在案"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    root: Path = tmp_path_factory.mktemp("registry")
    store = Store.open(AppPaths.under(root))
    (lead, *_) = team.setup(store, "双桥子", [("张三", "项目负责人")])
    communities = [c.id for c in team.communities(store)]
    for data in named_people(communities[0], communities[1]):
        beneficiaries.register(store, lead.actor, data)
    fillers = filler_people(communities, FILLERS)
    bulk_insert(store.reader(), "510108004", fillers)
    numbers = {
        "张三丰": ["510108198503120235", "13800138000", MEMBER_ID],
        "李娜": ["11010519491231002x", "028-84567890", "02884567890"],
        "张三": [make_id(date(1970, 2, 3), 51)],
    }
    for filler in fillers:
        numbers.setdefault(filler.name, []).extend([filler.id_number.lower(), filler.phone])
    yield Registry(store, communities, fillers, numbers)
    store.close()


def conn_of(registry: Registry) -> dbapi.Connection:
    return registry.store.reader()


def found(registry: Registry, query: RegistryQuery) -> list[str]:
    """Names in list order, checking that the count shown above the list agrees."""
    rows = registry_query.page(conn_of(registry), query, 0, 10_000)
    assert registry_query.count(conn_of(registry), query) == len(rows)
    return [row.name for row in rows]


def search(registry: Registry, text: str) -> set[str]:
    names = found(registry, RegistryQuery(text=text, on=ON))
    assert len(names) == len(set(names)) or text.isdigit(), names
    return set(names)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("zsf", {"张三丰"}),
        ("zhangsan", {"张三丰", "张三"}),
        ("zhangsanfeng", {"张三丰"}),
        ("zhang san", {"张三丰", "张三"}),
        ("ZSF", {"张三丰"}),
        ("zs", {"张三丰", "张三"}),
        ("丰", {"张三丰", "丰子恺"}),
        ("三丰", {"张三丰"}),
        ("张三", {"张三丰", "张三"}),
        ("张三丰", {"张三丰"}),
        ("李娜", {"李娜"}),
        ("娜", {"李娜"}),
        ("lina", {"李娜"}),
        ("曾", {"曾小明"}),
        ("zxm", {"曾小明"}),
        ("zengxiaoming", {"曾小明"}),
        ("cengxiaoming", {"曾小明"}),  # 曾 read as céng still finds him
        ("无忌", {"张三丰"}),  # a household member's name finds the head
        ("张无忌", {"张三丰"}),
        ("扎西", {"扎西·多吉"}),
        ("扎西·多吉", {"扎西·多吉"}),
        ("扎西多吉", {"扎西·多吉"}),
        ("小", {"曾小明", "田小雨"}),
        ("欧阳", set()),
    ],
)
def test_names_and_pinyin_find_the_right_people(
    registry: Registry, text: str, names: set[str]
) -> None:
    assert search(registry, text) == names


def holders(registry: Registry, fragment: str) -> set[str]:
    """Everyone whose ID, phone or household ID contains the fragment."""
    return {name for name, tokens in registry.numbers.items() if any(fragment in t for t in tokens)}


@pytest.mark.parametrize(
    ("typed", "fragment", "must"),
    [
        ("0235", "0235", "张三丰"),  # last 4 of the ID
        ("19850312", "19850312", "张三丰"),  # the birth inside the ID
        ("850", "850", "张三丰"),
        ("510108198503120235", "510108198503120235", "张三丰"),
        ("０２３５", "0235", "张三丰"),  # full-width digits typed with a Chinese IME
        ("002x", "002x", "李娜"),  # lower-case x
        ("1231002X", "1231002x", "李娜"),
        ("8456", "8456", "李娜"),  # landline fragment
        ("028-8456", "0288456", "李娜"),
        ("84567890", "84567890", "李娜"),
        ("13800", "13800", "张三丰"),  # mobile fragment
        ("0138000", "0138000", "张三丰"),
        (MEMBER_ID[-6:], MEMBER_ID[-6:], "张三丰"),  # a household member's ID finds the head
    ],
)
def test_id_and_phone_fragments_find_their_holders(
    registry: Registry, typed: str, fragment: str, must: str
) -> None:
    expected = holders(registry, fragment)
    assert must in expected
    assert search(registry, typed) == expected


def test_a_filler_can_be_found_by_its_id_and_its_phone(registry: Registry) -> None:
    for filler in registry.fillers[:20]:
        assert filler.name in search(registry, filler.id_number[-8:])
        assert filler.name in search(registry, filler.phone[3:9])


def test_the_empty_query_lists_everyone(registry: Registry) -> None:
    assert len(found(registry, RegistryQuery(on=ON))) == FILLERS + 7
    assert len(found(registry, RegistryQuery(text="  ", on=ON))) == FILLERS + 7


@pytest.mark.parametrize("text", ['"', "*", "%", "_", "zs*", 'a"b', "NEAR(", "丰 OR 张", "-"])
def test_odd_characters_never_break_the_query(registry: Registry, text: str) -> None:
    found(registry, RegistryQuery(text=text, on=ON))


def test_filter_by_community(registry: Registry) -> None:
    community = registry.communities[0]
    names = found(registry, RegistryQuery(community_id=community, on=ON))
    expected = {"张三丰", "曾小明", "田小雨"} | {
        f.name for f in registry.fillers if f.community_id == community
    }
    assert set(names) == expected
    assert len(names) == 3 + sum(f.community_id == community for f in registry.fillers)


def test_filter_by_status(registry: Registry) -> None:
    for status in ("待评估", "在案", "转介", "结案"):
        rows = registry_query.page(
            conn_of(registry), RegistryQuery(status=status, on=ON), 0, 10_000
        )
        assert {r.status for r in rows} == {status}
        named = sum(p.status == status for p in named_people(0, 0))
        assert len(rows) == named + sum(f.status == status for f in registry.fillers)


def test_filter_by_label_counts_only_labels_held_on_the_day(registry: Registry) -> None:
    names = found(registry, RegistryQuery(label="低保", on=ON))
    fillers = [f.name for f in registry.fillers if f.labels and f.labels[0][0] == "低保"]
    # 张三's 低保 starts after the day; 李娜's 特困 ended before it.
    assert sorted(names) == sorted(["张三丰", *fillers])
    assert "张三" not in names
    assert found(registry, RegistryQuery(label="特困", text="李娜", on=ON)) == []
    assert found(registry, RegistryQuery(label="特困", text="李娜", on=date(2024, 12, 31))) == [
        "李娜"
    ]
    assert "张三" in found(registry, RegistryQuery(label="低保", on=date(2025, 7, 1)))


def test_the_labels_column_shows_only_labels_held_on_the_day(registry: Registry) -> None:
    def labels_of(name: str, on: date) -> str:
        rows = registry_query.page(conn_of(registry), RegistryQuery(text=name, on=on), 0, 50)
        return next(r.labels for r in rows if r.name == name)

    assert labels_of("李娜", ON) == ""
    assert labels_of("李娜", date(2024, 6, 1)) == "特困"
    assert labels_of("张三丰", ON) == "低保"
    assert labels_of("张三", ON) == ""


def test_children_filter_finds_every_child_subtype(registry: Registry) -> None:
    assert set(found(registry, RegistryQuery(label=CHILDREN, on=ON))) == {"曾小明", "田小雨"}
    assert found(registry, RegistryQuery(label=CHILDREN, on=date(2025, 1, 1))) == ["田小雨"]


def test_filters_combine_with_search(registry: Registry) -> None:
    query = RegistryQuery(text="张", community_id=registry.communities[1], status="在案", on=ON)
    assert found(registry, query) == ["张三"]


def test_the_name_sort_follows_pinyin(registry: Registry) -> None:
    names = found(registry, RegistryQuery(text="张", on=ON))
    assert names == ["张三", "张三丰"]
    rows = registry_query.page(conn_of(registry), RegistryQuery(on=ON), 0, 10_000)
    keys = [r.name for r in rows]
    assert keys.index("丰子恺") < keys.index("李娜") < keys.index("曾小明")


def test_priority_sort_puts_urgent_first(registry: Registry) -> None:
    rows = registry_query.page(conn_of(registry), RegistryQuery(sort="priority", on=ON), 0, 10_000)
    order = {"紧急": 0, "重点": 1, "一般": 2}
    ranks = [order[r.priority] for r in rows]
    assert ranks == sorted(ranks)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(SORTS))
def test_paging_never_overlaps_or_skips(registry: Registry, sort: str, descending: bool) -> None:
    for query in (
        RegistryQuery(sort=sort, descending=descending, on=ON),
        RegistryQuery(text="张", sort=sort, descending=descending, on=ON),
        RegistryQuery(label="低保", sort=sort, descending=descending, on=ON),
    ):
        conn = conn_of(registry)
        whole = [r.uuid for r in registry_query.page(conn, query, 0, 10_000)]
        paged: list[str] = []
        while True:
            batch = registry_query.page(conn, query, len(paged), 7)
            if not batch:
                break
            paged += [r.uuid for r in batch]
        assert paged == whole
        assert len(set(paged)) == len(paged) == registry_query.count(conn, query)


@pytest.mark.parametrize(
    "text",
    [
        "\x00",
        "张\x00三",
        "zs\x00",
        "\x00\x00\x00",
        "0235\x07",
        "\ud800",
        "丰\ufffe",
        "\x1b[31m",
        "\u200b",
    ],
)
def test_nul_in_the_search_box_never_raises(registry: Registry, text: str) -> None:
    """Replays: NUL typed in the search box raised an exception. The query is searched with
    the control characters left out."""
    names = found(registry, RegistryQuery(text=text, on=ON))
    cleaned = "".join(ch for ch in text if ch.isprintable() or ch == "\u200b")
    if cleaned.strip("\u200b"):
        assert set(names) == search(registry, cleaned)


def test_own_name_matches_come_before_household_matches_which_name_the_member(
    store: Store,
) -> None:
    lead = team.team(store)[0]
    community = team.communities(store)[0].id
    spouse_id = make_id(date(1961, 5, 6), 77)

    def register(name: str, members: tuple[MemberInput, ...] = ()) -> None:
        data = BeneficiaryInput(
            name=name, community_id=community, registered_on=date(2025, 1, 2),
            id_type="无证件", sex="男", birth_date=date(1960, 1, 1), members=members,
        )  # fmt: skip
        beneficiaries.register(store, lead.actor, data)

    # Sorted by pinyin, 艾 and 蔡 (household matches) would come before 王 and 张王 (own names).
    register("艾国强", (MemberInput(relation="配偶", name="王秀英", id_number=spouse_id),))
    register("蔡明", (MemberInput(relation="子女", name="王小军"),))
    register("王芳")
    register("张王林")
    register("刘伟")
    rows = registry_query.page(store.reader(), RegistryQuery(text="王"), 0, 50)
    assert [(r.name, r.member_match) for r in rows] == [
        ("王芳", ""),
        ("张王林", ""),
        ("艾国强", "王秀英"),
        ("蔡明", "王小军"),
    ]
    # Descending by name keeps own matches first, each group in the chosen order.
    rows = registry_query.page(store.reader(), RegistryQuery(text="王", descending=True), 0, 50)
    assert [r.name for r in rows] == ["张王林", "王芳", "蔡明", "艾国强"]
    # Digits of a member's ID number find the person through that member, named.
    rows = registry_query.page(store.reader(), RegistryQuery(text=spouse_id[-6:]), 0, 50)
    assert [(r.name, r.member_match) for r in rows] == [("艾国强", "王秀英")]
    # Pinyin is of the person's own name only: nobody is marked.
    rows = registry_query.page(store.reader(), RegistryQuery(text="wf"), 0, 50)
    assert [(r.name, r.member_match) for r in rows] == [("王芳", "")]
