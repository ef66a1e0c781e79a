"""Schema 7: a change log that shows tampering, and a log of who saw full personal data.

Every change-log entry gets a seal (change_seal): the SHA-256 of the entry and of the seal
before it, written by a trigger in the same transaction as the entry. Entries written before
this version are sealed once, here, in order. The access log records each export or display of
unmasked IDs: who, when, what, how many records and why.
"""

from relief_desktop.storage import chain
from relief_desktop.storage.migrations.script import run_script
from relief_desktop.storage.sqldb import dbapi

_AUDIT = """
    uuid TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
"""

_FIELDS = ", ".join(f"new.{name}" for name in chain.FIELDS)

SQL = f"""
CREATE TABLE change_seal (
    log_id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL
);
CREATE TRIGGER change_seal_no_update BEFORE UPDATE ON change_seal
BEGIN SELECT RAISE(ABORT, 'change_seal is append-only'); END;
CREATE TRIGGER change_seal_no_delete BEFORE DELETE ON change_seal
BEGIN SELECT RAISE(ABORT, 'change_seal is append-only'); END;
CREATE TRIGGER change_log_seal AFTER INSERT ON change_log WHEN {chain.LIVE}() BEGIN
    INSERT INTO change_seal (log_id, hash) VALUES (new.id, {chain.FUNCTION}(
        (SELECT hash FROM change_seal ORDER BY log_id DESC LIMIT 1), {_FIELDS}));
END;

CREATE TABLE access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    worker_uuid TEXT,
    worker_name TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    what TEXT NOT NULL,
    records INTEGER NOT NULL DEFAULT 0 CHECK (records >= 0),
    reason TEXT NOT NULL DEFAULT '',
    {_AUDIT}
);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
"""


def upgrade(conn: dbapi.Connection) -> None:
    run_script(conn, SQL)
    previous: str | None = None
    columns = ", ".join(chain.FIELDS)
    seals = []
    for row in conn.execute(f"SELECT {columns} FROM change_log ORDER BY id"):
        previous = chain.seal(previous, *row)
        seals.append((row[0], previous))
    conn.executemany("INSERT INTO change_seal (log_id, hash) VALUES (?, ?)", seals)
