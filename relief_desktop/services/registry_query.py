"""The registry list: filter, sort and page beneficiaries straight from SQLite (no ORM, no pinyin)."""

import sqlite3
from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.vocab import CHILD_LABELS
from relief_desktop.services.search_text import normalise_query

CHILDREN = "特殊困难群体儿童"


@dataclass(frozen=True)
class RegistryQuery:
    text: str = ""
    community_id: int | None = None
    label: str | None = None  # a label, or CHILDREN for any of the child subtypes
    status: str | None = None
    sort: str = "name"  # a key of SORTS
    descending: bool = False
    on: date | None = None  # labels held on this day; today when None


@dataclass(frozen=True)
class RegistryRow:
    uuid: str
    file_no: str
    name: str
    sex: str
    birth_date: str | None
    id_number: str | None
    phone: str
    community: str
    labels: str
    status: str
    priority: str
    registered_on: str


SORTS: dict[str, str] = {
    "file_no": "b.file_no",
    "name": "b.name_pinyin",
    "sex": "b.sex",
    "birth_date": "b.birth_date",
    "id_number": "b.id_number",
    "phone": "b.phone",
    "community": "c.sort_order",
    "status": "b.status",
    "priority": "CASE b.priority WHEN '紧急' THEN 0 WHEN '重点' THEN 1 ELSE 2 END",
    "registered_on": "b.registered_on",
}

_LABELS_HELD = """
    SELECT group_concat(label, '、') FROM (
        SELECT DISTINCT l.label FROM beneficiary_label l
        WHERE l.beneficiary_id = b.id AND l.start_date <= :on
          AND (l.end_date IS NULL OR l.end_date >= :on)
        ORDER BY l.label)
"""


def _where(query: RegistryQuery) -> tuple[str, dict[str, object]]:
    clauses: list[str] = []
    params: dict[str, object] = {"on": (query.on or date.today()).isoformat()}
    text = normalise_query(query.text)
    if text:
        if len(text) >= 3:
            # The trigram index answers 3+ characters; quoting makes the text one phrase.
            clauses.append(
                "b.id IN (SELECT rowid FROM beneficiary_fts WHERE beneficiary_fts MATCH :fts)"
            )
            params["fts"] = '"' + text.replace('"', '""') + '"'
        else:
            # 1-2 characters (most given names): the trigram index cannot match these at all.
            clauses.append("b.search_text LIKE :like")
            params["like"] = f"%{text}%"
    if query.community_id is not None:
        clauses.append("b.community_id = :community")
        params["community"] = query.community_id
    if query.status:
        clauses.append("b.status = :status")
        params["status"] = query.status
    if query.label:
        labels = CHILD_LABELS if query.label == CHILDREN else (query.label,)
        names = ", ".join(f":label{i}" for i in range(len(labels)))
        params.update({f"label{i}": label for i, label in enumerate(labels)})
        clauses.append(
            "EXISTS (SELECT 1 FROM beneficiary_label l WHERE l.beneficiary_id = b.id"
            f" AND l.label IN ({names}) AND l.start_date <= :on"
            " AND (l.end_date IS NULL OR l.end_date >= :on))"
        )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count(conn: sqlite3.Connection, query: RegistryQuery) -> int:
    where, params = _where(query)
    return int(conn.execute(f"SELECT count(*) FROM beneficiary b{where}", params).fetchone()[0])


def page(conn: sqlite3.Connection, query: RegistryQuery, offset: int, limit: int) -> list[RegistryRow]:
    """One page, ordered by a unique key so pages never overlap or skip."""
    where, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = SORTS.get(query.sort, SORTS["name"])
    sql = f"""
        SELECT b.uuid, b.file_no, b.name, b.sex, b.birth_date, b.id_number, b.phone,
               c.name, coalesce(({_LABELS_HELD}), ''), b.status, b.priority, b.registered_on
        FROM beneficiary b JOIN community c ON c.id = b.community_id
        {where}
        ORDER BY {order} {direction}, b.id {direction}
        LIMIT :limit OFFSET :offset
    """
    params.update(limit=limit, offset=offset)
    return [RegistryRow(*row) for row in conn.execute(sql, params)]
