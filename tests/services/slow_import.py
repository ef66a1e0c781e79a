"""An import in a second process for the restore tests: `python -m tests.services.slow_import
DATA_DIR`. Opens the store as the app does, inserts 3,000 persons in one transaction, prints
`importing` and waits for a line on stdin before it commits (so the test can try a restore
meanwhile), then prints `committed` and closes the store."""

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import sign_in_as_script
from tests.fixtures.people import BulkPerson, bulk_insert, filler_people

COUNT = 3000


def main() -> None:
    paths = AppPaths.under(Path(sys.argv[1]))
    sign_in_as_script(paths)
    store = Store.open(paths)
    try:
        conn = store.reader()
        communities = [c.id for c in team.communities(store)]
        people = filler_people(communities, COUNT, seed=11)
        street = team.current_street(store) or ""
        conn.execute("BEGIN IMMEDIATE")
        bulk_insert_in_transaction(conn, street, people)
        sys.stdout.write("importing\n")
        sys.stdout.flush()
        sys.stdin.readline()
        conn.execute("COMMIT")
        sys.stdout.write("committed\n")
        sys.stdout.flush()
    finally:
        store.close()


def bulk_insert_in_transaction(
    conn: dbapi.Connection, street: str, people: Sequence[BulkPerson]
) -> None:
    # bulk_insert commits with `with conn:`; run its statements inside our open transaction by
    # handing it a connection proxy whose context manager does nothing.
    class Held:
        def __init__(self, inner: dbapi.Connection) -> None:
            self.inner = inner

        def __enter__(self) -> "Held":
            return self

        def __exit__(self, *_exc: object) -> None:
            return None

        def execute(self, sql: str, parameters: Sequence[object] = ()) -> dbapi.Cursor:
            return self.inner.execute(sql, parameters)

    bulk_insert(cast(dbapi.Connection, Held(conn)), street, people)


if __name__ == "__main__":
    main()
