"""The feedback list for the bureau (主动发现): issues found on inspection, with their status."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import FEEDBACK_STATUSES, category_name
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class FeedbackRow:
    id: int
    category: str
    found_on: str
    name: str
    id_number: str
    community: str
    source: str
    summary: str
    status: str
    reported_on: str | None
    reply: str
    closed_on: str | None


_SQL = """
SELECT f.id, f.category, f.found_on, coalesce(e.name, ''), coalesce(e.id_number, ''),
       coalesce(c.name, e.community_name, ''), f.source, f.summary, f.status, f.reported_on,
       f.reply, f.closed_on
FROM feedback_item f
LEFT JOIN roll_entry e ON e.id = f.roll_entry_id
LEFT JOIN community c ON c.id = e.community_id
"""


def items(
    store: Store,
    status: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[FeedbackRow]:
    where, params = [], []
    if status:
        where.append("f.status = ?")
        params.append(status)
    if start:
        where.append("f.found_on >= ?")
        params.append(start.isoformat())
    if end:
        where.append("f.found_on <= ?")
        params.append(end.isoformat())
    sql = _SQL + (" WHERE " + " AND ".join(where) if where else "")
    rows = store.reader().execute(sql + " ORDER BY f.found_on DESC, f.id DESC", params)
    return [FeedbackRow(*row) for row in rows]


def add(
    store: Store,
    actor: Actor,
    category: str,
    summary: str,
    found_on: date,
    roll_entry_id: int | None = None,
) -> int:
    """A feedback item found outside an inspection (e.g. on a visit or from a neighbour)."""
    if not summary.strip():
        raise RuleError("feedback_summary_required")

    with store.write(actor) as session:
        item = orm.FeedbackItem(
            category=category_name(category),
            summary=summary.strip(),
            found_on=found_on,
            roll_entry_id=roll_entry_id,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        return item.id


def set_status(
    store: Store,
    actor: Actor,
    item_id: int,
    status: str,
    on: date | None = None,
    reply: str | None = None,
) -> None:
    """Move an item along 待报送 → 已报送 → 已回复 → 已办结, stamping the day it happened."""
    if status not in FEEDBACK_STATUSES:
        raise RuleError("feedback_status", value=status)

    on = on or date.today()
    with store.write(actor) as session:
        item = session.get(orm.FeedbackItem, item_id)
        if item is None:
            raise RuleError("record_missing")
        item.status = status
        if status == "已报送" and item.reported_on is None:
            item.reported_on = on
        if status == "已办结":
            item.closed_on = on
        elif item.closed_on is not None:
            item.closed_on = None
        if reply is not None:
            item.reply = reply.strip()
        session.add(item)
