"""The one masking policy (domain/masking.py)."""

from datetime import date

from relief_desktop.domain import masking
from relief_desktop.domain.idcard import check_digit


def test_a_masked_id_hides_the_birth_date_and_the_sequence() -> None:
    """Replays: masking hid digits 7–14, exactly the birth date printed beside it."""
    assert masking.id_number("510108198503120235") == "510108***********5"
    assert masking.id_number("510108850312023") == "510108*********"
    assert masking.id_number("E12345678") == "E1*******"
    assert masking.id_number(None) == ""


def test_the_birth_date_beside_a_masked_id_is_the_year_month() -> None:
    assert masking.birth(date(1985, 3, 12)) == "1985-03"
    assert masking.birth("1985-03-12") == "1985-03"
    assert masking.birth(None) == ""


def test_the_same_name_masks_the_same_way_whatever_its_length() -> None:
    assert [masking.name(n) for n in ("张三丰", "张三", "欧阳娜娜", "张", " 李四 ")] == [
        "张**",
        "张*",
        "欧***",
        "张",
        "李*",
    ]


def test_phones_keep_the_first_three_and_last_four_digits() -> None:
    assert masking.phone("13812345678") == "138****5678"
    assert masking.phone("028-84321234") == "028****1234"


def test_free_text_has_ids_and_phones_masked_in_it() -> None:
    first17 = "51010819850312023"
    number = first17 + check_digit(first17)
    text = f"身份证{number}，电话 138 1234 5678，座机028-84321234，+8613912345678，共3人"
    scrubbed = masking.scrub(text)
    assert scrubbed == (
        f"身份证{masking.id_number(number)}，电话 138****5678，座机028****1234，139****5678，共3人"
    )
    assert masking.scrub("2026-10-12 上门 2 次，档案号 510108004-2025-0001") == (
        "2026-10-12 上门 2 次，档案号 510108004-2025-0001"
    )
