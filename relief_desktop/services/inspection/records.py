"""Inspection records (入户核查台账, DOMAIN.md §3): save with its rules, load, list per entry.

Issues found, and any conclusion other than 属实, go to the feedback list for the bureau
(主动发现) in the same transaction.
"""

from dataclasses import asdict, dataclass, field
from datetime import date

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.inspection import CONCLUSIONS, MODES, last_day_on_roll
from relief_desktop.services.inspection.roll_facts import FACT_SQL, RollFacts, with_facts
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class RollEntryRow:
    id: int
    category: str
    name: str
    id_number: str
    household_key: str
    phone: str
    address: str
    community: str
    household_size: int | None
    started_on: str
    ended_on: str | None
    file_no: str
    # What the roll says per category (guardian, amounts …).
    facts: RollFacts = field(default_factory=RollFacts)


@dataclass(frozen=True)
class InspectionInput:
    roll_entry_id: int
    inspected_on: date
    inspector1: str  # worker uuid
    inspector2: str
    conclusion: str
    mode: str = "入户"
    household_size: int | None = None
    health_change: str = ""
    work_change: str = ""
    income_change: str = ""
    housing: str = ""
    vehicles: str = ""
    assets: str = ""
    self_care: str = ""
    support_mode: str = ""
    guardian: str = ""
    living_notes: str = ""
    policy_publicised: bool = False
    issues: str = ""
    reported_on: date | None = None
    signed: bool = False
    photos: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class InspectionRecord:
    id: int
    uuid: str
    data: InspectionInput
    inspector_names: tuple[str, str]


def load_entry(store: Store, entry_id: int) -> RollEntryRow:
    row = (
        store.reader()
        .execute(
            "SELECT e.id, e.category, e.name, e.id_number, e.household_key, e.phone, e.address,"
            " coalesce(c.name, e.community_name), e.household_size, e.started_on, e.ended_on,"
            f" coalesce(b.file_no, ''), {FACT_SQL} FROM roll_entry e"
            " LEFT JOIN community c ON c.id = e.community_id"
            " LEFT JOIN beneficiary b ON b.id = e.beneficiary_id WHERE e.id = ?",
            (entry_id,),
        )
        .fetchone()
    )
    if row is None:
        raise RuleError("roll_entry_missing")
    return RollEntryRow(*with_facts(row, 12))


@dataclass(frozen=True)
class Prefill:
    """What a new inspection starts from: the roll's word, for the inspectors to confirm."""

    household_size: int | None = None
    support_mode: str = ""
    self_care: str = ""
    guardian: str = ""


def prefill(entry: RollEntryRow) -> Prefill:
    """The fields of a new inspection the roll already answers: household size (for 低保 the
    保障人数 when the roll has no 家庭人口), and per category 供养方式 and 自理能力 (特困) or the
    guardian's name (children)."""
    facts = entry.facts
    if entry.category == "特困":
        return Prefill(entry.household_size, facts.support_mode, facts.self_care)
    if entry.category == "特殊困难群体儿童":
        # The name only: this free text goes into the ledger, the ID and phone stay on the roll.
        return Prefill(entry.household_size, guardian=facts.guardian_name)
    # A 低保 roll often gives only 保障人数; the household is at least that many people.
    return Prefill(entry.household_size or facts.covered_persons)


def clean(data: InspectionInput, entry: RollEntryRow, today: date | None = None) -> list[Problem]:
    """What is wrong with the form, field by field; an empty list means it can be saved."""
    today = today or date.today()
    problems: list[Problem] = []
    if not data.inspector1 or not data.inspector2 or data.inspector1 == data.inspector2:
        problems.append(Problem("inspectors", "inspection_inspectors"))
    if data.inspected_on > today:
        problems.append(
            Problem("inspected_on", "inspection_date_future", {"value": data.inspected_on})
        )
    elif data.inspected_on < date.fromisoformat(entry.started_on) or (
        entry.ended_on and data.inspected_on >= date.fromisoformat(entry.ended_on)
    ):
        problems.append(
            Problem(
                "inspected_on",
                "inspection_date_off_roll",
                {
                    "value": data.inspected_on,
                    "category": entry.category,
                    "start": entry.started_on,
                    "end": last_day_on_roll(entry.ended_on) if entry.ended_on else "今",
                },
            )
        )
    if data.conclusion not in CONCLUSIONS:
        problems.append(Problem("conclusion", "inspection_conclusion"))
    elif data.conclusion in ("需复核", "建议调整", "建议退出") and not data.issues.strip():
        problems.append(
            Problem("issues", "inspection_issues_required", {"conclusion": data.conclusion})
        )
    if data.mode not in MODES:
        problems.append(Problem("mode", "inspection_mode", {"value": data.mode}))
    if data.household_size is not None and not 1 <= data.household_size <= 30:
        problems.append(Problem("household_size", "people_count", {"max": 30}))
    if data.reported_on is not None and data.reported_on < data.inspected_on:
        problems.append(
            Problem(
                "reported_on",
                "date_order",
                {
                    "start_label": "核查日期",
                    "start": data.inspected_on,
                    "end_label": "报送民政局日期",
                    "end": data.reported_on,
                },
            )
        )
    return problems


def _worker_ids(store: Store) -> dict[str, int]:
    return {u: i for i, u in store.reader().execute("SELECT id, uuid FROM worker")}


def feedback_summary(data: InspectionInput) -> str:
    parts = [] if data.conclusion == "属实" else [data.conclusion]
    if data.issues.strip():
        parts.append(data.issues.strip())
    return "：".join(parts)


def save(
    store: Store,
    actor: Actor,
    data: InspectionInput,
    inspection_id: int | None = None,
    today: date | None = None,
) -> int:
    """Add (inspection_id None) or change an inspection; returns its id."""
    entry = load_entry(store, data.roll_entry_id)
    problems = clean(data, entry, today)
    if problems:
        raise ValidationFailedError(problems)
    workers = _worker_ids(store)
    if data.inspector1 not in workers or data.inspector2 not in workers:
        raise ValidationFailedError([Problem("inspectors", "inspection_inspectors")])
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    values = asdict(data)
    values.pop("inspector1")
    values.pop("inspector2")
    values["photos"] = "\n".join(data.photos)
    values["inspector1_id"] = workers[data.inspector1]
    values["inspector2_id"] = workers[data.inspector2]
    values["category"] = entry.category
    with store.write(actor) as session:
        if inspection_id is None:
            record = orm.Inspection(**values)
        else:
            found = session.get(orm.Inspection, inspection_id)
            if found is None:
                raise RuleError("record_missing")
            record = found
            for key, value in values.items():
                setattr(record, key, value)
        session.add(record)
        session.flush()
        assert record.id is not None
        summary = feedback_summary(data)
        existing = session.exec(
            select(orm.FeedbackItem).where(orm.FeedbackItem.inspection_id == record.id)
        ).first()
        if summary and existing is None:
            session.add(
                orm.FeedbackItem(
                    inspection_id=record.id,
                    roll_entry_id=entry.id,
                    category=entry.category,
                    found_on=data.inspected_on,
                    summary=summary,
                )
            )
        elif summary and existing is not None and existing.status == "待报送":
            existing.summary = summary
            session.add(existing)
        return record.id


_SELECT = """
SELECT i.id, i.uuid, i.roll_entry_id, i.inspected_on, w1.uuid, w2.uuid, i.conclusion, i.mode,
       i.household_size, i.health_change, i.work_change, i.income_change, i.housing, i.vehicles,
       i.assets, i.self_care, i.support_mode, i.guardian, i.living_notes, i.policy_publicised,
       i.issues, i.reported_on, i.signed, i.photos, w1.name, w2.name
FROM inspection i
JOIN worker w1 ON w1.id = i.inspector1_id
JOIN worker w2 ON w2.id = i.inspector2_id
"""


def _record(row: tuple[object, ...]) -> InspectionRecord:
    (rid, uuid, entry_id, on, u1, u2, conclusion, mode, size, *texts) = row[:12]
    rest = row[12:]
    data = InspectionInput(
        roll_entry_id=int(str(entry_id)),
        inspected_on=date.fromisoformat(str(on)),
        inspector1=str(u1),
        inspector2=str(u2),
        conclusion=str(conclusion),
        mode=str(mode),
        household_size=None if size is None else int(str(size)),
        health_change=str(texts[0]),
        work_change=str(texts[1]),
        income_change=str(texts[2]),
        housing=str(rest[0]),
        vehicles=str(rest[1]),
        assets=str(rest[2]),
        self_care=str(rest[3]),
        support_mode=str(rest[4]),
        guardian=str(rest[5]),
        living_notes=str(rest[6]),
        policy_publicised=bool(rest[7]),
        issues=str(rest[8]),
        reported_on=date.fromisoformat(str(rest[9])) if rest[9] else None,
        signed=bool(rest[10]),
        photos=tuple(p for p in str(rest[11]).split("\n") if p),
    )
    return InspectionRecord(int(str(rid)), str(uuid), data, (str(rest[12]), str(rest[13])))


def load(store: Store, inspection_id: int) -> InspectionRecord:
    row = store.reader().execute(_SELECT + " WHERE i.id = ?", (inspection_id,)).fetchone()
    if row is None:
        raise RuleError("record_missing")
    return _record(row)


def of_entry(store: Store, entry_id: int) -> list[InspectionRecord]:
    rows = store.reader().execute(
        _SELECT + " WHERE i.roll_entry_id = ? ORDER BY i.inspected_on DESC, i.id DESC",
        (entry_id,),
    )
    return [_record(row) for row in rows]
