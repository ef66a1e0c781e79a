"""Importing the bureau's roll (在册名单) of one category: preview first, then one transaction.

People missing from a new roll are ended with the roll's date, never deleted: past quarters'
coverage still counts them. A row the file got wrong (an ID Excel turned into a number, a bad
check digit, a duplicate) is reported with its line and never imported wrong.
"""

import json
import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from relief_desktop.domain import idcard, phone
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import category_name
from relief_desktop.importers.table_file import FieldSpec, TableRead, read_table
from relief_desktop.messages import describe
from relief_desktop.services.inspection.common import (
    community_lookup,
    find_community,
)
from relief_desktop.storage import journal
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import insert_many, transaction, utc_now
from relief_desktop.storage.store import Store

Progress = Callable[[str, int, int], None]  # (phase, done, total); may raise CancelledError

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "name",
        "姓名",
        ("户主姓名", "户主", "对象姓名", "救助对象姓名", "保障对象姓名", "儿童姓名", "名字"),
        required=True,
    ),
    FieldSpec(
        "id_number",
        "身份证号",
        (
            "身份证号码",
            "公民身份号码",
            "身份证",
            "身份证件号码",
            "证件号码",
            "户主身份证号",
            "户主身份证号码",
            "户主公民身份号码",
            "儿童身份证号码",
        ),
        required=True,
        id_number=True,
    ),
    FieldSpec("phone", "联系电话", ("手机号码", "电话", "手机", "联系方式", "电话号码")),
    FieldSpec(
        "address", "家庭住址", ("住址", "家庭地址", "居住地址", "现住址", "详细地址", "地址")
    ),
    FieldSpec(
        "community", "社区", ("所属社区", "社区名称", "社区居委会", "所在社区", "村社区", "村社")
    ),
    FieldSpec(
        "household_size",
        "家庭人口",
        ("保障人数", "家庭人数", "保障人口", "家庭人口数", "人口数", "户籍人口"),
    ),
)
FIELD_LABELS = {spec.key: spec.label for spec in FIELDS}

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class RowProblem:
    line: int
    field: str  # a FIELDS key, or "" for the whole row
    severity: Severity
    message: str

    @property
    def label(self) -> str:
        return FIELD_LABELS.get(self.field, "")


@dataclass(frozen=True)
class RollRow:
    """One clean row of the file as it would be stored."""

    line: int
    name: str
    id_number: str
    phone: str = ""
    address: str = ""
    community_name: str = ""
    community_id: int | None = None
    household_size: int | None = None


@dataclass(frozen=True)
class Change:
    entry_id: int
    row: RollRow
    fields: tuple[tuple[str, str, str], ...]  # (label, old, new)


@dataclass(frozen=True)
class Ending:
    entry_id: int
    name: str
    id_number: str
    community_name: str


@dataclass
class RollPreview:
    category: str
    file_name: str
    roll_date: date
    sheet: str
    header_line: int
    headers: list[str]
    mapping: dict[str, int]
    unmapped: list[str]
    missing: list[str]
    rows_read: int = 0
    adds: list[RollRow] = field(default_factory=list)
    updates: list[Change] = field(default_factory=list)
    unchanged: int = 0
    ends: list[Ending] = field(default_factory=list)
    kept: list[Ending] = field(default_factory=list)  # not ended: a problem row may be them
    problems: list[RowProblem] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    current_size: int = 0
    snapshot: tuple[int, str] = (0, "")

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def rejected_lines(self) -> list[int]:
        return sorted({p.line for p in self.errors})

    @property
    def can_commit(self) -> bool:
        return not self.missing

    @property
    def mass_end(self) -> bool:
        """More than a third of the current roll would end: likely a partial file."""
        return self.current_size >= 10 and len(self.ends) * 3 > self.current_size

    def missing_labels(self) -> str:
        return "、".join(FIELD_LABELS[k] for k in self.missing)


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    added: int
    updated: int
    ended: int
    linked: int


@dataclass(frozen=True)
class _Current:
    entry_id: int
    name: str
    phone: str
    address: str
    community_name: str
    community_id: int | None
    household_size: int | None


def _current_roll(conn: sqlite3.Connection, category: str) -> dict[str, _Current]:
    rows = conn.execute(
        "SELECT id_number, id, name, phone, address, community_name, community_id,"
        " household_size FROM roll_entry WHERE category = ? AND ended_on IS NULL",
        (category,),
    )
    return {r[0]: _Current(*r[1:]) for r in rows}


def _snapshot(conn: sqlite3.Connection, category: str) -> tuple[int, str]:
    row = conn.execute(
        "SELECT count(*), coalesce(max(updated_at), '') FROM roll_entry WHERE category = ?",
        (category,),
    ).fetchone()
    return int(row[0]), str(row[1])


def preview(
    store: Store,
    category: str,
    path: Path,
    roll_date: date | None = None,
    mapping: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> RollPreview:
    """Read the file and compare it with the current roll. Writes nothing."""
    category = category_name(category)
    roll_date = roll_date or date.today()
    if progress:
        progress("read", 0, 1)
    table = read_table(path, FIELDS, mapping_override=mapping)
    if progress:
        progress("read", 1, 1)
    return compare(store.reader(), category, path.name, table, roll_date, progress, today)


def compare(
    conn: sqlite3.Connection,
    category: str,
    file_name: str,
    table: TableRead,
    roll_date: date,
    progress: Progress | None = None,
    today: date | None = None,
) -> RollPreview:
    result = RollPreview(
        category=category,
        file_name=file_name,
        roll_date=roll_date,
        sheet=table.sheet,
        header_line=table.header_line,
        headers=table.headers,
        mapping=dict(table.mapping),
        unmapped=table.unmapped,
        missing=table.missing,
        rows_read=len(table.rows),
        skipped=list(table.skipped),
    )
    if table.missing:
        return result
    current = _current_roll(conn, category)
    result.current_size = len(current)
    result.snapshot = _snapshot(conn, category)
    communities = community_lookup(conn)
    problems = result.problems
    for line, problem in table.problems:
        problems.append(RowProblem(line, problem.field, "error", problem.message()))
    bad_lines = {p.line for p in problems}
    seen: dict[str, int] = {}
    names_with_errors: set[str] = set()
    today = today or date.today()
    total = len(table.rows)
    for done, source in enumerate(table.rows, start=1):
        if progress and done % 2000 == 0:
            progress("check", done, total)
        values = source.values
        line = source.line
        name = values.get("name", "").replace(" ", "")
        raw_id = values.get("id_number", "")
        row_errors: list[RowProblem] = []
        if not name:
            row_errors.append(RowProblem(line, "name", "error", describe("roll_name_missing")))
        number = ""
        if line not in bad_lines:
            try:
                info = idcard.parse(raw_id, today)
                number = info.number
                if info.upgraded_from_15:
                    problems.append(
                        RowProblem(
                            line, "id_number", "warning", describe("roll_id_upgraded", new=number)
                        )
                    )
            except RuleError as error:
                row_errors.append(RowProblem(line, "id_number", "error", str(error)))
        if number and number in seen:
            row_errors.append(
                RowProblem(
                    line,
                    "id_number",
                    "error",
                    describe("roll_duplicate_in_file", first=seen[number]),
                )
            )
        if row_errors or line in bad_lines:
            problems.extend(row_errors)
            if name:
                names_with_errors.add(name)
            continue
        seen[number] = line
        row = _clean_row(line, name, number, values, communities, problems)
        existing = current.get(number)
        if existing is None:
            result.adds.append(row)
            continue
        changes = _changes(existing, row)
        if changes:
            result.updates.append(Change(existing.entry_id, row, changes))
        else:
            result.unchanged += 1
    for number, entry in current.items():
        if number in seen:
            continue
        ending = Ending(entry.entry_id, entry.name, number, entry.community_name)
        # A row with a broken ID may well be this person: keep them until the file is fixed.
        (result.kept if entry.name in names_with_errors else result.ends).append(ending)
    result.problems.sort(key=lambda p: (p.line, p.severity != "error"))
    if progress:
        progress("check", total, total)
    return result


def _clean_row(
    line: int,
    name: str,
    number: str,
    values: Mapping[str, str],
    communities: dict[str, int],
    problems: list[RowProblem],
) -> RollRow:
    phone_text = values.get("phone", "")
    if phone_text:
        try:
            phone_text = phone.normalise(phone_text)
        except RuleError as error:
            problems.append(RowProblem(line, "phone", "warning", f"{error}（已按原样导入）"))
    community_name = values.get("community", "").replace(" ", "")
    community_id = find_community(communities, community_name) if community_name else None
    if community_name and community_id is None:
        problems.append(
            RowProblem(
                line, "community", "warning", describe("roll_community", value=community_name)
            )
        )
    size_text = values.get("household_size", "")
    size: int | None = None
    if size_text:
        try:
            size = int(float(size_text.rstrip("人口户")))
            if size < 1 or size > 30:
                raise ValueError(size_text)
        except ValueError:
            size = None
            problems.append(
                RowProblem(
                    line, "household_size", "warning", describe("roll_size", value=size_text)
                )
            )
    return RollRow(
        line,
        name,
        number,
        phone_text,
        values.get("address", ""),
        community_name,
        community_id,
        size,
    )


def _changes(existing: _Current, row: RollRow) -> tuple[tuple[str, str, str], ...]:
    pairs = (
        ("姓名", existing.name, row.name),
        ("联系电话", existing.phone, row.phone),
        ("家庭住址", existing.address, row.address),
        ("社区", existing.community_name, row.community_name),
        (
            "家庭人口",
            "" if existing.household_size is None else str(existing.household_size),
            "" if row.household_size is None else str(row.household_size),
        ),
    )
    return tuple((label, old, new) for label, old, new in pairs if old != new)


def _entry_values(row: RollRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "phone": row.phone,
        "address": row.address,
        "community_name": row.community_name,
        "community_id": row.community_id,
        "household_size": row.household_size,
    }


def commit(
    store: Store,
    actor: Actor,
    result: RollPreview,
    progress: Progress | None = None,
    chunk: int = 5000,
) -> ImportResult:
    """Apply a preview in one transaction; a cancel or any error leaves the store unchanged."""
    if not result.can_commit:
        raise RuleError("import_missing_columns", labels=result.missing_labels())
    conn = store.reader()
    (cache,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
    try:
        return _commit(conn, actor, result, progress, chunk)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _commit(
    conn: sqlite3.Connection,
    actor: Actor,
    result: RollPreview,
    progress: Progress | None,
    chunk: int,
) -> ImportResult:
    category = result.category
    total = len(result.adds) + len(result.updates) + len(result.ends)
    done = 0
    with transaction(conn):
        if _snapshot(conn, category) != result.snapshot:
            raise RuleError("roll_changed")
        journal_batch = journal.open_batch(conn, actor, "roll", category, result.file_name)
        (import_uuid,) = insert_many(
            conn,
            "roll_import",
            [
                {
                    "category": category,
                    "file_name": result.file_name,
                    "roll_date": result.roll_date,
                    "added": len(result.adds),
                    "updated": len(result.updates),
                    "ended": len(result.ends),
                    "problems": len(result.errors),
                }
            ],
            actor,
        )
        import_id = int(
            conn.execute("SELECT id FROM roll_import WHERE uuid = ?", (import_uuid,)).fetchone()[0]
        )
        registry = _registry_ids(conn, [row.id_number for row in result.adds])
        for start in range(0, len(result.adds), chunk):
            adds = result.adds[start : start + chunk]
            _insert_entries(conn, actor, category, result.roll_date, import_id, adds, registry)
            done += len(adds)
            if progress:
                progress("write", done, total)
        now = utc_now()
        changed = [c.entry_id for c in result.updates] + [e.entry_id for e in result.ends]
        journal.record_before(conn, journal_batch, "roll_entry", changed)
        journal.record_where(  # the rows link_registry below will match to a registered person
            conn, journal_batch, "roll_entry", "beneficiary_id IS NULL AND id_number IN"
            " (SELECT id_number FROM beneficiary WHERE id_number IS NOT NULL)",
        )  # fmt: skip
        for start in range(0, len(result.updates), chunk):
            batch = result.updates[start : start + chunk]
            conn.executemany(
                "UPDATE roll_entry SET name = :name, phone = :phone, address = :address,"
                " community_name = :community_name, community_id = :community_id,"
                " household_size = :household_size, import_id = :import_id,"
                " updated_at = :now, updated_by = :by WHERE id = :id",
                [
                    {
                        **_entry_values(c.row),
                        "import_id": import_id,
                        "now": now,
                        "by": actor.uuid,
                        "id": c.entry_id,
                    }
                    for c in batch
                ],
            )
            _log_updates(
                conn,
                actor,
                now,
                [(c.entry_id, {label: [old, new] for label, old, new in c.fields}) for c in batch],
            )
            done += len(batch)
            if progress:
                progress("write", done, total)
        for start in range(0, len(result.ends), chunk):
            ends = result.ends[start : start + chunk]
            conn.executemany(
                "UPDATE roll_entry SET ended_on = ?, import_id = ?, updated_at = ?, updated_by = ?"
                " WHERE id = ? AND ended_on IS NULL",
                [
                    (result.roll_date.isoformat(), import_id, now, actor.uuid, e.entry_id)
                    for e in ends
                ],
            )
            _log_updates(
                conn,
                actor,
                now,
                [(e.entry_id, {"ended_on": [None, result.roll_date.isoformat()]}) for e in ends],
            )
            done += len(ends)
            if progress:
                progress("write", done, total)
        linked = link_registry(conn)
        journal.close_batch(
            conn, actor, journal_batch, added=len(result.adds), updated=len(result.updates),
            ended=len(result.ends), roll_import_id=import_id,
        )  # fmt: skip
        if progress:
            progress("write", total, total)
    return ImportResult(import_id, len(result.adds), len(result.updates), len(result.ends), linked)


_ENTRY_COLUMNS = (
    "category", "name", "id_number", "household_key", "phone", "address", "community_name",
    "community_id", "household_size", "beneficiary_id", "started_on", "import_id",
)  # fmt: skip
_INSERT_ENTRY = (
    f"INSERT INTO roll_entry ({', '.join((*_ENTRY_COLUMNS, 'uuid', 'created_at', 'updated_at'))},"
    f" updated_by) VALUES ({', '.join('?' for _ in range(len(_ENTRY_COLUMNS) + 4))})"
)
# The change log of the rows just inserted, written by SQLite from what was stored: the same
# text json.dumps(..., ensure_ascii=False, sort_keys=True) gives ({column: [null, value]}, keys
# sorted), without a Python round trip per row.
_LOG_INSERTS = (
    "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
    " changes) SELECT ?, ?, ?, 'roll_entry', uuid, 'insert', '{' || "
    + " || ', ' || ".join(
        f"'\"{c}\": [null, ' || json_quote({c}) || ']'" for c in sorted(_ENTRY_COLUMNS)
    )
    + " || '}' FROM roll_entry WHERE id > ? AND import_id = ? ORDER BY id"
)
# A roll import writes ~100,000 index entries at random places (uuids); the default 2 MiB page
# cache spills them to disk mid-transaction. The import's own connection gets a larger one.
_IMPORT_CACHE_KIB = 64 * 1024


def new_uuids(count: int) -> list[str]:
    """`count` random (version 4) UUIDs as 36-character strings, like str(uuid.uuid4())."""
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(b & 0x0F | 0x40 for b in raw[6::16])
    raw[8::16] = bytes(b & 0x3F | 0x80 for b in raw[8::16])
    h = raw.hex()
    return [
        f"{h[i : i + 8]}-{h[i + 8 : i + 12]}-{h[i + 12 : i + 16]}-{h[i + 16 : i + 20]}-"
        f"{h[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]


def _insert_entries(
    conn: sqlite3.Connection,
    actor: Actor,
    category: str,
    roll_date: date,
    import_id: int,
    rows: Sequence[RollRow],
    registry: Mapping[str, int],
) -> None:
    """bulk.insert_many for roll rows, written out: a 50,000-row roll spends most of its time
    here, so values go straight into tuples, and the change log (the same rows as insert_many
    writes) is built by SQLite from the inserted rows in the same transaction. The random uuids
    are handed out in sorted order: the uuid indexes then grow at one end, not all over."""
    if not rows:
        return
    now = utc_now()
    started = roll_date.isoformat()
    by = actor.uuid
    (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM roll_entry").fetchone()
    get = registry.get
    conn.executemany(
        _INSERT_ENTRY,
        [
            (
                category,
                row.name,
                row.id_number,
                row.id_number,  # household_key
                row.phone,
                row.address,
                row.community_name,
                row.community_id,
                row.household_size,
                get(row.id_number),
                started,
                import_id,
                record_uuid,
                now,
                now,
                by,
            )
            for row, record_uuid in zip(rows, sorted(new_uuids(len(rows))), strict=True)
        ],
    )
    cursor = conn.execute(_LOG_INSERTS, (now, by, actor.name, last_id, import_id))
    if cursor.rowcount != len(rows):  # never expected: the audit trail must be whole
        raise RuntimeError(f"change log of {cursor.rowcount} of {len(rows)} roll entries")


def _registry_ids(conn: sqlite3.Connection, numbers: Sequence[str]) -> dict[str, int]:
    if not numbers:
        return {}
    wanted = set(numbers)
    return {
        number: beneficiary_id
        for number, beneficiary_id in conn.execute(
            "SELECT id_number, id FROM beneficiary WHERE id_number IS NOT NULL"
        )
        if number in wanted
    }


def link_registry(conn: sqlite3.Connection) -> int:
    """Roll entries of people registered since: the same ID is the same person, never two."""
    cursor = conn.execute(
        "UPDATE roll_entry SET beneficiary_id = ("
        " SELECT b.id FROM beneficiary b WHERE b.id_number = roll_entry.id_number)"
        " WHERE beneficiary_id IS NULL AND EXISTS ("
        " SELECT 1 FROM beneficiary b WHERE b.id_number = roll_entry.id_number)"
    )
    return max(cursor.rowcount, 0)


def _log_updates(
    conn: sqlite3.Connection,
    actor: Actor,
    now: str,
    changes: Sequence[tuple[int, dict[str, list[str | None]]]],
) -> None:
    if not changes:
        return
    ids = [entry_id for entry_id, _ in changes]
    uuids: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        uuids.update(
            conn.execute(f"SELECT id, uuid FROM roll_entry WHERE id IN ({marks})", chunk).fetchall()
        )
    conn.executemany(
        "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
        " changes) VALUES (?, ?, ?, 'roll_entry', ?, 'update', ?)",
        [
            (
                now,
                actor.uuid,
                actor.name,
                uuids[entry_id],
                json.dumps(values, ensure_ascii=False, sort_keys=True),
            )
            for entry_id, values in changes
        ],
    )


@dataclass(frozen=True)
class RollSummary:
    category: str
    current: int
    ended: int
    last_import: str | None  # roll date of the last import
    last_file: str


def summaries(store: Store) -> list[RollSummary]:
    from relief_desktop.domain.inspection import CATEGORIES

    conn = store.reader()
    found: list[RollSummary] = []
    for category in CATEGORIES.values():
        current, ended = conn.execute(
            "SELECT count(*) FILTER (WHERE ended_on IS NULL),"
            " count(*) FILTER (WHERE ended_on IS NOT NULL) FROM roll_entry WHERE category = ?",
            (category,),
        ).fetchone()
        last = conn.execute(
            "SELECT roll_date, file_name FROM roll_import WHERE category = ?"
            " ORDER BY roll_date DESC, id DESC LIMIT 1",
            (category,),
        ).fetchone()
        found.append(
            RollSummary(
                category,
                int(current),
                int(ended),
                last[0] if last else None,
                last[1] if last else "",
            )
        )
    return found
