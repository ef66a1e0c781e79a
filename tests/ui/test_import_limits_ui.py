"""The ledger page's import, as a user meets the limits: a hostile file is refused before it is
loaded, and a store held by another program is said in Chinese, never a crash."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.storage import bulk
from relief_desktop.storage.connection import connect
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.ledger_import import ImportPreviewDialog
from relief_desktop.ui.pages import ledgers_page
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from tests.fixtures.hostile_files import shared_strings_bomb


def _page(context: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _parent, _title, text: errors.append(text))
    return errors


def test_shared_strings_bomb_picked_in_the_ledger_page_is_refused_up_front(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = _page(context, qtbot, monkeypatch)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.show_ledger("volunteers")
    bomb = shared_strings_bomb(tmp_path / "志愿者.xlsx")
    monkeypatch.setattr(ledgers_page, "choose_import_file", lambda _parent: bomb)
    assert not page.import_file()
    assert len(errors) == 1
    assert "超过一次导入的上限 500 MB" in errors[0]


def test_ledger_import_confirmed_while_another_program_writes_says_so(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replays: "database is locked" from a concurrent writer during 确认导入."""
    errors = _page(context, qtbot, monkeypatch)
    monkeypatch.setattr(bulk, "WRITE_WAIT_SECONDS", 0.2)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.show_ledger("volunteers")
    source = tmp_path / "志愿者.csv"
    source.write_text("姓名,技能特长\n周志愿,理发\n", encoding="utf-8")
    monkeypatch.setattr(ledgers_page, "choose_import_file", lambda _parent: source)
    blocker = connect(context.store.paths.database)

    def confirm_while_another_program_writes(dialog: object) -> bool:
        if isinstance(dialog, ImportPreviewDialog):
            blocker.execute("BEGIN IMMEDIATE")
        return True

    monkeypatch.setattr(ledgers_page, "run_dialog", confirm_while_another_program_writes)
    try:
        assert not page.import_file()
    finally:
        blocker.rollback()
        blocker.close()
    assert len(errors) == 1
    assert "另一项导入或登记正在写入数据" in errors[0]
    count = context.store.reader().execute("SELECT count(*) FROM volunteer").fetchone()[0]
    assert count == 0
