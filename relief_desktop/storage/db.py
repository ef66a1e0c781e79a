"""SQLModel engine and the unit of work: one user action, one transaction, its change log inside."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, create_engine

from relief_desktop.storage import sqldb
from relief_desktop.storage.actor import SYSTEM, Actor
from relief_desktop.storage.connection import apply_pragmas
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.tables import Audited, ChangeLog


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_engine(path: Path) -> Engine:
    """An engine on a store already migrated (see storage.migrations.migrate)."""
    # hide_parameters: an error's text never carries the IDs, phones and addresses being saved.
    # The same driver and key as the light reader (storage.sqldb): SQLCipher, keyed at connect.
    key = sqldb.store_key(path)
    engine = create_engine(
        "sqlite://",
        module=dbapi,
        creator=lambda: sqldb.connect(path, key, check_same_thread=False),
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        apply_pragmas(dbapi_conn)

    return engine


@contextmanager
def unit_of_work(engine: Engine, actor: Actor) -> Iterator[Session]:
    """Commit everything done in the block, with its change log, or nothing."""
    with Session(engine) as session:
        session.info["actor"] = actor
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _columns(obj: Audited) -> list[str]:
    return [c.key for c in inspect(type(obj)).column_attrs]


@event.listens_for(OrmSession, "before_flush")
def _write_change_log(session: OrmSession, _context: Any, _instances: Any) -> None:
    actor: Actor = session.info.get("actor", SYSTEM)
    now = utc_now()
    entries: list[ChangeLog] = []

    def log(obj: Audited, action: str, changes: dict[str, Any]) -> None:
        table = str(getattr(type(obj), "__tablename__", type(obj).__name__))
        entries.append(
            ChangeLog(
                at=now,
                worker_uuid=actor.uuid,
                worker_name=actor.name,
                table_name=table,
                record_uuid=obj.uuid,
                action=action,
                changes=json.dumps(changes, ensure_ascii=False, sort_keys=True),
            )
        )

    for obj in session.new:
        if isinstance(obj, Audited):
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.updated_by = actor.uuid
            values = {k: [None, _plain(getattr(obj, k))] for k in _columns(obj) if k != "id"}
            log(obj, "insert", values)
    for obj in session.dirty:
        if not isinstance(obj, Audited) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        changes: dict[str, Any] = {}
        for key in _columns(obj):
            history = state.attrs[key].history
            if history.has_changes():
                old = history.deleted[0] if history.deleted else None
                new = history.added[0] if history.added else None
                if _plain(old) != _plain(new):
                    changes[key] = [_plain(old), _plain(new)]
        if changes:
            obj.updated_at = now
            obj.updated_by = actor.uuid
            log(obj, "update", changes)
    for obj in session.deleted:
        if isinstance(obj, Audited):
            values = {k: [_plain(getattr(obj, k)), None] for k in _columns(obj) if k != "id"}
            log(obj, "delete", values)
    session.add_all(entries)
