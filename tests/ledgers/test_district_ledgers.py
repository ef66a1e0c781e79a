"""The district center's own ledgers: listed by a district store only, their rules, and every one
of them back from its own Excel export (the street's round trip is test_round_trip.py)."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop.cli import main
from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.ledgers import exchange, registry, resource_account, service
from relief_desktop.ledgers.definitions import ALL, DISTRICT
from relief_desktop.paths import AppPaths
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.fixtures.street_packets import district
from tests.ledgers.helpers import TODAY, lead
from tests.ledgers.test_round_trip import ORDER as STREET_ORDER
from tests.ledgers.test_round_trip import snapshot
from tests.ledgers.test_rules import refused, save

__all__ = ["district"]

STREET_ONLY = {"handovers", "volunteers", "volunteer_service", "liaison", "tasks"}


def test_a_district_store_lists_the_district_ledgers_and_a_street_store_its_own(
    store: Store, district: Store
) -> None:
    district_keys = {ledger.key for ledger in registry.of_store(district)}
    street_keys = {ledger.key for ledger in registry.of_store(store)}
    assert {"trainings", "supervision", "case_conferences", "difficult_cases", "journal",
            "wechat", "district_aid", "district_surveys"} <= district_keys  # fmt: skip
    assert district_keys.isdisjoint(STREET_ONLY)
    assert street_keys.isdisjoint({"trainings", "supervision", "wechat", "journal"})
    # 主题活动, 媒体报道 and the resource ledgers are the street's declarations, not copies.
    assert registry.get_for(district, "主题活动") is registry.get_for(store, "activities")
    assert registry.get_for(district, "resources") is registry.get_for(store, "救助资源台账")
    with pytest.raises(RuleError) as caught:
        registry.get_for(district, "社区联络台账")
    assert "培训台账（trainings）" in str(caught.value)
    assert "社区联络" not in str(caught.value).split("：", 1)[-1]
    with pytest.raises(RuleError):
        registry.get_for(store, "督导台账")


def test_ledger_list_follows_the_store_edition(
    district: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data-dir", str(tmp_path / "district"), "ledger", "list"]) == 0
    out = capsys.readouterr().out
    assert "培训台账（trainings）" in out
    assert "督导台账（supervision）" in out
    assert "社区联络台账" not in out
    assert "基础数据库" not in out


def test_the_district_ledgers_keep_their_rules(district: Store) -> None:
    assert refused(
        district, "supervision", visited_on="2026-03-10", street="双桥子", supervisors="陈静",
        follow_up_done_on="2026-03-01",
    ) == {"follow_up_done_on": "date_order", "follow_up": "supervision_follow_up"}  # fmt: skip
    assert refused(
        district, "difficult_cases", collected_on="2026-03-10", street="双桥子",
        case_ref="GA-1", difficulty="难", status="已结案",
    ) == {"last_follow_up": "difficult_case_closed_date"}  # fmt: skip
    assert refused(
        district, "trainings", held_on="2026-03-10", topic="个案管理",
        streets="双桥子、猛追湾、保和", attendees="2",
    ) == {"attendees": "training_attendees_streets"}  # fmt: skip
    with pytest.raises(ValidationFailedError) as caught:
        save(district, "district_surveys", surveyed_on="2026-03-10", respondent="参训人员",
             overall="6")  # fmt: skip
    assert "5" in caught.value.problems[0].message()
    # The streets are written as users write them, and kept in the district's order.
    uuid = save(district, "trainings", held_on="2026-03-10", topic="个案管理",
                streets="保和，双桥子 猛追湾", attendees="30")  # fmt: skip
    record = service.load(district, registry.get("trainings"), uuid)
    assert record.values["streets"] == "猛追湾、双桥子、保和"


def fill_every_district_ledger(store: Store) -> None:
    save(store, "providers", name="成都爱心超市", provider_type="企业", phone="13800001111")
    save(store, "resources", received_on="2026-03-01", provider_id="成都爱心超市",
         channel="线下定向筹款", kind="物资", item="米面油", quantity="50", unit="份",
         value_fen="20000", value_basis="市场价")  # fmt: skip
    save(store, "trainings", held_on="2026-03-10", topic="个案管理实务", kind="专题培训",
         trainer="李老师", streets="双桥子、猛追湾", audiences="街道中心工作人员",
         attendees="32", summary="一、需求评估\n二、方案")  # fmt: skip
    save(store, "supervision", visited_on="2026-03-12", street="双桥子", supervisors="陈静",
         topics="个案管理、资源链接", findings="评估表不全", follow_up="补齐",
         follow_up_done_on="2026-03-20")  # fmt: skip
    save(store, "case_conferences", held_on="2026-03-20", scope="部分街道",
         streets="双桥子、保和", cases_discussed="2", case_refs="GA-1、GA-2", attendees="12",
         host="陈静", conclusions="转介心理服务")  # fmt: skip
    save(store, "difficult_cases", collected_on="2026-03-05", street="保和", case_ref="GA-9",
         person="张*丰", difficulty="急", status="已结案", last_follow_up="2026-03-18",
         in_casebook=True)  # fmt: skip
    save(store, "activities", title="关爱随行", held_on="2026-03-03", participants="200",
         plan_filed=True)  # fmt: skip
    save(store, "media", published_on="2026-03-04", outlet="四川日报", level="省级",
         title="成华区关爱援助")  # fmt: skip
    save(store, "wechat", posted_on="2026-03-02", title="三月帮扶信息公开",
         kind="帮扶信息公开", url="https://mp.weixin.qq.com/s/x", reads="812")  # fmt: skip
    save(store, "journal", issue_no="2026年第3期", published_on="2026-03-18", title="关爱随行",
         copies="500")  # fmt: skip
    save(store, "publicity", held_on="2026-03-04", topic="社会救助政策", mode="活动宣讲",
         audience="80")  # fmt: skip
    save(store, "district_aid", aided_on="2026-03-15", street="双桥子", item="米面油",
         people="40", value_fen="8000", receipt_serial="ZY2026-0001")  # fmt: skip
    save(store, "district_surveys", surveyed_on="2026-03-19", respondent="参训人员",
         method="问卷", overall="5", comment="很实用")  # fmt: skip
    save(store, "reception", received_on="2026-03-05", visitor="赵某某", purpose="咨询政策")
    save(store, "space_use", used_on="2026-03-05", space="会谈室", user_name="双桥子街道中心")
    save(store, "equipment", checked_on="2026-03-06", equipment="投影仪", action="盘点")


DISTRICT_ORDER = (
    "providers", "resources", "trainings", "supervision", "case_conferences", "difficult_cases",
    "activities", "media", "wechat", "journal", "publicity", "district_aid", "district_surveys",
    "reception", "space_use", "equipment",
)  # fmt: skip


def test_every_declared_ledger_is_in_a_round_trip() -> None:
    assert set(STREET_ORDER) | set(DISTRICT_ORDER) == {ledger.key for ledger in registry.every()}
    assert {ledger.key for ledger in ALL} == set(STREET_ORDER)


def test_every_district_ledger_survives_export_and_import(district: Store, tmp_path: Path) -> None:
    assert set(DISTRICT_ORDER) == {ledger.key for ledger in DISTRICT}
    fill_every_district_ledger(district)
    files = {}
    for key in DISTRICT_ORDER:
        files[key] = tmp_path / f"{key}.xlsx"
        assert exchange.export(district, registry.get(key), files[key], masked=False) >= 1
    copy_paths = AppPaths.under(tmp_path / "copy")
    copy_paths.ensure()
    with raw_connect(copy_paths.database) as target:
        district.reader().backup(target)
    target.close()
    copy = Store.open(copy_paths)
    try:
        with service.transaction(copy.reader()) as conn:
            for key in reversed(DISTRICT_ORDER):
                conn.execute(f"DELETE FROM {registry.get(key).table}")
        for key in DISTRICT_ORDER:
            result = exchange.import_file(
                copy, lead(copy), registry.get(key), files[key], commit=True, today=TODAY
            )
            assert result.committed, result.report()
        for key in DISTRICT_ORDER:
            assert snapshot(copy, key) == snapshot(district, key), key
    finally:
        copy.close()


def test_district_ledger_export_import_and_undo_by_command_line(
    district: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_every_district_ledger(district)
    data = ["--data-dir", str(tmp_path / "district"), "ledger"]
    book = tmp_path / "督导.xlsx"
    assert main([*data, "export", "督导台账", "--out", str(book), "--full"]) == 0
    with service.transaction(district.reader()) as conn:
        conn.execute("DELETE FROM supervision_visit")
    assert main([*data, "import", "supervision", str(book)]) == 0
    assert "已导入 1 条" in capsys.readouterr().out
    assert main([*data, "undo", "督导台账", "--yes"]) == 0
    assert "已撤销督导台账的导入" in capsys.readouterr().out
    assert main([*data, "export", "handovers", "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "培训台账（trainings）" in capsys.readouterr().err


def test_the_districts_aid_draws_on_a_receipts_balance_everywhere_a_balance_shows(
    district: Store,
) -> None:
    save(district, "providers", name="成都爱心超市", provider_type="企业", phone="13800001111")
    receipt = save(district, "resources", received_on="2026-03-01", provider_id="成都爱心超市",
                   channel="线下定向筹款", kind="物资", item="米面油", value_fen="1000",
                   value_basis="市场价")  # fmt: skip
    resources = registry.get("resources")
    serial = service.load(district, resources, receipt).values["serial"]
    aid = {"street": "双桥子", "item": "米面油", "people": "10"}

    assert refused(district, "district_aid", aided_on="2026-03-05", value_fen="300",
                   receipt_serial="ZY1999-0042", **aid) == {
        "receipt_serial": "aid_receipt_unknown"}  # fmt: skip
    assert refused(district, "district_aid", aided_on="2026-02-20", value_fen="300",
                   receipt_serial=serial, **aid) == {"aided_on": "date_order"}  # fmt: skip
    save(district, "district_aid", aided_on="2026-03-05", value_fen="300",
         receipt_serial=serial.lower(), **aid)  # fmt: skip
    over = refused(district, "district_aid", aided_on="2026-03-06", value_fen="701",
                   receipt_serial=serial, **aid)  # fmt: skip
    assert over == {"value_fen": "handover_over_value"}

    # 结余 in the list, 收支结存, and the receipt that can no longer be deleted.
    assert [r.values["balance_fen"] for r in service.records(district, resources)] == [70_000]
    account = resource_account.account(district, date(2026, 3, 1), date(2026, 3, 31))
    assert (account.total.received_fen, account.total.handed_fen) == (100_000, 30_000)
    with pytest.raises(RuleError) as caught:
        service.delete(district, lead(district), resources, receipt)
    assert caught.value.code == "receipt_has_handovers"
