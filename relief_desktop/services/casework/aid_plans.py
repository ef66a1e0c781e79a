"""个性化关爱援助方案: needs, goals, measures, 重点个案 flag, reviews; every save is a version."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from relief_desktop.domain.casework import PlanInput, ReviewInput, check_plan, check_review
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
class MeasureRecord:
    id: int
    uuid: str
    content: str
    measure_type: str
    resource: str
    worker: str
    worker_name: str
    partner: str
    start_on: date | None
    end_on: date | None
    frequency: str
    active: bool


@dataclass(frozen=True)
class PlanRecord:
    id: int
    uuid: str
    made_on: date
    needs: tuple[str, ...]
    goals: tuple[str, ...]
    key_case: bool
    approver: str
    client_signed: bool
    next_review_on: date | None
    version: int
    measures: tuple[MeasureRecord, ...]  # active ones, in order


@dataclass(frozen=True)
class PlanVersion:
    version: int
    saved_at: str
    saved_by: str
    note: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class ReviewRecord:
    uuid: str
    reviewed_on: date
    progress: tuple[tuple[str, str], ...]
    changes: str
    next_review_on: date | None
    reviewer: str  # name


def load_plan(store: Store, case_uuid: str) -> PlanRecord | None:
    conn = store.reader()
    row = conn.execute(
        """SELECT p.id, p.uuid, p.made_on, p.needs, p.goals, p.key_case, p.approver,
                  p.client_signed, p.next_review_on, p.version
           FROM aid_plan p JOIN aid_case c ON c.id = p.case_id WHERE c.uuid = ?""",
        (case_uuid,),
    ).fetchone()
    if row is None:
        return None
    names = worker_names(store)
    measures = tuple(
        MeasureRecord(
            m[0], m[1], m[2], m[3], m[4], m[5], names.get(m[5], ""), m[6],
            to_date(m[7]), to_date(m[8]), m[9], bool(m[10]),
        )
        for m in conn.execute(
            """SELECT id, uuid, content, measure_type, resource, worker, partner, start_on,
                      end_on, frequency, active
               FROM aid_measure WHERE plan_id = ? AND active = 1 ORDER BY position, id""",
            (row[0],),
        )
    )  # fmt: skip
    return PlanRecord(
        row[0],
        row[1],
        date.fromisoformat(row[2]),
        tuple(json.loads(row[3])),
        tuple(json.loads(row[4])),
        bool(row[5]),
        row[6],
        bool(row[7]),
        to_date(row[8]),
        row[9],
        measures,
    )


def save_plan(
    store: Store, actor: Actor, case_uuid: str, data: PlanInput, today: date | None = None
) -> str:
    """Create the plan or save a change to it; the state after each save is kept as a version."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    case = load_case(store, case_uuid)
    require_open(case)
    problems = check_plan(data, case.opened_on, today or date.today())
    problems += check_workers(store, [m.worker for m in data.measures], "measures")
    refuse(problems)
    assert data.made_on is not None
    needs = [n.strip() for n in data.needs if n.strip()]
    goals = [g.strip() for g in data.goals if g.strip()]
    with store.write(actor) as session:
        plan = session.exec(select(orm.AidPlan).where(orm.AidPlan.case_id == case.id)).first()
        latest = session.exec(
            select(orm.NeedsAssessment)
            .where(orm.NeedsAssessment.case_id == case.id)
            .order_by(orm.NeedsAssessment.assessed_on.desc(), orm.NeedsAssessment.id.desc())  # type: ignore[attr-defined, union-attr]
        ).first()
        values: dict[str, Any] = {
            "made_on": data.made_on,
            "needs": json.dumps(needs, ensure_ascii=False),
            "goals": json.dumps(goals, ensure_ascii=False),
            "key_case": data.key_case,
            "approver": data.approver.strip(),
            "client_signed": data.client_signed,
            "next_review_on": data.next_review_on,
        }
        changed = False
        if plan is None:
            plan = orm.AidPlan(
                case_id=case.id, assessment_id=latest.id if latest else None, **values
            )
            changed = True
        else:
            for key, value in values.items():
                if getattr(plan, key) != value:
                    setattr(plan, key, value)
                    changed = True
        session.add(plan)
        session.flush()
        assert plan.id is not None
        existing = {
            m.uuid: m
            for m in session.exec(select(orm.AidMeasure).where(orm.AidMeasure.plan_id == plan.id))
        }
        kept: set[str] = set()
        for position, item in enumerate(data.measures):
            fields: dict[str, Any] = {
                "position": position,
                "content": item.content.strip(),
                "measure_type": item.measure_type,
                "resource": item.resource.strip(),
                "worker": item.worker,
                "partner": item.partner.strip(),
                "start_on": item.start_on,
                "end_on": item.end_on,
                "frequency": item.frequency.strip(),
                "active": True,
            }
            measure = existing.get(item.uuid or "")
            if measure is None and item.uuid is None:
                # Without an identity, an unchanged line still is the same measure.
                measure = next(
                    (m for m in existing.values()
                     if m.active and m.uuid not in kept and m.content == fields["content"]),
                    None,
                )  # fmt: skip
            if measure is None:
                session.add(orm.AidMeasure(plan_id=plan.id, **fields))
                changed = True
                continue
            kept.add(measure.uuid)
            for key, value in fields.items():
                if getattr(measure, key) != value:
                    setattr(measure, key, value)
                    changed = True
            session.add(measure)
        # A removed measure is retired, not deleted: service records may point at it.
        for measure in existing.values():
            if measure.uuid not in kept and measure.active:
                measure.active = False
                session.add(measure)
                changed = True
        if not changed:
            return plan.uuid
        has_versions = session.exec(
            select(orm.AidPlanVersion).where(orm.AidPlanVersion.plan_id == plan.id)
        ).first()
        if has_versions is not None:
            plan.version += 1
            session.add(plan)
        session.flush()
        names = worker_names(store)
        snapshot = {
            **{k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()},
            "needs": needs,
            "goals": goals,
            "measures": [
                {
                    "content": m.content.strip(),
                    "measure_type": m.measure_type,
                    "resource": m.resource.strip(),
                    "worker": names.get(m.worker, ""),
                    "partner": m.partner.strip(),
                    "start_on": m.start_on.isoformat() if m.start_on else None,
                    "end_on": m.end_on.isoformat() if m.end_on else None,
                    "frequency": m.frequency.strip(),
                }
                for m in data.measures
            ],
        }
        session.add(
            orm.AidPlanVersion(
                plan_id=plan.id,
                version=plan.version,
                saved_by_name=actor.name,
                note=data.note.strip(),
                snapshot=json.dumps(snapshot, ensure_ascii=False, sort_keys=True),
            )
        )
        return plan.uuid


def versions(store: Store, case_uuid: str) -> list[PlanVersion]:
    """Every saved state of the plan, oldest first."""
    rows = store.reader().execute(
        """SELECT v.version, v.created_at, v.saved_by_name, v.note, v.snapshot
           FROM aid_plan_version v JOIN aid_plan p ON p.id = v.plan_id
           JOIN aid_case c ON c.id = p.case_id WHERE c.uuid = ? ORDER BY v.version""",
        (case_uuid,),
    )
    return [PlanVersion(r[0], r[1], r[2], r[3], json.loads(r[4])) for r in rows]


_LABELS = {
    "made_on": "制定日期",
    "needs": "需求",
    "goals": "目标",
    "key_case": "重点个案",
    "approver": "审核人",
    "client_signed": "服务对象签字",
    "next_review_on": "下次回顾",
}


def version_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Readable lines for what one version changed against the one before."""
    lines = [f"{label}：{_show(before.get(k))} → {_show(after.get(k))}"
             for k, label in _LABELS.items() if before.get(k) != after.get(k)]  # fmt: skip
    old = {m["content"]: m for m in before.get("measures", [])}
    new = {m["content"]: m for m in after.get("measures", [])}
    lines += [f"新增措施：{c}" for c in new if c not in old]
    lines += [f"停止措施：{c}" for c in old if c not in new]
    lines += [f"调整措施：{c}" for c in new if c in old and new[c] != old[c]]
    return lines


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（无）"
    return "（无）" if value in (None, "") else str(value)


def add_review(
    store: Store, actor: Actor, case_uuid: str, data: ReviewInput, today: date | None = None
) -> str:
    """方案回顾: progress per goal and changes; moves the plan's next review date."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    case = load_case(store, case_uuid)
    require_open(case)
    plan = load_plan(store, case_uuid)
    if plan is None:
        raise RuleError("plan_missing")
    problems = check_review(data, plan.made_on, today or date.today())
    if data.reviewer:
        problems += check_workers(store, [data.reviewer], "reviewer")
    refuse(problems)
    assert data.reviewed_on is not None
    with store.write(actor) as session:
        review = orm.PlanReview(
            plan_id=plan.id,
            reviewed_on=data.reviewed_on,
            progress=json.dumps([[g, p.strip()] for g, p in data.progress], ensure_ascii=False),
            changes=data.changes.strip(),
            next_review_on=data.next_review_on,
            reviewer=data.reviewer or actor.uuid,
        )
        session.add(review)
        stored = session.exec(select(orm.AidPlan).where(orm.AidPlan.id == plan.id)).one()
        if stored.next_review_on != data.next_review_on:
            stored.next_review_on = data.next_review_on
            session.add(stored)
        session.flush()
        return review.uuid


def reviews(store: Store, case_uuid: str) -> list[ReviewRecord]:
    names = worker_names(store)
    rows = store.reader().execute(
        """SELECT r.uuid, r.reviewed_on, r.progress, r.changes, r.next_review_on, r.reviewer
           FROM plan_review r JOIN aid_plan p ON p.id = r.plan_id
           JOIN aid_case c ON c.id = p.case_id WHERE c.uuid = ? ORDER BY r.reviewed_on, r.id""",
        (case_uuid,),
    )
    return [
        ReviewRecord(
            r[0],
            date.fromisoformat(r[1]),
            tuple((str(g), str(p)) for g, p in json.loads(r[2])),
            r[3],
            to_date(r[4]),
            names.get(r[5] or "", ""),
        )
        for r in rows
    ]
