"""Reporting periods (DOMAIN.md §6): calendar months and quarters, contract half-years and years.

A record counts in a period when its own date falls inside it, both ends inclusive. The contract
year runs 12 months from the contract start date, which may fall mid-month (2025-12-16 →
2026-12-15); the contract half-year is its first six months.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from relief_desktop.domain.errors import RuleError


@dataclass(frozen=True)
class Period:
    kind: str  # month / quarter / half / year / custom
    start: date
    end: date  # inclusive
    label: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def elapsed_share(self, today: date) -> float:
        """How much of the period has passed on `today` (0 before, 1 after)."""
        if today < self.start:
            return 0.0
        if today >= self.end:
            return 1.0
        return ((today - self.start).days + 1) / self.days


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def month(year: int, month_no: int) -> Period:
    last = calendar.monthrange(year, month_no)[1]
    return Period(
        "month", date(year, month_no, 1), date(year, month_no, last), f"{year}年{month_no}月"
    )


def quarter(year: int, number: int) -> Period:
    if not 1 <= number <= 4:
        raise RuleError("period_format", value=f"{year}Q{number}")
    first = 3 * (number - 1) + 1
    end = month(year, first + 2).end
    return Period("quarter", date(year, first, 1), end, f"{year}年第{number}季度")


def quarter_of(day: date) -> Period:
    return quarter(day.year, (day.month - 1) // 3 + 1)


def month_of(day: date) -> Period:
    return month(day.year, day.month)


def contract_year(contract_start: date) -> Period:
    end = add_months(contract_start, 12) - timedelta(days=1)
    return Period(
        "year", contract_start, end, f"合同年度（{contract_start:%Y-%m-%d}—{end:%Y-%m-%d}）"
    )


def default_contract_start(today: date) -> date:
    """When the setting is missing: a contract year that ends today."""
    return add_months(today, -12) + timedelta(days=1)


def contract_year_containing(contract_start: date, day: date) -> Period:
    """The contract year (12 months from the start date, repeating yearly) that holds `day`."""
    start = contract_start
    while add_months(start, 12) <= day:
        start = add_months(start, 12)
    while start > day:
        start = add_months(start, -12)
    return contract_year(start)


def contract_half(contract_start: date, second: bool = False) -> Period:
    middle = add_months(contract_start, 6)
    if second:
        end = add_months(contract_start, 12) - timedelta(days=1)
        return Period("half", middle, end, f"合同下半年（{middle:%Y-%m-%d}—{end:%Y-%m-%d}）")
    end = middle - timedelta(days=1)
    return Period(
        "half", contract_start, end, f"合同上半年（{contract_start:%Y-%m-%d}—{end:%Y-%m-%d}）"
    )


def last_month(today: date) -> Period:
    return month_of(add_months(today.replace(day=1), -1))


def parse(text: str, contract_start: date | None = None, today: date | None = None) -> Period:
    """'2026-10', '2026Q4', 'contract-year', 'contract-half' (first), 'contract-half2',
    'last-month', 'this-month', 'this-quarter' (around `today`)."""
    value = text.strip()
    relative = {"last-month": last_month, "this-month": month_of, "this-quarter": quarter_of}
    if value in relative:
        return relative[value](today or date.today())
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
        year, month_no = int(m[1]), int(m[2])
        if not 1 <= month_no <= 12:
            raise RuleError("period_format", value=text)
        return month(year, month_no)
    if m := re.fullmatch(r"(\d{4})[Qq]([1-4])", value):
        return quarter(int(m[1]), int(m[2]))
    if value in ("contract-year", "contract-half", "contract-half2"):
        if contract_start is None:
            raise RuleError("contract_start_missing")
        if value == "contract-year":
            return contract_year(contract_start)
        return contract_half(contract_start, second=value.endswith("2"))
    raise RuleError("period_format", value=text)
