"""Plain sqlite3 connections with the store's pragmas: the light read path and migrations.

The first window reads through these, so start-up never waits for SQLModel to import.
"""

import sqlite3
from pathlib import Path

from relief_desktop.storage import chain

PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
    "PRAGMA busy_timeout = 5000",
)


def apply_pragmas(conn: sqlite3.Connection) -> None:
    """The store's pragmas, and the SQL functions its triggers call (the change-log seal)."""
    for pragma in PRAGMAS:
        conn.execute(pragma)
    chain.register(conn)


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open the store; WAL is a property of the file, set once by the migrator."""
    if readonly:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    apply_pragmas(conn)
    return conn
