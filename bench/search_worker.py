"""Search latency as the registry list sees it: count + first page for typical queries.

Run as `python -m bench.search_worker DATA_DIR REPEATS`; prints one JSON object on stdout.
Queries are drawn from the store itself (seeded), so every one of them finds someone.
"""

import json
import random
import sys
import time
from pathlib import Path

from bench import signin
from relief_desktop.paths import AppPaths
from relief_desktop.services import registry_query
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

PAGE_SIZE = 200  # ui/models/registry_table_model.py RegistryTableModel.PAGE_SIZE


def pick_queries(conn: dbapi.Connection, seed: int = 7) -> list[tuple[str, str]]:
    """(kind, text) of ten typical queries."""
    rng = random.Random(seed)

    def names(length: int) -> list[tuple[str, str, str, str]]:
        rows = conn.execute(
            "SELECT name, name_pinyin, coalesce(id_number, ''), phone FROM beneficiary"
            " WHERE length(name) = ? AND id_number IS NOT NULL AND phone <> '' LIMIT 5000",
            (length,),
        ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    two, three = names(2), names(3)
    a2, b2 = rng.choice(two), rng.choice(two)
    a3, b3 = rng.choice(three), rng.choice(three)
    phone = rng.choice(three)[3].replace("-", "")
    (top_surname,) = conn.execute(
        "SELECT substr(name, 1, 1) AS s FROM beneficiary GROUP BY s ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    return [
        ("top surname", top_surname),  # the worst case: the most common surname
        ("1-char given", b3[0][-1]),
        ("2-char name", a2[0]),
        ("2-char given", b3[0][1:]),
        ("3-char name", a3[0]),
        ("pinyin initials", "".join(s[0] for s in b3[1].split())),
        ("full pinyin", b2[1].replace(" ", "")),
        ("ID last 4", a2[2][-4:]),
        ("ID middle 8", b2[2][6:14]),
        ("phone last 4", phone[-4:]),
    ]


def main() -> None:
    data_dir, repeats = Path(sys.argv[1]), int(sys.argv[2])
    store = Store.open(signin.unlock(AppPaths.under(data_dir)))
    conn = store.reader()
    queries = pick_queries(conn)
    results = []
    for kind, text in queries:
        query = registry_query.RegistryQuery(text=text)
        times: list[float] = []
        total = 0
        for _ in range(repeats):
            started = time.perf_counter()
            total = registry_query.count(conn, query)
            rows = registry_query.page(conn, query, 0, PAGE_SIZE)
            times.append((time.perf_counter() - started) * 1000)
            assert rows or total == 0
        results.append({"kind": kind, "text": text, "found": total, "ms": times})
    store.close()
    json.dump({"queries": results}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
