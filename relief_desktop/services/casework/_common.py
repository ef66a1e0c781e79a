"""Shared reads of the casework services: a case as a value, worker names, dates."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class CaseRecord:
    id: int
    uuid: str
    case_no: str
    beneficiary_id: int
    beneficiary_uuid: str
    name: str
    file_no: str
    category: str
    priority: str
    source: str
    opened_on: date
    opened_by: str  # worker name
    status: str  # 在案 / 结案
    closed_on: date | None
    close_result: str | None
    close_reason: str
    level: str | None  # of the latest assessment
    key_case: bool

    @property
    def is_open(self) -> bool:
        return self.status == "在案"


_CASE_SQL = """
SELECT c.id, c.uuid, c.case_no, c.beneficiary_id, b.uuid, b.name, b.file_no, c.category,
       c.priority, c.source, c.opened_on, coalesce(w.name, ''), c.status, c.closed_on,
       c.close_result, c.close_reason,
       (SELECT a.level FROM needs_assessment a WHERE a.case_id = c.id
        ORDER BY a.assessed_on DESC, a.id DESC LIMIT 1),
       coalesce((SELECT p.key_case FROM aid_plan p WHERE p.case_id = c.id), 0)
FROM aid_case c
JOIN beneficiary b ON b.id = c.beneficiary_id
LEFT JOIN worker w ON w.uuid = c.opened_by
"""


def case_from_row(row: tuple[object, ...]) -> CaseRecord:
    return CaseRecord(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        int(str(row[3])),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7]),
        str(row[8]),
        str(row[9]),
        date.fromisoformat(str(row[10])),
        str(row[11]),
        str(row[12]),
        to_date(row[13]),
        None if row[14] is None else str(row[14]),
        str(row[15]),
        None if row[16] is None else str(row[16]),
        bool(row[17]),
    )


def select_cases(
    conn: dbapi.Connection, where: str, params: tuple[object, ...]
) -> list[CaseRecord]:
    rows = conn.execute(f"{_CASE_SQL} WHERE {where}", params).fetchall()
    return [case_from_row(tuple(r)) for r in rows]


def load_case(store: Store, case_uuid: str) -> CaseRecord:
    found = select_cases(store.reader(), "c.uuid = ?", (case_uuid,))
    if not found:
        raise RuleError("record_missing")
    return found[0]


def require_open(case: CaseRecord) -> None:
    if not case.is_open:
        raise RuleError("case_closed", case_no=case.case_no)


def to_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def worker_names(store: Store) -> dict[str, str]:
    """uuid -> name of every team member, former ones too (old records still name them)."""
    return {str(u): str(n) for u, n in store.reader().execute("SELECT uuid, name FROM worker")}


def refuse(problems: list[Problem]) -> None:
    if problems:
        raise ValidationFailedError(problems)


def check_workers(store: Store, uuids: list[str], field: str) -> list[Problem]:
    known = worker_names(store)
    return [Problem(field, "worker_unknown", {"value": u}) for u in uuids if u and u not in known]
