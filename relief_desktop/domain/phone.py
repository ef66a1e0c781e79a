"""Mobile and Chengdu landline numbers (DOMAIN.md §4)."""

import re

from relief_desktop.domain import masking
from relief_desktop.domain.errors import RuleError

_DROP = re.compile(r"[\s\u3000\-()（）]+")
_FULLWIDTH = str.maketrans("０１２３４５６７８９＋－", "0123456789+-")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_CHENGDU = re.compile(r"028[0-9]{8}")
_LOCAL = re.compile(r"[2-9][0-9]{7}")


def normalise(raw: str) -> str:
    """Return the number in its stored form: 11 digits for a mobile, 028-XXXXXXXX for a landline."""
    if len(raw) == 11 and raw.isascii() and _MOBILE.fullmatch(raw):  # the usual case
        return raw
    text = raw.strip().translate(_FULLWIDTH)
    if not text:
        return ""
    compact = _DROP.sub("", text)
    if "*" in compact or "＊" in compact:  # 138****1234 from a masked export
        raise RuleError("phone_masked", value=compact)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    if _MOBILE.fullmatch(compact):
        return compact
    if _CHENGDU.fullmatch(compact):
        return f"028-{compact[3:]}"
    if _LOCAL.fullmatch(compact):
        # Local callers often leave out the 028 area code.
        return f"028-{compact}"
    if compact.startswith("1"):
        raise RuleError("phone_mobile", digits=len(compact))
    raise RuleError("phone_format")


def mask(phone: str | None) -> str:
    """13812345678 -> 138****5678: the policy of domain/masking.py."""
    return masking.phone(phone)
