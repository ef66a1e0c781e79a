"""撤销本次导入: undo the last import of a roll, a ledger or the registry from its journal.

Only the newest import of a target can be undone, once, and only while nothing has moved on
since: no row it touched was edited afterwards and no later record depends on a row it added.
The undo is one transaction: rows it added are deleted (children first), rows it changed get
their earlier values back, every column, and each delete and restore is in the change log.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from relief_desktop.domain.errors import RuleError
from relief_desktop.messages import describe
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import transaction, utc_now
from relief_desktop.storage.journal import audited_tables, columns, row_json
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

# What users call the rows of a table, for "不能撤销：…已被后来的记录引用" messages. Ledgers
# not listed here are named by the caller's `nouns` (their titles) or by the table name.
TABLE_NOUNS: dict[str, str] = {
    "beneficiary": "关爱援助对象",
    "household_member": "家庭成员",
    "beneficiary_label": "救助标签",
    "aid_case": "个案",
    "service_record": "个案服务记录",
    "roll_entry": "在册名单记录",
    "roll_import": "名单导入记录",
    "inspection": "入户核查记录",
    "feedback_item": "主动发现反馈",
    "resource_receipt": "救助资源接收记录",
    "resource_handover": "救助资源发放记录",
    "provider": "资源提供方",
    "volunteer": "志愿者",
    "volunteer_service": "志愿服务记录",
    "satisfaction_survey": "满意度调查",
}
_AUDIT = ("id", "uuid", "created_at", "updated_at", "updated_by")


@dataclass(frozen=True)
class ImportBatch:
    """One committed import as users see it before undoing it."""

    id: int
    kind: str  # roll | ledger | registry
    target: str  # roll category, ledger key or 'registry'
    file_name: str
    imported_at: str  # UTC ISO time the import was committed
    imported_by: str  # worker name
    added: int
    updated: int
    ended: int
    undone_at: str | None
    undone_by: str

    @property
    def undone(self) -> bool:
        return self.undone_at is not None

    @property
    def when(self) -> str:
        return local_time(self.imported_at)

    def counts(self) -> str:
        """新增 3 条，更新 2 条，结束 1 人: what the import did, as users read it."""
        parts = [f"新增 {self.added} 条"]
        if self.updated:
            parts.append(f"更新 {self.updated} 条")
        if self.ended:
            parts.append(f"结束 {self.ended} 人")
        return "，".join(parts)

    def effects(self) -> str:
        """删除本次新增的 3 条，… : what undoing it does (never an empty sentence)."""
        parts = []
        if self.added or not (self.updated or self.ended):
            parts.append(f"删除本次新增的 {self.added} 条")
        if self.updated:
            parts.append(f"把本次更新的 {self.updated} 条恢复为导入前的内容")
        if self.ended:
            parts.append(f"把本次结束的 {self.ended} 人恢复为在册")
        return "，".join(parts)

    def describe(self) -> list[str]:
        """What the confirmation (GUI) and the dry run (CLI) say will be undone."""
        return [
            f"文件：{self.file_name}",
            f"导入时间：{self.when}（{self.imported_by or '未知'}）",
            f"本次导入：{self.counts()}",
            f"撤销将{self.effects()}。",
        ]


@dataclass(frozen=True)
class UndoResult:
    batch: ImportBatch
    deleted: int  # rows the import had added (children included)
    restored: int  # rows put back to their values before the import


def local_time(at: str) -> str:
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


def _batch(
    conn: dbapi.Connection, where: str, parameters: tuple[object, ...]
) -> ImportBatch | None:
    row = conn.execute(
        "SELECT b.id, b.kind, b.target, b.file_name, b.created_at, coalesce(w.name, ''),"
        " b.added, b.updated, b.ended, b.undone_at, coalesce(u.name, '')"
        " FROM import_batch b LEFT JOIN worker w ON w.uuid = b.updated_by"
        " LEFT JOIN worker u ON u.uuid = b.undone_by"
        f" WHERE {where} ORDER BY b.id DESC LIMIT 1",
        parameters,
    ).fetchone()
    if row is None:
        return None
    return ImportBatch(*row)


def last_import(store: Store, kind: str, target: str) -> ImportBatch | None:
    """The newest import of a target, undone or not."""
    return _batch(store.reader(), "b.kind = ? AND b.target = ?", (kind, target))


def undoable(store: Store, kind: str, target: str) -> ImportBatch | None:
    """The import "撤销本次导入" would undo: the newest one, if it is not undone yet."""
    batch = last_import(store, kind, target)
    return batch if batch is not None and not batch.undone else None


def check(
    store: Store,
    kind: str,
    target: str,
    title: str,
    nouns: Mapping[str, str] | None = None,
) -> ImportBatch:
    """The import undo_last would undo, after the same checks, writing nothing (a dry run)."""
    return _checked(store.reader(), kind, target, title, {**TABLE_NOUNS, **(nouns or {})})


def _checked(
    conn: dbapi.Connection, kind: str, target: str, title: str, names: Mapping[str, str]
) -> ImportBatch:
    batch = _batch(conn, "b.kind = ? AND b.target = ?", (kind, target))
    if batch is None:
        raise RuleError("import_nothing_to_undo", target=title)
    if batch.undone:
        raise RuleError(
            "import_already_undone",
            target=title,
            file=batch.file_name,
            at=local_time(batch.undone_at or ""),
            by=batch.undone_by or "未知",
        )
    _refuse_if_moved_on(conn, batch, title, names)
    return batch


def undo_last(
    store: Store,
    actor: Actor,
    kind: str,
    target: str,
    title: str,
    nouns: Mapping[str, str] | None = None,
) -> UndoResult:
    """Undo the newest import of `target` (`title` names it in messages); RuleError and no
    change at all when it was undone already or when the data has moved on since."""
    conn = store.reader()
    with transaction(conn):
        batch = _checked(conn, kind, target, title, {**TABLE_NOUNS, **(nouns or {})})
        # The rows come back in any order; constraints are checked at COMMIT.
        conn.execute("PRAGMA defer_foreign_keys = ON")
        now = utc_now()
        restored = _restore(conn, actor, batch.id, now)
        deleted = _delete_inserted(conn, actor, batch.id, now)
        conn.execute(
            "UPDATE import_batch SET undone_at = ?, undone_by = ?, roll_import_id = NULL,"
            " updated_at = ?, updated_by = ? WHERE id = ?",
            (now, actor.uuid, now, actor.uuid, batch.id),
        )
        uuid = conn.execute("SELECT uuid FROM import_batch WHERE id = ?", (batch.id,)).fetchone()
        _log(
            conn,
            actor,
            now,
            "import_batch",
            [(uuid[0], "update", {"undone_at": [None, now], "undone_by": [None, actor.uuid]})],
        )
    return UndoResult(batch, deleted, restored)


# -- checks ----------------------------------------------------------------------------------


def _touched_tables(conn: dbapi.Connection, batch_id: int) -> dict[str, tuple[int, int]]:
    """table -> (rows inserted, rows updated) by the batch."""
    found: dict[str, tuple[int, int]] = {}
    for table, inserted, updated in conn.execute(
        "SELECT table_name, count(*) FILTER (WHERE before IS NULL),"
        " count(*) FILTER (WHERE before IS NOT NULL)"
        " FROM import_touched WHERE batch_id = ? GROUP BY table_name",
        (batch_id,),
    ):
        found[table] = (int(inserted), int(updated))
    return found


def _refuse_if_moved_on(
    conn: dbapi.Connection, batch: ImportBatch, title: str, names: Mapping[str, str]
) -> None:
    touched = _touched_tables(conn, batch.id)
    # Rows the import wrote carry a time up to its COMMIT, when the batch was closed.
    (closed_at,) = conn.execute(
        "SELECT updated_at FROM import_batch WHERE id = ?", (batch.id,)
    ).fetchone()
    edited: list[str] = []
    missing: list[str] = []
    for table in touched:
        (count,) = conn.execute(
            f"SELECT count(*) FROM {table} t JOIN import_touched j ON j.row_id = t.id"
            " WHERE j.batch_id = ? AND j.table_name = ? AND t.updated_at > ?",
            (batch.id, table, closed_at),
        ).fetchone()
        if count:
            edited.append(f"{names.get(table, table)} {count} 条")
        (gone,) = conn.execute(
            "SELECT count(*) FROM import_touched j WHERE j.batch_id = ? AND j.table_name = ?"
            f" AND j.before IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {table} WHERE id = j.row_id)",
            (batch.id, table),
        ).fetchone()
        if gone:
            missing.append(f"{names.get(table, table)} {gone} 条")
    blocking = [
        f"{names.get(child, child)} {count} 条"
        for child, _column, on_delete, count in _dependents(conn, batch.id, touched)
        if on_delete != "SET NULL"
    ]
    # Every reason at once: a case opened for an imported person also edits the person.
    found = [
        (code, "、".join(parts))
        for code, parts in (
            ("import_undo_in_use", blocking),
            ("import_undo_edited", edited),
            ("import_undo_deleted", missing),
        )
        if parts
    ]
    if found:
        raise RuleError(
            "import_undo_refused",
            target=title,
            file=batch.file_name,
            reasons="；".join(describe(code, what=what) for code, what in found),
            causes=tuple(code for code, _what in found),
        )


def _references(conn: dbapi.Connection) -> list[tuple[str, str, str, str, str]]:
    """(child table, child column, parent table, parent column, on delete) of every record."""
    found = []
    for child in audited_tables(conn):
        for fk in conn.execute(f"PRAGMA foreign_key_list('{child}')"):
            found.append((child, fk[3], fk[2], fk[4] or "id", fk[6]))
    return found


def _inserted_sql(table: str) -> str:
    return (
        f"SELECT row_id FROM import_touched WHERE batch_id = :batch AND table_name = '{table}'"
        " AND before IS NULL"
    )


def _dependents(
    conn: dbapi.Connection, batch_id: int, touched: Mapping[str, tuple[int, int]]
) -> list[tuple[str, str, str, int]]:
    """Records the import did not touch that refer to a row it added: (table, column, on
    delete, count)."""
    found = []
    for child, column, parent, parent_column, on_delete in _references(conn):
        if not touched.get(parent, (0, 0))[0]:
            continue
        (count,) = conn.execute(
            f"SELECT count(*) FROM {child} c WHERE c.{column} IN"
            f" (SELECT p.{parent_column} FROM {parent} p WHERE p.id IN ({_inserted_sql(parent)}))"
            " AND c.id NOT IN (SELECT row_id FROM import_touched"
            "  WHERE batch_id = :batch AND table_name = :child)",
            {"batch": batch_id, "child": child},
        ).fetchone()
        if count:
            found.append((child, column, on_delete, int(count)))
    return found


# -- undo ------------------------------------------------------------------------------------


def _restore(conn: dbapi.Connection, actor: Actor, batch_id: int, now: str) -> int:
    """Put every row the import updated back to its values before, every column."""
    restored = 0
    tables = [
        table
        for (table,) in conn.execute(
            "SELECT DISTINCT table_name FROM import_touched"
            " WHERE batch_id = ? AND before IS NOT NULL",
            (batch_id,),
        ).fetchall()
    ]
    for table in tables:
        present = set(columns(conn, table))
        rows = conn.execute(
            f"SELECT t.id, t.uuid, j.before, {row_json(conn, table, 't')} FROM {table} t"
            " JOIN import_touched j ON j.row_id = t.id"
            " WHERE j.batch_id = ? AND j.table_name = ? AND j.before IS NOT NULL",
            (batch_id, table),
        ).fetchall()
        groups: dict[tuple[str, ...], list[tuple[object, ...]]] = {}
        logs: list[tuple[str, str, dict[str, list[object]]]] = []
        for row_id, uuid, before_text, current_text in rows:
            before = json.loads(before_text)
            current = json.loads(current_text)
            keys = tuple(k for k in before if k in present and k != "id")
            groups.setdefault(keys, []).append((*(before[k] for k in keys), row_id))
            changes = {
                k: [current.get(k), before[k]]
                for k in keys
                if k not in _AUDIT and current.get(k) != before[k]
            }
            if changes:
                logs.append((uuid, "update", changes))
        for keys, values in groups.items():
            assignments = ", ".join(f'"{k}" = ?' for k in keys)
            conn.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", values)
        _log(conn, actor, now, table, logs)
        restored += len(rows)
    return restored


def _delete_inserted(conn: dbapi.Connection, actor: Actor, batch_id: int, now: str) -> int:
    """Delete the rows the import added, children first; links to them from elsewhere (a roll
    entry matched to an added person) are cleared, as the person never existed before."""
    touched = _touched_tables(conn, batch_id)
    for child, column, on_delete, _count in _dependents(conn, batch_id, touched):
        if on_delete != "SET NULL":  # never reached: refused in _refuse_if_moved_on
            raise RuntimeError(f"{child}.{column} refers to a row the import added")
        parent = next(p for c, col, p, _pc, _d in _references(conn) if (c, col) == (child, column))
        where = (
            f"{column} IN ({_inserted_sql(parent)}) AND id NOT IN (SELECT row_id FROM"
            " import_touched WHERE batch_id = :batch AND table_name = :child)"
        )
        found = {"batch": batch_id, "child": child}
        rows = conn.execute(f"SELECT uuid, {column} FROM {child} WHERE {where}", found).fetchall()
        conn.execute(f"UPDATE {child} SET {column} = NULL WHERE {where}", found)
        _log(
            conn, actor, now, child, [(uuid, "update", {column: [old, None]}) for uuid, old in rows]
        )
    deleted = 0
    for table in _children_first(conn, [t for t, (added, _u) in touched.items() if added]):
        # The log is written by SQLite from the rows themselves, in the text json.dumps(...,
        # ensure_ascii=False, sort_keys=True) gives: a 50,000-row roll needs no Python loop.
        logged = conn.execute(
            "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid,"
            f" action, changes) SELECT :at, :by, :name, '{table}', uuid, 'delete',"
            f" {_deleted_json(conn, table)} FROM {table} WHERE id IN ({_inserted_sql(table)})",
            {"at": now, "by": actor.uuid, "name": actor.name, "batch": batch_id},
        ).rowcount
        conn.execute(
            f"DELETE FROM {table} WHERE id IN ({_inserted_sql(table)})", {"batch": batch_id}
        )
        deleted += logged
    return deleted


def _deleted_json(conn: dbapi.Connection, table: str) -> str:
    """SQL for {"column": [value, null], ...} of a row, keys sorted, audit columns left out."""
    kept = sorted(c for c in columns(conn, table) if c not in _AUDIT)
    return (
        "'{' || "
        + " || ', ' || ".join(f"'\"{c}\": [' || json_quote(\"{c}\") || ', null]'" for c in kept)
        + " || '}'"
    )


def _children_first(conn: dbapi.Connection, tables: list[str]) -> list[str]:
    parents: dict[str, set[str]] = {t: set() for t in tables}
    for child, _column, parent, _pc, _on_delete in _references(conn):
        if child in parents and parent in parents and parent != child:
            parents[child].add(parent)
    ordered: list[str] = []
    remaining = set(tables)
    while remaining:
        # A table nobody left still refers to goes first.
        leaves = sorted(t for t in remaining if not any(t in parents[o] for o in remaining))
        if not leaves:  # a cycle: deferred foreign keys let any order through
            leaves = sorted(remaining)
        ordered.extend(leaves)
        remaining -= set(leaves)
    return ordered


def _log(
    conn: dbapi.Connection,
    actor: Actor,
    now: str,
    table: str,
    entries: list[tuple[str, str, dict[str, list[object]]]],
) -> None:
    conn.executemany(
        "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
        " changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                now,
                actor.uuid,
                actor.name,
                table,
                uuid,
                action,
                json.dumps(changes, ensure_ascii=False, sort_keys=True),
            )
            for uuid, action, changes in entries
        ],
    )
