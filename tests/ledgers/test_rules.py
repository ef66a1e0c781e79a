"""Each ledger's own rules, as a user meets them in the form or an import."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import TODAY, lead, make_id


def save(store: Store, key: str, **raw: object) -> str:
    return service.create(store, lead(store), registry.get(key), raw, today=TODAY)


def refused(store: Store, key: str, **raw: object) -> dict[str, str]:
    with pytest.raises(ValidationFailedError) as caught:
        save(store, key, **raw)
    return {p.field: p.code for p in caught.value.problems}


def test_a_minor_volunteer_needs_guardian_consent(store: Store) -> None:
    minor = make_id(date(2010, 5, 1), 31)
    assert refused(store, "volunteers", name="小李", id_number=minor) == {
        "guardian_consent": "volunteer_minor_consent",
        "guardian_name": "volunteer_minor_guardian",
    }
    uuid = save(
        store,
        "volunteers",
        name="小李",
        id_number=minor,
        guardian_consent="是",
        guardian_name="李爸爸",
    )
    assert (
        service.load(store, registry.get("volunteers"), uuid).values["birth_date"] == "2010-05-01"
    )
    assert refused(store, "volunteers", name="老王", id_number="510108198503120236") == {
        "id_number": "id_check_digit"
    }


def test_service_hours_come_from_start_and_end(store: Store) -> None:
    save(store, "volunteers", name="陈红", id_number=make_id(date(1990, 1, 1), 11))
    uuid = save(
        store,
        "volunteer_service",
        volunteer_id="陈红",
        served_on="2026-03-02",
        activity="助老",
        start_time="9:00",
        end_time="11:30",
    )
    record = service.load(store, registry.get("volunteer_service"), uuid)
    assert record.values["minutes"] == 150
    assert record.text(registry.get("volunteer_service"), "minutes") == "2.5"
    assert refused(
        store,
        "volunteer_service",
        volunteer_id="陈红",
        served_on="2026-03-02",
        activity="助老",
        start_time="11:00",
        end_time="10:00",
    ) == {"end_time": "date_order"}


def test_liaison_takes_a_community_of_the_street_and_meetings_need_minutes(store: Store) -> None:
    save(
        store,
        "liaison",
        contacted_on="2026-03-02",
        community_id="双林",
        mode="电话",
        topics="情况反馈，资源对接",
    )
    (row,) = service.records(store, registry.get("liaison"))
    assert row.shown["community_id"] == "双林社区"
    assert row.values["topics"] == "情况反馈、资源对接"
    assert refused(
        store,
        "liaison",
        contacted_on="2026-03-02",
        community_id="建华",
        mode="会议",
        is_meeting=True,
    ) == {
        "community_id": "ref_unknown",
        "attendees": "meeting_attendees",
        "meeting_minutes": "meeting_minutes",
    }


def test_liaison_summary_names_communities_not_contacted_this_month(store: Store) -> None:
    ledger = registry.get("liaison")
    assert ledger.summary is not None
    save(store, "liaison", contacted_on="2026-03-02", community_id="双林", mode="电话")
    save(store, "liaison", contacted_on="2026-02-02", community_id="新华", mode="电话")
    text = ledger.summary(store, TODAY)
    assert text.startswith("本月（2026年3月）已联络 1/8 个社区；尚未联络：")
    assert "新华社区" in text
    assert "双林社区" not in text


def test_media_level_is_required_and_short_words_are_understood(store: Store) -> None:
    assert refused(store, "media", published_on="2026-03-01", outlet="成华发布", title="t") == {
        "level": "required"
    }
    uuid = save(store, "media", published_on="2026-03-01", outlet="成都日报", title="t", level="市")
    assert service.load(store, registry.get("media"), uuid).values["level"] == "市级"


def test_tasks_done_need_a_date_after_assignment(store: Store) -> None:
    assert refused(
        store,
        "tasks",
        assigned_on="2026-03-05",
        source="区中心",
        task_type="月工作任务",
        title="报送简报",
        status="已完成",
    ) == {"done_on": "task_done_date"}
    assert refused(
        store,
        "tasks",
        assigned_on="2026-03-05",
        source="区中心",
        task_type="专业培训",
        title="个案培训",
        done_on="2026-03-01",
    ) == {"done_on": "date_order"}
    uuid = save(
        store,
        "tasks",
        assigned_on="2026-03-05",
        source="区中心",
        task_type="专业培训",
        title="个案培训",
        done_on="2026-03-06",
    )
    assert service.load(store, registry.get("tasks"), uuid).values["status"] == "已完成"


def test_reception_space_equipment_and_publicity_rules(store: Store) -> None:
    assert refused(
        store,
        "reception",
        received_on="2026-03-01",
        visitor="张某",
        purpose="求助",
        phone="1380000",
    ) == {"phone": "phone_mobile"}
    assert refused(
        store,
        "space_use",
        used_on="2026-03-01",
        space="活动室",
        user_name="双林社区",
        start_time="15:00",
        end_time="14:00",
    ) == {"end_time": "date_order"}
    assert refused(
        store, "equipment", checked_on="2026-03-01", equipment="打印机", action="修理"
    ) == {"action": "choice_list"}
    assert refused(
        store, "publicity", held_on="2026-03-01", topic="其他", mode="入户宣传", audience="-3"
    ) == {"audience": "int_format"}
    assert refused(store, "activities", title="", held_on="2026-03-21") == {
        "title": "required",
        "held_on": "date_future",
    }
    assert service.count(store, registry.get("reception"), LedgerQuery()) == 0


def test_older_sheets_give_service_hours_without_times(store: Store, tmp_path: Path) -> None:
    """Teams move in with workbooks that hold only the hours; those rows come in as written."""
    save(store, "volunteers", name="陈红", id_number=make_id(date(1990, 1, 1), 11))
    uuid = save(
        store, "volunteer_service", volunteer_id="陈红", served_on="2026-03-02",
        activity="助老", minutes="1.5",
    )  # fmt: skip
    ledger = registry.get("volunteer_service")
    assert service.load(store, ledger, uuid).values["minutes"] == 90
    assert refused(
        store, "volunteer_service", volunteer_id="陈红", served_on="2026-03-02",
        activity="助老", start_time="9:00",
    ) == {"end_time": "volunteer_time_pair"}  # fmt: skip
    assert refused(
        store, "volunteer_service", volunteer_id="陈红", served_on="2026-03-02", activity="助老"
    ) == {"minutes": "required"}  # fmt: skip

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["志愿服务台账（2025年）"])
    sheet.append(["志愿者姓名", "日期", "服务项目", "服务时长"])
    sheet.append(["陈红", "2025-12-20", "敬老院探访", 2])
    sheet.append(["陈红", "2025-12-27", "社区义剪", "2.5小时"])
    path = tmp_path / "旧台账.xlsx"
    book.save(path)
    table = exchange.read(ledger, path)
    result = exchange.run_import(store, lead(store), ledger, table, path.name, commit=True)
    assert result.committed, result.report()
    rows = service.page(store, ledger, LedgerQuery(descending=False), 0, 10)
    assert sorted(r.values["minutes"] for r in rows) == [90, 120, 150]
