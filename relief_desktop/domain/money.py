"""Money as integer fen: exact sums, never a float."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.text import fold

MAX_YUAN = 100_000_000  # one hundred million yuan: any larger figure is a typo


def parse_yuan(text: str) -> int:
    """'1,234.5' or '１２３４.５元' -> 123450 fen. More than two decimals is refused."""
    cleaned = re.sub(r"[,，\s元￥¥]", "", fold(text))
    if not cleaned:
        raise RuleError("money_empty")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RuleError("money_format", value=text) from None
    if not value.is_finite():  # Decimal accepts 'nan' and 'Infinity'
        raise RuleError("money_format", value=text)
    if value < 0:
        raise RuleError("money_negative")
    if value > MAX_YUAN:  # 1e+26 from a broken cell, never a real amount of a street center
        raise RuleError("money_too_large", value=text, max=f"{MAX_YUAN:,}")
    fen = value * 100
    if fen != fen.to_integral_value():
        raise RuleError("money_precision", value=text)
    return int(fen.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_yuan(fen: int | None) -> str:
    if fen is None:
        return ""
    sign = "-" if fen < 0 else ""
    yuan, cents = divmod(abs(fen), 100)
    return f"{sign}{yuan:,}.{cents:02d}"
