"""The assessment level rule (DOMAIN.md §3 Decided) and the needs it pre-fills."""

import pytest

from relief_desktop.domain.casework import DOMAINS, SAFETY, compute_level, needs_from


def level(**named: int) -> str:
    ratings = dict.fromkeys(DOMAINS, 0)
    for index, value in named.items():
        ratings[DOMAINS[int(index[1:])]] = value
    return compute_level(ratings)


def test_all_zero_is_general() -> None:
    assert level() == "一般"


def test_any_domain_at_three_is_urgent() -> None:
    assert level(d5=3) == "紧急"


def test_safety_risk_at_two_is_urgent_but_another_domain_at_two_is_not() -> None:
    safety = DOMAINS.index(SAFETY)
    assert level(**{f"d{safety}": 2}) == "紧急"
    assert level(d0=2) == "一般"
    assert level(**{f"d{safety}": 1}) == "一般"


def test_three_domains_at_two_make_a_key_case_two_do_not() -> None:
    assert level(d0=2, d1=2) == "一般"
    assert level(d0=2, d1=2, d2=2) == "重点"
    assert level(d0=2, d1=2, d2=2, d3=2, d4=1) == "重点"


def test_urgent_wins_over_key() -> None:
    assert level(d0=2, d1=2, d2=2, d3=3) == "紧急"


@pytest.mark.parametrize("mild", range(len(DOMAINS)))
def test_ones_never_raise_the_level(mild: int) -> None:
    ratings = dict.fromkeys(DOMAINS, 1)
    ratings[DOMAINS[mild]] = 0
    assert compute_level(ratings) == "一般"


def test_needs_are_the_domains_rated_two_or_more_in_form_order() -> None:
    ratings = dict.fromkeys(DOMAINS, 0) | {"心理": 2, "住房": 3, "就业": 1}
    assert needs_from(ratings) == ["住房", "心理"]
