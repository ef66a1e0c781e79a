"""设置 · 合同结束移交: a weak or mistyped password is refused; the archive is written off the UI
thread into the chosen folder and opens with the password."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.paths import AppPaths
from relief_desktop.services import handover
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets import handover_panel
from relief_desktop.ui.widgets.handover_panel import HandoverPanel


def test_a_weak_or_mistyped_password_never_reaches_the_folder_picker(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = HandoverPanel(context)
    qtbot.addWidget(panel)
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: errors.append(text))
    picked: list[bool] = []
    monkeypatch.setattr(handover_panel, "choose_folder", lambda _p: picked.append(True))
    panel.password_edit.setText("123456")
    assert "太短" in panel.strength_label.text()
    panel.export_button.click()
    panel.password_edit.setText("春风十里-2026-移交")
    panel.confirm_edit.setText("春风十里-2026-移交X")
    panel.export_button.click()
    assert len(errors) == 2
    assert "不一致" in errors[1]
    assert picked == []


def test_the_archive_is_made_in_the_chosen_folder_and_imports(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = HandoverPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    usb = tmp_path / "U盘"
    monkeypatch.setattr(handover_panel, "choose_folder", lambda _p: usb)
    password = "春风十里-2026-移交"
    panel.password_edit.setText(password)
    panel.confirm_edit.setText(password)
    assert "较强" in panel.strength_label.text()
    panel.export_button.click()
    qtbot.waitUntil(lambda: panel.made is not None, timeout=60_000)
    qtbot.waitUntil(panel.export_button.isEnabled, timeout=10_000)
    assert panel.made is not None
    assert panel.made.parent == usb
    assert "已生成移交包" in panel.message_label.text()
    assert panel.password_edit.text() == ""  # the password does not stay on screen
    panel.grab().save(str(tmp_path / "handover_panel.png"))
    done = handover.import_archive(AppPaths.under(tmp_path / "received"), panel.made, password)
    assert done.created_by == context.worker.name
