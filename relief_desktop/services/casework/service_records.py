"""个案服务台账: what was done for whom, when, how, by whom; per case and per day."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.casework import ServiceInput, check_service
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.services.casework._common import (
    check_workers,
    load_case,
    refuse,
    to_date,
    worker_names,
)
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class ServiceRow:
    id: int
    uuid: str
    case_uuid: str
    case_no: str
    name: str  # the person's name
    served_on: date
    measure_uuid: str | None
    measure: str
    service_type: str
    mode: str
    content: str
    minutes: int
    workers: tuple[str, ...]  # uuids
    worker_names: str
    resources: str
    handover_uuid: str | None
    next_step: str
    next_step_on: date | None

    def as_input(self) -> ServiceInput:
        """The record as a form's starting point (copy the last record)."""
        return ServiceInput(
            served_on=self.served_on,
            mode=self.mode,
            content=self.content,
            workers=self.workers,
            minutes=self.minutes,
            service_type=self.service_type,
            measure_uuid=self.measure_uuid,
            resources=self.resources,
            next_step=self.next_step,
            next_step_on=self.next_step_on,
            handover_uuid=self.handover_uuid,
        )


_SELECT = """
SELECT s.id, s.uuid, c.uuid, c.case_no, b.name, s.served_on, m.uuid, coalesce(m.content, ''),
       s.service_type, s.mode, s.content, s.minutes,
       (SELECT group_concat(w.worker, ',') FROM service_record_worker w
        WHERE w.service_record_id = s.id),
       s.resources, s.handover_uuid, s.next_step, s.next_step_on
FROM service_record s
JOIN aid_case c ON c.id = s.case_id
JOIN beneficiary b ON b.id = s.beneficiary_id
LEFT JOIN aid_measure m ON m.id = s.measure_id
"""


def _rows(store: Store, where: str, params: tuple[object, ...]) -> list[ServiceRow]:
    names = worker_names(store)
    result: list[ServiceRow] = []
    for r in store.reader().execute(f"{_SELECT} WHERE {where}", params):
        workers = tuple(sorted(str(r[12] or "").split(","), key=lambda u: names.get(u, u)))
        workers = tuple(w for w in workers if w)
        result.append(
            ServiceRow(
                r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), r[6], r[7], r[8], r[9],
                r[10], r[11], workers, "、".join(names.get(w, "") for w in workers), r[13],
                r[14], r[15], to_date(r[16]),
            )
        )  # fmt: skip
    return result


def count_for_case(store: Store, case_uuid: str) -> int:
    row = (
        store.reader()
        .execute(
            "SELECT count(*) FROM service_record s JOIN aid_case c ON c.id = s.case_id"
            " WHERE c.uuid = ?",
            (case_uuid,),
        )
        .fetchone()
    )
    return int(row[0])


def page_for_case(store: Store, case_uuid: str, offset: int, limit: int) -> list[ServiceRow]:
    """Newest first, a page at a time (a long case has hundreds of records)."""
    return _rows(
        store,
        "c.uuid = ? ORDER BY s.served_on DESC, s.id DESC LIMIT ? OFFSET ?",
        (case_uuid, limit, offset),
    )


def for_case(store: Store, case_uuid: str) -> list[ServiceRow]:
    """All records of a case, oldest first (the case file)."""
    return _rows(store, "c.uuid = ? ORDER BY s.served_on, s.id", (case_uuid,))


def for_day(store: Store, day: date) -> list[ServiceRow]:
    return _rows(store, "s.served_on = ? ORDER BY s.id", (day.isoformat(),))


def in_period(store: Store, start: date, end: date) -> list[ServiceRow]:
    """Records dated start..end inclusive (the monthly 个案服务台账)."""
    return _rows(
        store,
        "s.served_on BETWEEN ? AND ? ORDER BY s.served_on, s.id",
        (start.isoformat(), end.isoformat()),
    )


def last_record(store: Store, case_uuid: str) -> ServiceRow | None:
    found = page_for_case(store, case_uuid, 0, 1)
    return found[0] if found else None


def load_record(store: Store, record_uuid: str) -> ServiceRow:
    found = _rows(store, "s.uuid = ?", (record_uuid,))
    if not found:
        raise RuleError("record_missing")
    return found[0]


def _validate(store: Store, case_uuid: str, data: ServiceInput, today: date | None) -> int | None:
    case = load_case(store, case_uuid)
    problems = check_service(data, case.opened_on, case.closed_on, today or date.today())
    problems += check_workers(store, list(data.workers), "workers")
    measure_id: int | None = None
    if data.measure_uuid:
        row = (
            store.reader()
            .execute(
                """SELECT m.id FROM aid_measure m JOIN aid_plan p ON p.id = m.plan_id
               WHERE m.uuid = ? AND p.case_id = ?""",
                (data.measure_uuid, case.id),
            )
            .fetchone()
        )
        if row is None:
            problems.append(Problem("measure", "measure_unknown"))
        else:
            measure_id = int(row[0])
    if data.handover_uuid:
        # A handover links a donation to the person it reached: only that person's own.
        owner = (
            store.reader()
            .execute(
                "SELECT beneficiary_id FROM resource_handover WHERE uuid = ?",
                (data.handover_uuid,),
            )
            .fetchone()
        )
        if owner is None or int(owner[0]) != case.beneficiary_id:
            problems.append(Problem("handover", "handover_other_person"))
    refuse(problems)
    return measure_id


def add_service(
    store: Store, actor: Actor, case_uuid: str, data: ServiceInput, today: date | None = None
) -> str:
    """Record a service given to the person of a case; returns the record's uuid.

    A closed case takes records dated up to its closure (late entry), none after.
    """

    case = load_case(store, case_uuid)
    measure_id = _validate(store, case_uuid, data, today)
    assert data.served_on is not None
    with store.write(actor) as session:
        record = orm.ServiceRecord(
            case_id=case.id,
            beneficiary_id=case.beneficiary_id,
            served_on=data.served_on,
            measure_id=measure_id,
            service_type=data.service_type,
            mode=data.mode,
            content=data.content.strip(),
            minutes=data.minutes,
            resources=data.resources.strip(),
            next_step=data.next_step.strip(),
            next_step_on=data.next_step_on,
            handover_uuid=data.handover_uuid,
        )
        session.add(record)
        session.flush()
        assert record.id is not None
        for worker in dict.fromkeys(data.workers):
            session.add(orm.ServiceRecordWorker(service_record_id=record.id, worker=worker))
        return record.uuid


def update_service(
    store: Store, actor: Actor, record_uuid: str, data: ServiceInput, today: date | None = None
) -> None:
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    current = load_record(store, record_uuid)
    measure_id = _validate(store, current.case_uuid, data, today)
    assert data.served_on is not None
    with store.write(actor) as session:
        record = session.exec(
            select(orm.ServiceRecord).where(orm.ServiceRecord.uuid == record_uuid)
        ).one()
        values = {
            "served_on": data.served_on,
            "measure_id": measure_id,
            "service_type": data.service_type,
            "mode": data.mode,
            "content": data.content.strip(),
            "minutes": data.minutes,
            "resources": data.resources.strip(),
            "next_step": data.next_step.strip(),
            "next_step_on": data.next_step_on,
            "handover_uuid": data.handover_uuid,
        }
        for key, value in values.items():
            if getattr(record, key) != value:
                setattr(record, key, value)
        session.add(record)
        links = list(
            session.exec(
                select(orm.ServiceRecordWorker).where(
                    orm.ServiceRecordWorker.service_record_id == record.id
                )
            )
        )
        wanted = list(dict.fromkeys(data.workers))
        for link in links:
            if link.worker not in wanted:
                session.delete(link)
        have = {link.worker for link in links}
        assert record.id is not None
        for worker in wanted:
            if worker not in have:
                session.add(orm.ServiceRecordWorker(service_record_id=record.id, worker=worker))


def between(store: Store, start: date, end: date) -> list[ServiceRow]:
    """Every record dated start..end (both inclusive), oldest first: the period's ledger."""
    return _rows(
        store,
        "s.served_on BETWEEN ? AND ? ORDER BY s.served_on, s.id",
        (start.isoformat(), end.isoformat()),
    )
