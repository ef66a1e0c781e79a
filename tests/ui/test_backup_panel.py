"""设置 · 数据备份: a copy now, to a chosen folder, listed with the daily ones."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets import backup_panel
from relief_desktop.ui.widgets.backup_panel import BackupPanel


def test_backing_up_to_a_usb_folder_and_here(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 0
    usb = tmp_path / "U盘"
    monkeypatch.setattr(backup_panel, "choose_folder", lambda _parent: usb)
    panel.backup_elsewhere.click()
    assert not panel.backup_here.isEnabled()  # one copy at a time, off the UI thread
    qtbot.waitUntil(lambda: str(usb) in panel.message_label.text(), timeout=30_000)
    assert len(list(usb.glob("relief-*-manual.sqlite3"))) == 1
    qtbot.waitUntil(panel.backup_here.isEnabled, timeout=30_000)
    panel.backup_here.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=30_000)  # the backups folder
    cell = panel.table.item(0, 1)
    assert cell is not None
    assert cell.text() == "手动"


def test_closing_the_window_lets_a_backup_finish(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    from relief_desktop.services import backup
    from relief_desktop.ui.main_window import MainWindow
    from relief_desktop.ui.pages.settings_page import SettingsPage

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    job = page.backup_panel.back_up(tmp_path)
    window.close()
    assert not job.is_running()
    (made,) = tmp_path.glob("relief-*-manual.sqlite3")
    assert backup.check_backup(made) >= 1
