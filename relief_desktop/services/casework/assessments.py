"""需求评估: 12 domains rated 0–3, the level rule, kept history and what changed."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.casework import (
    DOMAINS,
    AssessmentInput,
    DomainChange,
    Rating,
    check_assessment,
    compare,
    compute_level,
)
from relief_desktop.domain.errors import RuleError
from relief_desktop.services.casework._common import (
    check_workers,
    load_case,
    refuse,
    require_open,
    to_date,
    worker_names,
)
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    uuid: str
    assessed_on: date
    assessor1: str  # uuid
    assessor2: str
    assessor_names: str
    method: str
    strengths: str
    wishes: str
    next_assessment_on: date | None
    computed_level: str
    level: str
    override_reason: str
    ratings: tuple[Rating, ...]

    def rating_map(self) -> dict[str, int]:
        return {r.domain: r.rating for r in self.ratings}


def save_assessment(
    store: Store, actor: Actor, case_uuid: str, data: AssessmentInput, today: date | None = None
) -> str:
    """Record a new assessment (earlier ones are kept); returns its uuid."""

    case = load_case(store, case_uuid)
    require_open(case)
    problems = check_assessment(data, case.opened_on, today or date.today())
    problems += check_workers(store, [data.assessor1, data.assessor2], "assessors")
    refuse(problems)
    computed = compute_level(data.rating_map())
    level = data.level or computed
    assert data.assessed_on is not None
    with store.write(actor) as session:
        row = orm.NeedsAssessment(
            case_id=case.id,
            assessed_on=data.assessed_on,
            assessor1=data.assessor1,
            assessor2=data.assessor2,
            method=data.method.strip(),
            strengths=data.strengths.strip(),
            wishes=data.wishes.strip(),
            next_assessment_on=data.next_assessment_on,
            computed_level=computed,
            level=level,
            override_reason=data.override_reason.strip() if level != computed else "",
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        for rating in data.ratings:
            session.add(
                orm.AssessmentRating(
                    assessment_id=row.id,
                    domain=rating.domain,
                    rating=rating.rating,
                    note=rating.note.strip(),
                )
            )
        # The case's priority follows its latest level.
        stored = session.get(orm.AidCase, case.id)
        if stored is not None and stored.priority != level:
            stored.priority = level
            session.add(stored)
        return row.uuid


def assessments(store: Store, case_uuid: str) -> list[AssessmentRecord]:
    """All assessments of a case, oldest first."""
    conn = store.reader()
    names = worker_names(store)
    rows = conn.execute(
        """SELECT a.id, a.uuid, a.assessed_on, a.assessor1, a.assessor2, a.method, a.strengths,
                  a.wishes, a.next_assessment_on, a.computed_level, a.level, a.override_reason
           FROM needs_assessment a JOIN aid_case c ON c.id = a.case_id
           WHERE c.uuid = ? ORDER BY a.assessed_on, a.id""",
        (case_uuid,),
    ).fetchall()
    result: list[AssessmentRecord] = []
    for r in rows:
        ratings = conn.execute(
            "SELECT domain, rating, note FROM assessment_rating WHERE assessment_id = ?", (r[0],)
        ).fetchall()
        by_domain = {d: Rating(d, int(v), n) for d, v, n in ratings}

        ordered = tuple(by_domain[d] for d in DOMAINS if d in by_domain)
        result.append(
            AssessmentRecord(
                r[0],
                r[1],
                date.fromisoformat(r[2]),
                r[3],
                r[4],
                f"{names.get(r[3], '')}、{names.get(r[4], '')}",
                r[5],
                r[6],
                r[7],
                to_date(r[8]),
                r[9],
                r[10],
                r[11],
                ordered,
            )
        )
    return result


def latest(store: Store, case_uuid: str) -> AssessmentRecord | None:
    found = assessments(store, case_uuid)
    return found[-1] if found else None


def changes(store: Store, case_uuid: str, assessment_uuid: str) -> list[DomainChange]:
    """What this assessment changed per domain against the one before it (all, if the first)."""
    found = assessments(store, case_uuid)
    for index, record in enumerate(found):
        if record.uuid == assessment_uuid:
            before = found[index - 1].rating_map() if index > 0 else None
            notes = {r.domain: r.note for r in record.ratings}
            return [
                DomainChange(c.domain, c.before, c.after, notes.get(c.domain, ""))
                for c in compare(before, record.rating_map())
            ]
    raise RuleError("record_missing")
