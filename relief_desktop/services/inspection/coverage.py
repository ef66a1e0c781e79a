"""Coverage of each roll against its target, for a quarter, a contract year or any period.

The rule itself is pure (domain.inspection.coverage); this module loads the roll spans and the
inspections of a period. `coverage_for` is what the reporting pages call.
"""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.inspection import (
    CATEGORIES,
    Coverage,
    Period,
    Quarter,
    RollSpan,
    Visit,
    category_name,
    counted_visits,
    coverage,
    first_counted_visits,
)
from relief_desktop.services.inspection.common import contract_year_of, target
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store


def spans(conn: dbapi.Connection, category: str, period: Period) -> list[RollSpan]:
    rows = conn.execute(
        "SELECT id, household_key, started_on, ended_on FROM roll_entry"
        " WHERE category = ? AND started_on <= ? AND (ended_on IS NULL OR ended_on > ?)",
        (category, period.end.isoformat(), period.start.isoformat()),
    )
    return [
        RollSpan(r[0], r[1], date.fromisoformat(r[2]), date.fromisoformat(r[3]) if r[3] else None)
        for r in rows
    ]


def visits(conn: dbapi.Connection, category: str, period: Period) -> list[Visit]:
    rows = conn.execute(
        "SELECT roll_entry_id, inspected_on, mode, uuid FROM inspection"
        " WHERE category = ? AND inspected_on BETWEEN ? AND ?",
        (category, period.start.isoformat(), period.end.isoformat()),
    )
    return [Visit(r[0], date.fromisoformat(r[1]), r[2], r[3]) for r in rows]


def counted_inspections(
    store: Store, category: str | None, start: date, end: date, first_per_unit: bool = False
) -> list[Visit]:
    """The inspections that count toward coverage over start..end (DOMAIN.md §2), of one category
    or all: every one (the 入户核查 count), or the first of each unit (the records behind the
    coverage numerator, one per unit). The same rule as `coverage_for`, never a second one."""
    period = Period(start, end)
    conn = store.reader()
    pick = first_counted_visits if first_per_unit else counted_visits
    found: list[Visit] = []
    for name in [category_name(category)] if category else list(CATEGORIES.values()):
        found += [visit for _unit, visit in pick(spans(conn, name, period),
                                                  visits(conn, name, period), period)]  # fmt: skip
    return found


def coverage_for(store: Store, category: str, start: date, end: date) -> Coverage:
    """Coverage of one category over start..end (both inclusive), with numerator/denominator."""
    category = category_name(category)
    period = Period(start, end)
    conn = store.reader()
    return coverage(
        category,
        spans(conn, category, period),
        visits(conn, category, period),
        period,
        target(store, category),
    )


def coverage_all(store: Store, start: date, end: date) -> list[Coverage]:
    return [coverage_for(store, category, start, end) for category in CATEGORIES.values()]


@dataclass(frozen=True)
class QuarterCoverage:
    """A quarter's rate (what the bureau receives) beside the contract year's so far."""

    quarter: Quarter
    category: str
    in_quarter: Coverage
    in_year: Coverage


def quarter_coverage(
    store: Store, category: str, quarter: Quarter, today: date | None = None
) -> QuarterCoverage:
    """The quarter, and the contract year it belongs to: the one running on the quarter's last
    day, or today while the quarter is still under way."""
    category = category_name(category)
    period = quarter.period
    day = min(period.end, max(period.start, today or date.today()))
    year = contract_year_of(store, day)
    return QuarterCoverage(
        quarter,
        category,
        coverage_for(store, category, period.start, period.end),
        coverage_for(store, category, year.start, year.end),
    )


def quarter_summary(
    store: Store, quarter: Quarter, today: date | None = None
) -> list[QuarterCoverage]:
    return [quarter_coverage(store, category, quarter, today) for category in CATEGORIES.values()]
