"""One person from registration to closure with a survey, through the services."""

from dataclasses import replace
from datetime import date

import pytest

from relief_desktop.domain.casework import ReviewInput, ServiceInput, SurveyInput
from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.services import beneficiaries
from relief_desktop.services.casework import (
    aid_plans,
    assessments,
    cases,
    closure,
    kpi,
    service_records,
    surveys,
)
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from tests.services.casework.conftest import TODAY, assessment, plan, register


def count(store: Store, table: str) -> int:
    return int(store.reader().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def open_one(store: Store, lead: TeamMember, person: str, day: date = date(2026, 2, 1)) -> str:
    return cases.open_case(
        store, lead.actor, cases.OpenCaseInput(person, "低保", "一般", "社区", day), today=TODAY
    )


def test_the_whole_flow(store: Store, lead: TeamMember, officer: TeamMember, person: str) -> None:
    case_uuid = open_one(store, lead, person)
    case = cases.load_case(store, case_uuid)
    assert case.case_no == "510108004-2026-C001"
    assert beneficiaries.load(store, person).data.status == "在案"

    first = assessments.save_assessment(
        store, lead.actor, case_uuid, assessment(lead, officer, date(2026, 2, 3), d0=2, d1=2, d2=2),
        today=TODAY,
    )  # fmt: skip
    assert cases.load_case(store, case_uuid).level == "重点"
    second = assessments.save_assessment(
        store, lead.actor, case_uuid, assessment(lead, officer, date(2026, 5, 3), d0=1, d1=2, d2=3),
        today=TODAY,
    )  # fmt: skip
    assert [a.uuid for a in assessments.assessments(store, case_uuid)] == [first, second]
    changed = assessments.changes(store, case_uuid, second)
    assert [(c.domain, c.before, c.after) for c in changed] == [
        ("经济/基本生活", 2, 1),
        ("医疗健康", 2, 3),
    ]
    assert cases.load_case(store, case_uuid).priority == "紧急"

    aid_plans.save_plan(store, lead.actor, case_uuid, plan(lead, date(2026, 5, 4)), today=TODAY)
    saved = aid_plans.load_plan(store, case_uuid)
    assert saved is not None
    assert saved.key_case
    assert len(saved.measures) == 2
    aid_plans.add_review(
        store, officer.actor, case_uuid,
        ReviewInput(date(2026, 6, 1), [("三个月内基本生活稳定", "已稳定")], "无", date(2026, 7, 1)),
        today=TODAY,
    )  # fmt: skip
    assert aid_plans.load_plan(store, case_uuid).next_review_on == date(2026, 7, 1)  # type: ignore[union-attr]

    measure = saved.measures[0]
    record = ServiceInput(
        date(2026, 6, 10), "入户", "送米面油", [lead.uuid, officer.uuid], 45, "物资援助",
        measure.uuid, "大米 10 斤", "回访", date(2026, 6, 20),
    )  # fmt: skip
    service_records.add_service(store, lead.actor, case_uuid, record, today=TODAY)
    last = service_records.last_record(store, case_uuid)
    assert last is not None
    assert last.measure == "每月发放米面油"
    assert last.worker_names == "张三、李四"
    assert last.handover_uuid is None  # the resource ledger fills this link
    copy = replace(last.as_input(), served_on=TODAY, content="电话回访")
    service_records.add_service(store, lead.actor, case_uuid, copy, today=TODAY)
    assert [r.content for r in service_records.for_case(store, case_uuid)] == [
        "送米面油",
        "电话回访",
    ]
    assert [r.content for r in service_records.for_day(store, TODAY)] == ["电话回访"]

    closure.close_case(store, lead.actor, case_uuid, TODAY, "达成", "生活已稳定", today=TODAY)
    closed = cases.load_case(store, case_uuid)
    assert (closed.status, closed.close_result, closed.closed_on) == ("结案", "达成", TODAY)
    assert beneficiaries.load(store, person).data.status == "结案"
    surveys.add_survey(
        store, officer.actor, case_uuid,
        SurveyInput(TODAY, officer.uuid, {"attitude": 5, "overall": 4}, "面访"), today=TODAY,
    )  # fmt: skip
    assert surveys.for_case(store, case_uuid)[0].answers["overall"] == 4
    assert kpi.key_cases(store, date(2026, 6, 1), date(2026, 6, 30)) == 1
    assert kpi.key_cases(store, date(2026, 7, 1), date(2026, 7, 31)) == 0
    assert kpi.satisfaction(store, date(2026, 1, 1), TODAY).rate == 1.0


def test_a_second_open_case_for_the_same_person_is_refused(
    store: Store, lead: TeamMember, person: str
) -> None:
    first = open_one(store, lead, person)
    with pytest.raises(RuleError) as caught:
        open_one(store, lead, person)
    assert caught.value.code == "case_open_exists"
    assert caught.value.details["uuid"] == first  # the UI offers to open this one
    assert "510108004-2026-C001" in str(caught.value)
    assert count(store, "aid_case") == 1


def test_case_numbers_count_per_year(store: Store, lead: TeamMember, person: str) -> None:
    other = register(store, lead, "李娜", "11010519491231002X")
    third = register(store, lead, "王五", "51010819900101009X")
    open_one(store, lead, person, date(2026, 1, 10))
    closure.close_case(store, lead.actor, cases.open_case_of(store, person).uuid,  # type: ignore[union-attr]
                       date(2026, 1, 20), "达成", "已解决", today=TODAY)  # fmt: skip
    assert cases.load_case(store, open_one(store, lead, other)).case_no.endswith("2026-C002")
    assert cases.load_case(store, open_one(store, lead, third)).case_no.endswith("2026-C003")


def test_reopen_needs_a_reason_and_keeps_the_history(
    store: Store, lead: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person)
    with pytest.raises(RuleError) as not_closed:
        closure.reopen_case(store, lead.actor, case_uuid, "再次困难", today=TODAY)
    assert not_closed.value.code == "case_not_closed"
    closure.close_case(
        store, lead.actor, case_uuid, date(2026, 3, 1), "部分达成", "迁出", today=TODAY
    )
    with pytest.raises(RuleError) as no_reason:
        closure.reopen_case(store, lead.actor, case_uuid, "  ", today=TODAY)
    assert no_reason.value.code == "reopen_reason_required"
    closure.reopen_case(store, lead.actor, case_uuid, "迁回本街道", date(2026, 4, 1), today=TODAY)
    assert cases.load_case(store, case_uuid).is_open
    assert [(e.kind, e.reason) for e in closure.events(store, case_uuid)] == [
        ("结案", "迁出"),
        ("重新开案", "迁回本街道"),
    ]


def test_closure_before_opening_or_last_service_is_refused(
    store: Store, lead: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person, date(2026, 3, 1))
    service_records.add_service(
        store, lead.actor, case_uuid,
        ServiceInput(date(2026, 5, 1), "电话", "回访", [lead.uuid], 15), today=TODAY,
    )  # fmt: skip
    for day in (date(2026, 2, 1), date(2026, 4, 1)):
        with pytest.raises(ValidationFailedError):
            closure.close_case(store, lead.actor, case_uuid, day, "达成", "好转", today=TODAY)
    assert cases.load_case(store, case_uuid).is_open


def test_bad_plan_saves_nothing(
    store: Store, lead: TeamMember, officer: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person)
    good = plan(lead, date(2026, 5, 4))
    bad = replace(good, measures=(replace(good.measures[0], worker=""), *good.measures[1:]))
    with pytest.raises(ValidationFailedError) as caught:
        aid_plans.save_plan(store, lead.actor, case_uuid, bad, today=TODAY)
    assert [p.code for p in caught.value.problems] == ["measure_worker_required"]
    assert (count(store, "aid_plan"), count(store, "aid_measure")) == (0, 0)
    with pytest.raises(RuleError) as no_plan:
        aid_plans.add_review(store, lead.actor, case_uuid, ReviewInput(TODAY, [("a", "b")]))
    assert no_plan.value.code == "plan_missing"


def test_every_plan_change_keeps_the_earlier_version(
    store: Store, lead: TeamMember, officer: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person)
    first = plan(lead, date(2026, 5, 4), key_case=False)
    aid_plans.save_plan(store, lead.actor, case_uuid, first, today=TODAY)
    aid_plans.save_plan(store, lead.actor, case_uuid, first, today=TODAY)  # no change: no version
    current = aid_plans.load_plan(store, case_uuid)
    assert current is not None
    kept = [
        replace(m_in, uuid=m.uuid) for m_in, m in zip(first.measures, current.measures, strict=True)
    ]
    changed = replace(
        first, key_case=True, measures=(kept[0], replace(kept[1], worker=officer.uuid)),
        note="升为重点个案",
    )  # fmt: skip
    aid_plans.save_plan(store, lead.actor, case_uuid, changed, today=TODAY)
    dropped = replace(changed, measures=(kept[0],), note="维修完成")
    aid_plans.save_plan(store, lead.actor, case_uuid, dropped, today=TODAY)
    history = aid_plans.versions(store, case_uuid)
    assert [v.version for v in history] == [1, 2, 3]
    assert history[0].snapshot["key_case"] is False
    assert history[1].snapshot["measures"][1]["worker"] == "李四"
    assert aid_plans.version_changes(history[0].snapshot, history[1].snapshot) == [
        "重点个案：否 → 是",
        "调整措施：链接志愿者维修屋顶",
    ]
    assert aid_plans.version_changes(history[1].snapshot, history[2].snapshot) == [
        "停止措施：链接志愿者维修屋顶"
    ]
    final = aid_plans.load_plan(store, case_uuid)
    assert final is not None
    assert final.version == 3
    assert len(final.measures) == 1
    assert final.measures[0].uuid == current.measures[0].uuid  # identity kept for the ledger


def test_anonymous_survey_keeps_no_link_and_counts_for_satisfaction(
    store: Store, lead: TeamMember, officer: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person)
    for overall in (5, 4, 3, None):
        surveys.add_survey(
            store, officer.actor, case_uuid,
            SurveyInput(TODAY, officer.uuid, {"overall": overall, "skill": 4}, anonymous=True),
            today=TODAY,
        )  # fmt: skip
    assert surveys.for_case(store, case_uuid) == []
    result = kpi.satisfaction(store, TODAY, TODAY)
    assert (result.satisfied, result.answered) == (2, 3)
    assert kpi.satisfaction(store, date(2026, 1, 1), date(2026, 1, 31)).rate is None


def test_key_cases_count_distinct_flagged_cases_served_in_period(
    store: Store, lead: TeamMember, person: str
) -> None:
    other = register(store, lead, "李娜", "11010519491231002X")
    flagged, plain = open_one(store, lead, person), open_one(store, lead, other)
    aid_plans.save_plan(store, lead.actor, flagged, plan(lead, date(2026, 3, 1)), today=TODAY)
    aid_plans.save_plan(store, lead.actor, plain, plan(lead, date(2026, 3, 1), False), today=TODAY)
    for case_uuid in (flagged, plain):
        for day in (date(2026, 3, 31), date(2026, 4, 1), date(2026, 4, 30)):
            service_records.add_service(
                store, lead.actor, case_uuid, ServiceInput(day, "电话", "回访", [lead.uuid], 15),
                today=TODAY,
            )  # fmt: skip
    assert kpi.key_cases(store, date(2026, 4, 1), date(2026, 4, 30)) == 1  # ends inclusive
    assert kpi.key_cases(store, date(2026, 5, 1), date(2026, 5, 31)) == 0
    assert kpi.services_in_period(store, date(2026, 4, 1), date(2026, 4, 30)) == 4


def test_a_service_in_the_future_or_with_a_foreign_measure_saves_nothing(
    store: Store, lead: TeamMember, person: str
) -> None:
    case_uuid = open_one(store, lead, person)
    with pytest.raises(ValidationFailedError) as caught:
        service_records.add_service(
            store, lead.actor, case_uuid,
            ServiceInput(date(2026, 6, 16), "电话", "回访", [lead.uuid], 15, measure_uuid="nope"),
            today=TODAY,
        )  # fmt: skip
    assert {p.code for p in caught.value.problems} == {"service_future", "measure_unknown"}
    assert count(store, "service_record") == 0
