"""Every released schema version upgrades to the current one without losing a record."""

import shutil
from pathlib import Path
from typing import Any

import pytest

from relief_desktop.paths import AppPaths
from relief_desktop.services import registry_query
from relief_desktop.storage.migrations import LATEST, schema_version
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.fixtures.make_store import FILLERS, STORES, fts_indexes, record_tables, store_file

VERSIONS = list(range(1, LATEST + 1))


def rows_by_table(conn: dbapi.Connection) -> dict[str, dict[int, dict[str, Any]]]:
    names = record_tables(conn)
    result: dict[str, dict[int, dict[str, Any]]] = {}
    for name in names:
        cursor = conn.execute(f"SELECT * FROM {name}")
        columns = [d[0] for d in cursor.description]
        result[name] = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor}
    return result


def test_every_schema_version_has_a_fixture_store() -> None:
    """Adding migration N without tests/fixtures/stores/schemaN.sqlite3 fails here."""
    assert min(FILLERS) == 1
    assert max(FILLERS) <= LATEST
    for version in VERSIONS:
        assert store_file(version).is_file(), f"run python -m tests.fixtures.make_store {version}"
    stray = {p.name for p in STORES.iterdir()} - {store_file(v).name for v in VERSIONS}
    assert stray == set()  # e.g. a -wal file left by opening a fixture in place


def schema_of(conn: dbapi.Connection) -> list[tuple[str, str, str]]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
    return [(kind, name, sql or "") for kind, name, sql in rows]


def fresh_schema(root: Path) -> list[tuple[str, str, str]]:
    store = Store.open(AppPaths.under(root))
    try:
        return schema_of(store.reader())
    finally:
        store.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_fixture_store_upgrades_with_every_record_intact(tmp_path: Path, version: int) -> None:
    # Read a copy: even a read-only connection leaves -wal/-shm files beside a WAL database.
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(store_file(version), pristine)
    original = raw_connect(pristine)
    try:
        assert schema_version(original) == version
        before = rows_by_table(original)
    finally:
        original.close()
    paths = AppPaths.under(tmp_path)
    paths.ensure()
    shutil.copyfile(store_file(version), paths.database)

    store = Store.open(paths)
    try:
        conn = store.reader()
        assert schema_version(conn) == LATEST
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert schema_of(conn) == fresh_schema(tmp_path / "fresh"), (
            f"schema{version}.sqlite3 was made with an older migration step: regenerate it"
            " (see tests/fixtures/make_store.py)"
        )
        for index in fts_indexes(conn):
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        after = rows_by_table(conn)

        for table, rows in before.items():
            assert table in after, table
            assert len(after[table]) == len(rows), table
            assert rows, f"the schema{version} fixture has no rows in {table}"
            for row_id, old in rows.items():
                new = after[table][row_id]
                assert {k: new[k] for k in old if k in new} == old, (table, row_id)

        assert after["beneficiary"][1]["name"] == "张三丰"
        assert after["beneficiary"][2]["id_number"] == "11010519491231002X"
        assert after["household_member"][1]["name"] == "张无忌"
        assert after["beneficiary_label"][2]["end_date"] == "2024-12-31"
        assert after["worker"][1]["role"] == "项目负责人"
        assert after["community"][2]["name"] == "新鸿社区"
        assert after["setting"][1]["value"] == "510108004"
        assert after["change_log"][2]["changes"] == '{"status": ["在案", "结案"]}'

        # The search index came along: short and long queries still find people.
        def names(text: str) -> list[str]:
            query = registry_query.RegistryQuery(text=text)
            return [row.name for row in registry_query.page(conn, query, 0, 10)]

        assert names("zsf") == ["张三丰"]
        assert names("无忌") == ["张三丰"]
        assert names("002x") == ["李娜"]
        assert names("曾") == ["曾小明"]

        backups = list(paths.backups.iterdir())
        assert len(backups) == (1 if version < LATEST else 0)
    finally:
        store.close()
