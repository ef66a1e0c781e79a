"""救助资源台账: providers, receipts, handovers and the balance; traceability to casework."""

import pytest

from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.ledgers import handovers, service
from relief_desktop.ledgers.definitions.resources import HANDOVERS, PROVIDERS, RESOURCES
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import TODAY, handover, lead, person, provider, receipt


def problems(caught: pytest.ExceptionInfo[ValidationFailedError]) -> dict[str, str]:
    return {p.field: p.code for p in caught.value.problems}


def serial_of(store: Store, uuid: str) -> str:
    return str(service.load(store, RESOURCES, uuid).values["serial"])


def test_receipts_get_serials_and_money_is_exact_fen(store: Store) -> None:
    provider(store)
    first = receipt(store, value="0.1")
    second = receipt(store, value="0.2")
    assert serial_of(store, first) == "ZY2026-0001"
    assert serial_of(store, second) == "ZY2026-0002"
    total = store.reader().execute("SELECT sum(value_fen) FROM resource_receipt").fetchone()[0]
    assert total == 30  # 0.1 + 0.2 yuan, exactly


def test_receipt_rules(store: Store) -> None:
    provider(store)
    with pytest.raises(ValidationFailedError) as caught:
        receipt(
            store, channel="网络募捐平台", kind="资金", value_basis="市场价", quantity="3", unit=""
        )
    assert problems(caught) == {
        "platform": "platform_required",
        "value_basis": "money_basis",
        "unit": "unit_required",
    }
    with pytest.raises(ValidationFailedError) as caught:
        receipt(store, provider="不存在的公司")
    assert [p.message() for p in caught.value.problems] == [
        "提供方“不存在的公司”找不到，请先登记，或核对名称/编号是否与系统中一致。"
    ]


def test_provider_names_are_unique_and_phones_checked(store: Store) -> None:
    provider(store, "蓉城基金会")
    with pytest.raises(ValidationFailedError) as caught:
        service.create(
            store,
            lead(store),
            PROVIDERS,
            {"name": "蓉城基金会", "provider_type": "慈善组织", "phone": "12345"},
        )
    assert problems(caught) == {"name": "ledger_duplicate", "phone": "phone_mobile"}


def test_handing_over_more_than_was_received_is_refused(store: Store) -> None:
    provider(store)
    file_no = person(store, "王大山", 1)
    serial = serial_of(store, receipt(store, value="1000", quantity="10"))
    handover(store, serial, file_no, quantity="6")  # value follows: 600.00
    with pytest.raises(ValidationFailedError) as caught:
        handover(store, serial, file_no, quantity="5")
    messages = [p.message() for p in caught.value.problems]
    assert messages == [
        "资源 ZY2026-0001（大米）只剩 4袋，不能发放 5袋。请减少发放数量，或先登记新的资源接收。",
        "资源 ZY2026-0001（大米）结余只有 400.00 元，不能发放 500.00 元。"
        "请减少发放价值，或先登记新的资源接收。",
    ]
    handover(store, serial, file_no, value="400", quantity="4")
    with pytest.raises(ValidationFailedError):
        handover(store, serial, file_no, value="0.01")
    (row,) = service.page(store, RESOURCES, LedgerQuery(), 0, 5)
    assert row.values["balance_fen"] == 0


def test_a_receipt_cannot_shrink_below_what_was_handed_or_be_deleted(store: Store) -> None:
    provider(store)
    file_no = person(store, "王大山", 1)
    uuid = receipt(store, value="1000")
    handover(store, serial_of(store, uuid), file_no, value="800")
    raw = {**service.load(store, RESOURCES, uuid).values, "value_fen": "500"}
    raw["provider_id"] = "成都爱心超市"
    with pytest.raises(ValidationFailedError) as caught:
        service.update(store, lead(store), RESOURCES, uuid, raw, today=TODAY)
    assert problems(caught) == {"value_fen": "receipt_below_handed"}
    with pytest.raises(RuleError) as refused:
        service.delete(store, lead(store), RESOURCES, uuid)
    assert refused.value.code == "receipt_has_handovers"


def test_editing_a_handover_does_not_count_itself_against_the_balance(store: Store) -> None:
    provider(store)
    file_no = person(store, "王大山", 1)
    serial = serial_of(store, receipt(store, value="100"))
    uuid = handover(store, serial, file_no, value="100")
    raw = dict(service.load(store, HANDOVERS, uuid).values)
    raw["notes"] = "已电话回访"
    service.update(store, lead(store), HANDOVERS, uuid, raw, today=TODAY)
    assert service.load(store, HANDOVERS, uuid).values["notes"] == "已电话回访"


def test_a_handover_is_traceable_to_the_service_record_and_plan(store: Store) -> None:
    provider(store)
    file_no = person(store, "王大山", 1)
    serial = serial_of(store, receipt(store, value="300"))
    uuid = handover(store, serial, file_no, value="200")
    person_uuid = (
        store.reader()
        .execute("SELECT uuid FROM beneficiary WHERE file_no = ?", (file_no,))
        .fetchone()[0]
    )
    (listed,) = handovers.person_handovers(store, person_uuid)
    assert listed.uuid == uuid
    assert listed.text() == "2026-03-05 大米（200.00 元，ZY2026-0001）"
    assert handovers.linked_services(store, uuid) == []
    with service.transaction(store.reader()) as conn:
        pid = conn.execute("SELECT id FROM beneficiary WHERE file_no = ?", (file_no,)).fetchone()[0]
        conn.execute(
            "INSERT INTO aid_case (case_no, street_code, year, seq, beneficiary_id, category,"
            " priority, source, opened_on, uuid, created_at, updated_at)"
            " VALUES ('GA2026-001', '510108004', 2026, 1, ?, '政策外', '重点', '社区',"
            " '2026-02-01', 'c1', '', '')",
            (pid,),
        )
        conn.execute(
            "INSERT INTO service_record (case_id, beneficiary_id, served_on, mode, content,"
            " handover_uuid, uuid, created_at, updated_at)"
            " VALUES (1, ?, '2026-03-05', '入户', '送去大米并了解近况', ?, 's1', '', '')",
            (pid, uuid),
        )
    lines = handovers.handover_details(store, uuid)
    assert lines == [
        "关联的个案服务记录（1 条）：",
        "2026-03-05 个案 GA2026-001：送去大米并了解近况",
    ]
