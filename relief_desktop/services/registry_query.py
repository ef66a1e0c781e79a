"""The registry list: filter, sort and page beneficiaries from SQLite (no ORM, no pinyin)."""

import re
from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.vocab import CHILD_LABELS
from relief_desktop.services.search_text import match_expression, normalise_query
from relief_desktop.storage.sqldb import dbapi

CHILDREN = "特殊困难群体儿童"
_CJK_ONLY = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_DIGITS = re.compile(r"[0-9x]+")


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
    # Found through a household member, not the person's own name, ID or phone: that member's name.
    member_match: str = ""


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

_MEMBER_HIT = """
    SELECT m.name FROM household_member m
    WHERE m.beneficiary_id = b.id AND (instr(m.name, :plain) > 0 OR m.id_number LIKE :member_like)
    ORDER BY m.id LIMIT 1
"""
_LABEL_SET = "SELECT l.beneficiary_id FROM beneficiary_label l"
_LABELS_HELD = """
    SELECT group_concat(label, '、') FROM (
        SELECT DISTINCT l.label FROM beneficiary_label l
        WHERE l.beneficiary_id = b.id AND l.start_date <= :on
          AND (l.end_date IS NULL OR l.end_date >= :on)
        ORDER BY l.label)
"""


def _where(query: RegistryQuery) -> tuple[list[str], list[str], dict[str, object]]:
    """(id subqueries, plain conditions on b, parameters) for a query."""
    id_sets: list[str] = []
    clauses: list[str] = []
    params: dict[str, object] = {"on": (query.on or date.today()).isoformat()}
    text = normalise_query(query.text)
    if text:
        found = match_expression(text)
        if found is not None:
            index, expression = found
            id_sets.append(f"SELECT rowid FROM {index} WHERE {index} MATCH :match")
            params["match"] = expression
        else:
            # Short mixed input such as '张a': rare, a plain scan is fine.
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
        id_sets.append(
            _LABEL_SET + f" WHERE l.label IN ({names}) AND l.start_date <= :on"
            " AND (l.end_date IS NULL OR l.end_date >= :on)"
        )
    return id_sets, clauses, params


def _own_match(text: str, params: dict[str, object]) -> str | None:
    """A condition true when the person's own name, ID or phone matched the search text.

    The search column also holds the household's names and ID numbers (so a worker finds a
    family by a relative), but people whose own name matches come first: None when nothing to
    rank. Chinese matches only names; letters only pinyin of the person's own name; digits own
    or members' ID numbers and phones."""
    found = match_expression(text)
    if found is None:
        return None
    params["plain"] = text
    prefix = found[0] == "beneficiary_words" and not _CJK_ONLY.fullmatch(text)
    params["member_like"] = f"{text}%" if prefix else f"%{text}%"
    if _CJK_ONLY.fullmatch(text):
        return "instr(b.name, :plain) > 0"
    if not _DIGITS.fullmatch(text):
        return None  # letters: pinyin, which members' names are not searched by
    if prefix:
        return None  # 1–2 digits begin nearly every phone and ID (51…): nothing to rank by
    return (
        "(coalesce(b.id_number, '') LIKE :member_like"
        " OR replace(b.phone, '-', '') LIKE :member_like"
        " OR replace(b.emergency_phone, '-', '') LIKE :member_like"
        " OR NOT EXISTS (SELECT 1 FROM household_member m WHERE m.beneficiary_id = b.id"
        " AND m.id_number LIKE :member_like))"
    )


def _where_sql(id_sets: list[str], clauses: list[str]) -> str:
    # A label holds a third of a street: walking the sort index and testing membership beats
    # fetching every member and sorting them. '+' keeps the planner off the rowid lookup.
    conditions = [
        f"{'+' if sub.startswith(_LABEL_SET) else ''}b.id IN ({sub})" for sub in id_sets
    ] + clauses
    return (" WHERE " + " AND ".join(conditions)) if conditions else ""


def count(conn: dbapi.Connection, query: RegistryQuery) -> int:
    id_sets, clauses, params = _where(query)
    if id_sets and not clauses:
        # Count the index hits themselves rather than visiting every matching person's row.
        sql = f"SELECT count(*) FROM ({' INTERSECT '.join(id_sets)})"
    else:
        sql = f"SELECT count(*) FROM beneficiary b{_where_sql(id_sets, clauses)}"
    return int(conn.execute(sql, params).fetchone()[0])


def page(
    conn: dbapi.Connection, query: RegistryQuery, offset: int, limit: int
) -> list[RegistryRow]:
    """One page, ordered by a unique key so pages never overlap or skip.

    The page's ids are chosen first; labels and community names are looked up for those rows
    only (a correlated subquery in the outer select would run for every match before sorting).
    When searching, people whose own name (ID, phone) matched come before those found through a
    household member, and the latter carry that member's name.
    """
    id_sets, clauses, params = _where(query)
    direction = "DESC" if query.descending else "ASC"
    order = SORTS.get(query.sort, SORTS["name"])
    join = "JOIN community c ON c.id = b.community_id" if "c." in order else ""
    own = _own_match(normalise_query(query.text), params)
    first = f"NOT ({own}), " if own else ""
    member = f"CASE WHEN {own} THEN '' ELSE coalesce(({_MEMBER_HIT}), '') END" if own else "''"
    sql = f"""
        WITH picked AS (
            SELECT b.id, row_number() OVER () AS n FROM (
                SELECT b.id FROM beneficiary b {join}{_where_sql(id_sets, clauses)}
                ORDER BY {first}{order} {direction}, b.id {direction}
                LIMIT :limit OFFSET :offset) AS b)
        SELECT b.uuid, b.file_no, b.name, b.sex, b.birth_date, b.id_number, b.phone,
               c.name, coalesce(({_LABELS_HELD}), ''), b.status, b.priority, b.registered_on,
               {member}
        FROM picked p JOIN beneficiary b ON b.id = p.id JOIN community c ON c.id = b.community_id
        ORDER BY p.n
    """
    params.update(limit=limit, offset=offset)
    return [RegistryRow(*row) for row in conn.execute(sql, params)]
