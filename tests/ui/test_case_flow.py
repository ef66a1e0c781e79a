"""A new user takes one person from the registry to closure with a survey, then exports the file."""

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from relief_desktop.services.casework import aid_plans, cases, service_records, surveys
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import case_dialog
from relief_desktop.ui.dialogs.case_common import WorkerCombo
from relief_desktop.ui.dialogs.case_dialog import CaseDialog
from relief_desktop.ui.dialogs.case_forms import OpenCaseDialog
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.ui.case_helpers import SHOTS, register, shot


def test_from_registry_to_closure_and_case_file(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = context.store
    register(store)
    page = RegistryPage(context)
    qtbot.addWidget(page)
    page.table.setCurrentIndex(page.model.index(0, 0))
    actions = {a.objectName(): a for a in page.context_actions()}
    opened = page.open_case_of_current()
    assert isinstance(opened, OpenCaseDialog)
    assert "open_case_action" in actions
    opened.category.set_value("低保")
    opened.opened.set_value(date.today() - timedelta(days=20))
    with qtbot.waitSignal(opened.saved) as saved:
        opened.buttons.accepted.emit()
    case_uuid = saved.args[0]
    window = opened.property("case_window")
    assert isinstance(window, CaseDialog)
    assert cases.load_case(store, case_uuid).is_open

    # Asked again for the same person: the existing case opens, no second case.
    page.table.setCurrentIndex(page.model.index(0, 0))
    again = page.open_case_of_current()
    assert isinstance(again, CaseDialog)
    assert again.case_uuid == case_uuid
    again.close()

    form = window.open_assessment()
    form.date_edit.set_value(date.today() - timedelta(days=19))
    for domain in ("经济/基本生活", "住房", "医疗健康"):
        form.spins[domain].setValue(2)
    form.notes["住房"].setText("屋顶漏雨")
    form.buttons.accepted.emit()
    assert window.case.priority == "重点"

    plan = window.open_plan()
    assert plan.needs_edit.toPlainText() == "经济/基本生活\n住房\n医疗健康"
    plan.made_edit.set_value(date.today() - timedelta(days=18))
    plan.goals_edit.setPlainText("一个月内修好屋顶\n落实医疗救助")
    content = plan.measures.rows[0]["content"]
    worker = plan.measures.rows[0]["worker"]
    assert isinstance(content, QLineEdit)
    assert isinstance(worker, WorkerCombo)
    content.setText("链接志愿者维修屋顶")
    worker.setCurrentIndex(1)
    plan.key_check.setChecked(True)
    plan.buttons.accepted.emit()
    assert window.case.key_case

    service = window.open_service()
    service.served.set_value(date.today() - timedelta(days=10))
    service.mode.set_value("入户")
    service.measure.setCurrentIndex(1)
    service.content.setPlainText("志愿者上门修好屋顶")
    service.minutes.setValue(120)
    service.buttons.accepted.emit()
    future = window.open_service(copy=True)
    assert future.content.toPlainText() == "志愿者上门修好屋顶"  # copied from the last record
    future.served.set_value(date.today() + timedelta(days=1))
    future.buttons.accepted.emit()
    assert "晚于今天" in future.error_label.text()
    future.served.set_value(date.today())
    future.content.setPlainText("电话回访，屋顶不再漏雨")
    future.buttons.accepted.emit()
    assert window.model.rowCount() == 2

    # A typo in a saved record is corrected from the list (newest first); the list follows.
    fix = window.edit_service(0)
    assert fix is not None
    assert fix.content.toPlainText() == "电话回访，屋顶不再漏雨"
    fix.content.setPlainText("电话回访：屋顶不再漏雨，老人满意")
    fix.buttons.accepted.emit()
    assert window.model.rowCount() == 2
    newest = window.model.row_at(0)
    assert newest is not None
    assert newest.content == "电话回访：屋顶不再漏雨，老人满意"
    window.tabs.setCurrentIndex(2)
    window.resize(1080, 600)
    shot(window, "case_dialog_services")

    closing = window.open_closure()
    closing.result_combo.set_value("达成")
    closing.closed.set_value(date.today() - timedelta(days=30))
    closing.reason.setPlainText("屋顶修好，医疗救助已落实")
    closing.buttons.accepted.emit()
    assert "早于" in closing.error_label.text()  # before opening and the last service
    closing.closed.set_value(date.today())
    closing.buttons.accepted.emit()
    assert window.case.status == "结案"
    assert not window.service_button.isEnabled()

    survey = window.open_survey()
    for key, value in (("attitude", 5), ("timeliness", 4), ("skill", 5), ("result", 4),
                       ("overall", 5)):  # fmt: skip
        survey.answer(key, value)
    survey.buttons.accepted.emit()
    assert [s.answers["overall"] for s in surveys.for_case(store, case_uuid)] == [5]
    window.tabs.setCurrentIndex(3)
    shot(window, "case_dialog_closed")

    target = tmp_path / "个案档案.pdf"
    monkeypatch.setattr(case_dialog, "choose_pdf_target", lambda _parent, _name: target)
    window.export_button.click()
    assert target.is_file()
    assert "已导出" in window.error_label.text()
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "张**" in text
    assert "张三丰" not in text
    assert "510108***********5" in text
    assert "510108198503120235" not in text
    for word in ("安全风险", "法律/证件", "屋顶漏雨", "链接志愿者维修屋顶", "电话回访", "达成"):
        assert word in text
    assert len(service_records.for_case(store, case_uuid)) == 2
    assert aid_plans.load_plan(store, case_uuid) is not None
    if shutil.which("pdftoppm"):
        SHOTS.mkdir(exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(target), str(SHOTS / "case_file_gui")], check=True
        )
        assert list(SHOTS.glob("case_file_gui-*.png"))
    window.close()
