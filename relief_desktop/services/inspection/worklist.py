"""The quarter's work list of one category: everyone on the roll, who is still to be inspected."""

from dataclasses import dataclass, field
from datetime import date

from relief_desktop.domain.inspection import COUNTED_MODES, Quarter, category_name
from relief_desktop.services.inspection.coverage import QuarterCoverage, quarter_coverage
from relief_desktop.services.inspection.roll_facts import FACT_SQL, RollFacts, with_facts
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class WorkItem:
    entry_id: int
    name: str
    id_number: str
    community: str
    address: str
    phone: str
    household_size: int | None
    started_on: str
    ended_on: str | None
    file_no: str  # registry file number when the person is registered, else ""
    done_on: str | None  # the first counted inspection of the unit this quarter
    last_inspected: str | None  # the latest inspection of this entry, any time, any mode
    attempts: int  # inspections of the unit this quarter that did not count (phone, absent)
    # What the roll says per category (guardian, amounts …).
    facts: RollFacts = field(default_factory=RollFacts)

    @property
    def done(self) -> bool:
        return self.done_on is not None


@dataclass(frozen=True)
class WorkList:
    coverage: QuarterCoverage
    items: list[WorkItem]

    @property
    def remaining(self) -> list[WorkItem]:
        return [item for item in self.items if not item.done]


_SQL = """
WITH q AS (
    SELECT e.household_key AS unit,
           min(CASE WHEN i.mode IN ({modes}) THEN i.inspected_on END) AS done_on,
           sum(CASE WHEN i.mode IN ({modes}) THEN 0 ELSE 1 END) AS attempts
    FROM inspection i JOIN roll_entry e ON e.id = i.roll_entry_id
    WHERE i.category = :category AND i.inspected_on BETWEEN :start AND :end
    GROUP BY e.household_key
)
SELECT e.id, e.name, e.id_number, coalesce(c.name, e.community_name), e.address, e.phone,
       e.household_size, e.started_on, e.ended_on, coalesce(b.file_no, ''),
       q.done_on,
       (SELECT max(i2.inspected_on) FROM inspection i2 WHERE i2.roll_entry_id = e.id),
       coalesce(q.attempts, 0), {facts}
FROM roll_entry e
LEFT JOIN community c ON c.id = e.community_id
LEFT JOIN beneficiary b ON b.id = e.beneficiary_id
LEFT JOIN q ON q.unit = e.household_key
WHERE e.category = :category AND e.started_on <= :end
  AND (e.ended_on IS NULL OR e.ended_on > :start)
  AND (:community IS NULL OR e.community_id = :community)
ORDER BY coalesce(c.sort_order, 9999), coalesce(c.name, e.community_name), e.address, e.name, e.id
"""


def work_list(
    store: Store,
    category: str,
    quarter: Quarter,
    community_id: int | None = None,
    remaining_only: bool = False,
) -> WorkList:
    category = category_name(category)
    period = quarter.period
    modes = ", ".join(f"'{m}'" for m in COUNTED_MODES)
    rows = store.reader().execute(
        _SQL.format(modes=modes, facts=FACT_SQL),
        {
            "category": category,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "community": community_id,
        },
    )
    items = [WorkItem(*with_facts(row, 13)) for row in rows]
    if remaining_only:
        items = [item for item in items if not item.done]
    return WorkList(quarter_coverage(store, category, quarter), items)


def current_quarter(today: date | None = None) -> Quarter:
    return Quarter.of(today or date.today())
