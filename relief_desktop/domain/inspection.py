"""Inspection rules (入户核查, DOMAIN.md §2, §6): categories, quarters, targets and coverage.

Coverage (Decided, DOMAIN.md §2): the denominator is every roll unit on the roll for at least one
day of the period; the numerator is those of them with at least one counted inspection dated
inside the period. A unit is a household for 低保 (the roll lists household heads) and a person
for the other categories, so a person inspected twice, or listed twice, counts once.
"""

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from relief_desktop.domain import periods
from relief_desktop.domain.errors import RuleError

# Code word (CLI, settings keys) -> the Chinese category name stored and shown.
CATEGORIES: Final = {
    "dibao": "低保",
    "tekun": "特困",
    "linshi": "临时救助",
    "ertong": "特殊困难群体儿童",
}
CATEGORY_CODES: Final = {name: code for code, name in CATEGORIES.items()}
# The registry labels that put a person in each category (children: any of the subtypes).
CATEGORY_LABELS: Final = {
    "低保": ("低保",),
    "特困": ("特困",),
    "临时救助": ("临时救助",),
    "特殊困难群体儿童": ("孤儿", "事实无人抚养儿童", "困境儿童"),
}
# Seed 3.2: 低保 ≥ 30%, the others 100% of the roll, per quarter.
DEFAULT_TARGETS: Final = {"低保": 0.30, "特困": 1.0, "临时救助": 1.0, "特殊困难群体儿童": 1.0}
HOUSEHOLD_CATEGORIES: Final = ("低保",)

MODES: Final = ("入户", "电话", "未遇")
# Only a visit at home is an 入户核查; a phone call or a closed door is recorded, not counted.
COUNTED_MODES: Final = ("入户",)
CONCLUSIONS: Final = ("属实", "需复核", "建议调整", "建议退出", "失联")
SUPPORT_MODES: Final = ("集中供养", "分散供养")
FEEDBACK_STATUSES: Final = ("待报送", "已报送", "已回复", "已办结")

_CN_QUARTERS = ("一", "二", "三", "四")


def category_name(code_or_name: str) -> str:
    """dibao or 低保 -> 低保; anything else is refused."""
    text = code_or_name.strip()
    if text in CATEGORIES:
        return CATEGORIES[text]
    if text in CATEGORY_CODES:
        return text
    raise RuleError("inspection_category", value=text, choices="、".join(CATEGORIES))


def counts_households(category: str) -> bool:
    return category in HOUSEHOLD_CATEGORIES


def unit_word(category: str) -> str:
    return "户" if counts_households(category) else "人"


@dataclass(frozen=True, order=True)
class Period:
    """A span of days, both ends inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise RuleError(
                "date_order",
                start_label="开始日期",
                start=self.start.isoformat(),
                end_label="结束日期",
                end=self.end.isoformat(),
            )

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def of(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """2026Q4, 2026q4, 2026-Q4 or 2026-4 -> Quarter(2026, 4)."""
        match = re.fullmatch(r"\s*(\d{4})\s*[-_ ]?\s*[Qq]?\s*([1-4])\s*", text)
        if not match:
            raise RuleError("quarter_format", value=text)
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def period(self) -> Period:
        start = date(self.year, 3 * self.number - 2, 1)
        if self.number == 4:
            end = date(self.year, 12, 31)
        else:
            end = date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)
        return Period(start, end)

    def next(self) -> "Quarter":
        return Quarter(self.year + self.number // 4, self.number % 4 + 1)

    def previous(self) -> "Quarter":
        return Quarter(self.year - (self.number == 1), (self.number - 2) % 4 + 1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{_CN_QUARTERS[self.number - 1]}季度"


def contract_year(contract_start: date, day: date) -> Period:
    """The contract year (12 months from the start date, repeating) that holds `day`."""
    year = periods.contract_year_containing(contract_start, day)
    return Period(year.start, year.end)


def quarters_in(period: Period) -> list[Quarter]:
    quarter, last = Quarter.of(period.start), Quarter.of(period.end)
    found = [quarter]
    while quarter < last:
        quarter = quarter.next()
        found.append(quarter)
    return found


def last_day_on_roll(ended_on: date | str) -> date:
    """The store keeps a roll entry's end as the first day off the roll; people read the last
    day on it."""
    end = ended_on if isinstance(ended_on, date) else date.fromisoformat(ended_on)
    return end - timedelta(days=1)


def on_roll_until(ended_on: date | str) -> str:
    """How an end is shown everywhere (GUI, exports, PDFs): 在册至 <last day on the roll>."""
    return f"在册至 {last_day_on_roll(ended_on).isoformat()}"


@dataclass(frozen=True)
class RollSpan:
    """One roll entry as coverage sees it: its unit and the days it was on the roll."""

    entry_id: int
    unit: str  # household key for 低保, ID number otherwise
    started_on: date
    ended_on: date | None  # first day no longer on the roll


@dataclass(frozen=True)
class Visit:
    entry_id: int
    inspected_on: date
    mode: str = "入户"
    uuid: str = ""  # the inspection record, for lists of the records that count


@dataclass(frozen=True)
class Coverage:
    category: str
    period: Period
    numerator: int
    denominator: int
    target: float

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def required(self) -> int:
        """Units that must be inspected to reach the target."""
        return math.ceil(round(self.target * self.denominator, 9))

    @property
    def remaining_to_target(self) -> int:
        return max(0, self.required - self.numerator)

    @property
    def met(self) -> bool:
        return self.numerator >= self.required


def on_roll_during(span: RollSpan, period: Period) -> bool:
    """On the roll for at least one day of the period."""
    return span.started_on <= period.end and (span.ended_on is None or span.ended_on > period.start)


def _units_on_roll(spans: Iterable[RollSpan], period: Period) -> dict[int, str]:
    return {span.entry_id: span.unit for span in spans if on_roll_during(span, period)}


def counted_visits(
    spans: Iterable[RollSpan], visits: Iterable[Visit], period: Period
) -> list[tuple[str, Visit]]:
    """(unit, visit) of every inspection that counts toward coverage, in date order: made in
    person at the home, dated inside the period, of an entry on the roll during it. The one rule
    behind the coverage figure, the 入户核查 counts and every list of the records that count."""
    unit_of = _units_on_roll(spans, period)
    found = [
        (unit_of[visit.entry_id], visit)
        for visit in visits
        if visit.entry_id in unit_of
        and visit.mode in COUNTED_MODES
        and period.contains(visit.inspected_on)
    ]
    return sorted(found, key=lambda pair: (pair[1].inspected_on, pair[1].uuid))


def first_counted_visits(
    spans: Iterable[RollSpan], visits: Iterable[Visit], period: Period
) -> list[tuple[str, Visit]]:
    """The first counted inspection of each unit: one per unit the coverage numerator counts."""
    seen: set[str] = set()
    first: list[tuple[str, Visit]] = []
    for unit, visit in counted_visits(spans, visits, period):
        if unit not in seen:
            seen.add(unit)
            first.append((unit, visit))
    return first


def counted_units(
    spans: Iterable[RollSpan], visits: Iterable[Visit], period: Period
) -> tuple[set[str], set[str]]:
    """(units on the roll during the period, units of them inspected in it)."""
    spans = list(spans)
    roll = set(_units_on_roll(spans, period).values())
    done = {unit for unit, _visit in counted_visits(spans, visits, period)}
    return roll, done


def coverage(
    category: str,
    spans: Sequence[RollSpan],
    visits: Sequence[Visit],
    period: Period,
    target: float | None = None,
) -> Coverage:
    roll, done = counted_units(spans, visits, period)
    return Coverage(
        category,
        period,
        len(done),
        len(roll),
        DEFAULT_TARGETS[category] if target is None else target,
    )


def parse_target(text: str | None, category: str) -> float:
    """A target setting ('30', '30%', '0.3') as a share; the seed's default when unset or bad."""
    if not text:
        return DEFAULT_TARGETS[category]
    cleaned = text.strip().rstrip("%％")
    try:
        value = float(cleaned)
    except ValueError:
        return DEFAULT_TARGETS[category]
    if value > 1:
        value /= 100
    return min(max(value, 0.0), 1.0)


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"
