"""Bulk inserts for imports and demo data: plain executemany, audited like the ORM path.

SQLModel's add_all costs ~9 s and 460 MiB per 100k rows here (STACK-NOTES.md); this path
writes the same audit columns and change log rows in a fraction of that.
"""

import json
import sqlite3
import uuid as uuid_module
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from relief_desktop.storage.actor import Actor


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT on a plain connection, ROLLBACK on any error."""
    conn.execute("BEGIN IMMEDIATE")
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
    conn: sqlite3.Connection,
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


def ids_by_uuid(conn: sqlite3.Connection, table: str, uuids: Sequence[str]) -> dict[str, int]:
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
