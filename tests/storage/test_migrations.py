"""Creating and upgrading the store file: schema version, pragmas, backups, refusals."""

import hashlib
import importlib
import pkgutil
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import SQLModel

from relief_desktop import storage
from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import registry
from relief_desktop.paths import AppPaths
from relief_desktop.storage import migrations
from relief_desktop.storage.connection import connect
from relief_desktop.storage.migrations import LATEST, migrate, schema_version
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.fixtures.make_store import record_tables

# Tables deliberately read and written with plain SQL only, with no SQLModel class. Keep empty
# unless there is a reason, and write the reason here.
# The ledger tables (migration 4) are generated from their declarations in
# relief_desktop/ledgers/definitions/, which are the model; tests/ledgers/test_schema.py checks
# each declaration against its table column by column.
RAW_SQL_TABLES: set[str] = {
    "provider",
    "resource_receipt",
    "resource_handover",
    "volunteer",
    "volunteer_service",
    "community_liaison",
    "activity",
    "media_report",
    "reception",
    "space_use",
    "equipment_check",
    "bureau_task",
    "policy_publicity",
    "import_batch",
    "import_touched",
    "change_seal",
    "access_log",
    "worker_secret",
} | {ledger.table for ledger in registry.every()}  # fmt: skip  (ledgers are declared, not modelled)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def user_tables(conn: dbapi.Connection) -> set[str]:
    return set(record_tables(conn))


def test_a_new_file_is_created_at_the_latest_schema(tmp_path: Path) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    try:
        conn = store.reader()
        assert schema_version(conn) == LATEST
        assert {"setting", "worker", "community", "beneficiary", "change_log"} <= user_tables(conn)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert list(store.paths.backups.iterdir()) == []  # nothing to back up yet
    finally:
        store.close()


def test_reopening_a_current_store_changes_nothing(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()
    before = digest(paths.database)
    assert migrate(paths.database, paths.backups) == LATEST
    assert digest(paths.database) == before
    assert list(paths.backups.iterdir()) == []


@pytest.mark.parametrize("readonly", [False, True])
def test_plain_connections_use_wal_foreign_keys_and_full_sync(
    tmp_path: Path, readonly: bool
) -> None:
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()
    conn = connect(paths.database, readonly=readonly)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA synchronous").fetchone() == (2,)
    finally:
        conn.close()


def test_sqlmodel_engine_connections_use_wal_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2
    finally:
        store.close()


def test_foreign_keys_are_enforced_on_writes(tmp_path: Path) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    try:
        with pytest.raises(dbapi.IntegrityError, match="FOREIGN KEY"):
            store.reader().execute(
                "INSERT INTO household_member (beneficiary_id, relation, name, uuid, created_at,"
                " updated_at) VALUES (999, '子女', '某某', 'm', '', '')"
            )
    finally:
        store.close()


def test_an_existing_store_is_copied_aside_before_an_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()
    with raw_connect(paths.database) as conn:
        conn.execute(
            "INSERT INTO setting (key, value, uuid, created_at, updated_at)"
            " VALUES ('street_code', '510108004', 's1', '', '')"
        )
    conn.close()
    before = digest(paths.database)
    step = "CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT NOT NULL);"
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, step))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)

    assert migrate(paths.database, paths.backups, upto=LATEST + 1) == LATEST

    (backup,) = paths.backups.iterdir()
    assert backup.name.startswith(f"relief-{datetime.now():%Y%m%d}-")
    assert backup.name.endswith(f"-schema{LATEST}.sqlite3")
    copy = raw_connect(backup)
    try:
        assert schema_version(copy) == LATEST
        assert copy.execute("SELECT value FROM setting").fetchall() == [("510108004",)]
        assert "later_feature" not in user_tables(copy)
    finally:
        copy.close()
    upgraded = raw_connect(paths.database)
    try:
        assert schema_version(upgraded) == LATEST + 1
        assert "later_feature" in user_tables(upgraded)
        assert upgraded.execute("SELECT value FROM setting").fetchall() == [("510108004",)]
    finally:
        upgraded.close()
    assert digest(paths.database) != before


def test_a_failing_upgrade_step_leaves_the_store_at_its_old_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()

    def broken(conn: dbapi.Connection) -> None:
        conn.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, broken))
    monkeypatch.setattr(migrations, "LATEST", LATEST + 1)
    with pytest.raises(RuntimeError, match="power cut"):
        migrate(paths.database, paths.backups, upto=LATEST + 1)
    conn = raw_connect(paths.database)
    try:
        assert schema_version(conn) == LATEST
        assert "half_done" not in user_tables(conn)
    finally:
        conn.close()


def test_a_store_from_a_newer_program_is_refused_and_left_untouched(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()
    with raw_connect(paths.database) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    before = digest(paths.database)

    with pytest.raises(RuleError) as caught:
        Store.open(paths)

    assert caught.value.code == "schema_newer"
    assert caught.value.details == {"found": LATEST + 1, "supported": LATEST}
    assert "未作任何改动" in str(caught.value)
    assert digest(paths.database) == before
    assert list(paths.backups.iterdir()) == []


def test_a_file_that_is_not_a_database_is_reported_as_corrupt(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    paths.ensure()
    paths.database.write_bytes(b"this is a spreadsheet, not a store" * 200)
    with pytest.raises(RuleError) as caught:
        Store.open(paths)
    assert caught.value.code == "store_corrupt"


def test_sqlmodel_tables_match_the_migrated_schema(tmp_path: Path) -> None:
    """Guards every future migration: a column added to one side only fails here."""
    # Every tables*.py module of storage/ declares SQLModel classes; import them all.
    for module in pkgutil.iter_modules(storage.__path__):
        if module.name.startswith("tables"):
            importlib.import_module(f"relief_desktop.storage.{module.name}")
    paths = AppPaths.under(tmp_path)
    Store.open(paths).close()
    conn = raw_connect(paths.database)
    try:
        unmodelled = user_tables(conn) - set(SQLModel.metadata.tables)
        assert unmodelled <= RAW_SQL_TABLES, "add SQLModel classes (storage/tables*.py)"
        assert set(SQLModel.metadata.tables) <= user_tables(conn), "add a migration step"
        for name, table in SQLModel.metadata.tables.items():
            info = conn.execute(f"PRAGMA table_info({name})").fetchall()
            migrated = {row[1]: (bool(row[3]), bool(row[5])) for row in info}
            modelled = {
                column.name: (not column.nullable and not column.primary_key, column.primary_key)
                for column in table.columns
            }
            assert migrated == modelled, name
    finally:
        conn.close()
