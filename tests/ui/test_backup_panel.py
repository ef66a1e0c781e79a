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
    assert len(list(usb.glob("relief-*-manual.sqlite3"))) == 1
    assert str(usb) in panel.message_label.text()
    panel.backup_here.click()
    assert panel.table.rowCount() == 1  # the list shows the backups folder
    cell = panel.table.item(0, 1)
    assert cell is not None
    assert cell.text() == "手动"
