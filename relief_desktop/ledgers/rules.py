"""Small rules several ledger declarations share (phones, time order, ID numbers)."""

from relief_desktop.domain import idcard, phone
from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers.spec import CheckContext


def check_phone(ctx: CheckContext, key: str) -> None:
    raw = ctx.values.get(key) or ""
    if not raw or ctx.has_problem(key):
        return
    try:
        ctx.values[key] = phone.normalise(str(raw))
    except RuleError as error:
        ctx.add(key, error.code, **error.details)


def check_id_number(ctx: CheckContext, key: str) -> idcard.IdInfo | None:
    raw = str(ctx.values.get(key) or "")
    if not raw or ctx.has_problem(key):
        return None
    try:
        info = idcard.parse(raw, ctx.today)
    except RuleError as error:
        ctx.add(key, error.code, **error.details)
        return None
    ctx.values[key] = info.number
    return info


def minutes_between(start: str, end: str) -> int:
    h1, m1 = (int(x) for x in start.split(":"))
    h2, m2 = (int(x) for x in end.split(":"))
    return (h2 * 60 + m2) - (h1 * 60 + m1)


def check_time_order(
    ctx: CheckContext, start_key: str, end_key: str, start_label: str, end_label: str
) -> int | None:
    """Minutes from start to end, or a problem when the end is not after the start."""
    start, end = ctx.values.get(start_key), ctx.values.get(end_key)
    if not isinstance(start, str) or not isinstance(end, str):
        return None
    minutes = minutes_between(start, end)
    if minutes <= 0:
        ctx.add(
            end_key,
            "date_order",
            end_label=end_label,
            end=end,
            start_label=start_label,
            start=start,
        )
        return None
    return minutes


def check_date_order(
    ctx: CheckContext, start_key: str, end_key: str, start_label: str, end_label: str
) -> None:
    start, end = ctx.values.get(start_key), ctx.values.get(end_key)
    if isinstance(start, str) and isinstance(end, str) and end < start:
        ctx.add(
            end_key,
            "date_order",
            end_label=end_label,
            end=end,
            start_label=start_label,
            start=start,
        )
