"""The words of the monthly briefing the team writes in the app (工作简报的文字部分)."""

import json
from dataclasses import dataclass, field

from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Narrative:
    month: str  # YYYY-MM
    work_by_area: str = ""
    case_story: str = ""  # anonymised: no names, no ID numbers
    problems: str = ""
    next_plan: str = ""
    photos: tuple[str, ...] = field(default_factory=tuple)  # paths of images to include

    def is_empty(self) -> bool:
        return not any((self.work_by_area, self.case_story, self.problems, self.next_plan))


SECTIONS = (
    ("work_by_area", "各项工作开展情况"),
    ("case_story", "个案故事（匿名）"),
    ("problems", "存在的问题"),
    ("next_plan", "下月工作计划"),
)


def load(store: Store, month: str) -> Narrative:
    row = (
        store.reader()
        .execute(
            "SELECT work_by_area, case_story, problems, next_plan, photos"
            " FROM monthly_narrative WHERE month = ?",
            (month,),
        )
        .fetchone()
    )
    if row is None:
        return Narrative(month)
    return Narrative(month, row[0], row[1], row[2], row[3], tuple(json.loads(row[4] or "[]")))


def save(store: Store, actor: Actor, narrative: Narrative) -> None:
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    values: dict[str, str] = {
        "work_by_area": narrative.work_by_area.strip(),
        "case_story": narrative.case_story.strip(),
        "problems": narrative.problems.strip(),
        "next_plan": narrative.next_plan.strip(),
        "photos": json.dumps(list(narrative.photos), ensure_ascii=False),
    }
    with store.write(actor) as session:
        row = session.exec(
            select(orm.MonthlyNarrative).where(orm.MonthlyNarrative.month == narrative.month)
        ).first()
        if row is None:
            row = orm.MonthlyNarrative(month=narrative.month)
            for key, value in values.items():
                setattr(row, key, value)
        else:
            for key, value in values.items():
                if getattr(row, key) != value:
                    setattr(row, key, value)
        session.add(row)
