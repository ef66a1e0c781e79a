"""District inspection coverage (全区入户核查覆盖率, seed 9.1): per street and category, the roll,
the units inspected in the quarter and the rate against the street's target, and the district
total per category (the streets' numerators and denominators summed, DOMAIN §6 "District").

Read from the latest version of each street's packets (services/district/figures.py, the same
figures the 全区数据 page shows): a packet's `inspection_*` KPI objects cover the quarter to the
month's end, so the quarter's figure is the one of its last month received. A street without a
packet in the quarter is missing (未报送), never 0; a quarter whose last month has not come in
reads 进行中 until that packet is due, then 数据不全."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.inspection import unit_word
from relief_desktop.domain.periods import Period, quarter_of
from relief_desktop.services.district import figures
from relief_desktop.services.reporting.kpi import INSPECTION_CATEGORIES, KPI_BY_KEY
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.store import Store

MET, MISSED, RUNNING, PARTIAL, NO_ROLL, MISSING = (
    "met",
    "missed",
    "running",
    "partial",
    "no_roll",
    "missing",
)
STATUS_TEXT = {
    MET: "达标",
    MISSED: "未达标",
    RUNNING: "进行中",
    PARTIAL: "数据不全",
    NO_ROLL: "无在册对象",
    MISSING: "未报送",
}
CATEGORIES = tuple((f"inspection_{key}", name) for key, name in INSPECTION_CATEGORIES)


@dataclass(frozen=True)
class Cell:
    """One category of one street (or of the district): inspected of the roll, by its target."""

    key: str  # the KPI key, inspection_dibao …
    category: str  # 低保 …
    inspected: int | None  # None: no packet (missing)
    roll: int | None
    target: float
    status: str

    @property
    def unit(self) -> str:
        return unit_word(self.category)

    @property
    def rate(self) -> float | None:
        return None if not self.roll or self.inspected is None else self.inspected / self.roll

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]


@dataclass(frozen=True)
class StreetCoverage:
    code: str
    name: str
    as_of: str | None  # the month whose packet was read; None: no packet in the period
    complete: bool  # the quarter is over and its last month was received
    cells: dict[str, Cell]


@dataclass(frozen=True)
class DistrictCoverage:
    period: Period
    months: list[str]
    streets: list[StreetCoverage]
    total: dict[str, Cell]

    @property
    def reporting(self) -> int:
        """Streets with a packet in the period."""
        return sum(1 for s in self.streets if s.as_of is not None)


def _status(inspected: int, roll: int, target: float, complete: bool, late: bool) -> str:
    if not roll:
        return NO_ROLL
    if inspected / roll >= target - 1e-9:
        return MET
    if complete:
        return MISSED
    return PARTIAL if late else RUNNING


def coverage(store: Store, quarter: Period, today: date | None = None) -> DistrictCoverage:
    """The quarter's coverage per street and category. A month gives the quarter to its end."""
    today = today or date.today()
    found = figures.district_figures(store, quarter)
    last = found.months[-1]
    over = quarter.end == quarter_of(quarter.end).end  # ends with its quarter: a result
    late = over and today > due_date(last)  # the quarter's last packet is overdue when missing
    streets: list[StreetCoverage] = []
    for street in found.streets:
        complete = over and last in street.months
        cells: dict[str, Cell] = {}
        for key, name in CATEGORIES:
            figure = street.figures.get(key)
            default = KPI_BY_KEY[key].default_target
            if figure is None:
                cells[key] = Cell(key, name, None, None, default, MISSING)
                continue
            inspected, roll = figure.numerator or 0, figure.denominator or 0
            target = float(figure.target) if figure.target is not None else default
            status = _status(inspected, roll, target, complete, late)
            cells[key] = Cell(key, name, inspected, roll, target, status)
        as_of = street.months[-1] if street.months else None
        streets.append(StreetCoverage(street.code, street.name, as_of, complete, cells))
    return DistrictCoverage(quarter, found.months, streets, _totals(streets, late))


def _totals(streets: list[StreetCoverage], late: bool) -> dict[str, Cell]:
    """Per category the streets' figures summed; the target is theirs when they agree."""
    total: dict[str, Cell] = {}
    for key, name in CATEGORIES:
        cells = [s.cells[key] for s in streets if s.as_of is not None]
        targets = {c.target for c in cells}
        target = targets.pop() if len(targets) == 1 else KPI_BY_KEY[key].default_target
        if not cells:
            total[key] = Cell(key, name, None, None, target, MISSING)
            continue
        inspected = sum(c.inspected or 0 for c in cells)
        roll = sum(c.roll or 0 for c in cells)
        complete = all(s.complete for s in streets)
        total[key] = Cell(
            key, name, inspected, roll, target, _status(inspected, roll, target, complete, late)
        )
    return total
