"""The import journal: what one import of a roll, a ledger or the registry changed, so the last
import can be undone exactly (services/imports.py does the undo).

An import opens a batch inside its own transaction, records each existing row before it updates
it (every column, read generically, so columns added by later schemas are kept too) and closes
the batch before COMMIT. Rows it inserted are found at close as the rows of every audited table
past the highest id seen at open: children (household members, labels, handovers) included,
with one INSERT … SELECT per table, cheap enough for a 50,000-row roll.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import insert_many, utc_now
from relief_desktop.storage.sqldb import dbapi

Kind = str  # 'roll' | 'ledger' | 'registry'

# Never journaled: the journal itself and the append-only log.
_OWN_TABLES = ("import_batch", "import_touched", "change_log")
# json_object takes at most 127 arguments on older SQLite builds: 50 columns per call.
_JSON_CHUNK = 50


@dataclass(frozen=True)
class Batch:
    id: int
    uuid: str
    marks: dict[str, int]  # table -> highest id before the import


def audited_tables(conn: dbapi.Connection) -> list[str]:
    """Tables whose rows are records (an integer id and a uuid): what an import can touch."""
    found: list[str] = []
    for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name"
    ).fetchall():
        if name in _OWN_TABLES:
            continue
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info('{name}')")}
        if {"id", "uuid"} <= columns:
            found.append(name)
    return found


def columns(conn: dbapi.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info('{table}')")]


def row_json(conn: dbapi.Connection, table: str, alias: str = "") -> str:
    """An SQL expression giving the JSON object of every column of `table`'s row."""
    prefix = f"{alias}." if alias else ""
    names = columns(conn, table)
    parts = [
        "json_object("
        + ", ".join(f"'{name}', {prefix}\"{name}\"" for name in names[i : i + _JSON_CHUNK])
        + ")"
        for i in range(0, len(names), _JSON_CHUNK)
    ]
    expression = parts[0]
    for part in parts[1:]:
        expression = f"json_patch({expression}, {part})"
    return expression


def session_connection(session: Any) -> dbapi.Connection:
    """The sqlite3 connection under a SQLModel session, in the session's transaction."""
    return cast(dbapi.Connection, session.connection().connection.driver_connection)


def open_batch(
    conn: dbapi.Connection, actor: Actor, kind: Kind, target: str, file_name: str
) -> Batch:
    """Start the journal of an import; call inside the import's transaction, before it writes."""
    (batch_uuid,) = insert_many(
        conn,
        "import_batch",
        [{"kind": kind, "target": target, "file_name": file_name}],
        actor,
        log=False,  # logged once, complete, by close_batch
    )
    (batch_id,) = conn.execute(
        "SELECT id FROM import_batch WHERE uuid = ?", (batch_uuid,)
    ).fetchone()
    marks = {
        table: int(conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])
        for table in audited_tables(conn)
    }
    return Batch(int(batch_id), batch_uuid, marks)


def record_before(conn: dbapi.Connection, batch: Batch, table: str, ids: Iterable[int]) -> None:
    """Keep the rows `ids` of `table` as they are now, before the import updates them.

    A row recorded twice keeps its first picture; a row the import inserted stays 'inserted'.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return
    mark = batch.marks.get(table, 0)
    statement = (
        "INSERT OR IGNORE INTO import_touched (batch_id, table_name, row_id, before)"
        f" SELECT ?, ?, id, {row_json(conn, table)} FROM {table}"
        " WHERE id <= ? AND id IN (SELECT value FROM json_each(?))"
    )
    for start in range(0, len(wanted), 50_000):
        chunk = wanted[start : start + 50_000]
        conn.execute(statement, (batch.id, table, mark, "[" + ",".join(map(str, chunk)) + "]"))


def record_where(
    conn: dbapi.Connection,
    batch: Batch,
    table: str,
    where: str,
    parameters: Sequence[object] = (),
) -> None:
    """Keep every existing row of `table` matching `where` before the import updates them."""
    conn.execute(
        "INSERT OR IGNORE INTO import_touched (batch_id, table_name, row_id, before)"
        f" SELECT ?, ?, id, {row_json(conn, table)} FROM {table} WHERE id <= ? AND ({where})",
        (batch.id, table, batch.marks.get(table, 0), *parameters),
    )


def close_batch(
    conn: dbapi.Connection,
    actor: Actor,
    batch: Batch,
    *,
    added: int = 0,
    updated: int = 0,
    ended: int = 0,
    roll_import_id: int | None = None,
) -> None:
    """Record every row the import inserted and the counts users read; call before COMMIT."""
    for table, mark in batch.marks.items():
        conn.execute(
            "INSERT OR REPLACE INTO import_touched (batch_id, table_name, row_id, before)"
            f" SELECT ?, ?, id, NULL FROM {table} WHERE id > ?",
            (batch.id, table, mark),
        )
    now = utc_now()
    conn.execute(
        "UPDATE import_batch SET added = ?, updated = ?, ended = ?, roll_import_id = ?,"
        " updated_at = ? WHERE id = ?",
        (added, updated, ended, roll_import_id, now, batch.id),
    )
    (text,) = conn.execute(
        f"SELECT {row_json(conn, 'import_batch')} FROM import_batch WHERE id = ?", (batch.id,)
    ).fetchone()
    values = {k: [None, v] for k, v in json.loads(text).items() if k not in ("id", "uuid")}
    conn.execute(
        "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
        " changes) VALUES (?, ?, ?, 'import_batch', ?, 'insert', ?)",
        (
            now,
            actor.uuid,
            actor.name,
            batch.uuid,
            json.dumps(values, ensure_ascii=False, sort_keys=True),
        ),
    )
