"""登录 and 锁屏: the first member sets a password, later ones sign in with theirs; Ctrl+L or idle
minutes hide every page and window until the password is typed again; 设置 changes passwords."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLabel
from pytestqt.qtbot import QtBot

from relief_desktop.services import accounts, team
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui import session
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.sign_in_dialog import SignInDialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.widgets.account_panel import AccountPanel

PASSWORD = "春风十里-2026"


@pytest.fixture
def store(store_without_passwords: Store) -> Store:
    """These tests start where an older version left off: nobody has a password yet."""
    return store_without_passwords


def test_the_first_member_sets_a_password_then_signs_in_with_it(qtbot: QtBot, store: Store) -> None:
    dialog = SignInDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.confirm_edit.isVisibleTo(dialog)  # setting, not checking
    dialog.password_edit.setText(PASSWORD)
    dialog.confirm_edit.setText(PASSWORD + "x")
    dialog.ok_button.click()
    assert "不一致" in dialog.message_label.text()
    assert not accounts.sign_in_required(store)
    dialog.password_edit.setText(PASSWORD)
    dialog.confirm_edit.setText(PASSWORD)
    dialog.ok_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.member is not None
    assert dialog.member.name == "张三"

    again = SignInDialog(store)
    qtbot.addWidget(again)
    assert not again.confirm_edit.isVisibleTo(again)
    # 李四 has no password yet, and only a signed-in colleague may give him one.
    again.combo.setCurrentIndex(1)
    assert not again.ok_button.isEnabled()
    assert "设置 · 登录与密码" in again.hint_label.text()
    again.combo.setCurrentIndex(0)
    again.password_edit.setText("wrong-password")
    again.ok_button.click()
    assert "密码不对" in again.message_label.text()
    assert again.password_edit.text() == ""
    again.password_edit.setText(PASSWORD)
    again.ok_button.click()
    assert again.result() == QDialog.DialogCode.Accepted


def test_ctrl_l_hides_every_page_and_window_until_the_password(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    accounts.set_password(context.store, SYSTEM, context.worker.uuid, PASSWORD)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1000, 640)
    window.show()
    form = QDialog()
    qtbot.addWidget(form)
    QLabel("张三丰 510108198503120235", form)
    form.show()
    assert window.app_actions.lock.shortcut().toString() == "Ctrl+L"
    window.app_actions.lock.trigger()
    assert window.locked
    assert not window.stack.isVisible()
    assert not form.isVisible()
    assert not window.menuBar().isEnabled()
    window.grab().save(str(tmp_path / "locked.png"))
    window.lock_screen.password_edit.setText("wrong-password")
    assert not window.lock_screen.try_unlock()
    assert window.locked
    assert "密码不对" in window.lock_screen.message_label.text()
    window.lock_screen.password_edit.setText(PASSWORD)
    window.lock_screen.unlock_button.click()
    assert not window.locked
    assert window.stack.isVisible()
    assert form.isVisible()


def test_the_window_locks_itself_after_the_idle_minutes(qtbot: QtBot, context: AppContext) -> None:
    accounts.set_password(context.store, SYSTEM, context.worker.uuid, PASSWORD)
    team.set_setting(context.store, SYSTEM, "lock_minutes", "3")
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.idle_watcher.last_input -= 2 * 60
    window.idle_watcher.check()
    assert not window.locked
    window.idle_watcher.last_input -= 61
    window.idle_watcher.check()
    assert window.locked


def test_settings_change_ones_own_password_and_give_a_colleague_a_first_one(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = context.store
    accounts.set_password(store, SYSTEM, context.worker.uuid, PASSWORD)
    panel = AccountPanel(context)
    qtbot.addWidget(panel)
    panel.current_edit.setText("not-mine-2026")
    panel.new_edit.setText("新的密码-Chenghua")
    panel.again_edit.setText("新的密码-Chenghua")
    assert not panel.change_own()
    assert "密码不对" in panel.message_label.text()
    panel.current_edit.setText(PASSWORD)
    assert panel.change_own()
    accounts.check(store, context.worker, "新的密码-Chenghua")
    assert panel.member_combo.currentText() == "李四（还没有密码）"
    panel.member_password_edit.setText("临时密码-2026")
    panel.member_again_edit.setText("临时密码-2026")
    assert panel.set_colleague()
    accounts.check(store, team.member_by_name(store, "李四"), "临时密码-2026")
    panel.minutes_spin.setValue(5)
    panel.minutes_button.click()
    assert team.get_setting(store, "lock_minutes") == "5"


def test_a_colleague_can_sign_in_at_the_lock_screen(
    qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    accounts.set_password(context.store, SYSTEM, context.worker.uuid, PASSWORD)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.lock()
    officer = team.member_by_name(context.store, "李四")
    monkeypatch.setattr(session, "sign_in", lambda _store, _pre, _parent: officer)
    window.lock_screen.switch_button.click()
    assert not window.locked
    assert context.worker == officer
    assert "李四" in window.status_label.text()
