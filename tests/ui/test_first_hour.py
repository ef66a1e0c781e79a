"""A new user's first hour: registration → case → assessment → plan → service, found through
the menu bar, the shortcuts and the buttons on screen — never a right-click menu."""

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from relief_desktop.services.casework import aid_plans, assessments, cases, service_records
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.assessment_dialog import AssessmentDialog
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog
from relief_desktop.ui.dialogs.case_common import WorkerCombo
from relief_desktop.ui.dialogs.case_dialog import CaseDialog
from relief_desktop.ui.dialogs.case_forms import OpenCaseDialog, ServiceRecordDialog
from relief_desktop.ui.dialogs.ledger_form import LedgerForm
from relief_desktop.ui.dialogs.person_picker import PersonPickerDialog
from relief_desktop.ui.dialogs.plan_dialog import PlanDialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.cases_page import CasesPage
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.ui.case_helpers import register
from tests.ui.helpers import FATHER_ID, fill_person


@pytest.fixture(autouse=True)
def _no_windows_left_over() -> None:
    """A modal dialog another test left open would block this window's keys and clicks."""
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()


def _window(context: AppContext, qtbot: QtBot) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Shortcuts go to the active window, as when the user clicks into it."""
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(window.isActiveWindow)


def menu_item(window: MainWindow, menu: str, text: str) -> QAction:
    """The item `text` of the menu bar's menu `menu`, as a user would find it."""
    for top in window.menuBar().actions():
        found = top.menu()
        if isinstance(found, QMenu) and top.text().startswith(menu):
            for action in found.actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no {menu} → {text} in the menu bar")


def press(button: QAbstractButton) -> None:
    assert button.isVisible(), f"「{button.text()}」 is not on screen"
    assert button.isEnabled(), f"「{button.text()}」 is disabled"
    button.click()


def shown(kind: type[QWidget]) -> QWidget:
    """The one window of `kind` on screen (opened from the main window under test)."""
    found = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, kind) and w.isVisible() and isinstance(w.window(), kind)
    ]
    assert len(found) == 1, f"{kind.__name__}: {len(found)} shown"
    return found[0]


def save_button(dialog: QWidget) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Save)
    assert button is not None
    return button


def test_registration_to_service_through_buttons_and_menus(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    window = _window(context, qtbot)
    registry = window.current_page()
    assert isinstance(registry, RegistryPage)
    # An empty registry says what to do first, with the button for it.
    assert registry.table_view.is_empty_shown
    assert "新建登记" in registry.table_view.hint.text()

    menu_item(window, "登记", "新建登记…").trigger()
    person = shown(BeneficiaryDialog)
    assert isinstance(person, BeneficiaryDialog)
    fill_person(person, "赵建国", FATHER_ID)
    save_and_open = person.findChild(QAbstractButton, "person_case_button")
    assert save_and_open is not None
    assert save_and_open.text() == "保存并新建个案…"
    press(save_and_open)
    assert not person.isVisible()
    names = store.reader().execute("SELECT name FROM beneficiary").fetchall()
    assert [n for (n,) in names] == ["赵建国"]

    opening = shown(OpenCaseDialog)
    assert isinstance(opening, OpenCaseDialog)
    opening.category.set_value("低保")
    press(save_button(opening))
    assert not opening.isVisible(), opening.error_label.text()
    case = shown(CaseDialog)
    assert isinstance(case, CaseDialog)
    assert case.case.name == "赵建国"

    press(case.assess_button)
    assessment = shown(AssessmentDialog)
    assert isinstance(assessment, AssessmentDialog)
    assessment.date_edit.set_value(date.today())
    for domain in ("经济/基本生活", "住房"):
        assessment.spins[domain].setValue(2)
    press(save_button(assessment))
    assert not assessment.isVisible()
    assert assessments.latest(store, case.case_uuid) is not None

    case.tabs.setCurrentIndex(1)  # 援助方案
    press(case.plan_button)
    plan = shown(PlanDialog)
    assert isinstance(plan, PlanDialog)
    plan.made_edit.set_value(date.today())
    plan.goals_edit.setPlainText("三个月内落实低保")
    content = plan.measures.rows[0]["content"]
    assert isinstance(content, QLineEdit)
    content.setText("协助申请低保")
    worker = plan.measures.rows[0]["worker"]
    assert isinstance(worker, WorkerCombo)
    worker.set_value(context.worker.uuid)
    press(save_button(plan))
    assert not plan.isVisible(), plan.error_label.text()
    assert aid_plans.load_plan(store, case.case_uuid) is not None

    case.tabs.setCurrentIndex(2)  # 服务记录
    press(case.service_button)
    service = shown(ServiceRecordDialog)
    assert isinstance(service, ServiceRecordDialog)
    service.served.set_value(date.today())
    service.mode.set_value("入户")
    service.service_type.set_value(service.service_type.itemText(1))
    service.content.setPlainText("入户协助准备低保材料")
    service.minutes.setValue(60)
    press(save_button(service))
    assert not service.isVisible(), service.error_label.text()
    assert len(service_records.for_case(store, case.case_uuid)) == 1
    case.close()

    # The 个案 page lists it (F5 refreshes the page shown).
    menu_item(window, "转到", "个案").trigger()
    page = window.current_page()
    assert isinstance(page, CasesPage)
    window.app_actions.refresh.trigger()
    assert page.table.rowCount() == 1
    assert not page.cases_view.is_empty_shown


def test_new_case_from_the_cases_page_and_from_a_person(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    register(store, "张三丰")
    window = _window(context, qtbot)
    window.show_page("cases")
    page = window.current_page()
    assert isinstance(page, CasesPage)
    # No case yet: the page says where a case comes from and offers the button.
    assert page.cases_view.is_empty_shown
    assert page.cases_view.button.text() == "新建个案…"

    press(page.cases_view.button)
    picker = shown(PersonPickerDialog)
    assert isinstance(picker, PersonPickerDialog)
    assert picker.people.count() == 1
    assert "张三丰" in picker.people.item(0).text()
    press(save_button(picker))  # 下一步：分类建档
    opening = shown(OpenCaseDialog)
    assert isinstance(opening, OpenCaseDialog)
    assert "张三丰" in opening.windowTitle()
    opening.category.set_value("低保")
    press(save_button(opening))
    case = shown(CaseDialog)
    assert isinstance(case, CaseDialog)
    uuid = case.case.beneficiary_uuid
    case.close()
    assert page.table.rowCount() == 1

    # In the person's own dialog: the button now opens the case instead of a second one.
    registry = window.show_page("registry")
    assert isinstance(registry, RegistryPage)
    dialog = registry.open_intake(uuid)
    button = dialog.findChild(QAbstractButton, "person_case_button")
    assert button is not None
    assert button.text() == "打开个案"
    press(button)
    again = [w for w in dialog.findChildren(CaseDialog) if w.isVisible()]
    assert len(again) == 1
    assert again[0].case_uuid == case.case_uuid
    assert len(cases.list_cases(store, None)) == 1


def test_shortcuts_act_on_the_page_shown(context: AppContext, qtbot: QtBot) -> None:
    window = _window(context, qtbot)
    actions = window.app_actions
    assert actions.new_item.shortcut().toString() == "Ctrl+N"
    assert actions.find.shortcut().toString() == "Ctrl+F"
    assert actions.refresh.shortcut().toString() == "F5"
    assert actions.quit.shortcut().toString() == "Ctrl+Q"

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    cases_page = window.current_page()
    assert isinstance(cases_page, CasesPage)
    assert actions.new_item.text() == "新建个案…"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert cases_page.search_edit.hasFocus()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    picker = shown(PersonPickerDialog)
    qtbot.keyClick(picker, Qt.Key.Key_Escape)  # Esc closes a dialog
    assert not picker.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    ledgers = window.current_page()
    assert isinstance(ledgers, LedgersPage)
    assert ledgers.table_view.is_empty_shown  # an empty ledger offers its first record
    assert ledgers.ledger.title in ledgers.table_view.hint.text()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = shown(LedgerForm)
    assert isinstance(form, LedgerForm)
    activate(qtbot, form)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S = 保存
    assert form.isVisible()
    assert form.message.isVisible()  # nothing filled in: it says what is missing
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()

    # Pages without a list of their own have no Ctrl+N / Ctrl+F.
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert not actions.new_item.isEnabled()
    assert not actions.find.isEnabled()
    assert actions.refresh.isEnabled()  # F5 still recounts the statistics


def test_shortcuts_do_nothing_while_locked(context: AppContext, qtbot: QtBot) -> None:
    window = _window(context, qtbot)
    window.lock()
    assert window.locked
    for key in (Qt.Key.Key_N, Qt.Key.Key_2, Qt.Key.Key_F):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert isinstance(window.current_page(), RegistryPage)
    opened = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not window]
    assert opened == []


def test_the_registry_bar_opens_a_case_for_the_selected_person(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    register(store, "张三丰")
    window = _window(context, qtbot)
    registry = window.current_page()
    assert isinstance(registry, RegistryPage)
    assert not registry.case_button.isEnabled()  # nobody chosen yet
    registry.table.setCurrentIndex(registry.model.index(0, 0))
    press(registry.case_button)
    opening = shown(OpenCaseDialog)
    assert isinstance(opening, OpenCaseDialog)
    assert "张三丰" in opening.windowTitle()
    opening.close()
