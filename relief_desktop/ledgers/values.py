"""Cell values of a ledger field: parse what a form or a file gives, format what is stored."""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from relief_desktop.domain import masking
from relief_desktop.domain import text as texts
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.money import format_yuan, parse_yuan
from relief_desktop.ledgers.spec import Field

MULTI_SEPARATOR = "、"
FILE_SEPARATOR = "\n"
_SPLIT = re.compile(r"[、,，;；/\s]+")
_TRUE = {"是", "有", "已", "√", "✓", "✔", "y", "yes", "true", "1", "对", "已签收", "已报备"}
_FALSE = {"否", "无", "未", "×", "x", "n", "no", "false", "0", "", "未签收", "未报备"}


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_date(text: str) -> date | None:
    """2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, 20260305 (and an ISO datetime); full-width
    digits and separators too."""
    text = texts.fold(text)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text)
    if match is None:
        match = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_time(text: str) -> str | None:
    """9:00, 09:00:00, 9点30, 9时, or Excel's fraction of a day (0.375) -> 'HH:MM'."""
    text = texts.fold(text)
    match = re.fullmatch(r"(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*(?:分)?(?::\d{1,2})?", text)
    if match is not None:
        hour, minute = int(match[1]), int(match[2] or 0)
    else:
        try:
            fraction = float(text)
        except ValueError:
            return None
        if not 0 <= fraction < 1:
            return None
        total = round(fraction * 24 * 60)
        hour, minute = divmod(total, 60)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def parse_hundredths(text: str) -> int:
    cleaned = re.sub(r"[,，\s]", "", texts.fold(text))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise RuleError("number_format") from None
    if not value.is_finite():
        raise RuleError("number_format")
    if value < 0:
        raise RuleError("number_negative")
    scaled = value * 100
    if scaled != scaled.to_integral_value():
        raise RuleError("number_precision")
    return int(scaled)


def parse(spec: Field, raw: object) -> tuple[Any, Problem | None]:
    """(stored value, problem) for one field. Blank is '' for text kinds, False for bool and
    None otherwise; `required` is checked by the caller. Refs stay as given (resolved later).

    Free text is kept as typed (domain/text.py); values (numbers, dates, choices …) are read
    through texts.fold, so full-width digits typed with a Chinese input method still count.
    A control character in any typed value is refused, naming the field and the position."""
    label = spec.label
    if isinstance(raw, str):
        refused = texts.problem(spec.key, label, raw)
        if refused is not None:
            return ("" if spec.is_text else None), refused
        if not spec.is_text and spec.kind != "ref":
            raw = texts.fold(raw)
    if spec.kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        text = str(raw or "").strip().lower()
        if text in _TRUE:
            return True, None
        if text in _FALSE:
            return False, None
        return False, Problem(spec.key, "bool_format", {"label": label, "value": raw})
    if spec.is_text:
        return _parse_text(spec, raw)
    if blank(raw):
        return None, None
    if spec.kind == "ref":
        return raw, None
    if spec.kind == "date":
        if isinstance(raw, datetime):
            return raw.date().isoformat(), None
        if isinstance(raw, date):
            return raw.isoformat(), None
        parsed = parse_date(str(raw))
        if parsed is None:
            return None, Problem(spec.key, "date_format", {"label": label, "value": raw})
        return parsed.isoformat(), None
    if spec.kind == "time":
        if isinstance(raw, time):
            return f"{raw.hour:02d}:{raw.minute:02d}", None
        parsed_time = parse_time(str(raw))
        if parsed_time is None:
            return None, Problem(spec.key, "time_format", {"label": label, "value": raw})
        return parsed_time, None
    if spec.kind == "minutes":
        # Written and shown in hours (1.5 = 90 minutes), stored in whole minutes.
        text = re.sub(r"\s*(小时|h|H)\s*$", "", str(raw)).strip()
        try:
            hundredths = raw * 100 if isinstance(raw, int) else parse_hundredths(text)
        except RuleError:
            return None, Problem(spec.key, "hours_format", {"label": label, "value": raw})
        return _bounded(spec, round(hundredths * 60 / 100))
    if spec.kind == "int":
        if isinstance(raw, int):
            number = raw
        else:
            # 12人, 3 次: the unit is dropped; anything else is not a count.
            match = re.fullmatch(r"\s*(\d+)(?:\.0+)?\s*[人次份个场名位张册台件本户]?\s*", str(raw))
            if match is None:
                return None, Problem(spec.key, "int_format", {"label": label, "value": raw})
            number = int(match[1])
        return _bounded(spec, number)
    if spec.kind in ("money", "decimal"):
        if isinstance(raw, int):
            return _bounded(spec, raw)
        try:
            amount = parse_yuan(str(raw)) if spec.kind == "money" else parse_hundredths(str(raw))
        except RuleError as error:
            return None, Problem(spec.key, error.code, {"label": label, "value": raw})
        return _bounded(spec, amount)
    raise AssertionError(spec.kind)


# No count, quantity or amount of a street center comes near this; SQLite stops at 2**63.
MAX_NUMBER = 10**12


def _bounded(spec: Field, number: int) -> tuple[int | None, Problem | None]:
    if spec.minimum is not None and number < spec.minimum:
        return None, Problem(spec.key, "int_min", {"label": spec.label, "min": spec.minimum})
    maximum = MAX_NUMBER if spec.maximum is None else min(spec.maximum, MAX_NUMBER)
    if number > maximum:
        return None, Problem(spec.key, "int_max", {"label": spec.label, "max": f"{maximum:,}"})
    return number, None


def _parse_text(spec: Field, raw: object) -> tuple[str, Problem | None]:
    if spec.kind in ("choice", "multi"):
        text = texts.fold(raw)
    elif spec.kind in ("longtext", "files"):
        text = texts.clean_block(raw)
    else:
        text = texts.clean_line(raw)
    if spec.kind == "files":
        names = [n.strip() for n in re.split(r"[\n;；]+", text) if n.strip()]
        return FILE_SEPARATOR.join(names), None
    if spec.kind == "choice" and text:
        found = _choice(spec, text)
        if found is None:
            details = {"label": spec.label, "value": text, "choices": "、".join(spec.choices)}
            return text, Problem(spec.key, "choice_list", details)
        return found, None
    if spec.kind == "multi" and text:
        chosen: list[str] = []
        for part in _SPLIT.split(text):
            if not part:
                continue
            found = _choice(spec, part)
            if found is None:
                details = {"label": spec.label, "value": part, "choices": "、".join(spec.choices)}
                return text, Problem(spec.key, "choice_list", details)
            if found not in chosen:
                chosen.append(found)
        return MULTI_SEPARATOR.join(c for c in spec.choices if c in chosen), None
    if len(text) > spec.max_length:
        return text, Problem(spec.key, "too_long", {"label": spec.label, "max": spec.max_length})
    return text, None


def _choice(spec: Field, text: str) -> str | None:
    """The listed word, also when written short: 区 -> 区级, 线下 -> 线下定向筹款."""
    compact = text.replace(" ", "")
    if compact in spec.choices:
        return compact
    starting = [c for c in spec.choices if c.startswith(compact)]
    return starting[0] if len(starting) == 1 else None


def mask(value: str, sensitive: str) -> str:
    """A cell as masked exports show it (domain/masking.py); free text has IDs and phones
    masked in it."""
    return masking.value(value, sensitive or "text")


def hundredths_text(value: int | None) -> str:
    if value is None:
        return ""
    whole, part = divmod(value, 100)
    return f"{whole}" if part == 0 else f"{whole}.{part:02d}".rstrip("0")


def display(spec: Field, value: Any) -> str:
    """How a stored value reads in a list or a form."""
    if value is None:
        return ""
    if spec.kind == "bool":
        return "是" if value else "否"
    if spec.kind == "money":
        return format_yuan(int(value))
    if spec.kind == "decimal":
        return hundredths_text(int(value))
    if spec.kind == "minutes":
        return hundredths_text(round(int(value) * 100 / 60))
    if spec.kind == "files":
        count = len([n for n in str(value).split(FILE_SEPARATOR) if n])
        return f"{count} 个" if count else ""
    return str(value)


def hours(minutes: int) -> float:
    return round(minutes / 60, 2)
