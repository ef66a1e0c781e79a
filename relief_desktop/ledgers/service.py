"""Generic ledger records: validate from the declaration, save with the change log, page, search.

Plain sqlite3 on the store's connection (no SQLModel: the declaration is the model). Every write
is one transaction with its change-log rows; a refused record leaves nothing behind.
"""

import json
import uuid as uuid_module
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from relief_desktop.domain import idcard
from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.text import without_controls
from relief_desktop.ledgers import values as cells
from relief_desktop.ledgers.spec import CheckContext, Field, Ledger
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import begin_immediate, utc_now
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

AUDIT_COLUMNS = ("uuid", "created_at", "updated_at", "updated_by")


@dataclass(frozen=True)
class Record:
    """One record as stored (refs as ids) with what lists show for its refs and extra columns."""

    id: int
    uuid: str
    values: dict[str, Any]
    shown: dict[str, str] = field(default_factory=dict)  # ref display, extra columns

    def text(self, ledger: Ledger, key: str) -> str:
        if key in self.shown:
            return self.shown[key]
        return cells.display(ledger.field(key), self.values.get(key))


@dataclass(frozen=True)
class LedgerQuery:
    text: str = ""
    filters: tuple[tuple[str, object], ...] = ()  # (field key, stored value)
    start: str | None = None  # inclusive ISO dates on the ledger's own date
    end: str | None = None
    sort: str | None = None  # field key or extra column key; None: the ledger's date
    descending: bool = True


@contextmanager
def transaction(conn: dbapi.Connection) -> Iterator[dbapi.Connection]:
    """BEGIN IMMEDIATE … COMMIT, or join the transaction already open on this connection."""
    if conn.in_transaction:
        yield conn
        return
    begin_immediate(conn)
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


# -- reading -------------------------------------------------------------------------------


def _alias(spec: Field) -> str:
    return f"r_{spec.key}"


def _as_of(query: LedgerQuery | None) -> str:
    """The period's last day as an SQL literal (checked to be a date, so nothing else gets in)."""
    day = date.fromisoformat(query.end) if query is not None and query.end else date.max
    return f"'{day.isoformat()}'"


def _select(ledger: Ledger, query: LedgerQuery | None = None) -> str:
    parts = ["t.id", "t.uuid", *(f"t.{f.key}" for f in ledger.fields)]
    joins: list[str] = []
    for spec in ledger.fields:
        if spec.ref is not None:
            alias = _alias(spec)
            parts.append(f"{spec.ref.display.format(r=alias)} AS {spec.key}__shown")
            for extra in spec.ref.extras:
                parts.append(f"{alias}.{extra.column} AS {spec.key}__{extra.column}")
            parts.append(f"{alias}.{spec.ref.key} AS {spec.key}__key")
            joins.append(f"LEFT JOIN {spec.ref.table} {alias} ON {alias}.id = t.{spec.key}")
    for extra_column in ledger.extra_columns:
        sql = extra_column.sql.replace("{as_of}", _as_of(query))
        parts.append(f"({sql}) AS {extra_column.key}")
    return f"SELECT {', '.join(parts)} FROM {ledger.table} t {' '.join(joins)}"


def _where(ledger: Ledger, query: LedgerQuery) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    # A search box never fails: control characters (NUL …) and broken surrogates are left out.
    words = without_controls(query.text).split()
    searchable = [f for f in ledger.fields if f.searchable] or [
        f for f in ledger.fields if f.kind in ("text", "longtext", "choice", "multi", "worker")
    ]
    columns = [f"t.{f.key}" for f in searchable] + [
        f"{_alias(f)}.{f.ref.key}" for f in ledger.fields if f.ref is not None
    ]
    columns += [f.ref.display.format(r=_alias(f)) for f in ledger.fields if f.ref is not None]
    for word in words:
        like = f"%{word.replace('%', '').replace('_', '')}%"
        clauses.append("(" + " OR ".join(f"{c} LIKE ?" for c in columns) + ")")
        params.extend([like] * len(columns))
    for key, value in query.filters:
        spec = ledger.field(key)
        if spec.kind == "multi":
            clauses.append(f"t.{key} LIKE ?")
            params.append(f"%{value}%")
        else:
            clauses.append(f"t.{key} = ?")
            params.append(value)
    if query.start and ledger.date_field:
        clauses.append(f"t.{ledger.date_field} >= ?")
        params.append(query.start)
    if query.end and ledger.date_field:
        clauses.append(f"t.{ledger.date_field} <= ?")
        params.append(query.end)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _order(ledger: Ledger, query: LedgerQuery) -> str:
    keys = {f.key for f in ledger.fields} | {c.key for c in ledger.extra_columns}
    key = query.sort if query.sort in keys else (ledger.date_field or ledger.fields[0].key)
    descending = query.descending if (query.sort or ledger.date_field) else False
    direction = "DESC" if descending else "ASC"
    spec = next((f for f in ledger.fields if f.key == key), None)
    if spec is not None and spec.ref is not None:
        column = f"{key}__shown"
    elif spec is not None:
        column = f"t.{key}"
    else:
        column = key
    return f" ORDER BY {column} {direction}, t.id {direction}"


def _record(ledger: Ledger, names: Sequence[str], row: Sequence[Any]) -> Record:
    raw = dict(zip(names, row, strict=True))
    stored: dict[str, Any] = {}
    shown: dict[str, str] = {}
    for spec in ledger.fields:
        value = raw[spec.key]
        if spec.kind == "bool":
            value = bool(value)
        stored[spec.key] = value
        if spec.ref is not None:
            shown[spec.key] = str(raw[f"{spec.key}__shown"] or "")
            shown[f"{spec.key}__key"] = str(raw[f"{spec.key}__key"] or "")
            for extra in spec.ref.extras:
                shown[f"{spec.key}__{extra.column}"] = str(raw[f"{spec.key}__{extra.column}"] or "")
    for extra_column in ledger.extra_columns:
        value = raw[extra_column.key]
        stored[extra_column.key] = value
    return Record(int(raw["id"]), str(raw["uuid"]), stored, shown)


def _rows(
    conn: dbapi.Connection, ledger: Ledger, sql: str, params: Sequence[object]
) -> list[Record]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [_record(ledger, names, row) for row in cursor.fetchall()]


def page(store: Store, ledger: Ledger, query: LedgerQuery, offset: int, limit: int) -> list[Record]:
    where, params = _where(ledger, query)
    sql = _select(ledger, query) + where + _order(ledger, query) + " LIMIT ? OFFSET ?"
    return _rows(store.reader(), ledger, sql, [*params, limit, offset])


def count(store: Store, ledger: Ledger, query: LedgerQuery) -> int:
    where, params = _where(ledger, query)
    joins = _select(ledger).split(f" FROM {ledger.table} t ", 1)[1]
    sql = f"SELECT count(*) FROM {ledger.table} t {joins}{where}"
    return int(store.reader().execute(sql, params).fetchone()[0])


def records(store: Store, ledger: Ledger, query: LedgerQuery | None = None) -> list[Record]:
    """Every record matching the query, oldest first by default (exports)."""
    query = query or LedgerQuery(descending=False)
    where, params = _where(ledger, query)
    sql = _select(ledger, query) + where + _order(ledger, query)
    return _rows(store.reader(), ledger, sql, params)


def load(store: Store, ledger: Ledger, uuid: str) -> Record:
    found = _rows(store.reader(), ledger, _select(ledger) + " WHERE t.uuid = ?", [uuid])
    if not found:
        raise RuleError("record_missing")
    return found[0]


def ref_choices(store: Store, spec: Field) -> list[tuple[int, str]]:
    """(id, shown text) a form offers for a reference field."""
    assert spec.ref is not None
    ref = spec.ref
    where = f" WHERE {ref.where.format(r='r')}" if ref.where else ""
    sql = f"SELECT r.id, {ref.display.format(r='r')} FROM {ref.table} r{where} ORDER BY {ref.order}"
    return [(int(i), str(text or "")) for i, text in store.reader().execute(sql)]


# -- validating ----------------------------------------------------------------------------


def resolve_ref(
    conn: dbapi.Connection, spec: Field, raw: object, extras: Mapping[str, str] | None = None
) -> tuple[int | None, Problem | None]:
    """The referenced row's id from an id (forms) or the key text and extra columns (files).

    Masked values (with '*') cannot identify anyone and are ignored."""
    assert spec.ref is not None
    ref = spec.ref
    label = spec.label
    if isinstance(raw, int) and not isinstance(raw, bool):
        row = conn.execute(f"SELECT id FROM {ref.table} WHERE id = ?", (raw,)).fetchone()
        if row is None:
            return None, Problem(spec.key, "ref_unknown", {"label": label, "value": raw})
        return raw, None
    given: list[tuple[str, str]] = []
    masked_id = ""
    key_text = str(raw or "").strip()
    if key_text and "*" not in key_text:
        given.append((ref.key, key_text))
    for extra in ref.extras:
        text = (extras or {}).get(extra.column, "").strip()
        if extra.sensitive == "id" and text:
            if idcard.is_masked(text):
                masked_id = text
                continue
            text = idcard.normalise(text)  # 5101…x finds 5101…X
        if text and "*" not in text:
            given.append((extra.column, text))
    if not given:
        if masked_id:
            return None, Problem(spec.key, "id_masked", {"value": masked_id})
        if key_text or any((extras or {}).values()):
            return None, Problem(spec.key, "ref_masked", {"label": label})
        return None, None
    candidates: set[int] | None = None
    for column, text in given:
        variants = [text]
        if any(e.column == column and e.sensitive == "id" for e in ref.extras):
            variants = list(idcard.spellings(text))
        if column == ref.key:
            for suffix in ref.loose_suffixes:
                variants += [text.removesuffix(suffix), text + suffix]
        marks = ", ".join("?" for _ in variants)
        found = {
            int(r[0])
            for r in conn.execute(
                f"SELECT id FROM {ref.table} WHERE {column} IN ({marks})", variants
            )
        }
        candidates = found if candidates is None else candidates & found
    shown = " / ".join(text for _, text in given)
    if not candidates:
        return None, Problem(spec.key, "ref_unknown", {"label": label, "value": shown})
    if len(candidates) > 1:
        return None, Problem(spec.key, "ref_ambiguous", {"label": label, "value": shown})
    return candidates.pop(), None


def validate(
    store: Store,
    ledger: Ledger,
    raw: Mapping[str, object],
    uuid: str | None = None,
    today: date | None = None,
    ref_extras: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """The values to store, or ValidationFailedError listing every problem."""
    values, problems = check(store, ledger, raw, uuid, today, ref_extras)
    if problems:
        raise ValidationFailedError(problems)
    return values


def check(
    store: Store,
    ledger: Ledger,
    raw: Mapping[str, object],
    uuid: str | None = None,
    today: date | None = None,
    ref_extras: Mapping[str, Mapping[str, str]] | None = None,
) -> tuple[dict[str, Any], list[Problem]]:
    conn = store.reader()
    today = today or date.today()
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for spec in ledger.input_fields:
        default = today.isoformat() if spec.default == "today" else spec.default
        value, problem = cells.parse(spec, raw.get(spec.key, default))
        if problem is None and spec.ref is not None:
            extras = (ref_extras or {}).get(spec.key)
            value, problem = resolve_ref(conn, spec, value, extras)
        if problem is not None:
            problems.append(problem)
        values[spec.key] = value
    record_id: int | None = None
    if uuid is not None:
        row = conn.execute(f"SELECT id FROM {ledger.table} WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise RuleError("record_missing")
        record_id = int(row[0])
    own_date = values.get(ledger.date_field) if ledger.date_field else None
    if isinstance(own_date, str) and own_date > today.isoformat():
        date_key = str(ledger.date_field)
        problems.append(Problem(date_key, "date_future", {"label": ledger.field(date_key).label}))
    if ledger.check is not None:
        context = CheckContext(store, conn, values, uuid, record_id, today, problems)
        ledger.check(context)
    # After the hook, which normalises (an ID's lower-case x) and derives (a receipt's serial):
    # the database's UNIQUE indexes see the stored value, so the check must see it too.
    for spec in ledger.input_fields:
        value = values[spec.key]
        if (
            spec.unique
            and value not in (None, "")
            and not _has(problems, spec.key)
            and _clash(conn, ledger, spec, value, uuid)
        ):
            shown = idcard.mask(str(value)) if spec.sensitive == "id" else value
            problems.append(
                Problem(spec.key, "ledger_duplicate", {"label": spec.label, "value": shown})
            )
    # After the hook: it may derive a required value (a handover's value from its quantity).
    for spec in ledger.input_fields:
        value = values.get(spec.key)
        explained = any(_has(problems, key) for key in (spec.key, *spec.derived_from))
        if spec.required and (value is None or value == "") and not explained:
            problems.append(Problem(spec.key, "required", {"label": spec.label}))
    for spec in ledger.fields:
        values.setdefault(spec.key, None)
    return values, problems


def _clash(
    conn: dbapi.Connection, ledger: Ledger, spec: Field, value: object, uuid: str | None
) -> bool:
    """Whether another record holds this value; ID numbers match whatever case their X has."""
    if spec.sensitive == "id" and isinstance(value, str):
        variants: Sequence[object] = idcard.spellings(value)
    else:
        variants = (value,)
    marks = ", ".join("?" for _ in variants)
    row = conn.execute(
        f"SELECT 1 FROM {ledger.table} WHERE {spec.key} IN ({marks}) AND uuid IS NOT ?",
        (*variants, uuid),
    ).fetchone()
    return row is not None


def _has(problems: Sequence[Problem], key: str) -> bool:
    return any(p.field == key for p in problems)


# -- writing -------------------------------------------------------------------------------


def log_change(
    conn: dbapi.Connection,
    actor: Actor,
    table: str,
    record_uuid: str,
    action: str,
    changes: Mapping[str, Sequence[object]],
) -> None:
    conn.execute(
        "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid, action,"
        " changes) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            utc_now(),
            actor.uuid,
            actor.name,
            table,
            record_uuid,
            action,
            json.dumps(changes, ensure_ascii=False, sort_keys=True),
        ),
    )


def insert(
    conn: dbapi.Connection,
    actor: Actor,
    ledger: Ledger,
    values: Mapping[str, Any],
    record_uuid: str | None = None,
) -> str:
    """Insert values already validated; call inside a transaction."""
    record_uuid = record_uuid or str(uuid_module.uuid4())
    now = utc_now()
    keys = [f.key for f in ledger.fields]
    stored = [_db(values.get(k)) for k in keys]
    columns = [*keys, *AUDIT_COLUMNS]
    marks = ", ".join("?" for _ in columns)
    try:
        conn.execute(
            f"INSERT INTO {ledger.table} ({', '.join(columns)}) VALUES ({marks})",
            [*stored, record_uuid, now, now, actor.uuid],
        )
    except dbapi.IntegrityError as error:
        raise constraint_error(ledger, error, values) from None
    changes = {k: [None, v] for k, v in zip(keys, stored, strict=True)}
    log_change(conn, actor, ledger.table, record_uuid, "insert", changes)
    return record_uuid


def constraint_error(
    ledger: Ledger, error: dbapi.IntegrityError, values: Mapping[str, Any]
) -> RuleError:
    """A refusal the checks above should have caught first, said in Chinese: the column the
    database names (UNIQUE, CHECK, NOT NULL), else the ledger's record as a whole."""
    text = str(error)
    spec = next((f for f in ledger.fields if f"{ledger.table}.{f.key}" in text), None)
    if spec is None:
        spec = next((f for f in ledger.fields if f" {f.key} " in f" {text} "), None)
    label = spec.label if spec is not None else ledger.record_label
    if text.startswith("UNIQUE") and spec is not None:
        value = values.get(spec.key)
        shown = idcard.mask(str(value)) if spec.sensitive == "id" else value
        return RuleError("ledger_duplicate", label=label, value=shown)
    return RuleError("ledger_constraint", label=label)


def _db(value: object) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    return value


def create(
    store: Store,
    actor: Actor,
    ledger: Ledger,
    raw: Mapping[str, object],
    today: date | None = None,
) -> str:
    """Validate and save a new record in one transaction; returns its uuid."""
    conn = store.reader()
    with transaction(conn):
        values = validate(store, ledger, raw, today=today)
        return insert(conn, actor, ledger, values)


def update(
    store: Store,
    actor: Actor,
    ledger: Ledger,
    uuid: str,
    raw: Mapping[str, object],
    today: date | None = None,
) -> None:
    """Validate and save changes; only changed columns are written and logged."""
    conn = store.reader()
    with transaction(conn):
        values = validate(store, ledger, raw, uuid, today)
        current = load(store, ledger, uuid).values
        changes = {
            f.key: [_db(current[f.key]), _db(values[f.key])]
            for f in ledger.fields
            if _db(current[f.key]) != _db(values[f.key])
        }
        if not changes:
            return
        assignments = ", ".join(f"{k} = ?" for k in changes)
        conn.execute(
            f"UPDATE {ledger.table} SET {assignments}, updated_at = ?, updated_by = ?"
            " WHERE uuid = ?",
            [*(new for _, new in changes.values()), utc_now(), actor.uuid, uuid],
        )
        log_change(conn, actor, ledger.table, uuid, "update", changes)


def delete(store: Store, actor: Actor, ledger: Ledger, uuid: str) -> None:
    conn = store.reader()
    with transaction(conn):
        record = load(store, ledger, uuid)
        if ledger.before_delete is not None:
            ledger.before_delete(conn, record.id)
        try:
            conn.execute(f"DELETE FROM {ledger.table} WHERE uuid = ?", (uuid,))
        except dbapi.IntegrityError:
            raise RuleError("ledger_in_use", record=ledger.record_label) from None
        changes = {f.key: [_db(record.values[f.key]), None] for f in ledger.fields}
        log_change(conn, actor, ledger.table, uuid, "delete", changes)


def new_values(ledger: Ledger, actor_name: str, today: date | None = None) -> dict[str, Any]:
    """What a new record's form starts with."""
    today = today or date.today()
    start: dict[str, Any] = {}
    for spec in ledger.input_fields:
        if spec.default == "today":
            start[spec.key] = today.isoformat()
        elif spec.kind == "worker" and spec.default is None:
            start[spec.key] = actor_name
        elif spec.default is not None:
            start[spec.key] = spec.default
    return start
