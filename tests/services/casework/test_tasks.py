"""The home task list: re-assessment, plan review, next step and 30 quiet days, by bucket."""

from datetime import date

from relief_desktop.domain.casework import ServiceInput
from relief_desktop.services.casework import aid_plans, assessments, cases, closure, service_records
from relief_desktop.services.casework.tasks import due_tasks
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from tests.services.casework.conftest import TODAY, assessment, plan


def test_due_items_appear_in_their_bucket_and_leave_when_closed(
    store: Store, lead: TeamMember, officer: TeamMember, person: str
) -> None:
    case_uuid = cases.open_case(
        store, lead.actor, cases.OpenCaseInput(person, "特困", "一般", "来访", date(2026, 5, 1)),
        today=TODAY,
    )  # fmt: skip
    first = assessment(lead, officer, date(2026, 5, 2))  # next assessment 2026-06-20 (Sat)
    assessments.save_assessment(store, lead.actor, case_uuid, first, today=TODAY)
    aid_plans.save_plan(store, lead.actor, case_uuid, plan(lead, date(2026, 5, 3)), today=TODAY)
    service_records.add_service(
        store, lead.actor, case_uuid,
        ServiceInput(date(2026, 5, 10), "入户", "走访", [lead.uuid], 30, next_step="送轮椅",
                     next_step_on=TODAY),
        today=TODAY,
    )  # fmt: skip
    found = {(t.bucket, t.kind, t.due) for t in due_tasks(store, TODAY)}
    assert found == {
        ("本周", "复评到期", date(2026, 6, 20)),
        ("本周", "方案回顾", date(2026, 6, 18)),
        ("今天", "下一步", TODAY),
        ("已逾期", "超过30天未服务", date(2026, 6, 9)),
    }
    tasks = due_tasks(store, TODAY)
    assert tasks[0].bucket == "已逾期"  # most urgent first
    assert {t.case_uuid for t in tasks} == {case_uuid}
    assert next(t for t in tasks if t.kind == "下一步").text == "送轮椅"

    # A service today answers the quiet-case reminder and replaces the old next step.
    service_records.add_service(
        store,
        lead.actor,
        case_uuid,
        ServiceInput(TODAY, "电话", "回访", [lead.uuid], 15),
        today=TODAY,
    )
    kinds = {t.kind for t in due_tasks(store, TODAY)}
    assert kinds == {"复评到期", "方案回顾"}
    assert due_tasks(store, date(2026, 6, 22)) != []  # next Monday: both overdue
    assert {t.bucket for t in due_tasks(store, date(2026, 6, 22))} == {"已逾期"}

    closure.close_case(store, lead.actor, case_uuid, TODAY, "达成", "已解决", today=TODAY)
    assert due_tasks(store, TODAY) == []


def test_a_new_case_without_service_is_due_thirty_days_after_opening(
    store: Store, lead: TeamMember, person: str
) -> None:
    cases.open_case(
        store, lead.actor, cases.OpenCaseInput(person, "低保", "一般", "社区", date(2026, 5, 20)),
        today=TODAY,
    )  # fmt: skip
    assert [(t.kind, t.due, t.bucket) for t in due_tasks(store, TODAY)] == [
        ("超过30天未服务", date(2026, 6, 19), "本周")
    ]
    assert due_tasks(store, date(2026, 6, 1)) == []
