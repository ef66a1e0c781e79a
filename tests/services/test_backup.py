"""Backups: a whole, checked copy; one a day, the last 14 kept; a restore that keeps what it
replaces and refuses what is not a store."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import backup, beneficiaries, team
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect


def persons(path: Path) -> int:
    conn = raw_connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0])
    finally:
        conn.close()


def add_person(store: Store, name: str, number: str) -> None:
    beneficiaries.register(
        store,
        team.team(store)[0].actor,
        BeneficiaryInput(name, team.communities(store)[0].id, id_number=number),
    )


def test_a_backup_is_a_whole_copy_even_while_the_store_is_open(
    store: Store, tmp_path: Path
) -> None:
    add_person(store, "张三丰", "510108198503120235")
    made = backup.make_backup(store.paths, tmp_path / "usb")
    assert made.parent == tmp_path / "usb"
    assert persons(made) == 1
    assert backup.check_backup(made) >= 1


def test_one_daily_copy_a_day_and_only_the_last_fourteen_kept(store: Store) -> None:
    cut_short = store.paths.backups / "relief-20261101-090000-daily.sqlite3.part"
    cut_short.write_bytes(b"half a copy")
    for day in range(1, 17):
        made = backup.daily_backup(store.paths, date(2026, 11, day))
        assert made is not None
        # Each copy is dated today by the clock; age it to the day it stands for.
        aged = made.with_name(f"relief-202611{day:02d}-090000-daily.sqlite3")
        made.rename(aged)
    assert backup.daily_backup(store.paths, date(2026, 11, 16)) is None  # already made today
    daily = [b for b in backup.backups(store.paths) if b.kind == "daily"]
    assert len(daily) == backup.DAILY_KEEP
    assert not cut_short.exists()
    assert daily[0].made_at.date() == date(2026, 11, 16)


def test_restore_puts_the_backup_back_and_keeps_what_it_replaced(
    store: Store, tmp_path: Path
) -> None:
    add_person(store, "张三丰", "510108198503120235")
    made = backup.make_backup(store.paths, tmp_path)
    add_person(store, "李娜", "11010519491231002X")
    store.close()
    kept = backup.restore(store.paths, made).kept
    assert kept is not None
    assert persons(store.paths.database) == 1
    assert persons(kept) == 2
    assert kept.name.endswith("-before-restore.sqlite3")


def test_restore_refuses_what_is_not_a_store(store: Store, tmp_path: Path) -> None:
    fake = tmp_path / "relief-20261101-090000-manual.sqlite3"
    fake.write_bytes(b"not a database at all")
    before = persons(store.paths.database)
    with pytest.raises(RuleError) as refused:
        backup.restore(store.paths, fake)
    assert refused.value.code == "restore_unreadable"
    assert "数据未改动" in str(refused.value)
    assert persons(store.paths.database) == before
