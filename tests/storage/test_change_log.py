"""Who changed what: the change log is written with the change, in one transaction, append-only."""

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from relief_desktop.storage.tables import Worker
from tests.fixtures.people import open_store


@pytest.fixture
def opened(tmp_path: Path) -> Iterator[tuple[Store, TeamMember]]:
    store, lead = open_store(tmp_path)
    yield store, lead
    store.close()


def person(store: Store) -> BeneficiaryInput:
    return BeneficiaryInput(
        name="张三丰",
        community_id=team.communities(store)[0].id,
        id_number="510108198503120235",
        phone="13800138000",
        registered_on=date(2026, 1, 5),
        labels=(LabelInput("低保", date(2025, 1, 1)),),
        members=(MemberInput(relation="子女", name="张无忌"),),
    )


def log_rows(store: Store) -> list[dict[str, Any]]:
    cursor = store.reader().execute("SELECT * FROM change_log ORDER BY id")
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor]


def test_registering_logs_each_new_record_with_worker_and_values(
    opened: tuple[Store, TeamMember],
) -> None:
    store, lead = opened
    before = len(log_rows(store))
    uuid = beneficiaries.register(store, lead.actor, person(store))

    new = log_rows(store)[before:]
    assert sorted(r["table_name"] for r in new) == [
        "beneficiary",
        "beneficiary_label",
        "household_member",
    ]
    assert {(r["worker_uuid"], r["worker_name"], r["action"]) for r in new} == {
        (lead.uuid, "张三", "insert")
    }
    (head,) = [r for r in new if r["table_name"] == "beneficiary"]
    assert head["record_uuid"] == uuid
    changes = json.loads(head["changes"])
    assert changes["name"] == [None, "张三丰"]
    assert changes["id_number"] == [None, "510108198503120235"]
    assert changes["registered_on"] == [None, "2026-01-05"]
    assert "id" not in changes
    (member,) = [r for r in new if r["table_name"] == "household_member"]
    assert json.loads(member["changes"])["name"] == [None, "张无忌"]


def test_an_update_logs_old_and_new_values_of_changed_fields_only(
    opened: tuple[Store, TeamMember],
) -> None:
    store, lead = opened
    officer = team.member_by_name(store, "李四")
    uuid = beneficiaries.register(store, lead.actor, person(store))
    before = len(log_rows(store))

    data = beneficiaries.load(store, uuid).data
    beneficiaries.update(store, officer.actor, uuid, replace(data, address="双林路 8 号"))

    (entry,) = log_rows(store)[before:]
    assert entry["table_name"] == "beneficiary"
    assert entry["record_uuid"] == uuid
    assert entry["action"] == "update"
    assert (entry["worker_uuid"], entry["worker_name"]) == (officer.uuid, "李四")
    assert json.loads(entry["changes"]) == {"address": ["", "双林路 8 号"]}
    assert beneficiaries.history(store, uuid)[0][1:3] == ("李四", "update")


def test_an_update_that_changes_nothing_logs_nothing(opened: tuple[Store, TeamMember]) -> None:
    store, lead = opened
    uuid = beneficiaries.register(store, lead.actor, person(store))
    before = log_rows(store)
    updated_at = beneficiaries.load(store, uuid).updated_at

    beneficiaries.update(store, lead.actor, uuid, beneficiaries.load(store, uuid).data)

    assert log_rows(store) == before
    assert beneficiaries.load(store, uuid).updated_at == updated_at


def test_removing_a_household_member_logs_a_delete(opened: tuple[Store, TeamMember]) -> None:
    store, lead = opened
    uuid = beneficiaries.register(store, lead.actor, person(store))
    before = len(log_rows(store))
    data = beneficiaries.load(store, uuid).data

    beneficiaries.update(store, lead.actor, uuid, replace(data, members=()))

    actions = {(r["table_name"], r["action"]) for r in log_rows(store)[before:]}
    assert ("household_member", "delete") in actions


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE change_log SET worker_name = '别人'",
        "DELETE FROM change_log",
    ],
)
def test_the_change_log_cannot_be_rewritten(
    opened: tuple[Store, TeamMember], statement: str
) -> None:
    store, lead = opened
    beneficiaries.register(store, lead.actor, person(store))
    before = log_rows(store)
    conn = store.reader()
    with pytest.raises(dbapi.IntegrityError, match="append-only"):
        conn.execute(statement)
    conn.rollback()
    assert log_rows(store) == before


def test_an_error_inside_a_write_leaves_neither_record_nor_log(
    opened: tuple[Store, TeamMember],
) -> None:
    store, lead = opened
    before = log_rows(store)

    def add_then_fail() -> None:
        with store.write(lead.actor) as session:
            session.add(Worker(name="王五", role="项目专员"))
            session.flush()  # the insert and its log row reach SQLite, inside the transaction
            assert store.reader().execute("SELECT count(*) FROM worker").fetchone() == (2,)
            raise RuntimeError("disk unplugged")

    with pytest.raises(RuntimeError, match="disk unplugged"):
        add_then_fail()

    assert [m.name for m in team.team(store, include_inactive=True)] == ["张三", "李四"]
    assert log_rows(store) == before


def test_a_refused_registration_writes_nothing(opened: tuple[Store, TeamMember]) -> None:
    store, lead = opened
    beneficiaries.register(store, lead.actor, person(store))
    before = log_rows(store)
    with pytest.raises(ValidationFailedError):
        beneficiaries.register(store, lead.actor, replace(person(store), name="张三"))
    assert log_rows(store) == before
    assert store.reader().execute("SELECT count(*) FROM beneficiary").fetchone() == (1,)
