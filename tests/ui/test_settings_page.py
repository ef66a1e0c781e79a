"""设置: communities and team members are added, changed and retired through the services."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop import app
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.registry_page import RegistryPage
from relief_desktop.ui.pages.settings_page import SettingsPage


def _page(context: AppContext, qtbot: QtBot) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    return page


def test_shows_street_communities_and_team(context: AppContext, qtbot: QtBot) -> None:
    page = _page(context, qtbot)
    assert page.street_label.text() == "双桥子街道（510108004）"
    assert page.community_table.rowCount() == 8
    assert page.member_table.rowCount() == 2
    assert page.worker_label.text() == "张三（项目负责人）"


def test_add_rename_and_retire_a_community(context: AppContext, store: Store, qtbot: QtBot) -> None:
    page = _page(context, qtbot)
    registry = RegistryPage(context)
    qtbot.addWidget(registry)
    filter_items = registry.community_combo.count()

    page.community_name_edit.setText("新建社区")
    page.add_community_button.click()
    assert [c.name for c in team.communities(store)][-1] == "新建社区"
    assert registry.community_combo.count() == filter_items + 1  # the filter follows

    page.community_table.setCurrentCell(8, 0)
    page.community_name_edit.setText("东新社区")
    page.rename_community_button.click()
    assert [c.name for c in team.communities(store)][-1] == "东新社区"

    page.community_table.setCurrentCell(8, 0)
    page.retire_community_button.click()
    assert "东新社区" not in [c.name for c in team.communities(store)]
    assert page.community_table.item(8, 2).text() == "已停用"  # type: ignore[union-attr]


def test_duplicate_community_name_is_refused(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    page = _page(context, qtbot)
    page.community_name_edit.setText("双林社区")
    page.add_community_button.click()
    assert "已在列表中" in page.message_label.text()
    assert len(team.communities(store)) == 8


def test_add_member_change_role_and_retire(context: AppContext, store: Store, qtbot: QtBot) -> None:
    page = _page(context, qtbot)
    page.member_name_edit.setText("王五")
    page.member_role_combo.set_value("项目专员")
    page.add_member_button.click()
    assert [(m.name, m.role) for m in team.team(store)][-1] == ("王五", "项目专员")

    page.member_table.setCurrentCell(2, 0)
    page.member_role_combo.set_value("项目负责人")
    page.change_role_button.click()
    assert team.member_by_name(store, "王五").role == "项目负责人"

    page.member_table.setCurrentCell(2, 0)
    page.retire_member_button.click()
    assert "王五" not in [m.name for m in team.team(store)]

    page.member_name_edit.setText("李四")
    page.add_member_button.click()
    assert "重复" in page.message_label.text()


def test_the_current_worker_cannot_be_retired(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    page = _page(context, qtbot)
    page.member_table.setCurrentCell(0, 0)
    page.retire_member_button.click()
    assert "不能停用当前工作人员" in page.message_label.text()
    assert len(team.team(store)) == 2


def test_switch_button_asks_the_window(context: AppContext, qtbot: QtBot) -> None:
    page = _page(context, qtbot)
    with qtbot.waitSignal(context.worker_switch_requested):
        page.switch_worker_button.click()
    context.set_worker(team.team(context.store)[1])
    assert page.worker_label.text() == "李四（项目专员）"


def test_unknown_worker_name_is_explained(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.under(tmp_path)
    team.setup(Store.open(paths), "保和", [("王芳", "项目负责人")])
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: shown.append(text))
    assert app.main(paths, worker_name="赵六", quit_when_shown=True) == 2
    assert shown == ["没有名为“赵六”的团队成员。"]
