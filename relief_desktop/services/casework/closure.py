"""结案 and 重新开案: result, reason, date; a reopening needs a reason; history kept."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.casework import check_closure
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.services.casework._common import load_case, refuse, require_open
from relief_desktop.services.casework.cases import open_case_of
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class CaseEventRecord:
    kind: str  # 结案 / 重新开案
    event_on: date
    result: str | None
    reason: str
    by: str


def close_case(
    store: Store,
    actor: Actor,
    case_uuid: str,
    closed_on: date | None,
    result: str,
    reason: str,
    today: date | None = None,
) -> None:
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    case = load_case(store, case_uuid)
    require_open(case)
    problems = check_closure(closed_on, result, reason, case.opened_on, today or date.today())
    last = (
        store.reader()
        .execute("SELECT max(served_on) FROM service_record WHERE case_id = ?", (case.id,))
        .fetchone()[0]
    )
    if closed_on is not None and last and closed_on.isoformat() < last:
        problems.append(
            Problem(
                "closed_on",
                "date_order",
                {"start_label": "最后一次服务日期", "start": last, "end_label": "结案日期",
                 "end": closed_on},
            )
        )  # fmt: skip
    refuse(problems)
    assert closed_on is not None
    with store.write(actor) as session:
        row = session.exec(select(orm.AidCase).where(orm.AidCase.id == case.id)).one()
        row.status, row.closed_on = "结案", closed_on
        row.close_result, row.close_reason = result, reason.strip()
        session.add(row)
        session.add(
            orm.CaseEvent(
                case_id=case.id, kind="结案", event_on=closed_on, result=result,
                reason=reason.strip(),
            )
        )  # fmt: skip
        person = session.exec(
            select(orm.Beneficiary).where(orm.Beneficiary.id == case.beneficiary_id)
        ).one()
        person.status, person.status_reason = "结案", f"个案结案：{result}，{reason.strip()}"
        session.add(person)


def reopen_case(
    store: Store,
    actor: Actor,
    case_uuid: str,
    reason: str,
    reopened_on: date | None = None,
    today: date | None = None,
) -> None:
    """Reopen a closed case; refused without a reason or while the person has another open case."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    case = load_case(store, case_uuid)
    if case.is_open:
        raise RuleError("case_not_closed", case_no=case.case_no)
    if not reason.strip():
        raise RuleError("reopen_reason_required")
    today = today or date.today()
    reopened_on = reopened_on or today
    if reopened_on > today:
        raise RuleError("date_future", label="重新开案日期")
    assert case.closed_on is not None
    if reopened_on < case.closed_on:
        raise RuleError(
            "date_order", start_label="结案日期", start=case.closed_on,
            end_label="重新开案日期", end=reopened_on,
        )  # fmt: skip
    other = open_case_of(store, case.beneficiary_uuid)
    if other is not None:
        raise RuleError("case_open_exists", name=other.name, case_no=other.case_no, uuid=other.uuid)
    with store.write(actor) as session:
        row = session.exec(select(orm.AidCase).where(orm.AidCase.id == case.id)).one()
        row.status, row.closed_on, row.close_result, row.close_reason = "在案", None, None, ""
        session.add(row)
        session.add(
            orm.CaseEvent(
                case_id=case.id, kind="重新开案", event_on=reopened_on, reason=reason.strip()
            )
        )
        person = session.exec(
            select(orm.Beneficiary).where(orm.Beneficiary.id == case.beneficiary_id)
        ).one()
        person.status, person.status_reason = "在案", ""
        session.add(person)


def events(store: Store, case_uuid: str) -> list[CaseEventRecord]:
    rows = store.reader().execute(
        """SELECT e.kind, e.event_on, e.result, e.reason, coalesce(w.name, '')
           FROM case_event e JOIN aid_case c ON c.id = e.case_id
           LEFT JOIN worker w ON w.uuid = e.updated_by
           WHERE c.uuid = ? ORDER BY e.id""",
        (case_uuid,),
    )
    return [CaseEventRecord(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4]) for r in rows]


__all__ = ["CaseEventRecord", "close_case", "events", "reopen_case", "require_open"]
