"""Register, change and look up beneficiaries with their household and labels (基础数据库)."""

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from relief_desktop.domain import idcard
from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput, clean
from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.services import search_text
from relief_desktop.services.team import current_street
from relief_desktop.storage import bulk, journal
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import begin_immediate, is_locked
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

# Fields copied one-to-one between the input and the table.
_PLAIN_FIELDS = [
    f.name for f in dataclasses.fields(BeneficiaryInput) if f.name not in ("labels", "members")
]
_MEMBER_FIELDS = [f.name for f in dataclasses.fields(MemberInput)]


@dataclass(frozen=True)
class BeneficiaryRecord:
    uuid: str
    file_no: str
    data: BeneficiaryInput
    registered_by: str
    updated_at: str


@dataclass(frozen=True)
class Similar:
    """Someone who may be the same person: same name and birth, or same name and community."""

    uuid: str
    file_no: str
    name: str
    birth_date: str | None
    community: str
    reason: str  # 'name_birth' or 'name_community'


def next_file_no(store: Store, year: int) -> str:
    """Street code, year and a sequence: 510108004-2026-0001."""
    street = current_street(store)
    if street is None:
        raise RuleError("not_set_up")
    prefix = f"{street}-{year}-"
    # Longest first: as text, '...-9999' sorts after '...-10000'.
    row = (
        store.reader()
        .execute(
            "SELECT file_no FROM beneficiary WHERE file_no LIKE ?"
            " ORDER BY length(file_no) DESC, file_no DESC LIMIT 1",
            (prefix + "%",),
        )
        .fetchone()
    )
    last = int(row[0].rsplit("-", 1)[1]) if row and row[0] else 0
    return f"{prefix}{last + 1:04d}"


def find_by_id_number(store: Store, id_number: str) -> tuple[str, str, str] | None:
    """(uuid, name, file_no) of whoever holds this ID number, whatever the case of its X."""
    return _holder(store.reader(), id_number)


def _holder(conn: dbapi.Connection, id_number: str) -> tuple[str, str, str] | None:
    row = conn.execute(
        "SELECT uuid, name, file_no FROM beneficiary WHERE id_number IN (?, ?)",
        idcard.spellings(id_number),
    ).fetchone()
    return (row[0], row[1], row[2]) if row else None


def find_similar(
    store: Store, data: BeneficiaryInput, exclude_uuid: str | None = None
) -> list[Similar]:
    """People to warn about before saving (the ID duplicate itself is refused, not warned)."""
    cleaned, _ = clean(data)
    rows = (
        store.reader()
        .execute(
            """SELECT b.uuid, b.file_no, b.name, b.birth_date, c.name, b.community_id
           FROM beneficiary b JOIN community c ON c.id = b.community_id
           WHERE b.name = ? AND b.uuid IS NOT ?""",
            (cleaned.name, exclude_uuid),
        )
        .fetchall()
    )
    found: list[Similar] = []
    birth = cleaned.birth_date.isoformat() if cleaned.birth_date else None
    for uuid, file_no, name, born, community, community_id in rows:
        if birth is not None and born == birth:
            found.append(Similar(uuid, file_no, name, born, community, "name_birth"))
        elif community_id == cleaned.community_id:
            found.append(Similar(uuid, file_no, name, born, community, "name_community"))
    return found


def validate(store: Store, data: BeneficiaryInput, uuid: str | None = None) -> BeneficiaryInput:
    """The cleaned input, or ValidationFailedError listing every problem (duplicates included)."""
    cleaned, problems = clean(data)
    if cleaned.id_number and not any(p.field == "id_number" for p in problems):
        holder = find_by_id_number(store, cleaned.id_number)
        if holder is not None and holder[0] != uuid:
            details = {"uuid": holder[0], "name": holder[1], "file_no": holder[2]}
            problems.append(Problem("id_number", "id_duplicate", details))
    if cleaned.community_id is not None and not any(p.field == "community_id" for p in problems):
        row = (
            store.reader()
            .execute(
                "SELECT 1 FROM community WHERE id = ? AND street_code = ?",
                (cleaned.community_id, current_street(store)),
            )
            .fetchone()
        )
        if row is None:
            problems.append(Problem("community_id", "community_required"))
    if problems:
        raise ValidationFailedError(problems)
    return cleaned


def register(store: Store, actor: Actor, data: BeneficiaryInput) -> str:
    """Save a new person with household and labels in one transaction; returns the uuid."""
    return register_many(store, actor, [(validate(store, data), "")])[0]


def register_many(
    store: Store,
    actor: Actor,
    people: Sequence[tuple[BeneficiaryInput, str]],
    file_name: str | None = None,
) -> list[str]:
    """Save already validated persons (cleaned input, file number or '' for the next one) in
    ONE transaction, as an import needs; returns their uuids in order. With `file_name`, the
    import of that file is journaled so it can be undone (services/imports.py).

    The transaction takes the write lock before it reads anything, so two registrations or
    imports at once (GUI and CLI, two windows) wait for each other instead of picking the same
    next file number; the duplicate-ID check is repeated under that lock."""
    street = current_street(store)
    if street is None:
        raise RuleError("not_set_up")
    with _said_in_chinese(), store.write(actor) as session:
        conn = _locked(session)
        batch = (
            journal.open_batch(conn, actor, "registry", "registry", file_name)
            if file_name
            else None
        )
        uuids = _insert_people(session, conn, street, actor, people)
        if batch is not None:
            session.flush()
            journal.close_batch(conn, actor, batch, added=len(uuids))
        return uuids


def _locked(session: Any) -> dbapi.Connection:
    """The session's sqlite3 connection, inside BEGIN IMMEDIATE (the store's write lock)."""
    conn = session.connection().connection.driver_connection
    assert isinstance(conn, dbapi.Connection)
    begin_immediate(conn)
    return conn


@contextmanager
def _said_in_chinese() -> Iterator[None]:
    """A database refusal the checks missed, or a writer that never let go: a Chinese
    message, never a traceback."""
    from sqlalchemy import exc

    try:
        yield
    except exc.IntegrityError as error:
        raise RuleError("store_conflict", what=_constraint_name(error)) from None
    except exc.OperationalError as error:
        if is_locked(error.orig or error):
            raise RuleError("store_busy", seconds=bulk.WRITE_WAIT_SECONDS) from None
        raise


def _insert_people(
    session: Any,
    conn: dbapi.Connection,
    street: str,
    actor: Actor,
    people: Sequence[tuple[BeneficiaryInput, str]],
) -> list[str]:
    from relief_desktop.storage.tables import Beneficiary

    given = {file_no for _data, file_no in people if file_no}
    last: dict[int, int] = {}
    uuids: list[str] = []
    duplicates: list[Problem] = []
    for data, given_file_no in people:
        if data.id_number:
            holder = _holder(conn, data.id_number)
            if holder is not None:  # registered by another window since the form was checked
                details = {"uuid": holder[0], "name": holder[1], "file_no": holder[2]}
                duplicates.append(Problem("id_number", "id_duplicate", details))
                continue
        registered_on = data.registered_on or date.today()
        file_no = given_file_no
        if not file_no:
            year = registered_on.year
            if year not in last:
                last[year] = _last_number(conn, f"{street}-{year}-")
            # A number given in the file or taken meanwhile is skipped: retry with the next.
            while True:
                last[year] += 1
                file_no = f"{street}-{year}-{last[year]:04d}"
                if file_no not in given and not _file_no_taken(conn, file_no):
                    break
        row = Beneficiary(
            file_no=file_no,
            street_code=street,
            registered_by=actor.uuid,
            **_table_values(data),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        _replace_children(session, row.id, data)
        uuids.append(row.uuid)
    if duplicates:
        raise ValidationFailedError(duplicates)
    return uuids


def _last_number(conn: dbapi.Connection, prefix: str) -> int:
    # Longest first: as text, '...-9999' sorts after '...-10000'.
    row = conn.execute(
        "SELECT file_no FROM beneficiary WHERE file_no LIKE ?"
        " ORDER BY length(file_no) DESC, file_no DESC LIMIT 1",
        (prefix + "%",),
    ).fetchone()
    tail = row[0].rsplit("-", 1)[1] if row and row[0] else "0"
    return int(tail) if tail.isdigit() else 0


def _file_no_taken(conn: dbapi.Connection, file_no: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM beneficiary WHERE file_no = ?", (file_no,)).fetchone()
        is not None
    )


def _constraint_name(error: Exception) -> str:
    text = str(getattr(error, "orig", error))
    if "file_no" in text:
        return "档案号重复"
    if "id_number" in text:
        return "身份证号码重复"
    return "数据规则"


def update(store: Store, actor: Actor, uuid: str, data: BeneficiaryInput) -> None:
    """Save changes to a person; household and labels are replaced by what the form holds."""
    from sqlmodel import select

    from relief_desktop.storage.tables import Beneficiary

    cleaned = validate(store, data, uuid)
    with _said_in_chinese(), store.write(actor) as session:
        conn = _locked(session)
        holder = _holder(conn, cleaned.id_number) if cleaned.id_number else None
        if holder is not None and holder[0] != uuid:  # taken by another window meanwhile
            details = {"uuid": holder[0], "name": holder[1], "file_no": holder[2]}
            raise ValidationFailedError([Problem("id_number", "id_duplicate", details)])
        row = session.exec(select(Beneficiary).where(Beneficiary.uuid == uuid)).first()
        if row is None:
            raise RuleError("record_missing")
        for key, value in _table_values(cleaned).items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        session.add(row)
        session.flush()
        assert row.id is not None
        _replace_children(session, row.id, cleaned)


def _table_values(data: BeneficiaryInput) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in _PLAIN_FIELDS}
    values["id_number"] = data.id_number or None
    values["registered_on"] = data.registered_on or date.today()
    values["name_pinyin"] = search_text.sort_key(data.name)
    values["search_text"] = search_text.build(
        data.name,
        data.id_number,
        [data.phone, data.emergency_phone],
        [m.name for m in data.members] + [m.id_number for m in data.members],
    )
    return values


def _replace_children(session: Any, beneficiary_id: int, data: BeneficiaryInput) -> None:
    """Update household and labels in place where they match, so unchanged rows log nothing."""
    from sqlmodel import select

    from relief_desktop.storage.tables import BeneficiaryLabel, HouseholdMember

    members = list(
        session.exec(
            select(HouseholdMember)
            .where(HouseholdMember.beneficiary_id == beneficiary_id)
            .order_by(HouseholdMember.id)  # type: ignore[arg-type]
        )
    )
    for i, member in enumerate(data.members):
        values = {name: getattr(member, name) for name in _MEMBER_FIELDS}
        values["id_number"] = member.id_number or None
        if i < len(members):
            for key, value in values.items():
                if getattr(members[i], key) != value:
                    setattr(members[i], key, value)
            session.add(members[i])
        else:
            session.add(HouseholdMember(beneficiary_id=beneficiary_id, **values))
    for extra in members[len(data.members) :]:
        session.delete(extra)

    labels = list(
        session.exec(
            select(BeneficiaryLabel)
            .where(BeneficiaryLabel.beneficiary_id == beneficiary_id)
            .order_by(BeneficiaryLabel.id)  # type: ignore[arg-type]
        )
    )
    for i, item in enumerate(data.labels):
        assert item.start_date is not None
        values = {
            "label": item.label,
            "start_date": item.start_date,
            "end_date": item.end_date,
            "note": item.note,
        }
        if i < len(labels):
            for key, value in values.items():
                if getattr(labels[i], key) != value:
                    setattr(labels[i], key, value)
            session.add(labels[i])
        else:
            session.add(BeneficiaryLabel(beneficiary_id=beneficiary_id, **values))
    for extra in labels[len(data.labels) :]:
        session.delete(extra)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load(store: Store, uuid: str) -> BeneficiaryRecord:
    """Everything the form shows for one person."""
    conn = store.reader()
    conn.row_factory = None
    cursor = conn.execute("SELECT * FROM beneficiary WHERE uuid = ?", (uuid,))
    row = cursor.fetchone()
    if row is None:
        raise RuleError("record_missing")
    record = dict(zip([d[0] for d in cursor.description], row, strict=True))
    values: dict[str, Any] = {name: record[name] for name in _PLAIN_FIELDS}
    for key in ("birth_date", "registered_on", "consent_date"):
        values[key] = _date(values[key])
    values["id_number"] = values["id_number"] or ""
    cursor = conn.execute(
        "SELECT * FROM household_member WHERE beneficiary_id = ? ORDER BY id", (record["id"],)
    )
    names = [d[0] for d in cursor.description]
    members = []
    for member_row in cursor.fetchall():
        m = dict(zip(names, member_row, strict=True))
        members.append(
            MemberInput(
                **{
                    **{k: m[k] for k in _MEMBER_FIELDS},
                    "id_number": m["id_number"] or "",
                    "birth_date": _date(m["birth_date"]),
                    "lives_together": bool(m["lives_together"]),
                    "legal_supporter": bool(m["legal_supporter"]),
                }
            )
        )
    labels = [
        LabelInput(label, _date(start), _date(end), note)
        for label, start, end, note in conn.execute(
            "SELECT label, start_date, end_date, note FROM beneficiary_label"
            " WHERE beneficiary_id = ? ORDER BY id",
            (record["id"],),
        )
    ]
    registered_by = conn.execute(
        "SELECT name FROM worker WHERE uuid = ?", (record["registered_by"],)
    ).fetchone()
    data = BeneficiaryInput(**values, labels=tuple(labels), members=tuple(members))
    return BeneficiaryRecord(
        uuid,
        record["file_no"],
        data,
        registered_by[0] if registered_by else "",
        record["updated_at"],
    )


def history(store: Store, uuid: str) -> list[tuple[str, str, str, str]]:
    """(time, worker, action, changes JSON) of one person, newest first."""
    rows = store.reader().execute(
        "SELECT at, worker_name, action, changes FROM change_log"
        " WHERE table_name = 'beneficiary' AND record_uuid = ? ORDER BY id DESC",
        (uuid,),
    )
    return [(r[0], r[1], r[2], r[3]) for r in rows]
