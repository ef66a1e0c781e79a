"""Resident ID numbers: the DOMAIN.md §4 vectors and properties of every valid number."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relief_desktop.domain import idcard
from relief_desktop.domain.errors import RuleError
from tests.fixtures.people import make_id

TODAY = date(2026, 6, 1)


def refusal(raw: str, today: date = TODAY) -> RuleError:
    with pytest.raises(RuleError) as caught:
        idcard.parse(raw, today)
    return caught.value


def test_worked_example_gets_check_digit_5_and_reads_as_a_man_born_1985_03_12() -> None:
    assert idcard.check_digit("51010819850312023") == "5"
    info = idcard.parse("510108198503120235", TODAY)
    assert info.number == "510108198503120235"
    assert info.sex == "男"
    assert info.birth_date == date(1985, 3, 12)
    assert info.local
    assert not info.upgraded_from_15


@pytest.mark.parametrize(
    ("number", "sex", "birth"),
    [
        ("11010519491231002X", "女", date(1949, 12, 31)),
        ("51010819900101009X", "男", date(1990, 1, 1)),
    ],
)
def test_numbers_ending_in_x_are_valid(number: str, sex: str, birth: date) -> None:
    info = idcard.parse(number, TODAY)
    assert (info.number, info.sex, info.birth_date) == (number, sex, birth)


def test_the_standards_sample_is_not_local_to_chenghua() -> None:
    assert not idcard.parse("11010519491231002X", TODAY).local


def test_a_wrong_check_digit_says_which_digit_was_expected() -> None:
    error = refusal("510108198503120236")
    assert error.code == "id_check_digit"
    assert error.details == {"expected": "5", "got": "6"}
    assert "应为 5" in str(error)


def test_a_birth_date_that_does_not_exist_is_refused() -> None:
    error = refusal("510108198502300235")
    assert error.code == "id_birth_invalid"
    assert "19850230" in str(error)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("５１０１０８１９８５０３１２０２３５", "510108198503120235"),
        ("11010519491231002x", "11010519491231002X"),
        ("11010519491231002ｘ", "11010519491231002X"),
        (" 510108 19850312 0235 ", "510108198503120235"),
    ],
)
def test_full_width_digits_lower_case_x_and_spaces_are_normalised(typed: str, stored: str) -> None:
    assert idcard.parse(typed, TODAY).number == stored


def test_a_15_digit_legacy_number_is_upgraded_to_18() -> None:
    info = idcard.parse("510108850312023", TODAY)
    assert info.number == "510108198503120235"
    assert info.upgraded_from_15
    assert info.birth_date == date(1985, 3, 12)
    assert info.sex == "男"


def test_a_birth_after_today_is_refused() -> None:
    tomorrow = make_id(date(2026, 6, 2), 11)
    error = refusal(tomorrow)
    assert error.code == "id_birth_range"
    assert idcard.parse(make_id(date(2026, 6, 1), 11), TODAY).birth_date == TODAY


def test_a_birth_before_1900_is_refused() -> None:
    assert refusal(make_id(date(1899, 12, 31), 11)).code == "id_birth_range"


@pytest.mark.parametrize("typed", ["5.10108E+17", "5.10108e+17", "5.10108198503E17"])
def test_excel_scientific_notation_is_recognised(typed: str) -> None:
    error = refusal(typed)
    assert error.code == "id_scientific"
    assert "文本" in str(error)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "id_empty"),
        ("5101081985031202", "id_format"),
        ("51010819850312023X5", "id_format"),
        ("990108198503120235", "id_region"),
    ],
)
def test_other_malformed_numbers_are_refused_with_their_code(typed: str, code: str) -> None:
    assert refusal(typed).code == code


def test_mask_keeps_the_region_and_the_check_digit_only() -> None:
    """Replays: the old mask hid exactly the birth date, which the same sheet printed beside it."""
    assert idcard.mask("510108198503120235") == "510108***********5"
    assert idcard.mask("") == ""
    assert idcard.mask(None) == ""


# Every province prefix of the rule, a plausible rest of the address code, any past birth.
regions = st.builds(
    lambda province, rest: province + rest,
    st.sampled_from(sorted(idcard._PROVINCES)),
    st.from_regex(r"[0-9]{4}", fullmatch=True),
)
births = st.dates(min_value=date(1900, 1, 1), max_value=TODAY)
sequences = st.integers(min_value=0, max_value=999)
valid_numbers = st.builds(lambda r, b, s: make_id(b, s, r), regions, births, sequences)


@given(region=regions, birth=births, seq=sequences)
def test_any_valid_number_parses_and_round_trips_birth_and_sex(
    region: str, birth: date, seq: int
) -> None:
    info = idcard.parse(make_id(birth, seq, region), TODAY)
    assert info.birth_date == birth
    assert info.sex == ("男" if seq % 2 else "女")
    assert info.number[:6] == region


@given(number=valid_numbers, position=st.integers(min_value=0, max_value=17), data=st.data())
def test_changing_any_one_digit_of_a_valid_number_is_refused(
    number: str, position: int, data: st.DataObject
) -> None:
    choices = "0123456789X" if position == 17 else "0123456789"
    replacement = data.draw(st.sampled_from([c for c in choices if c != number[position]]))
    typo = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(RuleError):
        idcard.parse(typo, TODAY)


@given(number=valid_numbers)
def test_mask_of_any_valid_number_hides_the_birth_date_and_the_sequence(number: str) -> None:
    masked = idcard.mask(number)
    assert masked == number[:6] + "*" * 11 + number[-1]


def test_digits_of_other_scripts_are_not_accepted_as_an_id_number() -> None:
    # Python's \d and int() accept e.g. Arabic-Indic digits; the stored number must be ASCII.
    arabic = "510108198503120235".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert refusal(arabic).code == "id_format"
