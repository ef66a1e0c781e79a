"""A service record can point at the 资源发放 it handed over: a donation traced to its use."""

import uuid
from datetime import date

import pytest

from relief_desktop.domain.casework import ServiceInput
from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.ledgers.handovers import linked_services, person_handovers
from relief_desktop.services.casework import cases, service_records
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.services.casework.conftest import TODAY, register


def hand_over(store: Store, person_uuid: str) -> str:
    """A receipt from a provider and one handover of it to the person; the handover's uuid."""
    conn = raw_connect(store.paths.database)
    audit = ("2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00")
    with conn:
        conn.execute(
            "INSERT OR IGNORE INTO provider (id, name, provider_type, uuid, created_at, updated_at)"
            " VALUES (1, '爱心企业', '企业', 'p-1', ?, ?)",
            audit,
        )
        receipt = conn.execute(
            "INSERT INTO resource_receipt (serial, received_on, provider_id, channel, kind, item,"
            " value_fen, value_basis, uuid, created_at, updated_at)"
            " VALUES (?, '2026-03-01', 1, '线下定向筹款', '物资', '大米', 50000, '发票', ?, ?, ?)",
            (f"R-{uuid.uuid4().hex[:6]}", str(uuid.uuid4()), *audit),
        ).lastrowid
        person_id = conn.execute(
            "SELECT id FROM beneficiary WHERE uuid = ?", (person_uuid,)
        ).fetchone()[0]
        handover = str(uuid.uuid4())
        conn.execute(
            "INSERT INTO resource_handover (receipt_id, handed_on, beneficiary_id, value_fen,"
            " handler, uuid, created_at, updated_at) VALUES (?, '2026-03-02', ?, 10000, '张三',"
            " ?, ?, ?)",
            (receipt, person_id, handover, *audit),
        )
    conn.close()
    return handover


def service(handover: str | None, lead: TeamMember) -> ServiceInput:
    return ServiceInput(
        date(2026, 3, 2), "入户", "送大米一袋", [lead.uuid], 30, handover_uuid=handover
    )


def test_a_service_points_at_the_persons_own_handover(
    store: Store, lead: TeamMember, person: str
) -> None:
    case = cases.open_case(
        store, lead.actor, cases.OpenCaseInput(person, "低保", "一般", "社区", date(2026, 2, 1)),
        today=TODAY,
    )  # fmt: skip
    handover = hand_over(store, person)
    assert [h.uuid for h in person_handovers(store, person)] == [handover]
    record = service_records.add_service(store, lead.actor, case, service(handover, lead), TODAY)
    assert [s.content for s in linked_services(store, handover)] == ["送大米一袋"]

    # Correcting the record keeps the link, or removes it when the worker chooses 不关联.
    saved = service_records.load_record(store, record)
    assert saved.handover_uuid == handover
    service_records.update_service(store, lead.actor, record, service(None, lead), TODAY)
    assert linked_services(store, handover) == []


def test_another_persons_handover_is_refused(store: Store, lead: TeamMember, person: str) -> None:
    case = cases.open_case(
        store, lead.actor, cases.OpenCaseInput(person, "低保", "一般", "社区", date(2026, 2, 1)),
        today=TODAY,
    )  # fmt: skip
    other = register(store, lead, "李四光", "11010519491231002X")
    theirs = hand_over(store, other)
    with pytest.raises(ValidationFailedError) as refused:
        service_records.add_service(store, lead.actor, case, service(theirs, lead), TODAY)
    assert [p.code for p in refused.value.problems] == ["handover_other_person"]
    assert "不是发给本个案服务对象的" in refused.value.problems[0].message()
    assert service_records.count_for_case(store, case) == 0
