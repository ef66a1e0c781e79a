"""The aid plan editor: needs pre-filled, measures checked, every save a kept version."""

from datetime import date

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from relief_desktop.domain.casework import PlanInput
from relief_desktop.services import team
from relief_desktop.services.casework import aid_plans
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.case_common import WorkerCombo
from relief_desktop.ui.dialogs.plan_dialog import PlanDialog
from tests.ui.case_helpers import open_case, register, shot


def editor(store: Store, case_uuid: str, needs: tuple[str, ...] = ()) -> PlanDialog:
    member = team.team(store)[0]

    def save(data: PlanInput) -> str:
        return aid_plans.save_plan(store, member.actor, case_uuid, data)

    return PlanDialog(
        team.team(store),
        save,
        plan=aid_plans.load_plan(store, case_uuid),
        suggested_needs=needs,
        versions=aid_plans.versions(store, case_uuid),
    )


def fill_measure(dialog: PlanDialog, row: int, content: str, worker_index: int) -> None:
    cells = dialog.measures.rows[row]
    text = cells["content"]
    worker = cells["worker"]
    assert isinstance(text, QLineEdit)
    assert isinstance(worker, WorkerCombo)
    text.setText(content)
    worker.setCurrentIndex(worker_index)


def test_needs_prefilled_and_a_measure_without_worker_refused(qtbot: QtBot, store: Store) -> None:
    case_uuid = open_case(store, register(store))
    dialog = editor(store, case_uuid, ("住房", "心理"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.needs_edit.toPlainText() == "住房\n心理"
    dialog.made_edit.set_value(date(2026, 1, 10))
    dialog.goals_edit.setPlainText("三个月内修好屋顶")
    fill_measure(dialog, 0, "链接志愿者维修屋顶", 0)  # （请选择）: no worker
    dialog.buttons.accepted.emit()
    assert "第 1 项措施没有责任社工" in dialog.error_label.text()
    assert aid_plans.load_plan(store, case_uuid) is None
    shot(dialog, "case_plan_refused")

    fill_measure(dialog, 0, "链接志愿者维修屋顶", 1)
    dialog.key_check.setChecked(True)
    with qtbot.waitSignal(dialog.plan_saved):
        dialog.buttons.accepted.emit()
    plan = aid_plans.load_plan(store, case_uuid)
    assert plan is not None
    assert plan.key_case
    assert [m.worker_name for m in plan.measures] == ["张三"]


def test_editing_keeps_the_earlier_version_and_shows_the_change(qtbot: QtBot, store: Store) -> None:
    case_uuid = open_case(store, register(store))
    first = editor(store, case_uuid, ("住房",))
    qtbot.addWidget(first)
    first.made_edit.set_value(date(2026, 1, 10))
    first.goals_edit.setPlainText("修好屋顶")
    fill_measure(first, 0, "维修屋顶", 1)
    first.buttons.accepted.emit()

    second = editor(store, case_uuid)
    qtbot.addWidget(second)
    assert second.goals_edit.toPlainText() == "修好屋顶"
    second.measures.add_row()
    fill_measure(second, 1, "每月心理疏导", 2)
    second.note_edit.setText("增加心理疏导")
    second.buttons.accepted.emit()
    history = aid_plans.versions(store, case_uuid)
    assert [v.version for v in history] == [1, 2]

    third = editor(store, case_uuid)
    qtbot.addWidget(third)
    text = third.versions_view.toPlainText()
    assert "第 2 版" in text
    assert "新增措施：每月心理疏导" in text
    assert "增加心理疏导" in text
