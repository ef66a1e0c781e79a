"""The change log's chain: each entry is sealed with a hash of itself and of the seal before it.

SQLite computes the seal in a trigger (schema 7) through `relief_chain`, a function every
connection of the app registers. Editing or deleting an entry, or inserting one by hand, then
breaks the chain at that point, which `services.audit.verify` finds and names. A bulk write of
the change log (a 50,000-row roll) lets the trigger stand aside and seals its entries in one pass
(`sealed_in_bulk`): the same seals, a third of the time.
"""

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from relief_desktop.storage.sqldb import dbapi

FUNCTION = "relief_chain"
LIVE = "relief_chain_live"  # 0 while this connection seals a bulk write itself
_paused: set[int] = set()
FIELDS = (
    "id",
    "at",
    "worker_uuid",
    "worker_name",
    "table_name",
    "record_uuid",
    "action",
    "changes",
)


def seal(previous: str | None, *values: object) -> str:
    """SHA-256 over the previous seal and the entry's fields, each length-prefixed (so no two
    different entries serialise alike, and None differs from '')."""
    parts = [(previous or "").encode("ascii")]
    for value in values:
        raw = ("\x00" if value is None else str(value)).encode("utf-8", "surrogatepass")
        parts.append(len(raw).to_bytes(8, "big"))
        parts.append(raw)
    return hashlib.sha256(b"".join(parts)).hexdigest()


def register(conn: dbapi.Connection) -> None:
    conn.create_function(FUNCTION, 1 + len(FIELDS), seal, deterministic=True)
    key = id(conn)
    conn.create_function(LIVE, 0, lambda: 0 if key in _paused else 1)


@contextmanager
def sealed_in_bulk(conn: dbapi.Connection) -> Iterator[None]:
    """Around bulk inserts into change_log inside a transaction: the trigger stands aside and
    the new entries are sealed here, in order, when the block ends without an error."""
    (last_id,) = conn.execute("SELECT coalesce(max(log_id), 0) FROM change_seal").fetchone()
    _paused.add(id(conn))
    try:
        yield
    finally:
        _paused.discard(id(conn))
    row = conn.execute("SELECT hash FROM change_seal WHERE log_id = ?", (last_id,)).fetchone()
    previous: str | None = row[0] if row else None
    seals = []
    columns = ", ".join(FIELDS)
    for entry in conn.execute(
        f"SELECT {columns} FROM change_log WHERE id > ? ORDER BY id", (last_id,)
    ):
        previous = seal(previous, *entry)
        seals.append((entry[0], previous))
    conn.executemany("INSERT INTO change_seal (log_id, hash) VALUES (?, ?)", seals)


# -- the head, kept outside the store ------------------------------------------------------

HEAD_FILE = "audit-head.json"


def head_file(config_dir: Path) -> Path:
    return config_dir / HEAD_FILE


def read_head(config_dir: Path) -> dict[str, str] | None:
    """The last entry noted when the app last closed: {log_id, hash, at}, or None."""
    try:
        data = json.loads(head_file(config_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or "log_id" not in data or "hash" not in data:
        return None
    return {str(k): str(v) for k, v in data.items()}


def head_fits(conn: dbapi.Connection, head: dict[str, str]) -> bool:
    row = conn.execute("SELECT hash FROM change_seal WHERE log_id = ?", (head["log_id"],))
    found = row.fetchone()
    return found is not None and found[0] == head["hash"]


def record_head(conn: dbapi.Connection, config_dir: Path) -> None:
    """Note the last sealed entry outside the store, so deleting the newest entries shows.

    A noted head that no longer fits the store is kept: closing the app must not erase the
    evidence that the audit check reports."""
    try:
        row = conn.execute(
            "SELECT s.log_id, s.hash, l.at FROM change_seal s JOIN change_log l ON l.id = s.log_id"
            " ORDER BY s.log_id DESC LIMIT 1"
        ).fetchone()
    except dbapi.OperationalError:  # a store older than schema 7
        return
    old = read_head(config_dir)
    if row is None or (old is not None and not head_fits(conn, old)):
        return
    target = head_file(config_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".part")
        temp.write_text(
            json.dumps({"log_id": row[0], "hash": row[1], "at": row[2]}), encoding="utf-8"
        )
        os.replace(temp, target)
    except OSError:
        pass  # a read-only profile: the chain itself still shows edits and forgeries
