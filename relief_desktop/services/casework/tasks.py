"""What is due (今天 / 本周 / 已逾期): re-assessments, plan reviews, next steps, quiet cases."""

from dataclasses import dataclass
from datetime import date, timedelta

from relief_desktop.domain.casework import NO_SERVICE_DAYS, due_bucket
from relief_desktop.storage.store import Store

KINDS = ("复评到期", "方案回顾", "下一步", "超过30天未服务")


@dataclass(frozen=True)
class Task:
    bucket: str  # 已逾期 / 今天 / 本周
    due: date
    kind: str
    case_uuid: str
    case_no: str
    name: str
    text: str


_SQL = """
WITH open_case AS (
    SELECT c.id, c.uuid, c.case_no, b.name, c.opened_on FROM aid_case c
    JOIN beneficiary b ON b.id = c.beneficiary_id WHERE c.status = '在案'
),
latest_assessment AS (
    SELECT a.case_id, a.next_assessment_on,
           row_number() OVER (PARTITION BY a.case_id ORDER BY a.assessed_on DESC, a.id DESC) AS n
    FROM needs_assessment a
),
latest_service AS (
    SELECT s.case_id, s.served_on, s.next_step, s.next_step_on,
           row_number() OVER (PARTITION BY s.case_id ORDER BY s.served_on DESC, s.id DESC) AS n
    FROM service_record s
)
SELECT o.uuid, o.case_no, o.name, o.opened_on, la.next_assessment_on, p.next_review_on,
       ls.served_on, ls.next_step, ls.next_step_on
FROM open_case o
LEFT JOIN latest_assessment la ON la.case_id = o.id AND la.n = 1
LEFT JOIN aid_plan p ON p.case_id = o.id
LEFT JOIN latest_service ls ON ls.case_id = o.id AND ls.n = 1
"""


def due_tasks(store: Store, today: date | None = None) -> list[Task]:
    """Everything overdue, due today or later this week, most urgent first."""
    today = today or date.today()
    tasks: list[Task] = []

    def add(due_text: str | None, kind: str, row: tuple[str, ...], text: str) -> None:
        if not due_text:
            return
        due = date.fromisoformat(due_text)
        bucket = due_bucket(due, today)
        if bucket is not None:
            tasks.append(Task(bucket, due, kind, row[0], row[1], row[2], text))

    for row in store.reader().execute(_SQL):
        uuid, number, name, opened_on, reassess, review, served, step, step_on = row
        key = (uuid, number, name)
        add(reassess, "复评到期", key, "需求复评")
        add(review, "方案回顾", key, "援助方案回顾")
        add(step_on, "下一步", key, step or "")
        last = date.fromisoformat(served or opened_on)
        quiet = last + timedelta(days=NO_SERVICE_DAYS)
        add(quiet.isoformat(), "超过30天未服务", key, f"最近服务：{served or '（尚无）'}")
    order = {"已逾期": 0, "今天": 1, "本周": 2}
    tasks.sort(key=lambda t: (order[t.bucket], t.due, t.case_no, t.kind))
    return tasks
