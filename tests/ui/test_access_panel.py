"""设置 · 访问记录: the unmasked exports listed newest first, exported, and the change-log check."""

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from relief_desktop.services import audit
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.access_panel import AccessPanel
from tests.fixtures.db import raw_connect


def test_the_panel_lists_exports_and_checks_the_change_log(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, actor = context.store, context.worker.actor
    audit.record_access(store, actor, "export_full", "基础数据库 → a.xlsx", 12, "民政局核对")
    audit.record_access(store, actor, "handover", "移交包.zip", 300, "合同结束移交")
    panel = AccessPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    assert panel.table.rowCount() == 2
    first = [panel.table.item(0, c).text() for c in range(6)]  # type: ignore[union-attr]
    assert first[1:] == ["张三", "合同结束移交", "移交包.zip", "300", "合同结束移交"]
    assert panel.verify()
    assert "变更记录完整" in panel.result_label.text()
    target = tmp_path / "访问记录.xlsx"
    monkeypatch.setattr(prompts, "choose_export_file", lambda _p, _n: target)
    monkeypatch.setattr(prompts, "inform", lambda *_a: None)
    panel.export_button.click()
    sheet = load_workbook(target).active
    assert sheet is not None
    assert sheet.max_row == 3
    panel.grab().save(str(tmp_path / "access_panel.png"))
    # Someone edits the log with the sqlite3 shell: the check says so in red.
    conn = raw_connect(store.paths.database)
    conn.execute("DROP TRIGGER change_log_no_update")
    conn.execute("UPDATE change_log SET worker_name = '某人' WHERE id = 1")
    conn.commit()
    conn.close()
    assert not panel.verify()
    assert "第 1 条变更记录与封记不符" in panel.result_label.text()
