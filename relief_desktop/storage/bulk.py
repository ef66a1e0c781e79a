"""Bulk inserts for imports and demo data: plain executemany, audited like the ORM path.

SQLModel's add_all costs ~9 s and 460 MiB per 100k rows here (STACK-NOTES.md); this path
writes the same audit columns and change log rows in a fraction of that.
"""

import json
import time
import uuid as uuid_module
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from relief_desktop.domain.errors import RuleError
from relief_desktop.storage import chain
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.sqldb import dbapi

# How long a write waits for another writer (an import in another window or a CLI run) before
# the user is told to try again. Each BEGIN IMMEDIATE already waits busy_timeout (5 s).
WRITE_WAIT_SECONDS = 60


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def is_locked(error: BaseException) -> bool:
    """sqlite3 'database is locked' / 'database is busy': another connection holds the store."""
    text = str(error).lower()
    return isinstance(error, dbapi.OperationalError) and ("locked" in text or "busy" in text)


def begin_immediate(conn: dbapi.Connection, wait: float | None = None) -> None:
    """BEGIN IMMEDIATE, waiting for a concurrent writer to finish (taking the write lock first
    means nothing read in this transaction can be changed by another writer before it commits:
    file numbers, serials, duplicate checks). After `wait` seconds: RuleError store_busy."""
    wait = WRITE_WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            return
        except dbapi.OperationalError as error:
            if not is_locked(error) or time.monotonic() >= deadline:
                if is_locked(error):
                    raise RuleError("store_busy", seconds=int(wait)) from None
                raise
            time.sleep(0.05)


@contextmanager
def transaction(conn: dbapi.Connection) -> Iterator[dbapi.Connection]:
    """BEGIN IMMEDIATE … COMMIT on a plain connection, ROLLBACK on any error."""
    begin_immediate(conn)
    try:
        yield conn
    except BaseException:
        # SQLite has already rolled back after some errors (a full disk): ROLLBACK would then
        # fail and hide the real error.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def insert_many(
    conn: dbapi.Connection,
    table: str,
    rows: Sequence[dict[str, Any]],
    actor: Actor,
    *,
    log: bool = True,
) -> list[str]:
    """Insert rows (dicts with the same keys) with uuid and audit columns; returns the uuids.

    Call inside `transaction(conn)`; the change log rows go into the same transaction.
    """
    if not rows:
        return []
    now = utc_now()
    keys = [k for k in rows[0] if k != "uuid"]
    columns = [*keys, "uuid", "created_at", "updated_at", "updated_by"]
    uuids = [str(row.get("uuid") or uuid_module.uuid4()) for row in rows]
    values = [
        (*(_plain(row[k]) for k in keys), record_uuid, now, now, actor.uuid)
        for row, record_uuid in zip(rows, uuids, strict=True)
    ]
    placeholders = ", ".join("?" for _ in columns)
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})", values)
    if log:
        with chain.sealed_in_bulk(conn):
            conn.executemany(
                "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid,"
                " action, changes) VALUES (?, ?, ?, ?, ?, 'insert', ?)",
                [
                    (
                        now,
                        actor.uuid,
                        actor.name,
                        table,
                        record_uuid,
                        json.dumps(
                            {k: [None, _plain(row[k])] for k in keys if k != "uuid"},
                            ensure_ascii=False,
                            sort_keys=True,
                        ),
                    )
                    for record_uuid, row in zip(uuids, rows, strict=True)
                ],
            )
    return uuids


def ids_by_uuid(conn: dbapi.Connection, table: str, uuids: Sequence[str]) -> dict[str, int]:
    """Row ids of records just inserted, for their children's foreign keys."""
    found: dict[str, int] = {}
    for start in range(0, len(uuids), 500):
        chunk = list(uuids[start : start + 500])
        marks = ", ".join("?" for _ in chunk)
        for record_id, record_uuid in conn.execute(
            f"SELECT id, uuid FROM {table} WHERE uuid IN ({marks})", chunk
        ):
            found[record_uuid] = record_id
    return found
