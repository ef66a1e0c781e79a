"""Schema versions by `PRAGMA user_version`; each upgrade runs after a dated copy of the file."""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import private_dir, private_file
from relief_desktop.storage import faults, sqldb
from relief_desktop.storage.connection import apply_pragmas
from relief_desktop.storage.migrations import (
    m0001_foundation,
    m0002_casework,
    m0003_inspection,
    m0004_ledgers,
    m0005_reporting,
    m0006_imports,
    m0007_audit,
    m0008_accounts,
    m0009_report_texts,
    m0010_district,
    m0011_district_ledgers,
)
from relief_desktop.storage.migrations.script import run_script
from relief_desktop.storage.sqldb import dbapi

Step = str | Callable[[dbapi.Connection], None]

# Append only: a released step is never edited, a change is a new step.
MIGRATIONS: tuple[Step, ...] = (
    m0001_foundation.SQL,
    m0002_casework.SQL,
    m0003_inspection.SQL,
    m0004_ledgers.SQL,
    m0005_reporting.SQL,
    m0006_imports.SQL,
    m0007_audit.upgrade,
    m0008_accounts.SQL,
    m0009_report_texts.SQL,
    m0010_district.SQL,
    m0011_district_ledgers.SQL,
)
LATEST = len(MIGRATIONS)


def schema_version(conn: dbapi.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_copy(
    conn: dbapi.Connection, folder: Path, version: int, key: bytes | None = None
) -> Path:
    """A consistent copy of the live store (sqlite backup API, safe under WAL), encrypted with
    the store's own key (`key`; None for a plaintext store)."""
    private_dir(folder)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"relief-{stamp}-schema{version}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"relief-{stamp}-schema{version}-{n}.sqlite3"
    copy = sqldb.connect(target, key)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    private_file(target)
    return target


def migrate(path: Path, backups: Path, upto: int = LATEST) -> int:
    """Bring the store at `path` to schema `upto`, creating it if new. Returns the old version.

    A full disk or a read-only folder is named as such (storage/faults.py), never as a broken store.
    """

    try:
        return _migrate(path, backups, upto)
    except dbapi.Error as error:
        found = faults.from_sqlite_error(error, path)
        if found is None:
            raise
        raise found from None


def _migrate(path: Path, backups: Path, upto: int) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = sqldb.store_key(path)
    conn = sqldb.connect(path, key, isolation_level=None)
    try:
        try:
            found = schema_version(conn)
        except dbapi.DatabaseError as error:
            fault = _fault(error, path)
            raise fault from None
        if found > LATEST:
            raise RuleError("schema_newer", found=found, supported=LATEST)
        conn.execute("PRAGMA journal_mode = WAL")
        apply_pragmas(conn)
        if found >= upto:
            return found
        if found > 0:
            backup_copy(conn, backups, found, key)
        for version in range(found + 1, upto + 1):
            _apply(conn, version, MIGRATIONS[version - 1])
        return found
    finally:
        conn.close()


def _fault(error: dbapi.DatabaseError, path: Path) -> RuleError:
    return faults.from_sqlite_error(error, path) or RuleError("store_corrupt", detail=str(error))


def tables_at(version: int) -> frozenset[str]:
    """The tables (and FTS shadow tables) of a store freshly migrated to `version`."""
    conn = dbapi.connect(":memory:", isolation_level=None)
    try:
        for step in range(1, version + 1):
            _apply(conn, step, MIGRATIONS[step - 1])
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return frozenset(str(row[0]) for row in rows)
    finally:
        conn.close()


def _apply(conn: dbapi.Connection, version: int, step: Step) -> None:
    # Foreign keys cannot be switched inside a transaction; table rebuilds need them off.
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if isinstance(step, str):
            run_script(conn, step)
        else:
            step(conn)
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuleError("store_corrupt", detail=f"迁移到第 {version} 版后外键不一致")
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # SQLite rolls back by itself on a full disk
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
