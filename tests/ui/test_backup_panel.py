"""设置 · 数据备份: a copy now, to a chosen folder, listed with the daily ones."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets import backup_panel
from relief_desktop.ui.widgets.backup_panel import BackupPanel
from tests.fixtures.db import raw_connect


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


def make_backups(context: AppContext, tmp_path: Path) -> tuple[Path, Path]:
    """A good backup in the backups folder and a broken one beside it."""
    from relief_desktop.services import backup

    good = backup.make_backup(context.store.paths)
    broken = context.store.paths.backups / "relief-20250101-090000-daily.sqlite3"
    broken.write_bytes(good.read_bytes()[:4096])
    return good, broken


def test_every_backup_is_listed_with_people_cases_and_whether_it_checks_out(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    make_backups(context, tmp_path)
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    assert panel.table.rowCount() == 2

    def verdicts() -> list[str]:
        return [
            (panel.table.item(row, backup_panel.VERDICT) or QTableWidgetItem()).text()
            for row in range(2)
        ]

    qtbot.waitUntil(lambda: "正在检查…" not in verdicts(), timeout=30_000)  # off the UI thread
    assert verdicts() == ["✓ 完好", "✗ 不可用"]
    people = panel.table.item(0, backup_panel.PEOPLE)
    assert people is not None
    assert people.text() == "0"
    shot = panel.grab()
    assert not shot.isNull()
    shot.save(str(tmp_path / "panel.png"))


def test_restoring_from_the_gui_reopens_the_app_on_the_restored_store(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: restoring was only possible from the command line ("relief-desktop restore 备份文件
    --yes"); a social worker on a Windows PC could not do it."""
    from relief_desktop.services import backup
    from relief_desktop.ui.app import AppSession
    from relief_desktop.ui.pages.settings_page import SettingsPage

    lead = team.team(store)[0]
    usb = tmp_path / "U盘"
    made = backup.make_backup(store.paths, usb)  # the team has no one registered yet
    add_person(store, lead)
    running = AppSession(store.paths, store, lead)
    qtbot.addWidget(running.window)
    running.show()
    page = running.window.show_page("settings")
    assert isinstance(page, SettingsPage)
    asked: list[list[str]] = []

    def answer_yes(_parent: object, summary: backup.BackupSummary) -> bool:
        asked.append(backup_panel.summary_lines(summary))
        return True

    monkeypatch.setattr(backup_panel, "choose_backup_file", lambda _parent: made)
    monkeypatch.setattr(backup_panel, "confirm_restore", answer_yes)
    old_window = running.window
    with qtbot.waitSignal(running.restored, timeout=60_000):
        page.backup_panel.restore_file.click()
    assert len(asked) == 1  # asked once, showing what the backup holds
    assert "街道：双桥子街道" in asked[0]
    assert "登记人数：0 人" in asked[0]
    assert running.window is not old_window
    qtbot.addWidget(running.window)
    assert running.window.isVisible()
    assert running.store is not store
    count = running.store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0]
    assert count == 0
    kept = [b for b in backup.backups(running.paths) if b.kind == "before-restore"]
    assert len(kept) == 1  # the store as it was, kept aside first
    conn = raw_connect(kept[0].path)
    assert conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 1
    conn.close()
    settings = running.window.page("settings")
    assert isinstance(settings, SettingsPage)
    assert settings.tabs.currentWidget() is settings.backup_panel
    running.close()


def test_a_broken_backup_is_refused_in_the_gui_and_nothing_changes(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _good, broken = make_backups(context, tmp_path)
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _title, text: shown.append(text))
    monkeypatch.setattr(backup_panel, "confirm_restore", lambda *_a: pytest.fail("asked"))
    requested: list[object] = []
    context.restore_requested.connect(requested.append)
    panel.table.selectRow(1)
    assert panel.table.item(1, backup_panel.FILE).text() == broken.name  # type: ignore[union-attr]
    panel.restore_selected.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    assert "数据未改动" in shown[0]
    assert requested == []


def test_saying_no_restores_nothing(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relief_desktop.services import backup

    made = backup.make_backup(context.store.paths, tmp_path / "usb")
    panel = BackupPanel(context)
    qtbot.addWidget(panel)
    monkeypatch.setattr(backup_panel, "confirm_restore", lambda *_a: False)
    requested: list[object] = []
    context.restore_requested.connect(requested.append)
    job = panel.prepare_restore(made)
    qtbot.waitUntil(lambda: not job.is_running(), timeout=30_000)
    qtbot.waitUntil(lambda: "已取消" in panel.message_label.text(), timeout=10_000)
    assert requested == []


def add_person(store: Store, lead: TeamMember) -> None:
    beneficiaries.register(
        store,
        lead.actor,
        BeneficiaryInput("张三丰", team.communities(store)[0].id, id_number="510108198503120235"),
    )


def test_a_store_too_broken_to_open_can_be_restored_from_the_gui(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken store used to leave only the command line; now the app offers a backup."""
    from relief_desktop.paths import AppPaths
    from relief_desktop.services import backup
    from relief_desktop.ui import app

    paths = AppPaths.under(tmp_path / "d")
    store = Store.open(paths)
    team.setup(store, "双桥子", [("张三", "项目负责人")])
    add_person(store, team.team(store)[0])
    store.close()
    made = backup.make_backup(paths, tmp_path / "usb")
    paths.database.write_bytes(b"\0" * 4096)  # the disk mangled the store
    monkeypatch.setattr(prompts, "confirm", lambda *_a: True)
    monkeypatch.setattr(app, "choose_restore_file", lambda _paths: made)
    monkeypatch.setattr(backup_panel, "confirm_restore", lambda *_a: True)
    assert app.main(paths, worker_name="张三", quit_when_shown=True) == 0
    conn = raw_connect(paths.database)
    assert conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 1
    conn.close()
    (kept,) = [b for b in backup.backups(paths) if b.kind == "before-restore"]
    assert kept.path.read_bytes() == b"\0" * 4096  # the broken file is kept as it was
