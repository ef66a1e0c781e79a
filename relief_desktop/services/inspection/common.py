"""What the inspection services share: settings, the current contract year, a cancel signal."""

from datetime import date

from relief_desktop.domain.inspection import (
    CATEGORY_CODES,
    Period,
    contract_year,
    parse_target,
)
from relief_desktop.services import team
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store


class CancelledError(Exception):
    """Raised by a progress callback to stop a long job; nothing it did is kept."""


def target_key(category: str) -> str:
    return f"inspection_target_{CATEGORY_CODES[category]}"


def target(store: Store, category: str) -> float:
    return parse_target(team.get_setting(store, target_key(category)), category)


def contract_year_of(store: Store, day: date) -> Period:
    return contract_year(team.contract_start(store, day), day)


def community_lookup(conn: dbapi.Connection) -> dict[str, int]:
    """Community names as files write them (双林, 双林社区, 双林社区居委会) -> id."""
    found: dict[str, int] = {}
    street = conn.execute("SELECT value FROM setting WHERE key = 'street_code'").fetchone()
    rows = conn.execute(
        "SELECT id, name FROM community WHERE street_code = ? ORDER BY active DESC, sort_order",
        (street[0] if street else "",),
    )
    for community_id, name in rows:
        for variant in (name, name.removesuffix("社区"), name.removesuffix("村")):
            found.setdefault(variant, community_id)
    return found


def find_community(lookup: dict[str, int], text: str) -> int | None:
    short = text.replace(" ", "").removesuffix("居委会").removesuffix("居民委员会")
    for candidate in (short, short.removesuffix("社区"), short.removesuffix("村")):
        if candidate in lookup:
            return lookup[candidate]
    return None
