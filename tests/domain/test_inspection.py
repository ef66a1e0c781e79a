"""Coverage rule, quarters, contract years and targets (DOMAIN.md §2 Decided rule)."""

from datetime import date

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import (
    Period,
    Quarter,
    RollSpan,
    Visit,
    category_name,
    contract_year,
    coverage,
    parse_target,
    quarters_in,
)

Q4 = Quarter(2026, 4).period


def span(entry: int, start: date, end: date | None = None, unit: str | None = None) -> RollSpan:
    return RollSpan(entry, unit or f"p{entry}", start, end)


def test_quarters_have_calendar_bounds_and_parse_from_the_cli() -> None:
    assert Quarter(2026, 1).period == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert Quarter(2024, 1).period.days == 91  # leap year
    assert Quarter(2026, 4).period == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert Quarter.parse("2026Q4") == Quarter(2026, 4)
    assert Quarter.parse("2026-q2") == Quarter(2026, 2)
    assert Quarter.of(date(2026, 3, 31)) == Quarter(2026, 1)
    assert Quarter.of(date(2026, 4, 1)) == Quarter(2026, 2)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2026, 4).label == "2026年第四季度"
    with pytest.raises(RuleError):
        Quarter.parse("2026Q5")


def test_contract_year_starts_on_the_contract_day_not_january() -> None:
    start = date(2025, 12, 16)
    assert contract_year(start, date(2026, 6, 1)) == Period(date(2025, 12, 16), date(2026, 12, 15))
    assert contract_year(start, date(2026, 12, 16)).start == date(2026, 12, 16)
    assert contract_year(start, date(2025, 12, 15)).start == date(2024, 12, 16)
    assert [q.code for q in quarters_in(contract_year(start, date(2026, 1, 1)))] == [
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
        "2026Q4",
    ]


def test_an_entry_ended_or_added_mid_quarter_is_in_the_denominator() -> None:
    spans = [
        span(1, date(2025, 1, 1)),
        span(2, date(2025, 1, 1), date(2026, 11, 15)),  # ended mid-quarter
        span(3, date(2026, 11, 15)),  # added mid-quarter
        span(4, date(2025, 1, 1), date(2026, 10, 1)),  # gone from the quarter's first day
        span(5, date(2027, 1, 1)),  # added after the quarter
        span(6, date(2025, 1, 1), date(2026, 10, 2)),  # on the roll on 1 October only
    ]
    result = coverage("特困", spans, [], Q4)
    assert result.denominator == 4  # 1, 2, 3, 6


def test_an_inspection_on_the_last_day_counts_and_the_next_day_does_not() -> None:
    spans = [span(1, date(2025, 1, 1)), span(2, date(2025, 1, 1))]
    visits = [Visit(1, date(2026, 12, 31)), Visit(2, date(2027, 1, 1)), Visit(2, date(2026, 9, 30))]
    result = coverage("特困", spans, visits, Q4)
    assert (result.numerator, result.denominator) == (1, 2)
    assert result.rate == 0.5
    assert not result.met


def test_a_person_inspected_twice_or_listed_twice_counts_once() -> None:
    spans = [
        span(1, date(2025, 1, 1), date(2026, 11, 1), unit="A"),
        span(2, date(2026, 11, 20), unit="A"),  # back on the roll: the same person
        span(3, date(2025, 1, 1), unit="B"),
    ]
    visits = [Visit(1, date(2026, 10, 5)), Visit(2, date(2026, 12, 1)), Visit(1, date(2026, 10, 9))]
    result = coverage("临时救助", spans, visits, Q4)
    assert (result.numerator, result.denominator) == (1, 2)


def test_phone_checks_and_absent_visits_do_not_count() -> None:
    spans = [span(1, date(2025, 1, 1)), span(2, date(2025, 1, 1))]
    visits = [Visit(1, date(2026, 10, 5), "电话"), Visit(2, date(2026, 10, 5), "未遇")]
    assert coverage("特困", spans, visits, Q4).numerator == 0


def test_dibao_target_is_thirty_percent_of_households() -> None:
    spans = [span(i, date(2025, 1, 1)) for i in range(10)]
    visits = [Visit(i, date(2026, 10, 3)) for i in range(3)]
    result = coverage("低保", spans, visits, Q4)
    assert result.target == 0.30
    assert result.required == 3
    assert result.met
    spans.append(span(10, date(2025, 1, 1)))
    result = coverage("低保", spans, visits, Q4)
    assert result.required == 4  # 30% of 11 households rounds up
    assert result.remaining_to_target == 1


def test_an_empty_roll_has_no_rate() -> None:
    result = coverage("特困", [], [], Q4)
    assert result.rate is None
    assert result.met


def test_categories_and_targets_parse_as_users_write_them() -> None:
    assert category_name("dibao") == "低保"
    assert category_name("特殊困难群体儿童") == "特殊困难群体儿童"
    with pytest.raises(RuleError):
        category_name("低保边缘")
    assert parse_target("50%", "低保") == 0.5
    assert parse_target("0.4", "低保") == 0.4
    assert parse_target("", "特困") == 1.0
    assert parse_target("很多", "低保") == 0.3
