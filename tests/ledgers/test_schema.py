"""Each declaration agrees with its table in migration 4, column by column."""

import pytest

from relief_desktop.ledgers import registry
from relief_desktop.ledgers.spec import Ledger
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

AUDIT = {"id": False, "uuid": True, "created_at": True, "updated_at": True, "updated_by": False}


@pytest.mark.parametrize("ledger", registry.every(), ids=lambda ledger: ledger.key)
def test_declaration_matches_the_migrated_table(store: Store, ledger: Ledger) -> None:
    conn: dbapi.Connection = store.reader()
    info = conn.execute(f"PRAGMA table_info({ledger.table})").fetchall()
    migrated = {row[1]: bool(row[3]) for row in info}
    declared = dict(AUDIT)
    for spec in ledger.fields:
        # Text and flags are never NULL (blank is ''/0); other kinds only when required.
        declared[spec.key] = spec.is_text or spec.kind == "bool" or spec.required or spec.computed
    assert migrated == declared


@pytest.mark.parametrize("ledger", registry.every(), ids=lambda ledger: ledger.key)
def test_references_point_at_the_declared_tables(store: Store, ledger: Ledger) -> None:
    keys = store.reader().execute(f"PRAGMA foreign_key_list({ledger.table})").fetchall()
    migrated = {(row[3], row[2]) for row in keys}  # (from column, to table)
    declared = {(f.key, f.ref.table) for f in ledger.fields if f.ref is not None}
    assert migrated == declared


def test_names_are_unique_and_found_by_chinese_or_ascii() -> None:
    names = [n.lower() for ledger in registry.ledgers() for n in ledger.names()]
    assert len(names) == len(set(names))
    assert registry.get("resources") is registry.get("救助资源台账")
    assert registry.get("志愿服务").key == "volunteer_service"
