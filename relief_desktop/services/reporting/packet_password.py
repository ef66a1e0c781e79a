"""The team's packet password (报送资料包密码): entered once (设置 · 报送 or the packet screen),
kept in the store's settings — the store itself is encrypted at rest — and used by every packet
run, GUI and CLI, so packets are AES-256 encrypted by default. `packet --password-file` still
overrides it for one run.

The change log records that the password was set, changed or cleared and by whom, never the
password itself: the row is written with SQL, not through the ORM's logging, and the log entry
carries a placeholder instead of the value.
"""

import json

from relief_desktop.services import passwords
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import utc_now
from relief_desktop.storage.store import Store

KEY = "packet_password"
HIDDEN = "（密码不记入变更记录）"


def get(store: Store) -> str | None:
    """The team's packet password, or None when none is set."""
    row = store.reader().execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
    return str(row[0]) if row and row[0] else None


def is_set(store: Store) -> bool:
    return get(store) is not None


def save(store: Store, actor: Actor, password: str) -> None:
    """Keep `password` as the team's packet password (≥ 8 characters, not a common one)."""
    passwords.check_new(password)
    _write(store, actor, password)


def clear(store: Store, actor: Actor) -> None:
    """No team password: packets are made unencrypted unless a password is given for the run."""
    _write(store, actor, None)


def _write(store: Store, actor: Actor, password: str | None) -> None:
    # deferred: SQLAlchemy is heavy; the first window reads through sqlite3 alone
    from sqlalchemy import text

    now = utc_now()
    with store.write(actor) as session:
        row = session.execute(
            text("SELECT uuid, value FROM setting WHERE key = :key"), {"key": KEY}
        ).first()
        if row is None and password is None:
            return
        if row is None:
            uuid, action, change = orm.new_uuid(), "insert", [None, HIDDEN]
            session.execute(
                text(
                    "INSERT INTO setting (key, value, uuid, created_at, updated_at, updated_by)"
                    " VALUES (:key, :value, :uuid, :now, :now, :by)"
                ),
                {"key": KEY, "value": password, "uuid": uuid, "now": now, "by": actor.uuid},
            )
        else:
            uuid = str(row[0])
            action = "update" if password is not None else "delete"
            change = [HIDDEN if row[1] else None, HIDDEN if password is not None else None]
            if password is None:
                session.execute(text("DELETE FROM setting WHERE key = :key"), {"key": KEY})
            else:
                session.execute(
                    text(
                        "UPDATE setting SET value = :value, updated_at = :now, updated_by = :by"
                        " WHERE key = :key"
                    ),
                    {"key": KEY, "value": password, "now": now, "by": actor.uuid},
                )
        session.add(
            orm.ChangeLog(
                at=now,
                worker_uuid=actor.uuid,
                worker_name=actor.name,
                table_name="setting",
                record_uuid=uuid,
                action=action,
                changes=json.dumps({"key": [KEY, KEY], "value": change}, ensure_ascii=False),
            )
        )
