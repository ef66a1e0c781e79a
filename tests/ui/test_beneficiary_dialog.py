"""The intake dialog saves through the real services and shows refusals on the fields."""

from datetime import date

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.beneficiaries import Similar
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog
from relief_desktop.ui.dialogs.intake import make_beneficiary_dialog
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from tests.ui.helpers import (
    CHILD_ID,
    FATHER_ID,
    add_member,
    count_rows,
    fill_family,
    fill_person,
    person,
)


def _new_dialog(context: AppContext, qtbot: QtBot) -> BeneficiaryDialog:
    dialog = make_beneficiary_dialog(context, None)
    qtbot.addWidget(dialog)
    return dialog


def test_a_family_of_three_is_saved(context: AppContext, store: Store, qtbot: QtBot) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_family(dialog)
    with qtbot.waitSignal(dialog.beneficiary_saved) as saved:
        dialog.save_button().click()

    record = beneficiaries.load(store, saved.args[0])
    assert record.data.name == "赵建国"
    assert record.data.birth_date == date(1975, 6, 1)
    assert record.data.sex == "男"
    assert record.data.household_income_fen == 185050
    assert [(m.name, m.sex, m.birth_date) for m in record.data.members] == [
        ("钱秀英", "女", date(1978, 3, 8)),
        ("赵小雨", "女", date(2012, 9, 15)),
    ]
    assert record.data.phone == "13800001234"
    assert record.registered_by == "张三"


def test_id_number_shows_birth_and_sex_and_normalises(context: AppContext, qtbot: QtBot) -> None:
    dialog = _new_dialog(context, qtbot)
    form = dialog.form
    fullwidth = FATHER_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    form.id_edit.setText(fullwidth)
    assert "1975-06-01" in form.id_hint.text()
    assert "男" in form.id_hint.text()
    assert "已规范为" in form.id_hint.text()
    form.id_edit.editingFinished.emit()
    assert form.id_edit.text() == FATHER_ID
    assert form.sex_combo.value() == "男"
    assert not form.sex_combo.isEnabled()
    assert form.birth_edit.value() == date(1975, 6, 1)

    form.id_edit.setText("510108750601011")  # 15-digit legacy number
    assert "升级为 18 位" in form.id_hint.text()

    form.id_type_combo.set_value("护照")
    assert form.sex_combo.isEnabled()


def test_bad_check_digit_is_explained_and_nothing_saved(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", "510108198503120236")
    dialog.form.setCurrentIndex(3)
    dialog.save_button().click()

    assert "校验位不对：最后一位应为 5" in dialog.error_text()
    assert dialog.form.id_edit in dialog.marked_widgets()
    assert "校验位" in dialog.form.id_edit.toolTip()
    assert dialog.form.currentIndex() == 0  # back on 基本信息, where the ID is
    assert dialog.isVisible() or dialog.result() == 0
    assert count_rows(store, "beneficiary") == 0


def test_problems_in_a_member_row_go_to_the_household_tab(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    add_member(dialog, "子女", "赵小雨", CHILD_ID[:-1] + ("0" if CHILD_ID[-1] != "0" else "1"))
    add_member(dialog, "", "", "")
    dialog.save_button().click()

    text = dialog.error_text()
    assert "第 1 位家庭成员：身份证号码校验位不对" in text
    assert "第 2 位家庭成员的姓名不能为空" in text
    assert dialog.form.currentWidget() is dialog.form.household
    flagged = [
        dialog.form.tabText(i) for i in range(dialog.form.count()) if "⚠" in dialog.form.tabText(i)
    ]
    assert flagged == ["家庭成员 ⚠"]
    marked = dialog.marked_widgets()
    assert dialog.form.household.rows[0]["id_number"] in marked
    assert dialog.form.household.rows[1]["name"] in marked
    assert count_rows(store, "beneficiary") == 0
    assert count_rows(store, "household_member") == 0


def test_money_that_is_not_a_number_is_refused(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", "")  # the empty ID is reported too, all at once
    dialog.form.income_edit.setText("一千二")
    dialog.save_button().click()
    assert "不是数字" in dialog.error_text()
    assert "请填写身份证号码" in dialog.error_text()
    assert dialog.form.income_edit in dialog.marked_widgets()
    assert count_rows(store, "beneficiary") == 0


def test_duplicate_id_is_refused_with_an_offer_to_open_the_file(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    existing = beneficiaries.register(
        store, context.worker.actor, person(store, "赵建国", FATHER_ID)
    )
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "周建军", FATHER_ID)
    dialog.save_button().click()

    assert "身份证号码已登记：赵建国" in dialog.error_text()
    assert dialog.open_existing_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.existing_record_requested) as requested:
        dialog.open_existing_button.click()
    assert requested.args == [existing]
    assert count_rows(store, "beneficiary") == 1


def test_similar_people_are_confirmed_before_a_new_registration(
    context: AppContext, store: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    beneficiaries.register(store, context.worker.actor, person(store, "赵建国"))
    asked: list[list[Similar]] = []
    answer = [False]

    def confirm(_parent: object, found: list[Similar]) -> bool:
        asked.append(list(found))
        return answer[0]

    monkeypatch.setattr(prompts, "confirm_similar", confirm)
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID, community_row=1)
    dialog.save_button().click()
    assert [s.reason for s in asked[0]] == ["name_community"]
    assert "同社区同名" in prompts.similar_lines(asked[0])[0]
    assert count_rows(store, "beneficiary") == 1

    answer[0] = True
    with qtbot.waitSignal(dialog.beneficiary_saved):
        dialog.save_button().click()
    assert count_rows(store, "beneficiary") == 2


def test_editing_shows_the_file_and_its_history(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    uuid = beneficiaries.register(store, context.worker.actor, person(store, "赵建国", FATHER_ID))
    context.set_worker(team.team(store)[1])  # 李四 makes the change
    dialog = make_beneficiary_dialog(context, uuid)
    qtbot.addWidget(dialog)
    assert "510108004-" in dialog.header_label.text()
    assert "张三" in dialog.header_label.text()
    assert dialog.form.name_edit.text() == "赵建国"
    assert dialog.form.household.rows[0]["name"].property("text") == "孙丽"

    dialog.form.phone_edit.setText("028-84561234")
    with qtbot.waitSignal(dialog.beneficiary_saved):
        dialog.save_button().click()

    assert beneficiaries.load(store, uuid).data.phone == "028-84561234"
    again = make_beneficiary_dialog(context, uuid)
    qtbot.addWidget(again)
    history = again.history_view

    def text(row: int, column: int) -> str:
        item = history.item(row, column)
        assert item is not None
        return item.text()

    assert history.rowCount() == 2
    assert text(0, 1) == "李四"
    assert "联系电话：（空） → 028-84561234" in text(0, 3)
    assert text(1, 3) == "新建档案"


def test_the_dialog_calls_the_callable_it_was_given(qtbot: QtBot, store: Store) -> None:
    received: list[BeneficiaryInput] = []

    def save(data: BeneficiaryInput) -> str:
        received.append(data)
        return "uuid-1"

    dialog = BeneficiaryDialog(team.communities(store), save)
    qtbot.addWidget(dialog)
    fill_person(dialog, "赵建国", FATHER_ID)
    cells = dialog.form.labels.add_row()
    dialog.save_button().click()
    assert "第 1 个救助标签：救助标签不能为空" in dialog.error_text()
    assert received == []

    label, start = cells["label"], cells["start_date"]
    assert isinstance(label, ChoiceCombo)
    assert isinstance(start, OptionalDateEdit)
    label.set_value("低保")
    start.set_value(date(2025, 3, 1))
    with qtbot.waitSignal(dialog.beneficiary_saved) as saved:
        dialog.save_button().click()
    assert saved.args == ["uuid-1"]
    assert received[0].labels == (LabelInput("低保", date(2025, 3, 1)),)
    assert received[0].phone == "138 0000 1234"  # cleaning is the service's job


def test_problems_are_listed_in_tab_order(context: AppContext, store: Store, qtbot: QtBot) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", "510108198503120236")
    dialog.form.labels.add_row()
    dialog.form.setCurrentIndex(4)
    dialog.save_button().click()
    lines = dialog.error_text().splitlines()
    assert "校验位" in lines[0]
    assert "救助标签不能为空" in lines[-1]
    assert dialog.form.currentIndex() == 0


def test_optional_date_can_be_cleared(qtbot: QtBot) -> None:
    edit = OptionalDateEdit(date(2024, 5, 6))
    qtbot.addWidget(edit)
    assert edit.value() == date(2024, 5, 6)
    edit.clear_button.click()
    assert edit.value() is None
    assert edit.edit.text() == ""
    assert edit.edit.placeholderText() == "未填"


def test_member_id_fills_sex_and_birth(context: AppContext, qtbot: QtBot) -> None:
    dialog = _new_dialog(context, qtbot)
    add_member(dialog, "子女", "赵小雨", CHILD_ID.lower())
    id_cell = dialog.form.household.rows[0]["id_number"]
    assert isinstance(id_cell, QLineEdit)
    id_cell.editingFinished.emit()
    sex = dialog.form.household.rows[0]["sex"]
    birth = dialog.form.household.rows[0]["birth_date"]
    assert isinstance(sex, ChoiceCombo)
    assert isinstance(birth, OptionalDateEdit)
    assert sex.value() == "女"
    assert birth.value() == date(2012, 9, 15)

    dialog.form.household.table.setCurrentCell(0, 0)
    dialog.form.household.remove_button.click()
    assert dialog.form.household.rows == []


def test_a_corrected_field_loses_its_red_frame(context: AppContext, qtbot: QtBot) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", "510108198503120236")
    dialog.save_button().click()
    assert dialog.form.id_edit in dialog.marked_widgets()
    qtbot.keyClick(dialog.form.id_edit, "5")
    assert dialog.form.id_edit not in dialog.marked_widgets()
    assert dialog.form.id_edit.styleSheet() == ""
