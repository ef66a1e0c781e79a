"""Plain DB-API connections with the store's pragmas: the light read path and migrations.

The first window reads through these, so start-up never waits for SQLModel to import.
"""

from pathlib import Path

from relief_desktop.storage import chain, sqldb
from relief_desktop.storage.sqldb import dbapi

PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
    # Pages are decrypted as they are read (SQLCipher): a page cache that holds a search's
    # working set on a 100,000-person store (a 1-character name reads ~5,000 rows) keeps
    # repeated searches from decrypting the same pages again. Grows only as pages are read.
    "PRAGMA cache_size = -65536",
)


def apply_pragmas(conn: dbapi.Connection) -> None:
    """The store's pragmas, and the SQL functions its triggers call (the change-log seal)."""
    for pragma in PRAGMAS:
        conn.execute(pragma)
    chain.register(conn)


def connect(path: Path, *, readonly: bool = False) -> dbapi.Connection:
    """Open the store (with the data key this process unlocked); WAL is a property of the file,
    set once by the migrator."""
    conn = sqldb.connect(path, sqldb.store_key(path), readonly=readonly, check_same_thread=False)
    apply_pragmas(conn)
    return conn
