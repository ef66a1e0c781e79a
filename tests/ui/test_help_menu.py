"""帮助 · 自检 and 帮助 · 关于: what a team member sees when checking the app or its version."""

import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from relief_desktop import __version__
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import about_dialog
from relief_desktop.ui.dialogs.about_dialog import AboutDialog
from relief_desktop.ui.dialogs.selftest_dialog import SelftestDialog
from relief_desktop.ui.main_window import MainWindow


def test_help_menu_offers_selftest_and_about(context: AppContext, qtbot: QtBot) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions() if a.text().startswith("帮助")]
    help_menu = menus[0]
    assert isinstance(help_menu, QMenu)
    assert [a.text() for a in help_menu.actions()][-2:] == ["自检", "关于"]


def test_selftest_shows_each_step_and_leaves_the_team_data_alone(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    people_before = context.store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()
    dialog = SelftestDialog()
    qtbot.addWidget(dialog)
    dialog.show()

    job = dialog.start()
    assert not dialog.buttons.isEnabled()  # the window stays responsive; closing waits
    with qtbot.waitSignal(job.done, timeout=60_000):
        pass
    qtbot.waitUntil(dialog.buttons.isEnabled)

    lines = dialog.lines.toPlainText().splitlines()
    assert len(lines) == 8
    assert all(line.startswith("✓") for line in lines)
    assert any(line.startswith("✓ 界面：中文字体和 Qt 中文翻译：WenQuanYi") for line in lines)
    assert dialog.status.text() == "自检通过。"
    assert list(scratch.iterdir()) == []
    after = context.store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()
    assert after == people_before


def test_about_names_version_data_folder_and_licences(
    context: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(about_dialog, "open_location", opened.append)
    data_dir = context.store.paths.data_dir
    dialog = AboutDialog(data_dir)
    qtbot.addWidget(dialog)
    label = dialog.text
    text = label.text()
    assert f"版本 {__version__}" in text
    assert "文泉驿微米黑" in text
    assert "Apache-2.0" in text
    assert "LGPL-3.0" in text
    # The licence files it links to ship with the program.
    for name in (about_dialog.FONT_LICENCE, about_dialog.QT_NOTICE, about_dialog.LGPL):
        assert name.is_file()
        assert name.as_uri().replace("%20", " ") in text or str(name) in text

    assert f'href="{Path(data_dir).as_uri()}"' in text
    label.linkActivated.emit(Path(data_dir).as_uri())
    assert opened == [Path(data_dir).as_uri()]
