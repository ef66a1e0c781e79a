"""The one masking policy of every output that leaves the app masked.

Packets, ledger and registry exports, case files, the inspection report, half-year and year
reports, the disclosure text, and every log line go through these functions. The aim: no full ID
number, phone number or name can be rebuilt from the fields of one file — or of one packet —
taken together. tests/services/test_masking_attacker.py tries, on every masked output of the demo
street, and must find none.

ID numbers (18 characters: 6 region, 8 birth date, 3 sequence, 1 check digit) keep the region
and the check digit only: 510108199003121234 -> 510108***********4. The old form kept the
sequence and the check digit (510108********1234); the check digit then pins the eight hidden
birth digits as soon as a birth date is printed anywhere near — and even with no date at all, the
~36,500 days of a century pass the check digit ~3,300 times, a birth year-month ~3 times. Hiding
the three sequence digits leaves, even with the full birth date and the sex known, about 45
numbers that pass the check digit; with the birth year-month it is about 1,400.

Birth dates beside a masked ID show the year and month only (1990-03), never the day.

Names keep the first character (the surname, or the first half of 欧阳) and hide the rest, one *
per character: 张三丰 -> 张**, 张三 -> 张*. The same form everywhere — persons, household members,
volunteers, guardians, key-case lists, disclosure text — so two outputs cannot each reveal a
different character.

Phones: mobiles keep the first 3 and last 4 digits (138****1234), landlines the area code and
last 4 (028****5678). No output prints the hidden middle digits anywhere else.

Addresses keep the road or community and drop the door number.

Free text (notes, service content, log lines) is passed through `scrub`, which masks every
ID-shaped and phone-shaped run of digits in it the same way. Names typed into free text are not
found by `scrub`; the forms keep names out of free-text fields.

Not masked: the app's own file and case numbers (档案号, 个案编号), sex, community, dates of
services. They join rows inside a packet, which is fine because no joined row completes an ID.
"""

import re
from datetime import date

_ID_RUN = re.compile(r"(?<![0-9A-Za-z])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9A-Za-z])")
_MOBILE_RUN = re.compile(
    r"(?<![0-9])(?:\+?86[\s-]?)?1[3-9][0-9][\s-]?[0-9]{4}[\s-]?[0-9]{4}(?![0-9])"
)
_LANDLINE_RUN = re.compile(r"(?<![0-9])0[0-9]{2,3}[\s-]?[0-9]{7,8}(?![0-9])")
_DIGITS = re.compile(r"[0-9]{3}")
_ADDRESS_CUT = re.compile(r"^(.*?(?:路|街|巷|道|大道|村|小区|社区))(?=.*\d)")


def id_number(number: str | None) -> str:
    """510108199003121234 -> 510108***********4: the region and the check digit stay."""
    if not number:
        return ""
    number = number.strip()
    if len(number) == 18:
        return number[:6] + "*" * 11 + number[-1]
    if len(number) == 15:  # a legacy number: region, 6 birth digits, 3 sequence, no check digit
        return number[:6] + "*" * 9
    if len(number) <= 4:
        return "*" * len(number)
    return number[:2] + "*" * (len(number) - 2)  # passports and the like: the kind letter stays


def name(full_name: str | None) -> str:
    """张三丰 -> 张**, 张三 -> 张*: the first character and one * per further character."""
    text = (full_name or "").strip()
    if len(text) <= 1:
        return text
    return text[0] + "*" * (len(text) - 1)


def phone(number: str | None) -> str:
    """13812345678 -> 138****5678, 028-84321234 -> 028****1234."""
    if not number:
        return ""
    digits = re.sub(r"[^0-9]", "", number)
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def address(text: str | None) -> str:
    """成都市成华区建设路15号6栋 -> 成都市成华区建设路****: the road stays, the door goes."""
    text = (text or "").strip()
    if not text:
        return ""
    found = _ADDRESS_CUT.match(text)
    if found:
        return found.group(1) + "****"
    return text[: max(2, len(text) // 3)] + "****"


def birth(day: date | str | None) -> str:
    """The birth date beside a masked ID: 1990-03-12 -> 1990-03 (never the day)."""
    if day is None or day == "":
        return ""
    text = day.isoformat() if isinstance(day, date) else str(day).strip()
    match = re.match(r"(\d{4})[-/.年](\d{1,2})", text)
    return f"{match[1]}-{int(match[2]):02d}" if match else ""


def scrub(text: str) -> str:
    """Free text with every ID-shaped and phone-shaped number masked as the fields are."""
    if not text or _DIGITS.search(text) is None:
        return text
    text = _ID_RUN.sub(lambda m: id_number(m[0].upper()), text)
    text = _MOBILE_RUN.sub(lambda m: phone(re.sub(r"[^0-9]", "", m[0])[-11:]), text)
    return _LANDLINE_RUN.sub(lambda m: phone(m[0]), text)


def value(text: str, kind: str) -> str:
    """A field's text masked by the kind of personal data it holds ("" leaves it as it is)."""
    if not text or not kind:
        return text
    if kind == "id":
        return id_number(text)
    if kind == "name":
        return name(text)
    if kind == "phone":
        return phone(text)
    if kind == "address":
        return address(text)
    if kind == "birth":
        return birth(text)
    return scrub(text)
