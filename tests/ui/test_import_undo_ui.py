"""撤销本次导入 on the 核查, 台账 and 登记 pages: offered only when there is an import to undo,
says what it will undo, asks once, and the page reads as before the import afterwards."""

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.ledgers import exchange
from relief_desktop.ledgers.definitions.resources import RESOURCES
from relief_desktop.services import registry_query
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.inspections_page import InspectionsPage
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.ledgers.helpers import provider
from tests.services.inspection.helpers import import_roll
from tests.services.test_import_undo import dump, lead, receipts_file, registry_file

__all__ = ["registry_file"]  # the fixture, shared with the service tests


class Asked:
    """The confirmation box: records what it was shown and answers as told."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.texts: list[str] = []

    def __call__(self, _parent: object, _title: str, text: str) -> bool:
        self.texts.append(text)
        return self.answer


def test_the_roll_area_undoes_the_last_import_after_asking_once(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = InspectionsPage(context)
    qtbot.addWidget(page)
    assert not page.undo_import_button.isEnabled()  # nothing imported yet
    before = dump(store)
    import_roll(store, tmp_path, "tekun", 6, date.today(), name="特困名单.xlsx")
    page.category_combo.setCurrentIndex(page.category_combo.findData("特困"))
    assert page.model.total == 6
    assert page.undo_import_button.isEnabled()
    assert "特困名单.xlsx" in page.undo_import_button.toolTip()

    asked = Asked(False)
    monkeypatch.setattr(prompts, "confirm_undo", asked)
    page.undo_import_button.click()
    assert page.model.total == 6  # said no: nothing undone
    assert "文件：特困名单.xlsx" in asked.texts[0]
    assert "（张三）" in asked.texts[0]
    assert "删除本次新增的 6 条" in asked.texts[0]

    asked.answer = True
    page.undo_import_button.click()
    assert len(asked.texts) == 2
    assert page.model.total == 0
    assert "已撤销特困在册名单的导入（特困名单.xlsx）" in page.message_label.text()
    assert not page.undo_import_button.isEnabled()
    assert dump(store) == before
    # Another window still offering it: the second undo says it was undone already.
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: errors.append(text))
    page.undo_import_button.setEnabled(True)
    page.undo_import_button.click()
    assert len(asked.texts) == 2
    assert "已于" in errors[0]
    assert "不能重复撤销" in errors[0]
    page.resize(1100, 500)
    page.show()
    page.grab().save(str(tmp_path / "inspections_undo.png"))


def test_the_ledger_page_offers_undo_for_the_ledger_shown_and_refreshes(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    provider(store)
    exchange.import_file(store, lead(store).actor, RESOURCES, receipts_file(tmp_path), commit=True)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.show_ledger("media")
    assert not page.undo_import_button.isEnabled()  # this ledger has no import
    page.show_ledger("resources")
    assert page.model.total == 2
    assert page.undo_import_button.isEnabled()
    asked = Asked(True)
    monkeypatch.setattr(prompts, "confirm_undo", asked)
    informed: list[str] = []
    monkeypatch.setattr(prompts, "inform", lambda _p, _t, text: informed.append(text))

    page.undo_import_button.click()

    assert "文件：资源台账.xlsx" in asked.texts[0]
    assert page.model.total == 0
    assert informed == ["已撤销救助资源台账的导入（资源台账.xlsx）：已删除本次新增的 2 条。"]
    assert not page.undo_import_button.isEnabled()


def test_the_registry_excel_menu_undoes_an_import_and_a_refusal_is_explained(
    qtbot: QtBot,
    context: AppContext,
    store: Store,
    registry_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from relief_desktop.services import registry_book

    page = RegistryPage(context)
    qtbot.addWidget(page)
    assert not page.undo_import_action.isEnabled()
    registry_book.import_file(store, lead(store).actor, registry_file, commit=True)
    page.excel_button.menu().aboutToShow.emit()
    assert page.undo_import_action.isEnabled()
    page.model.reload()
    assert page.model.rowCount() == 12
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: errors.append(text))
    monkeypatch.setattr(prompts, "inform", lambda *_args: None)
    asked = Asked(True)
    monkeypatch.setattr(prompts, "confirm_undo", asked)
    # Someone edited a person since: the undo is refused and says why, before asking.
    conn = store.reader()
    with conn:
        conn.execute("UPDATE beneficiary SET updated_at = '2999-01-01T00:00:00+00:00' WHERE id = 1")
    page.undo_import_action.trigger()
    assert errors
    assert "关爱援助对象 1 条" in errors[0]
    assert asked.texts == []
    assert page.model.rowCount() == 12
    with conn:
        conn.execute("UPDATE beneficiary SET updated_at = created_at WHERE id = 1")

    page.undo_import_action.trigger()

    assert page.model.rowCount() == 0
    assert registry_query.count(conn, registry_query.RegistryQuery()) == 0
    page.excel_button.menu().aboutToShow.emit()
    assert not page.undo_import_action.isEnabled()
