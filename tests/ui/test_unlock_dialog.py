"""登录 to an encrypted store: the password unwraps the data key; the recovery key resets one."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from relief_desktop.services import vault
from relief_desktop.storage import keyring, sqldb
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.unlock_dialog import RecoverDialog, RecoveryKeyDialog, UnlockDialog
from tests.fixtures.people import TEST_PASSWORD, open_store


def locked_store(root: Path) -> tuple[Store, str]:
    store, _ = open_store(root)
    recovery_key = keyring.take_recovery_key(store.paths)
    assert recovery_key is not None
    store.close()
    sqldb.forget_key(store.paths.database)
    return store, recovery_key


def test_a_wrong_password_is_named_and_the_right_one_unlocks(tmp_path: Path, qtbot: QtBot) -> None:
    store, _ = locked_store(tmp_path)
    dialog = UnlockDialog(store.paths, "李四")
    qtbot.addWidget(dialog)
    assert dialog.combo.currentText() == "李四"
    dialog.password_edit.setText("不对的密码-1234")
    dialog._on_ok()
    assert "李四 的密码不对" in dialog.message_label.text()
    assert keyring.locked(store.paths)
    dialog.password_edit.setText(TEST_PASSWORD)
    dialog._on_ok()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert not keyring.locked(store.paths)
    Store.open(store.paths).close()


def test_the_recovery_key_sets_a_new_password(tmp_path: Path, qtbot: QtBot) -> None:
    store, recovery_key = locked_store(tmp_path)
    dialog = RecoverDialog(store.paths, "张三")
    qtbot.addWidget(dialog)
    dialog.key_edit.setText(recovery_key.lower().replace("-", " "))  # as typed from paper
    dialog.new_edit.setText("新的密码-Shuangqiao-77")
    dialog.confirm_edit.setText("新的密码-Shuangqiao-77")
    dialog._on_ok()
    assert dialog.message_label.text() == ""
    assert dialog.member_uuid is not None
    sqldb.forget_key(store.paths.database)
    assert vault.unlock(store.paths, "新的密码-Shuangqiao-77", "张三") == dialog.member_uuid


def test_the_recovery_key_is_shown_with_what_it_is_for(qtbot: QtBot) -> None:
    shown = RecoveryKeyDialog("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567")
    qtbot.addWidget(shown)
    texts = " ".join(label.text() for label in shown.findChildren(type(shown.key_label)))
    assert "ABCD-EFGH" in texts
    assert "这是忘记全部密码时唯一的找回方式，请打印后锁好保存" in texts
