"""Phone numbers and money as typed by a worker."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relief_desktop.domain import money, phone
from relief_desktop.domain.errors import RuleError


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+86-13800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("１３８００１３８０００", "13800138000"),
        ("028-84567890", "028-84567890"),
        ("02884567890", "028-84567890"),
        ("(028) 8456 7890", "028-84567890"),
        ("84567890", "028-84567890"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_phone_numbers_are_stored_in_one_form(typed: str, stored: str) -> None:
    assert phone.normalise(typed) == stored


@pytest.mark.parametrize(
    ("typed", "code", "says"),
    [
        ("1380013800", "phone_mobile", "现在是 10 位"),
        ("138001380001", "phone_mobile", "现在是 12 位"),
        ("12800138000", "phone_mobile", "1 开头的 11 位"),
        ("010-12345678", "phone_format", "028-12345678"),
        ("abc", "phone_format", "手机填 11 位数字"),
        ("0288456789", "phone_format", "028-12345678"),
    ],
)
def test_wrong_phone_numbers_say_how_to_write_them(typed: str, code: str, says: str) -> None:
    with pytest.raises(RuleError) as caught:
        phone.normalise(typed)
    assert caught.value.code == code
    assert says in str(caught.value)


def test_phone_mask_hides_the_middle() -> None:
    assert phone.mask("13800138000") == "138****8000"
    assert phone.mask("028-84567890") == "028****7890"
    assert phone.mask("") == ""


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("0", 0),
        ("12", 1200),
        ("1,234.5", 123450),
        ("１２３４.５元", 123450),
        ("￥1 120.00", 112000),
        ("0.01", 1),
        ("12.340", 1234),
    ],
)
def test_parse_yuan_gives_exact_fen(typed: str, fen: int) -> None:
    assert money.parse_yuan(typed) == fen


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "money_empty"),
        ("元", "money_empty"),
        ("abc", "money_format"),
        ("-5", "money_negative"),
        ("12.345", "money_precision"),
        ("nan", "money_format"),
        ("Infinity", "money_format"),
    ],
)
def test_parse_yuan_refuses_with_a_code(typed: str, code: str) -> None:
    with pytest.raises(RuleError) as caught:
        money.parse_yuan(typed)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (None, ""),
        (0, "0.00"),
        (5, "0.05"),
        (123450, "1,234.50"),
        (-5, "-0.05"),
        (10**8, "1,000,000.00"),
    ],
)
def test_format_yuan(fen: int | None, text: str) -> None:
    assert money.format_yuan(fen) == text


@given(st.integers(min_value=0, max_value=money.MAX_YUAN * 100))
def test_formatted_amounts_parse_back_to_the_same_fen(fen: int) -> None:
    assert money.parse_yuan(money.format_yuan(fen)) == fen


@pytest.mark.parametrize("text", ["100000000.01", "1e+26", "99999999999999999999"])
def test_an_amount_no_street_center_has_is_refused_not_an_internal_error(text: str) -> None:
    """Found by the import property tests: 1e+26 raised decimal.InvalidOperation, 1e20 passed
    the check and then overflowed SQLite's integer at commit."""
    with pytest.raises(RuleError) as refused:
        money.parse_yuan(text)
    assert refused.value.code == "money_too_large"
    assert "不像真实金额" in str(refused.value)


def test_digits_of_other_scripts_are_not_a_phone_number() -> None:
    with pytest.raises(RuleError):
        phone.normalise("١٣٨٠٠١٣٨٠٠٠")
