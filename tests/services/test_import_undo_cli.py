"""`relief-desktop roll undo` and `ledger undo`: a dry listing by default, --yes to undo."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.services import accounts, registry_book
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from tests.conftest import TEST_PASSWORD
from tests.services.inspection.helpers import import_roll, inspect
from tests.services.test_import_undo import dump, lead, log_count, registry_file

__all__ = ["registry_file"]  # the fixture, shared with the service tests

ROLL_DAY = date(2026, 10, 1)


@pytest.fixture(autouse=True)
def _accounts(store: Store) -> None:
    """The team has passwords: a command signs in without writing anything."""
    accounts.set_all(store, SYSTEM, TEST_PASSWORD)


def run(store: Store, *args: str) -> int:
    return cli.main(["--data-dir", str(store.paths.data_dir), *args])


def test_roll_undo_without_yes_lists_the_import_and_writes_nothing(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "dibao", 8, ROLL_DAY, name="低保10月.xlsx")
    state, logged = dump(store), log_count(store)

    code = run(store, "roll", "undo", "--category", "dibao")

    out = capsys.readouterr().out
    assert code == 1
    assert "将撤销低保在册名单最近一次导入" in out
    assert "文件：低保10月.xlsx" in out
    assert "（张三）" in out
    assert "本次导入：新增 8 条" in out
    assert "撤销将删除本次新增的 8 条。" in out
    assert "--yes" in out
    assert (dump(store), log_count(store)) == (state, logged)


def test_roll_undo_with_yes_restores_the_roll_and_a_second_run_says_already_undone(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(store)
    import_roll(store, tmp_path, "tekun", 3, ROLL_DAY, name="特困.xlsx")

    assert run(store, "roll", "undo", "--category", "tekun", "--worker", "李四", "--yes") == 0
    assert "已撤销特困在册名单的导入（特困.xlsx）" in capsys.readouterr().out
    assert dump(store) == before

    assert run(store, "roll", "undo", "--category", "tekun", "--yes") == 1
    err = capsys.readouterr().err
    assert "错误：特困在册名单最近一次导入（特困.xlsx）已于" in err
    assert "李四撤销，不能重复撤销" in err


def test_roll_undo_refused_names_what_blocks_it_on_stderr(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = list(import_roll(store, tmp_path, "dibao", 4, ROLL_DAY).values())
    inspect(store, entries[0], date(2026, 10, 9))
    inspect(store, entries[1], date(2026, 10, 9))
    state = dump(store)

    assert run(store, "roll", "undo", "--category", "dibao") == 1  # the dry run checks too
    assert "入户核查记录 2 条" in capsys.readouterr().err
    assert run(store, "roll", "undo", "--category", "dibao", "--yes") == 1
    assert "入户核查记录 2 条" in capsys.readouterr().err
    assert dump(store) == state


def test_ledger_undo_of_the_registry_by_its_chinese_name(
    store: Store, registry_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(store)
    assert registry_book.import_file(store, lead(store).actor, registry_file, commit=True).committed

    assert run(store, "ledger", "undo", "基础数据库") == 1
    assert "文件：基础数据库.xlsx" in capsys.readouterr().out
    assert run(store, "ledger", "undo", "基础数据库", "--yes") == 0
    assert "已撤销基础数据库的导入" in capsys.readouterr().out
    assert dump(store) == before


def test_ledger_undo_with_nothing_imported_or_an_unknown_ledger_fails_in_chinese(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "ledger", "undo", "媒体报道台账", "--yes") == 1
    assert "媒体报道台账还没有导入过文件" in capsys.readouterr().err
    assert run(store, "ledger", "undo", "不存在的台账") == 1
    assert "错误：" in capsys.readouterr().err
