"""The words of a half-year or year-end report the team writes in the app (schema 9):
a short overview, the problems met (存在问题) and the plan for the next period (下阶段计划)."""

from dataclasses import dataclass

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

MAX_CHARS = 5000
FIELDS = (
    ("overview", "工作概述"),
    ("problems", "存在问题"),
    ("next_plan", "下阶段工作计划"),
)


@dataclass(frozen=True)
class ReportTexts:
    overview: str = ""
    problems: str = ""
    next_plan: str = ""


def load(store: Store, period: Period) -> ReportTexts:
    row = (
        store.reader()
        .execute(
            "SELECT overview, problems, next_plan FROM period_report_text"
            " WHERE period_start = ? AND period_end = ?",
            (period.start.isoformat(), period.end.isoformat()),
        )
        .fetchone()
    )
    return ReportTexts() if row is None else ReportTexts(row[0], row[1], row[2])


def save(store: Store, actor: Actor, period: Period, texts: ReportTexts) -> None:
    """Check every field first, then write all three in one transaction."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    values = {key: str(getattr(texts, key)).strip() for key, _ in FIELDS}
    for key, label in FIELDS:
        if len(values[key]) > MAX_CHARS:
            raise RuleError("too_long", label=label, max=MAX_CHARS)
    start, end = period.start.isoformat(), period.end.isoformat()
    with store.write(actor) as session:
        row = session.exec(
            select(orm.PeriodReportText).where(
                orm.PeriodReportText.period_start == start, orm.PeriodReportText.period_end == end
            )
        ).first()
        if row is None:
            row = orm.PeriodReportText(period_start=start, period_end=end)
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        session.add(row)
