"""The on-time board (报送及时情况): streets × months, each month judged by DOMAIN §6 "District".

A street's month is on time when its first complete version (the lowest version imported; every
imported packet passed all checks) was generated on or before the 5th of the next month; a later
version replaces the figures, never the on-time status. Months whose due date has not yet come
and that have no packet are "not due", not missing."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.periods import add_months
from relief_desktop.domain.vocab import STREETS
from relief_desktop.services import team
from relief_desktop.services.district import packets
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.store import Store

ON_TIME, LATE, MISSING, NOT_DUE, BEFORE = "on_time", "late", "missing", "not_due", "before"
STATUS_TEXT = {
    ON_TIME: "按时",
    LATE: "逾期",
    MISSING: "未报送",
    NOT_DUE: "未到期",
    BEFORE: "合同前",
}
UNCOUNTED = (NOT_DUE, BEFORE)  # months no street owes a packet for


@dataclass(frozen=True)
class Cell:
    street_code: str
    month: str
    status: str
    due: date
    generated_on: str | None  # of the first version
    imported_on: str | None  # of the first version
    versions: int
    latest_version: int | None

    @property
    def text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class StreetRow:
    code: str
    name: str
    cells: list[Cell]

    @property
    def due_months(self) -> int:
        return sum(1 for c in self.cells if c.status not in UNCOUNTED)

    @property
    def on_time(self) -> int:
        return sum(1 for c in self.cells if c.status == ON_TIME)

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due_months if self.due_months else None


@dataclass(frozen=True)
class Board:
    months: list[str]
    streets: list[StreetRow]

    @property
    def due_months(self) -> int:
        return sum(s.due_months for s in self.streets)

    @property
    def on_time(self) -> int:
        return sum(s.on_time for s in self.streets)

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due_months if self.due_months else None

    def count(self, month: str, status: str) -> int:
        index = self.months.index(month)
        return sum(1 for s in self.streets if s.cells[index].status == status)


def months_ending(month: str, count: int = 12) -> list[str]:
    """`count` months ending with `month` ('2026-10'), oldest first."""
    year, number = (int(x) for x in month.split("-"))
    last = date(year, number, 1)
    return [f"{add_months(last, -n):%Y-%m}" for n in range(count - 1, -1, -1)]


def judge(
    code: str,
    versions: list[packets.Received],
    month: str,
    today: date,
    since: date | None = None,
) -> Cell:
    """One street-month; with no packet, a month ending before `since` (the district's contract
    start, when set) is owed by nobody."""
    due = due_date(month)
    if not versions:
        before = since is not None and add_months(date.fromisoformat(f"{month}-01"), 1) <= since
        status = BEFORE if before else MISSING if today > due else NOT_DUE
        return Cell(code, month, status, due, None, None, 0, None)
    first = versions[0]
    status = ON_TIME if date.fromisoformat(first.generated_on) <= due else LATE
    return Cell(
        code,
        month,
        status,
        due,
        first.generated_on,
        first.imported_on,
        len(versions),
        versions[-1].version,
    )


def board(store: Store, month: str, count: int = 12, today: date | None = None) -> Board:
    """The board of the `count` months ending with `month`, every Chenghua street a row."""

    today = today or date.today()
    months = months_ending(month, count)
    found = packets.by_street_month(store, months)
    start = team.get_setting(store, team.CONTRACT_START_KEY)
    since = date.fromisoformat(start) if start else None
    rows = []
    for code, name in STREETS.items():
        cells = [judge(code, found.get((code, m), []), m, today, since) for m in months]
        rows.append(StreetRow(code, f"{name}街道", cells))
    return Board(months, rows)


def as_json(result: Board, month: str) -> dict[str, object]:
    """`district board --json`: the month's row per street and the rates over the months shown."""
    index = result.months.index(month)
    return {
        "month": month,
        "months": result.months,
        "streets": [
            {
                "code": s.code,
                "name": s.name,
                "month": _cell_json(s.cells[index]),
                "history": [_cell_json(c) for c in s.cells],
                "on_time": s.on_time,
                "due_months": s.due_months,
                "on_time_rate": None if s.rate is None else round(s.rate, 4),
            }
            for s in result.streets
        ],
        "district": {
            "on_time": result.on_time,
            "due_months": result.due_months,
            "on_time_rate": None if result.rate is None else round(result.rate, 4),
        },
    }


def _cell_json(cell: Cell) -> dict[str, object]:
    return {
        "month": cell.month,
        "status": cell.status,
        "due": cell.due.isoformat(),
        "generated_on": cell.generated_on,
        "imported_on": cell.imported_on,
        "versions": cell.versions,
        "latest_version": cell.latest_version,
    }
