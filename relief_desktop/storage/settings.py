"""What first run set up and every layer reads: the street and its communities, the settings the
store keeps (contract start, targets) and the words derived from them (the heading of a printed
sheet). Below the services, so ledgers and exports can use them too."""

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from relief_desktop.domain.vocab import STREETS
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import utc_now
from relief_desktop.storage.store import Store

STREET_KEY = "street_code"
EDITION_KEY = "edition"
STREET = "street"
DISTRICT = "district"


@dataclass(frozen=True)
class CommunityRow:
    id: int
    code: str
    name: str
    active: bool


def get_setting(store: Store, key: str, default: str | None = None) -> str | None:
    row = store.reader().execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row else default


def set_setting(store: Store, actor: Actor, key: str, value: str) -> None:
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    with store.write(actor) as session:
        row = session.exec(select(orm.Setting).where(orm.Setting.key == key)).first()
        if row is None:
            session.add(orm.Setting(key=key, value=value))
        elif row.value != value:
            row.value = value
            session.add(row)


SECRET_HIDDEN = "（密码不记入变更记录）"


def set_secret_setting(store: Store, actor: Actor, key: str, value: str | None) -> None:
    """Keep (or, with None, remove) a secret setting — a password, a key — in one transaction.
    The store is encrypted at rest; the change log records who set, changed or cleared it,
    never the value (put_secret_setting)."""
    with store.write(actor) as session:
        put_secret_setting(session, actor, key, value)


def put_secret_setting(session: Any, actor: Actor, key: str, value: str | None) -> None:
    """In an open write: the row written with SQL, not through the ORM's logging, and a change
    log entry with a placeholder instead of the value. Nothing when nothing changes."""
    # deferred: SQLAlchemy is heavy; the first window reads through sqlite3 alone
    from sqlalchemy import text

    now = utc_now()
    row = session.execute(
        text("SELECT uuid, value FROM setting WHERE key = :key"), {"key": key}
    ).first()
    if (row is None and value is None) or (row is not None and row[1] == value):
        return
    if row is None:
        uuid, action, change = orm.new_uuid(), "insert", [None, SECRET_HIDDEN]
        session.execute(
            text(
                "INSERT INTO setting (key, value, uuid, created_at, updated_at, updated_by)"
                " VALUES (:key, :value, :uuid, :now, :now, :by)"
            ),
            {"key": key, "value": value, "uuid": uuid, "now": now, "by": actor.uuid},
        )
    else:
        uuid = str(row[0])
        action = "update" if value is not None else "delete"
        change = [SECRET_HIDDEN if row[1] else None, SECRET_HIDDEN if value is not None else None]
        if value is None:
            session.execute(text("DELETE FROM setting WHERE key = :key"), {"key": key})
        else:
            session.execute(
                text(
                    "UPDATE setting SET value = :value, updated_at = :now, updated_by = :by"
                    " WHERE key = :key"
                ),
                {"key": key, "value": value, "now": now, "by": actor.uuid},
            )
    session.add(
        orm.ChangeLog(
            at=now,
            worker_uuid=actor.uuid,
            worker_name=actor.name,
            table_name="setting",
            record_uuid=uuid,
            action=action,
            changes=json.dumps({"key": [key, key], "value": change}, ensure_ascii=False),
        )
    )


def edition(store: Store) -> str:
    """Which edition the store is: a street center's (default) or the district center's."""
    return get_setting(store, EDITION_KEY) or STREET


def current_street(store: Store) -> str | None:
    """The street code chosen at first run, or None before setup."""
    return get_setting(store, STREET_KEY)


def street_name(store: Store) -> str:
    code = current_street(store)
    return STREETS.get(code or "", "")


def print_heading(store: Store, period: str = "") -> str:
    """The page header of a printed sheet: the street's center and the period (or the day the
    file was made), so a loose page still says whose and which."""
    return f"{street_name(store)}街道社会关爱援助中心 · {period or f'导出于 {date.today()}'}"


def communities(store: Store, include_inactive: bool = False) -> list[CommunityRow]:
    code = current_street(store)
    sql = "SELECT id, code, name, active FROM community WHERE street_code = ?"
    if not include_inactive:
        sql += " AND active = 1"
    rows = store.reader().execute(sql + " ORDER BY sort_order, id", (code,)).fetchall()
    return [CommunityRow(r[0], r[1], r[2], bool(r[3])) for r in rows]
