"""分类建档: open a case for a registered person; list and find cases."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.casework import LEVELS, SOURCES, case_no
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.text import without_controls
from relief_desktop.domain.vocab import LABELS
from relief_desktop.services.casework._common import (
    CaseRecord,
    load_case,
    refuse,
    select_cases,
)
from relief_desktop.services.team import current_street
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

CATEGORIES = LABELS

__all__ = ["CATEGORIES", "CaseRecord", "OpenCaseInput", "load_case"]


@dataclass(frozen=True)
class OpenCaseInput:
    beneficiary_uuid: str
    category: str
    priority: str = "一般"
    source: str = "社区"
    opened_on: date | None = None


def open_case_of(store: Store, beneficiary_uuid: str) -> CaseRecord | None:
    """The person's case that is not closed, if any."""
    found = select_cases(store.reader(), "b.uuid = ? AND c.status = '在案'", (beneficiary_uuid,))
    return found[0] if found else None


def cases_of(store: Store, beneficiary_uuid: str) -> list[CaseRecord]:
    return select_cases(
        store.reader(), "b.uuid = ? ORDER BY c.opened_on, c.id", (beneficiary_uuid,)
    )


def list_cases(store: Store, status: str | None = None, text: str = "") -> list[CaseRecord]:
    """Cases, open first then newest; `text` matches name, case number or file number."""
    where, params = ["1 = 1"], []
    if status:
        where.append("c.status = ?")
        params.append(status)
    text = without_controls(text)  # a search box never fails on NUL or a broken surrogate
    if text.strip():
        like = f"%{text.strip()}%"
        where.append("(b.name LIKE ? OR c.case_no LIKE ? OR b.file_no LIKE ?)")
        params += [like, like, like]
    sql = " AND ".join(where) + " ORDER BY c.status = '结案', c.opened_on DESC, c.id DESC"
    return select_cases(store.reader(), sql, tuple(params))


def next_case_no(store: Store, year: int) -> tuple[str, int]:
    street = current_street(store)
    if street is None:
        raise RuleError("not_set_up")
    row = (
        store.reader()
        .execute("SELECT max(seq) FROM aid_case WHERE street_code = ? AND year = ?", (street, year))
        .fetchone()
    )
    seq = int(row[0] or 0) + 1
    return case_no(street, year, seq), seq


def open_case(store: Store, actor: Actor, data: OpenCaseInput, today: date | None = None) -> str:
    """Open a case (分类建档); refuses a second open case for the same person. Returns its uuid."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    today = today or date.today()
    opened_on = data.opened_on or today
    existing = open_case_of(store, data.beneficiary_uuid)
    if existing is not None:
        raise RuleError(
            "case_open_exists", name=existing.name, case_no=existing.case_no, uuid=existing.uuid
        )
    problems: list[Problem] = []
    if data.category not in CATEGORIES:
        problems.append(Problem("category", "category_required"))
    if data.priority not in LEVELS:
        problems.append(Problem("priority", "choice", {"label": "优先级", "value": data.priority}))
    if data.source not in SOURCES:
        problems.append(Problem("source", "choice", {"label": "来源", "value": data.source}))
    if opened_on > today:
        problems.append(Problem("opened_on", "date_future", {"label": "开案日期"}))
    street = current_street(store)
    with store.write(actor) as session:
        person = session.exec(
            select(orm.Beneficiary).where(orm.Beneficiary.uuid == data.beneficiary_uuid)
        ).first()
        if person is None:
            raise RuleError("record_missing")
        if opened_on < person.registered_on:
            problems.append(
                Problem(
                    "opened_on",
                    "date_order",
                    {
                        "start_label": "登记日期",
                        "start": person.registered_on,
                        "end_label": "开案日期",
                        "end": opened_on,
                    },
                )
            )
        refuse(problems)
        number, seq = next_case_no(store, opened_on.year)
        assert street is not None
        assert person.id is not None
        case = orm.AidCase(
            case_no=number,
            street_code=street,
            year=opened_on.year,
            seq=seq,
            beneficiary_id=person.id,
            category=data.category,
            priority=data.priority,
            source=data.source,
            opened_on=opened_on,
            opened_by=actor.uuid,
        )
        session.add(case)
        # The registry shows where the person stands: a case open means 在案.
        if person.status != "在案" or person.priority != data.priority:
            person.status, person.status_reason = "在案", ""
            person.priority = data.priority
            session.add(person)
        session.flush()
        return case.uuid


def update_case(
    store: Store, actor: Actor, case_uuid: str, category: str, priority: str, source: str
) -> None:
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    problems: list[Problem] = []
    if category not in CATEGORIES:
        problems.append(Problem("category", "category_required"))
    if priority not in LEVELS:
        problems.append(Problem("priority", "choice", {"label": "优先级", "value": priority}))
    if source not in SOURCES:
        problems.append(Problem("source", "choice", {"label": "来源", "value": source}))
    refuse(problems)
    with store.write(actor) as session:
        case = session.exec(select(orm.AidCase).where(orm.AidCase.uuid == case_uuid)).first()
        if case is None:
            raise RuleError("record_missing")
        case.category, case.priority, case.source = category, priority, source
        session.add(case)
