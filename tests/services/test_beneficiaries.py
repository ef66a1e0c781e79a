"""Registering and changing beneficiaries with household and labels."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.paths import AppPaths
from relief_desktop.services import beneficiaries, team
from relief_desktop.storage.store import Store
from tests.fixtures.people import make_id


def person(store: Store, **changes: object) -> BeneficiaryInput:
    communities = team.communities(store)
    data = BeneficiaryInput(
        name="张三丰",
        community_id=communities[0].id,
        id_number="510108198503120235",
        phone="138 0013 8000",
        emergency_contact="张无忌",
        emergency_phone="028-84567890",
        address="双林路 1 号",
        household_income_fen=150000,
        registered_on=date(2026, 1, 5),
        consent_date=date(2026, 1, 5),
        consent_scope="建档、服务",
        consent_signer="本人",
        status="在案",
        priority="重点",
        cause="因病",
        source="社区",
        labels=(
            LabelInput("低保", date(2024, 1, 1)),
            LabelInput("临时救助", date(2025, 3, 1), date(2025, 3, 31), "医疗费用"),
        ),
        members=(
            MemberInput(
                relation="子女", name="张无忌", id_number="510108201001010014",
                lives_together=True, legal_supporter=False, occupation="学生",
            ),
            MemberInput(relation="配偶", name="殷素素", legal_supporter=True, income_fen=200000),
        ),
    )  # fmt: skip
    return replace(data, **changes)  # type: ignore[arg-type]


def lead(store: Store) -> team.TeamMember:
    return team.member_by_name(store, "张三")


def test_register_then_load_gives_back_what_was_entered(store: Store) -> None:
    uuid = beneficiaries.register(store, lead(store).actor, person(store))
    record = beneficiaries.load(store, uuid)

    expected = replace(
        person(store),
        phone="13800138000",
        sex="男",
        birth_date=date(1985, 3, 12),
        members=(
            replace(person(store).members[0], sex="男", birth_date=date(2010, 1, 1)),
            person(store).members[1],
        ),
    )
    assert record.data == expected
    assert record.uuid == uuid
    assert record.file_no == "510108004-2026-0001"
    assert record.registered_by == "张三"


def test_update_replaces_household_and_labels_with_what_the_form_holds(store: Store) -> None:
    uuid = beneficiaries.register(store, lead(store).actor, person(store))
    data = beneficiaries.load(store, uuid).data
    changed = replace(
        data,
        phone="13900139000",
        status="结案",
        status_reason="已迁出本街道",
        labels=(replace(data.labels[0], end_date=date(2025, 12, 31)),),
        members=(*data.members, MemberInput(relation="父母", name="张君宝")),
    )
    beneficiaries.update(store, lead(store).actor, uuid, changed)

    loaded = beneficiaries.load(store, uuid)
    assert loaded.data == changed
    assert loaded.file_no == "510108004-2026-0001"  # the file number never changes

    fewer = replace(changed, members=changed.members[:1], labels=())
    beneficiaries.update(store, lead(store).actor, uuid, fewer)
    assert beneficiaries.load(store, uuid).data == fewer
    conn = store.reader()
    assert conn.execute("SELECT count(*) FROM household_member").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM beneficiary_label").fetchone() == (0,)


def test_a_person_without_an_id_card_keeps_the_entered_sex_and_birth(store: Store) -> None:
    data = person(store, id_type="无证件", id_number="", sex="女", birth_date=date(1950, 5, 6))
    uuid = beneficiaries.register(store, lead(store).actor, data)
    loaded = beneficiaries.load(store, uuid).data
    assert (loaded.id_number, loaded.sex, loaded.birth_date) == ("", "女", date(1950, 5, 6))


def test_duplicate_id_number_is_refused_naming_the_holders_file(store: Store) -> None:
    beneficiaries.register(store, lead(store).actor, person(store))
    with pytest.raises(ValidationFailedError) as caught:
        beneficiaries.register(
            store, lead(store).actor, person(store, name="张三", id_number="510108198503120235")
        )
    (problem,) = caught.value.problems
    assert (problem.field, problem.code) == ("id_number", "id_duplicate")
    assert problem.details["file_no"] == "510108004-2026-0001"
    assert problem.details["name"] == "张三丰"
    assert "510108004-2026-0001" in problem.message()
    assert "不要重复登记" in problem.message()


def test_the_duplicate_check_sees_through_typing_differences(store: Store) -> None:
    beneficiaries.register(store, lead(store).actor, person(store, id_number="11010519491231002X"))
    with pytest.raises(ValidationFailedError) as caught:
        beneficiaries.register(
            store, lead(store).actor, person(store, name="李娜", id_number="110105194912310０2x")
        )
    assert [p.code for p in caught.value.problems] == ["id_duplicate"]


def test_updating_a_person_does_not_clash_with_their_own_id(store: Store) -> None:
    uuid = beneficiaries.register(store, lead(store).actor, person(store))
    beneficiaries.update(store, lead(store).actor, uuid, person(store, address="新地址"))
    assert beneficiaries.load(store, uuid).data.address == "新地址"


def test_a_community_of_another_street_is_refused(store: Store) -> None:
    conn = store.reader()
    with conn:
        conn.execute(
            "INSERT INTO community (street_code, name, uuid, created_at, updated_at)"
            " VALUES ('510108002', '建华社区', 'other-street', '', '')"
        )
    other = conn.execute("SELECT id FROM community WHERE uuid = 'other-street'").fetchone()[0]
    with pytest.raises(ValidationFailedError) as caught:
        beneficiaries.register(store, lead(store).actor, person(store, community_id=other))
    assert [p.field for p in caught.value.problems] == ["community_id"]


def test_find_similar_warns_about_same_name_and_birth(store: Store) -> None:
    beneficiaries.register(store, lead(store).actor, person(store))
    other_community = team.communities(store)[1].id
    similar = beneficiaries.find_similar(
        store,
        person(store, id_type="无证件", id_number="", sex="男", birth_date=date(1985, 3, 12),
               community_id=other_community),
    )  # fmt: skip
    assert [(s.name, s.reason, s.file_no) for s in similar] == [
        ("张三丰", "name_birth", "510108004-2026-0001")
    ]
    assert similar[0].community == team.communities(store)[0].name


def test_find_similar_warns_about_same_name_in_the_same_community(store: Store) -> None:
    beneficiaries.register(store, lead(store).actor, person(store))
    similar = beneficiaries.find_similar(
        store, person(store, id_number=make_id(date(1990, 1, 1), 11), members=())
    )
    assert [(s.name, s.reason) for s in similar] == [("张三丰", "name_community")]


def test_find_similar_is_quiet_for_another_name_or_elsewhere(store: Store) -> None:
    uuid = beneficiaries.register(store, lead(store).actor, person(store))
    elsewhere = team.communities(store)[1].id
    other_birth = make_id(date(1990, 1, 1), 11)
    assert beneficiaries.find_similar(store, person(store, name="张三")) == []
    assert (
        beneficiaries.find_similar(
            store, person(store, id_number=other_birth, community_id=elsewhere)
        )
        == []
    )
    # Editing the person must not warn about the person themself.
    assert beneficiaries.find_similar(store, person(store), exclude_uuid=uuid) == []


def test_file_numbers_count_up_per_street_and_year(store: Store) -> None:
    def register(year: int, seq: int) -> str:
        data = person(
            store,
            id_number=make_id(date(1960, 1, 1), seq),
            registered_on=date(year, 6, 1),
            members=(),
        )
        uuid = beneficiaries.register(store, lead(store).actor, data)
        return beneficiaries.load(store, uuid).file_no

    assert register(2025, 1) == "510108004-2025-0001"
    assert register(2025, 3) == "510108004-2025-0002"
    assert register(2026, 5) == "510108004-2026-0001"
    assert register(2025, 7) == "510108004-2025-0003"


def test_file_numbers_keep_counting_past_9999(store: Store) -> None:
    conn = store.reader()
    community = team.communities(store)[0].id

    def insert(file_no: str) -> None:
        with conn:
            conn.execute(
                """INSERT INTO beneficiary (file_no, name, street_code, community_id,
                   registered_on, uuid, created_at, updated_at)
                   VALUES (?, '某某', '510108004', ?, '2025-01-01', ?, '', '')""",
                (file_no, community, file_no),
            )

    insert("510108004-2025-9999")
    assert beneficiaries.next_file_no(store, 2025) == "510108004-2025-10000"
    insert("510108004-2025-10000")
    assert beneficiaries.next_file_no(store, 2025) == "510108004-2025-10001"


def test_nothing_can_be_registered_before_setup(tmp_path: Path) -> None:
    blank = Store.open(AppPaths.under(tmp_path / "blank"))
    try:
        with pytest.raises(RuleError) as caught:
            beneficiaries.next_file_no(blank, 2026)
        assert caught.value.code == "not_set_up"
    finally:
        blank.close()


def test_loading_a_missing_person_says_so(store: Store) -> None:
    with pytest.raises(RuleError) as caught:
        beneficiaries.load(store, "no-such-uuid")
    assert caught.value.code == "record_missing"
