"""Export then import gives back the same records, for every ledger."""

from datetime import date
from pathlib import Path

from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.paths import AppPaths
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.ledgers.helpers import TODAY, handover, lead, make_id, person, provider, receipt
from tests.ledgers.test_rules import save


def fill_every_ledger(store: Store) -> None:
    provider(store)
    provider(store, "蓉城慈善基金会")
    file_no = person(store, "王大山", 1)
    other = person(store, "李秀英", 2, community=3)
    first = receipt(store, value="1000", quantity="10", receipt_no="SJ-001", purpose="困难家庭")
    serial = str(service.load(store, registry.get("resources"), first).values["serial"])
    receipt(
        store,
        provider="蓉城慈善基金会",
        channel="网络募捐平台",
        platform="腾讯公益",
        kind="资金",
        item="助学金",
        value="5000",
        value_basis="现金到账",
    )
    handover(store, serial, file_no, quantity="2.5")
    handover(store, serial, other, value="100")
    save(
        store,
        "volunteers",
        name="陈红",
        id_number=make_id(date(1990, 1, 1), 11),
        phone="13912345678",
        skills="心理咨询",
    )
    save(
        store,
        "volunteers",
        name="小李",
        id_number=make_id(date(2010, 5, 1), 31),
        guardian_consent=True,
        guardian_name="李爸爸",
    )
    save(
        store,
        "volunteer_service",
        volunteer_id="陈红",
        served_on="2026-03-02",
        activity="助老",
        start_time="09:00",
        end_time="11:20",
        content="陪伴就医",
    )
    save(
        store,
        "liaison",
        contacted_on="2026-03-02",
        community_id="双林",
        mode="会议",
        topics="新发现困难群众、资源对接",
        is_meeting=True,
        attendees="8 个社区",
        meeting_minutes="一、通报\n二、部署",
    )
    save(
        store,
        "activities",
        title="关爱随行",
        held_on="2026-03-03",
        participants="40",
        plan_filed=True,
        photos="a.jpg\nb.jpg",
    )
    save(
        store,
        "media",
        published_on="2026-03-04",
        outlet="成华发布",
        level="区级",
        title="街道开展关爱活动",
        url="https://example.cn/a",
    )
    save(
        store,
        "publicity",
        held_on="2026-03-04",
        topic="民法典婚姻家庭编",
        mode="社区宣传",
        audience="60",
        materials="100",
    )
    save(
        store,
        "reception",
        received_on="2026-03-05",
        visitor="赵某某",
        phone="13800001234",
        purpose="咨询政策",
        result="当场解答",
    )
    save(
        store,
        "space_use",
        used_on="2026-03-05",
        space="活动室",
        start_time="14:00",
        end_time="16:30",
        user_name="双林社区",
        participants="20",
    )
    save(
        store,
        "equipment",
        checked_on="2026-03-06",
        equipment="惠普打印机",
        category="打印机",
        action="维修",
        condition="正常",
        notes="更换硒鼓",
    )
    save(
        store,
        "tasks",
        assigned_on="2026-03-01",
        source="区中心",
        task_type="专业培训",
        title="个案管理培训",
        done_on="2026-03-10",
        participants="张三",
    )


def snapshot(store: Store, key: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    ledger = registry.get(key)
    keys = [f.key for f in ledger.fields] + [c.key for c in ledger.extra_columns]
    return sorted(
        (
            r.uuid,
            {
                k: r.text(ledger, k) if k in {f.key for f in ledger.fields} else str(r.values[k])
                for k in keys
            },
            r.shown,
        )
        for r in service.records(store, ledger)
    )


ORDER = (
    "providers",
    "resources",
    "handovers",
    "volunteers",
    "volunteer_service",
    "liaison",
    "activities",
    "media",
    "publicity",
    "reception",
    "space_use",
    "equipment",
    "tasks",
)


def test_every_ledger_survives_export_and_import(store: Store, tmp_path: Path) -> None:
    assert set(ORDER) == {ledger.key for ledger in registry.ledgers()}
    fill_every_ledger(store)
    files = {}
    for key in ORDER:
        files[key] = tmp_path / f"{key}.xlsx"
        assert exchange.export(store, registry.get(key), files[key], masked=False) >= 1
    copy_paths = AppPaths.under(tmp_path / "copy")
    copy_paths.ensure()
    with raw_connect(copy_paths.database) as target:
        store.reader().backup(target)
    target.close()
    copy = Store.open(copy_paths)
    try:
        with service.transaction(copy.reader()) as conn:
            for key in reversed(ORDER):
                conn.execute(f"DELETE FROM {registry.get(key).table}")
        for key in ORDER:
            result = exchange.import_file(
                copy, lead(copy), registry.get(key), files[key], commit=True, today=TODAY
            )
            assert result.committed, result.report()
        for key in ORDER:
            assert snapshot(copy, key) == snapshot(store, key), key
    finally:
        copy.close()


def test_a_masked_export_cannot_be_imported_as_people(store: Store, tmp_path: Path) -> None:
    fill_every_ledger(store)
    path = tmp_path / "masked.xlsx"
    exchange.export(store, registry.get("handovers"), path)
    with service.transaction(store.reader()) as conn:
        conn.execute("DELETE FROM resource_handover")
    result = exchange.import_file(
        store, lead(store), registry.get("handovers"), path, commit=True, today=TODAY
    )
    # The file number still identifies the person; the masked name and ID are not used.
    assert result.committed, result.report()
