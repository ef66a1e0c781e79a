"""满意度调查: five items on a 5-point scale, anonymous allowed, the surveyor recorded."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.casework import SURVEY_ITEMS, SurveyInput, check_survey
from relief_desktop.services.casework._common import check_workers, load_case, refuse, worker_names
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class SurveyRecord:
    uuid: str
    case_uuid: str | None
    surveyed_on: date
    method: str
    anonymous: bool
    answers: dict[str, int | None]
    comment: str
    surveyor: str  # name


def add_survey(
    store: Store,
    actor: Actor,
    case_uuid: str | None,
    data: SurveyInput,
    today: date | None = None,
) -> str:
    """Record a survey; an anonymous one keeps no link to the case or person."""

    problems = check_survey(data, today or date.today())
    problems += check_workers(store, [data.surveyor], "surveyor")
    case_id = None
    if case_uuid is not None and not data.anonymous:
        case_id = load_case(store, case_uuid).id
    refuse(problems)
    assert data.surveyed_on is not None
    with store.write(actor) as session:
        row = orm.SatisfactionSurvey(
            case_id=case_id,
            surveyed_on=data.surveyed_on,
            method=data.method,
            anonymous=data.anonymous,
            comment=data.comment.strip(),
            surveyor=data.surveyor,
            attitude=data.answers.get("attitude"),
            timeliness=data.answers.get("timeliness"),
            skill=data.answers.get("skill"),
            result=data.answers.get("result"),
            overall=data.answers.get("overall"),
        )
        session.add(row)
        session.flush()
        return row.uuid


_SELECT = """SELECT s.uuid, c.uuid, s.surveyed_on, s.method, s.anonymous, s.attitude,
       s.timeliness, s.skill, s.result, s.overall, s.comment, s.surveyor
FROM satisfaction_survey s LEFT JOIN aid_case c ON c.id = s.case_id"""


def _records(store: Store, where: str, params: tuple[object, ...]) -> list[SurveyRecord]:
    names = worker_names(store)
    return [
        SurveyRecord(
            r[0], r[1], date.fromisoformat(r[2]), r[3], bool(r[4]),
            dict(zip([k for k, _ in SURVEY_ITEMS], r[5:10], strict=True)), r[10],
            names.get(r[11], ""),
        )
        for r in store.reader().execute(f"{_SELECT} WHERE {where}", params)
    ]  # fmt: skip


def for_case(store: Store, case_uuid: str) -> list[SurveyRecord]:
    return _records(store, "c.uuid = ? ORDER BY s.surveyed_on, s.id", (case_uuid,))


def in_period(store: Store, start: date, end: date) -> list[SurveyRecord]:
    return _records(
        store,
        "s.surveyed_on BETWEEN ? AND ? ORDER BY s.surveyed_on, s.id",
        (start.isoformat(), end.isoformat()),
    )
