"""District-wide inspection coverage (全区入户核查覆盖率, seed 9.1): per street × category the
quarter's roll size (denominator), units inspected in person (numerator), the ratio against the
street's quarterly target; the district total per category is the streets' numerators over their
denominators (DOMAIN §6 District).

Read from the latest version of each street's latest month of the quarter received: its manifest's
`figures.inspection_quarter` covers the quarter to that month's end (docs/packet-manifest.md), so
the third month's packet carries the whole quarter. A street with no packet of the quarter is
missing, never 0%; one whose latest month is before the quarter's last is under way."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from relief_desktop.domain.inspection import CATEGORIES, DEFAULT_TARGETS, unit_word
from relief_desktop.domain.inspection import Coverage as UnitCoverage
from relief_desktop.domain.inspection import Period as Span
from relief_desktop.domain.periods import Period
from relief_desktop.domain.vocab import STREETS
from relief_desktop.services.district import packets
from relief_desktop.services.district.figures import months_of
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.store import Store

MET, BELOW, UNDER_WAY, NO_ROLL, MISSING, NO_FIGURE = (
    "met",
    "below",
    "under_way",
    "no_roll",
    "missing",
    "no_figure",
)
STATUS_TEXT = {
    MET: "达标",
    BELOW: "未达标",
    UNDER_WAY: "进行中",
    NO_ROLL: "无在册",
    MISSING: "未报送",
    NO_FIGURE: "无季度数字",
}
KEYS = {f"inspection_{code}": name for code, name in CATEGORIES.items()}  # KPI key -> 低保 …


@dataclass(frozen=True)
class CoverageCell:
    key: str  # the KPI key: inspection_dibao …
    category: str  # 低保 …
    numerator: int | None  # units inspected in person at least once in the quarter
    denominator: int | None  # units on the roll on at least one day of the quarter
    target: float | None
    status: str
    streets: int = 1  # streets whose figures are in it (the district total)

    @property
    def rate(self) -> float | None:
        if self.numerator is None or not self.denominator:
            return None
        return self.numerator / self.denominator

    @property
    def text(self) -> str:
        return STATUS_TEXT[self.status]

    def as_json(self) -> dict[str, Any]:
        rate = self.rate
        return {
            "id": self.key,
            "category": self.category,
            "unit": "households" if unit_word(self.category) == "户" else "persons",
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": None if rate is None else round(rate, 4),
            "target": self.target,
            "status": self.status,
        }


@dataclass(frozen=True)
class StreetCoverage:
    code: str
    name: str
    month: str | None  # the month whose packet the figures come from (latest received)
    version: int | None  # that packet's (latest) version
    months_received: list[str]
    months_missing: list[str]  # months of the quarter due by today without a packet
    complete: bool  # the figures cover the whole quarter (its last month's packet)
    cells: dict[str, CoverageCell]


@dataclass(frozen=True)
class DistrictCoverage:
    quarter: Period
    months: list[str]
    streets: list[StreetCoverage]
    total: dict[str, CoverageCell]

    @property
    def code(self) -> str:
        return f"{self.quarter.start.year}Q{(self.quarter.start.month - 1) // 3 + 1}"


def judge(
    key: str, numerator: int, denominator: int, target: float, complete: bool, quarter: Period
) -> str:
    """Met when the units inspected reach the target's share of the roll (rounded up)."""
    if not denominator:
        return NO_ROLL
    found = UnitCoverage(
        KEYS[key], Span(quarter.start, quarter.end), numerator, denominator, target
    )
    if found.met:
        return MET
    return BELOW if complete else UNDER_WAY


def _figures(manifest: dict[str, Any], quarter: Period) -> dict[str, dict[str, Any]] | None:
    """Per KPI key {numerator, denominator, target} of the quarter to the packet's month end; a
    packet written before `inspection_quarter` existed: its KPI objects, when they span the
    quarter; else None."""
    figures = manifest.get("figures", {})
    found = figures.get("inspection_quarter")
    if found and found.get("start") == quarter.start.isoformat():
        return dict(found["categories"])
    kpis = figures.get("kpis", {})
    spans = [kpis.get(key, {}).get("to_date", {}).get("start") for key in KEYS]
    if all(start == quarter.start.isoformat() for start in spans):
        return {key: kpis[key] for key in KEYS}
    return None


def street_coverage(
    code: str,
    versions: dict[str, list[packets.Received]],
    quarter: Period,
    today: date,
) -> StreetCoverage:
    """One street: its months of the quarter received, read from the latest one."""
    months = months_of(quarter)
    received = [m for m in months if versions.get(m)]
    missing = [m for m in months if not versions.get(m) and today > due_date(m)]
    name = f"{STREETS[code]}街道"
    if not received:
        cells = {k: CoverageCell(k, c, None, None, None, MISSING) for k, c in KEYS.items()}
        return StreetCoverage(code, name, None, None, [], missing, False, cells)
    month = received[-1]
    latest = versions[month][-1]
    complete = month == months[-1]
    found = _figures(latest.manifest, quarter)
    cells = {}
    for key, category in KEYS.items():
        entry = None if found is None else found.get(key)
        if entry is None or entry.get("denominator") is None:
            cells[key] = CoverageCell(key, category, None, None, None, NO_FIGURE)
            continue
        num, den = int(entry["numerator"] or 0), int(entry["denominator"])
        target = float(entry["target"])
        status = judge(key, num, den, target, complete, quarter)
        cells[key] = CoverageCell(key, category, num, den, target, status)
    return StreetCoverage(code, name, month, latest.version, received, missing, complete, cells)


def total_cell(key: str, streets: list[StreetCoverage], quarter: Period) -> CoverageCell:
    """The streets' numerators over their denominators; the target the streets share (the
    seed's when they differ); complete only when every street's quarter is."""
    category = KEYS[key]
    counted = [s for s in streets if s.cells[key].denominator is not None]
    if not counted:
        status = NO_FIGURE if any(s.month for s in streets) else MISSING
        return CoverageCell(key, category, None, None, DEFAULT_TARGETS[category], status, 0)
    numerator = sum(s.cells[key].numerator or 0 for s in counted)
    denominator = sum(s.cells[key].denominator or 0 for s in counted)
    targets = {s.cells[key].target for s in counted}
    target = targets.pop() if len(targets) == 1 else DEFAULT_TARGETS[category]
    assert target is not None
    complete = len(counted) == len(streets) and all(s.complete for s in streets)
    status = judge(key, numerator, denominator, target, complete, quarter)
    return CoverageCell(key, category, numerator, denominator, target, status, len(counted))


def coverage(store: Store, quarter: Period, today: date | None = None) -> DistrictCoverage:
    """Every Chenghua street's inspection coverage of the quarter, and the district's."""
    today = today or date.today()
    months = months_of(quarter)
    found = packets.by_street_month(store, months)
    streets = []
    for code in STREETS:
        versions = {m: found.get((code, m), []) for m in months}
        streets.append(street_coverage(code, versions, quarter, today))
    total = {key: total_cell(key, streets, quarter) for key in KEYS}
    return DistrictCoverage(quarter, months, streets, total)


def as_json(result: DistrictCoverage, district: str) -> dict[str, Any]:
    """`district coverage --json`."""
    return {
        "district": district,
        "quarter": {
            "code": result.code,
            "label": result.quarter.label,
            "start": result.quarter.start.isoformat(),
            "end": result.quarter.end.isoformat(),
        },
        "months": result.months,
        "streets": [
            {
                "street": {"code": s.code, "name": s.name},
                "month": s.month,
                "version": s.version,
                "complete": s.complete,
                "months_received": s.months_received,
                "months_missing": s.months_missing,
                "categories": [c.as_json() for c in s.cells.values()],
            }
            for s in result.streets
        ],
        "total": {
            "categories": [{**c.as_json(), "streets": c.streets} for c in result.total.values()],
        },
    }


def rate_text(cell: CoverageCell) -> str:
    """The ratio as the page and the terminal show it: 33.3%（3/9）, or the status."""
    if cell.numerator is None or cell.denominator is None:
        return STATUS_TEXT[cell.status]
    if not cell.denominator:
        return STATUS_TEXT[NO_ROLL]
    return f"{cell.rate:.1%}（{cell.numerator}/{cell.denominator}）"
