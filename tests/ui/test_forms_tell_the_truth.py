"""A form never says the opposite of what happened: errors go with the rows they were about,
a saved person is saved once and the dialog closes, typed dates are kept or refused."""

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from relief_desktop.services import beneficiaries
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog
from relief_desktop.ui.dialogs.intake import make_beneficiary_dialog
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from tests.ui.helpers import FATHER_ID, add_member, count_rows, fill_person


def _new_dialog(context: AppContext, qtbot: QtBot) -> BeneficiaryDialog:
    dialog = make_beneficiary_dialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_date(qtbot: QtBot, field: OptionalDateEdit, text: str) -> None:
    """As a user does: click into the field, select what is there, type, move on (the offscreen
    platform has no active window to move focus in, so leaving the field is signalled)."""
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)
    field.edit.editingFinished.emit()


def test_deleting_the_row_in_error_then_saving_saves_once_and_closes(
    context: AppContext, store: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[object] = []

    def confirm_similar(*args: object) -> bool:
        asked.append(args)
        return True

    monkeypatch.setattr(prompts, "confirm_similar", confirm_similar)
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    dialog.form.labels.add_row()  # an empty 救助标签 row
    dialog.save_button().click()
    assert "第 1 个救助标签：救助标签不能为空" in dialog.error_text()
    assert count_rows(store, "beneficiary") == 0

    dialog.form.labels.table.setCurrentCell(0, 0)
    dialog.form.labels.remove_button.click()
    assert dialog.error_text() == ""  # the error went with its row
    assert dialog.marked_widgets() == []
    QApplication.processEvents()  # the row's widgets are really deleted now

    with qtbot.waitSignal(dialog.beneficiary_saved) as saved:
        dialog.save_button().click()
    assert not dialog.isVisible()
    assert dialog.result() == BeneficiaryDialog.DialogCode.Accepted
    assert beneficiaries.load(store, saved.args[0]).data.name == "赵建国"

    dialog.save_button().click()  # a second click (or Enter) on what is left
    assert count_rows(store, "beneficiary") == 1
    assert asked == []  # never warned that the person duplicates the record just saved


def test_an_error_on_one_member_goes_with_that_member_only(
    context: AppContext, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    add_member(dialog, "配偶", "", "")  # no name
    add_member(dialog, "子女", "赵小雨", "")
    dialog.form.household.rows[1]["income"].setText("很多")  # type: ignore[attr-defined]
    dialog.save_button().click()
    assert "第 1 位家庭成员的姓名不能为空" in dialog.error_text()
    assert "第 2 位家庭成员" in dialog.error_text()

    dialog.form.household.remove_row(0)
    assert "姓名不能为空" not in dialog.error_text()
    # The other member's problem is still there, under the number that row has now.
    assert (
        dialog.error_text() == "• 第 1 位家庭成员：金额“很多”不是数字，请只填数字，例如 1200.50。"
    )
    dialog.form.household.clear_rows()
    QApplication.processEvents()
    assert dialog.error_text() == ""
    dialog.clear_problems()  # no widget of a deleted row is touched


def test_a_registration_date_typed_in_the_future_is_refused_not_changed(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    later = date.today() + timedelta(days=200)
    type_date(qtbot, dialog.form.registered_on_edit, later.isoformat())
    assert dialog.form.registered_on_edit.value() == later  # kept exactly as typed

    dialog.save_button().click()
    assert "登记日期不能晚于今天，只能填今天或以前的日期" in dialog.error_text()
    assert count_rows(store, "beneficiary") == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-13-01", "登记日期“2026-13-01”不是有效日期，请按 2026-01-31 的格式填写"),
        ("1899-12-31", "登记日期 1899-12-31 超出可填的范围（1900-01-01 至 2100-12-31）"),
        ("2101-01-01", "登记日期 2101-01-01 超出可填的范围（1900-01-01 至 2100-12-31）"),
    ],
)
def test_a_date_that_is_not_a_date_or_out_of_range_is_refused(
    context: AppContext, store: Store, qtbot: QtBot, typed: str, message: str
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    type_date(qtbot, dialog.form.registered_on_edit, typed)
    assert dialog.form.registered_on_edit.text() == typed  # never corrected behind the user's back
    dialog.save_button().click()
    assert message in dialog.error_text()
    assert dialog.form.registered_on_edit.edit in dialog.marked_widgets()
    assert count_rows(store, "beneficiary") == 0


def test_dates_typed_in_common_ways_are_read(qtbot: QtBot) -> None:
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.show()
    for typed in ("2026/6/1", "2026.06.01", "20260601", "2026-6-1"):
        type_date(qtbot, field, typed)
        assert field.value() == date(2026, 6, 1)
        assert field.text() == "2026-06-01"  # shown the one way once the user moves on


def test_a_date_typed_wrong_in_a_row_names_its_column_and_row(
    context: AppContext, qtbot: QtBot
) -> None:
    dialog = _new_dialog(context, qtbot)
    fill_person(dialog, "赵建国", FATHER_ID)
    labels = dialog.form.labels
    labels.add_row()  # empty: 救助标签 missing
    cells = labels.add_row()
    cells["label"].set_value("低保")  # type: ignore[attr-defined]
    type_date(qtbot, cells["start_date"], "2026-13-01")  # type: ignore[arg-type]
    dialog.save_button().click()
    assert "第 2 个救助标签：开始日期“2026-13-01”不是有效日期" in dialog.error_text()
    assert cells["start_date"].edit in dialog.marked_widgets()  # type: ignore[attr-defined]
    assert cells["end_date"].edit not in dialog.marked_widgets()  # type: ignore[attr-defined]

    labels.remove_row(0)
    assert dialog.error_text() == (
        "• 第 1 个救助标签：开始日期“2026-13-01”不是有效日期，请按 2026-01-31 的格式填写。"
    )
