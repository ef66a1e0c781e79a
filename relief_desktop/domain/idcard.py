"""Resident ID numbers (GB 11643-1999): normalise, check, upgrade 15 to 18, read birth and sex."""

import re
from dataclasses import dataclass
from datetime import date
from operator import mul

from relief_desktop.domain import masking
from relief_desktop.domain.errors import RuleError

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ＸｘXx", "0123456789XXXX")
_SPACES = re.compile(r"[\s\u3000\-]+")
_LEGACY = re.compile(r"[0-9]{15}")
_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?E\+?\d+")
_MASK_MARKS = ("*", "＊")  # how exports hide digits: 510108********1234
_ASCII_OFFSET = ord("0") * sum(_WEIGHTS)  # the weighted sum of 17 ASCII codes, less the digits'
# Province-level prefixes of GB/T 2260; anything else is not a mainland resident ID.
_PROVINCES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64"}
    | {"65", "71", "81", "82", "83", "91"}
)


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: date
    sex: str  # 男 / 女
    upgraded_from_15: bool = False
    local: bool = True  # address code is Chengdu Chenghua (510108)


def normalise(raw: str) -> str:
    """Full-width digits and X to ASCII, lower-case x upper, spaces and hyphens dropped."""
    if raw.isascii() and raw.isalnum():  # the usual case: nothing to translate or drop
        return raw.upper()
    return _SPACES.sub("", raw.translate(_FULLWIDTH)).upper()


def is_masked(text: str) -> bool:
    """A number with digits hidden by a masked export (510108********1234): never a real ID."""
    return any(mark in text for mark in _MASK_MARKS)


def spellings(number: str) -> tuple[str, str]:
    """The stored number and its lower-case-x spelling, for duplicate look-ups that must not
    depend on how the check digit X was typed (stores and files written before normalising)."""
    upper = normalise(number)
    return upper, upper[:-1] + upper[-1].lower()


def check_digit(first17: str) -> str:
    if len(first17) != len(_WEIGHTS):
        raise ValueError(first17)
    # map/mul: a 50,000-row roll import checks every number; this is twice the generator's speed.
    if first17.isascii() and first17.isdigit():  # ASCII codes weigh as the digits plus 48 each
        return _CHECK[(sum(map(mul, first17.encode(), _WEIGHTS)) - _ASCII_OFFSET) % 11]
    return _CHECK[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def upgrade_15(number15: str) -> str:
    """A 15-digit legacy number gets '19' before the year and a check digit."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def parse(raw: str, today: date | None = None) -> IdInfo:
    """Validate an ID number; raise RuleError with a code saying what is wrong."""
    number, birth, upgraded = checked(raw, today)
    sex = "男" if int(number[16]) % 2 == 1 else "女"
    return IdInfo(number, birth, sex, upgraded, number.startswith("510108"))


def checked(raw: str, today: date | None = None) -> tuple[str, date, bool]:
    """parse() without the IdInfo: (number, birth date, upgraded from 15 digits). A roll import
    checks 50,000 numbers and needs only these."""
    number = normalise(raw)
    upgraded = False
    if not number:
        raise RuleError("id_empty")
    if not number.isalnum() and is_masked(number):  # a real number is letters and digits only
        raise RuleError("id_masked", value=number)
    if len(number) == 15 and _LEGACY.fullmatch(number):
        number = upgrade_15(number)
        upgraded = True
    if not _NUMBER.fullmatch(number):
        if _SCIENTIFIC.fullmatch(number):
            raise RuleError("id_scientific", value=raw)
        raise RuleError("id_format", length=len(number))
    if number[:2] not in _PROVINCES:
        raise RuleError("id_region", region=number[:6])
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise RuleError("id_birth_invalid", birth=number[6:14]) from None
    today = today or date.today()
    if birth.year < 1900 or birth > today:
        raise RuleError("id_birth_range", birth=birth.isoformat())
    expected = check_digit(number[:17])
    if number[17] != expected:
        raise RuleError("id_check_digit", expected=expected, got=number[17])
    return number, birth, upgraded


def mask(number: str | None) -> str:
    """510108199003121234 -> 510108***********4: the policy of domain/masking.py."""
    return masking.id_number(number)
