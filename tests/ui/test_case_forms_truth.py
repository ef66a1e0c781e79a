"""Casework forms say exactly what is wrong and keep what was typed: minutes, empty choices,
dates typed by hand, a measure's error going with its row, scores with their words."""

from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from relief_desktop.domain.casework import DOMAINS, AssessmentInput, Rating
from relief_desktop.services import team
from relief_desktop.services.casework import assessments, service_records
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_dialog import CaseDialog
from tests.ui.case_helpers import open_case, register, shot
from tests.ui.test_case_plan_editor import editor, fill_measure


def _case_window(context: AppContext, qtbot: QtBot) -> CaseDialog:
    window = CaseDialog(context, open_case(context.store, register(context.store)))
    qtbot.addWidget(window)
    return window


def test_a_service_needs_a_mode_and_minutes_said_plainly(context: AppContext, qtbot: QtBot) -> None:
    window = _case_window(context, qtbot)
    form = window.open_service()  # owned by the case window, deleted when closed
    form.mode.set_value("")
    form.content.setPlainText("电话回访")
    form.minutes.setValue(0)
    form.buttons.accepted.emit()
    text = form.error_label.text()
    assert "请选择服务方式。" in text
    assert "不在可选项中" not in text
    assert "服务时长 0 分钟不合理，请填写 1 到 1440 分钟之间的实际时长。" in text
    assert form.mode in form.error_label.marks.marked()
    assert form.minutes in form.error_label.marks.marked()
    assert service_records.count_for_case(context.store, window.case_uuid) == 0
    shot(form, "service_refused")

    form.mode.set_value("电话")
    form.minutes.setValue(15)
    with qtbot.waitSignal(form.saved):
        form.buttons.accepted.emit()
    assert service_records.count_for_case(context.store, window.case_uuid) == 1


def test_a_service_date_typed_wrong_is_refused_as_typed(context: AppContext, qtbot: QtBot) -> None:
    window = _case_window(context, qtbot)
    form = window.open_service()  # owned by the case window, deleted when closed
    form.show()
    form.mode.set_value("电话")
    form.content.setPlainText("电话回访")
    form.minutes.setValue(10)
    qtbot.mouseClick(form.served.edit, Qt.MouseButton.LeftButton)
    form.served.edit.selectAll()
    qtbot.keyClicks(form.served.edit, "2026-02-30")
    form.buttons.accepted.emit()
    assert "服务日期“2026-02-30”不是有效日期" in form.error_label.text()
    assert form.served.text() == "2026-02-30"
    assert service_records.count_for_case(context.store, window.case_uuid) == 0


def test_a_measure_error_goes_with_the_deleted_row(qtbot: QtBot, store: Store) -> None:
    case_uuid = open_case(store, register(store))
    dialog = editor(store, case_uuid, ("住房",))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.made_edit.set_value(date(2026, 1, 10))
    dialog.goals_edit.setPlainText("三个月内修好屋顶")
    fill_measure(dialog, 0, "链接志愿者维修屋顶", 1)
    dialog.measures.add_row()  # a second and a third measure, both empty
    dialog.measures.add_row()
    dialog.buttons.accepted.emit()
    assert "第 2 项措施没有填写内容" in dialog.error_label.text()
    assert "第 3 项措施没有填写内容" in dialog.error_label.text()
    shot(dialog, "plan_measure_refused")

    dialog.measures.remove_row(1)
    QApplication.processEvents()
    assert "第 3 项" not in dialog.error_label.text()  # the third is the second now
    assert "第 2 项措施没有填写内容" in dialog.error_label.text()
    dialog.measures.remove_row(1)
    QApplication.processEvents()
    assert dialog.error_label.text() == ""
    assert dialog.error_label.isHidden()
    with qtbot.waitSignal(dialog.plan_saved):
        dialog.buttons.accepted.emit()
    assert not dialog.isVisible()


def test_assessment_scores_show_their_words(context: AppContext, qtbot: QtBot) -> None:
    window = _case_window(context, qtbot)
    member = team.team(context.store)
    ratings = [Rating(d, {"住房": 2, "心理": 3}.get(d, 0)) for d in DOMAINS]
    first = AssessmentInput(date(2026, 1, 7), member[0].uuid, member[1].uuid, ratings)
    assessments.save_assessment(context.store, member[0].actor, window.case_uuid, first)
    again = [Rating(r.domain, 1 if r.domain == "住房" else r.rating) for r in ratings]
    later = AssessmentInput(date.today() - timedelta(days=1), member[0].uuid, member[1].uuid, again)
    assessments.save_assessment(context.store, member[0].actor, window.case_uuid, later)
    window.refresh()
    shown = window.assessments_view.toPlainText()
    for words in ("0 无", "1 轻度", "2 中度", "3 重度"):
        assert words in shown
    assert "住房 2 中度→1 轻度" in shown
