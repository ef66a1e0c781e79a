"""The roll's per-category facts on screen: the work list's columns and the inspection form.

Replays issue 9, item 5 (display side): a child's guardian, a 特困 person's 供养方式 and
自理能力, 低保 amounts and 临时救助 reasons were nowhere to be seen by the team.
"""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from relief_desktop.domain import idcard
from relief_desktop.domain.inspection import Quarter
from relief_desktop.services.inspection import records, worklist
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.inspection_dialog import InspectionDialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.models.inspection_models import WorkListModel
from relief_desktop.ui.pages import pages
from relief_desktop.ui.pages.inspections_page import InspectionsPage
from tests.services.inspection.helpers import import_roll
from tests.services.inspection.test_roll_facts import GUARDIAN_ID, give_facts
from tests.ui.case_helpers import shot

TODAY = date.today()
START = Quarter.of(TODAY).period.start
CHILD_FACTS: dict[str, object] = {
    "guardian_name": "王秀英",
    "guardian_id_number": GUARDIAN_ID,
    "guardian_phone": "13812345678",
}


def roll(store: Store, folder: Path, code: str, count: int) -> list[int]:
    return sorted(import_roll(store, folder, code, count, START, name=f"{code}.xlsx").values())


def texts(model: WorkListModel, row: int) -> dict[str, str]:
    return {
        str(model.headerData(c, Qt.Orientation.Horizontal)): str(model.index(row, c).data())
        for c in range(model.columnCount())
    }


def test_the_childrens_work_list_shows_each_guardian_at_1366_by_768(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    entries = roll(store, tmp_path, "ertong", 30)
    give_facts(store, entries[0], **CHILD_FACTS)
    window = MainWindow(context, [s for s in pages() if s.key == "inspections"])
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    page = window.pages["inspections"]
    assert isinstance(page, InspectionsPage)
    page.category_combo.setCurrentIndex(page.category_combo.findData("特殊困难群体儿童"))
    model = page.model
    row = next(r for r in range(model.rowCount()) if model.row_at(r).entry_id == entries[0])

    shown = texts(model, row)
    assert shown["监护人"] == "王秀英"
    assert shown["监护人电话"] == "13812345678"  # in full, as the person's own phone column
    # The guardian's ID: masked, and only in the guardian's tooltip.
    guardian = model.index(row, list(shown).index("监护人"))
    assert idcard.mask(GUARDIAN_ID) in guardian.data(Qt.ItemDataRole.ToolTipRole)
    everything = [
        str(model.index(r, c).data(role))
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert not any(GUARDIAN_ID in text for text in everything)
    # At 1366×768 the list is still usable: status, name and the guardian's columns are in view.
    app_width = page.table.viewport().width()
    phone_column = list(shown).index("监护人电话")
    right = page.table.columnViewportPosition(phone_column) + page.table.columnWidth(phone_column)
    assert right <= app_width
    shot(window, "work_list_children_1366x768")


def test_the_list_shows_the_columns_of_the_category_chosen(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    dibao = roll(store, tmp_path, "dibao", 2)
    give_facts(store, dibao[0], covered_persons=2, monthly_amount_fen=224000)
    linshi = roll(store, tmp_path, "linshi", 1)
    give_facts(store, linshi[0], aid_reason="火灾", aid_amount_fen=300050, aid_on=START)
    page = InspectionsPage(context)
    qtbot.addWidget(page)

    page.category_combo.setCurrentIndex(page.category_combo.findData("低保"))
    rows = {page.model.row_at(r).entry_id: texts(page.model, r) for r in range(2)}
    assert rows[dibao[0]]["保障人数"] == "2"
    assert rows[dibao[0]]["月保障金额（元）"] == "2,240.00"
    assert rows[dibao[1]]["月保障金额（元）"] == ""  # nothing on the roll: nothing invented
    assert "救助事由" not in rows[dibao[0]]

    page.category_combo.setCurrentIndex(page.category_combo.findData("临时救助"))
    shown = texts(page.model, 0)
    assert (shown["救助事由"], shown["救助金额（元）"], shown["救助日期"]) == (
        "火灾",
        "3,000.50",
        START.isoformat(),
    )
    assert "保障人数" not in shown
    assert shown["登记档案"] == "未登记"  # the columns after the facts still line up


def test_a_new_tekun_inspection_starts_from_the_roll_and_fits_the_screen(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    entry = roll(store, tmp_path, "tekun", 1)[0]
    give_facts(store, entry, support_mode="集中供养", self_care="部分自理", household_size=1)
    dialog = InspectionDialog(context, entry)
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.roll_labels["供养方式"].text() == "集中供养"
    assert dialog.roll_labels["自理能力"].text() == "部分自理"
    assert dialog.roll_labels["身份证号"].text() == records.load_entry(store, entry).id_number
    assert dialog.support_combo.value() == "集中供养"
    assert dialog.self_care_combo.value() == "部分自理"
    assert dialog.size_spin.value() == 1
    assert dialog.height() <= 700  # Save stays on a 1366×768 screen
    shot(dialog, "inspection_form_tekun")

    dialog.self_care_combo.set_value("完全不能自理")  # the inspectors saw otherwise
    dialog.conclusion_combo.set_value("属实")
    with qtbot.waitSignal(dialog.inspection_saved) as saved:
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    again = InspectionDialog(context, entry, inspection_id=int(saved.args[0]))
    qtbot.addWidget(again)
    assert again.self_care_combo.value() == "完全不能自理"  # their answer, not the roll's
    assert again.roll_labels["自理能力"].text() == "部分自理"


def test_a_childs_form_names_the_guardian_from_the_roll(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    entry, other = roll(store, tmp_path, "ertong", 2)
    give_facts(store, entry, **CHILD_FACTS)

    dialog = InspectionDialog(context, entry)
    qtbot.addWidget(dialog)
    assert dialog.guardian_edit.text() == "王秀英"
    assert dialog.roll_labels["监护人身份证号"].text() == GUARDIAN_ID  # one person: in full
    assert dialog.roll_labels["监护人电话"].text() == "13812345678"
    nothing = InspectionDialog(context, other)  # no guardian on the roll: the field stays empty
    qtbot.addWidget(nothing)
    assert nothing.guardian_edit.text() == ""
    assert nothing.roll_labels["监护人"].text() == "—"


def test_the_work_list_model_with_a_categorys_columns_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store, tmp_path: Path
) -> None:
    entries = roll(store, tmp_path, "linshi", 260)
    give_facts(store, entries[0], aid_reason="火灾", aid_amount_fen=300050, aid_on=START)
    model = WorkListModel()
    model.set_category("临时救助")
    model.set_rows(worklist.work_list(store, "linshi", Quarter.of(TODAY)).items)
    assert model.columnCount() == len(WorkListModel.LEAD) + 3 + len(WorkListModel.TAIL)
    qtmodeltester.check(model)
    model.set_category("低保")  # switching category clears the rows until they are reloaded
    assert (model.rowCount(), model.columnCount()) == (0, len(WorkListModel.LEAD) + 5)
