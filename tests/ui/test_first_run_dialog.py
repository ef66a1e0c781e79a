"""首次设置: the contract start date has no default, the team needs both contract roles, and a
message goes as soon as what it asked for is fixed."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog


def test_first_run_asks_for_each_missing_piece_and_lets_go_when_fixed(
    tmp_path: Path, qtbot: QtBot
) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.contract_edit.value() is None  # no default: not today
    finish = dialog.buttons.button(dialog.buttons.StandardButton.Ok)

    dialog.member_edit(0).setText("王芳")  # the 项目负责人 row; the 专员 row stays empty
    finish.click()
    shown = dialog.error_label.text()
    assert "请选择街道" in shown
    assert "请填写合同开始日期" in shown
    assert "团队还缺一名项目专员" in shown
    assert team.current_street(store) is None

    dialog.street_combo.setCurrentIndex(dialog.street_combo.findData("510108016"))
    assert "请选择街道" not in dialog.error_label.text()  # gone as soon as a street is chosen

    qtbot.mouseClick(dialog.contract_edit.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.contract_edit.edit, "2025-12-16")
    assert "合同开始日期" not in dialog.error_label.text()

    dialog.role_combo(0).set_value("项目专员")  # now two 专员 would be missing the 负责人
    dialog.member_edit(1).setText("刘洋")
    assert dialog.error_label.text() == (
        "团队还缺一名项目负责人：合同要求项目负责人和项目专员各至少一人，请添加成员并选择角色。"
    )
    dialog.role_combo(0).set_value("项目负责人")
    assert dialog.error_label.text() == ""

    finish.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert team.contract_start(store) == date(2025, 12, 16)
    assert [(m.name, m.role) for m in team.team(store)] == [
        ("王芳", "项目负责人"),
        ("刘洋", "项目专员"),
    ]
    store.close()


def test_a_contract_start_typed_out_of_range_is_refused_with_the_range(
    tmp_path: Path, qtbot: QtBot
) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start)
    )
    qtbot.addWidget(dialog)
    dialog.street_combo.setCurrentIndex(1)
    dialog.member_edit(0).setText("王芳")
    dialog.member_edit(1).setText("刘洋")
    qtbot.keyClicks(dialog.contract_edit.edit, "2015-12-16")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "合同开始日期 2015-12-16 不合理：应在 2020-01-01 至" in dialog.error_label.text()
    assert team.current_street(store) is None
    store.close()
