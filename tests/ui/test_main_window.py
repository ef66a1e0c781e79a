"""Main window: pages, status bar, worker switch, window state; first run and start-up."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from relief_desktop import app
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui import session
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages import pages
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.conftest import TEST_PASSWORD


def _window(context: AppContext, qtbot: QtBot) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    return window


def test_window_names_the_street_and_worker(context: AppContext, qtbot: QtBot) -> None:
    window = _window(context, qtbot)
    assert window.windowTitle() == "成华区街道社会关爱援助中心 · 双桥子街道"
    assert "张三（项目负责人）" in window.status_label.text()
    assert "双桥子街道" in window.status_label.text()
    titles = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert titles == ["登记", "个案", "核查", "台账", "报送", "统计", "设置"]
    assert isinstance(window.current_page(), RegistryPage)
    window.navigation.setCurrentRow(1)
    from relief_desktop.ui.pages.cases_page import CasesPage

    assert isinstance(window.current_page(), CasesPage)
    assert window.findChild(type(window.app_actions.new_beneficiary), "new_beneficiary") is not None


def test_page_list_is_the_one_place_to_register_pages() -> None:
    assert [spec.key for spec in pages()] == [
        "registry",
        "cases",
        "inspections",
        "ledgers",
        "reports",
        "statistics",
        "settings",
    ]


def test_switching_worker_updates_the_status_bar(
    context: AppContext, store: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _window(context, qtbot)
    offered: list[str | None] = []

    def sign_in(_store: Store, preselect: str | None, _parent: object) -> TeamMember:
        offered.append(preselect)
        return team.member_by_name(store, "李四")

    monkeypatch.setattr(session, "sign_in", sign_in)
    before = context.worker.uuid
    window.app_actions.switch_worker.trigger()
    assert offered == [before]  # the sign-in starts from the one working now
    assert context.worker.name == "李四"
    assert "李四（项目专员）" in window.status_label.text()


def test_window_geometry_is_restored(context: AppContext, store: Store, qtbot: QtBot) -> None:
    window = _window(context, qtbot)
    window.show()
    # The offscreen screen is 800×800; restoreGeometry keeps windows on screen.
    window.setGeometry(12, 40, 720, 590)
    window.navigation.setCurrentRow(6)
    window.close()
    assert store.paths.window_state.exists()

    again = MainWindow(AppContext(store, context.worker))
    qtbot.addWidget(again)
    again.show()
    assert again.size() == QSize(720, 590)
    assert again.geometry().topLeft() == window.geometry().topLeft()
    assert again.navigation.currentRow() == 6


def test_first_run_creates_street_communities_and_team(tmp_path: Path, qtbot: QtBot) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start)
    )
    qtbot.addWidget(dialog)
    dialog.street_combo.setCurrentIndex(dialog.street_combo.findData("510108016"))
    assert dialog.community_list.count() == 16
    assert dialog.community_list.item(0).text().startswith("正街")
    assert "16" in dialog.community_caption.text()

    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "团队还缺一名项目负责人" in dialog.error_label.text()
    assert team.current_street(store) is None

    dialog.member_edit(0).setText("王芳")
    dialog.member_edit(1).setText("刘洋")
    dialog.add_member("陈静", "项目专员")
    dialog.member_table.setCurrentCell(2, 0)
    dialog.remove_member_button.click()
    dialog.contract_edit.set_value(date(2025, 12, 16))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    assert dialog.result() == dialog.DialogCode.Accepted
    assert team.current_street(store) == "510108016"
    assert team.contract_start(store) == date(2025, 12, 16)
    assert [(m.name, m.role) for m in team.team(store)] == [
        ("王芳", "项目负责人"),
        ("刘洋", "项目专员"),
    ]
    assert len(team.communities(store)) == 16
    store.close()


def test_main_runs_first_run_then_asks_for_the_worker(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths.under(tmp_path)
    steps: list[str] = []

    def first_run(store: Store, _parent: object = None) -> bool:
        steps.append("first_run")
        team.setup(store, "保和", [("王芳", "项目负责人"), ("刘洋", "项目专员")])
        return True

    def sign_in(store: Store, preselect: str | None, _parent: object = None) -> TeamMember:
        steps.append(f"sign_in:{preselect}")
        return team.team(store)[1]

    monkeypatch.setattr(session, "run_first_run", first_run)
    monkeypatch.setattr(session, "sign_in", sign_in)
    assert app.main(paths, quit_when_shown=True) == 0
    assert steps == ["first_run", "sign_in:None"]

    # The next start pre-selects whoever was chosen last, and asks nothing else.
    steps.clear()
    assert app.main(paths, quit_when_shown=True) == 0
    last = team.member_by_name(Store(paths), "刘洋").uuid
    assert steps == [f"sign_in:{last}"]

    # A script (and the benchmark) signs in with --worker and RELIEF_DESKTOP_PASSWORD.
    opened = Store.open(paths)
    accounts.set_all(opened, SYSTEM, TEST_PASSWORD)
    opened.close()
    steps.clear()
    assert app.main(paths, worker_name="王芳", quit_when_shown=True) == 0
    assert steps == []


def test_start_up_does_not_import_the_write_path(tmp_path: Path) -> None:
    """The first window reads through sqlite3: SQLModel, pinyin and exporters stay unloaded."""
    root = tmp_path / "store"
    store = Store.open(AppPaths.under(root))
    team.setup(store, "双桥子", [("张三", "项目负责人")])
    accounts.set_all(store, SYSTEM, TEST_PASSWORD)
    store.close()
    code = (
        "import sys;"
        "from relief_desktop.app import main;"
        "from relief_desktop.paths import AppPaths;"
        "from pathlib import Path;"
        f"rc = main(AppPaths.under(Path({str(root)!r})), '张三', quit_when_shown=True);"
        "heavy = [m for m in ('sqlmodel', 'sqlalchemy', 'pypinyin', 'openpyxl', 'reportlab')"
        " if m in sys.modules];"
        "print(rc, heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "QT_QPA_PLATFORM": "offscreen",
            "PATH": "/usr/bin:/bin",
            "RELIEF_DESKTOP_PASSWORD": TEST_PASSWORD,
        },
        check=False,
    )
    assert result.stdout.strip() == "0 []", result.stderr


def test_column_widths_are_restored(context: AppContext, store: Store, qtbot: QtBot) -> None:
    window = _window(context, qtbot)
    registry = window.pages["registry"]
    assert isinstance(registry, RegistryPage)
    registry.table.setColumnWidth(1, 177)
    window.close()

    again = MainWindow(AppContext(store, context.worker))
    qtbot.addWidget(again)
    page = again.pages["registry"]
    assert isinstance(page, RegistryPage)
    assert page.table.columnWidth(1) == 177
    assert page.model.query.sort == "name"


def test_new_beneficiary_action_opens_the_intake(context: AppContext, qtbot: QtBot) -> None:
    from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog

    window = _window(context, qtbot)
    window.navigation.setCurrentRow(6)
    window.app_actions.new_beneficiary.trigger()
    assert window.navigation.currentRow() == 0
    dialogs = [d for d in window.findChildren(BeneficiaryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].is_new
    dialogs[0].close()


def test_qt_own_buttons_speak_chinese(qtbot: QtBot) -> None:
    """Standard buttons and dialogs come from Qt's translations, not the app's strings."""
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(box)
    save = box.button(QDialogButtonBox.StandardButton.Save)
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    assert save is not None
    assert cancel is not None
    assert (save.text(), cancel.text()) == ("保存", "取消")
