"""The 核查 page and the roll import dialog, driven as a user would."""

import time
from datetime import date
from pathlib import Path

import pytest
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from relief_desktop.domain.inspection import Quarter
from relief_desktop.services.inspection import worklist
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import roll_import_dialog
from relief_desktop.ui.dialogs.inspection_dialog import InspectionDialog
from relief_desktop.ui.dialogs.roll_import_dialog import RollImportDialog
from relief_desktop.ui.models.inspection_models import WorkListModel
from relief_desktop.ui.pages import inspections_page
from relief_desktop.ui.pages.inspections_page import InspectionsPage
from relief_desktop.ui.workers import Progress as JobProgress
from tests.services.inspection.helpers import import_roll, inspect
from tests.services.inspection.roll_files import write_roll
from tests.services.inspection.test_rolls import messy_rows

TODAY = date.today()
QUARTER = Quarter.of(TODAY)


def wait_idle(qtbot: QtBot, dialog: RollImportDialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None and dialog.preview is not None, timeout=10_000)


def test_the_preview_lists_every_problem_and_confirm_imports_once(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    dialog = RollImportDialog(context, "低保")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "低保.xlsx", messy_rows()))
    wait_idle(qtbot, dialog)

    assert dialog.adds_model.total == 4
    assert dialog.problems_model.total == 6
    assert dialog.tabs.currentWidget() is dialog.tables["problems"]
    assert "有错误未导入 3 行" in dialog.summary_label.text()
    lines = [dialog.problems_model.row_at(r)[0] for r in range(3)]
    assert lines == ["5", "9", "10"]
    store = context.store
    assert store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 0

    with qtbot.waitSignal(dialog.roll_imported, timeout=10_000):
        dialog.confirm_button.click()
    assert store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 4


def test_unrecognised_columns_are_mapped_in_the_dialog(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Headers nobody here knows, under a title and a date line: the header row is a guess.
    headers = ("序号", "对象", "号码", "备注")
    rows = [[1, "王芳", messy_rows()[0][2], "无"]]
    dialog = RollImportDialog(context, "特困")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "a.xlsx", rows, headers=headers, totals=False))
    wait_idle(qtbot, dialog)
    assert dialog.preview is not None
    assert dialog.preview.missing == ["name", "id_number"]
    assert not dialog.confirm_button.isEnabled()
    assert dialog.mapping_button.isEnabled()

    mapping = roll_import_dialog.ColumnMappingDialog(dialog.preview, dialog)
    qtbot.addWidget(mapping)
    mapping.header_spin.setValue(3)  # the user points at the real header row
    for key, column, text in (("name", 1, "B  对象"), ("id_number", 2, "C  号码")):
        combo = mapping.combos[key]
        combo.setCurrentIndex(combo.findData(column))
        assert combo.currentText() == text
    assert mapping.header_line() == 3
    picked = (mapping.header_line(), mapping.mapping())
    assert picked[1]["id_number"] == 2
    assert picked[1]["phone"] == -1

    monkeypatch.setattr(roll_import_dialog, "ask_mapping", lambda _parent, _preview: picked)
    dialog.mapping_button.click()
    qtbot.waitUntil(lambda: dialog.job is None and dialog.preview is not None, timeout=10_000)
    assert dialog.preview.header_line == 3
    assert dialog.adds_model.total == 1
    assert dialog.confirm_button.isEnabled()


def test_the_work_list_shows_who_is_left_and_progress(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    start = QUARTER.period.start
    entries = list(import_roll(store, tmp_path, "tekun", 5, start).values())
    inspect(store, entries[0], start)
    page = InspectionsPage(context)
    qtbot.addWidget(page)
    page.category_combo.setCurrentIndex(page.category_combo.findData("特困"))

    assert page.model.total == 5
    assert "1</b> / 5 人" in page.progress_label.text()
    assert "还需核查 4 人" in page.progress_label.text()
    page.remaining_check.setChecked(True)
    assert page.model.total == 4
    assert entries[0] not in {page.model.row_at(r).entry_id for r in range(page.model.rowCount())}


def test_saving_an_inspection_from_the_page_updates_the_list_and_feedback(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    start = QUARTER.period.start
    import_roll(store, tmp_path, "dibao", 3, start)
    page = InspectionsPage(context)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    dialog = page._open_for_selection()
    assert isinstance(dialog, InspectionDialog)
    dialog.date_edit.set_value(date.today())
    dialog.conclusion_combo.set_value("建议退出")
    dialog.issues_edit.setPlainText("家庭新购汽车一辆")
    with qtbot.waitSignal(dialog.inspection_saved):
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()

    assert "1</b> / 3 户" in page.progress_label.text()
    assert page.feedback_model.total == 1
    assert page.feedback_model.row_at(0).summary == "建议退出：家庭新购汽车一辆"


def test_the_form_shows_what_is_wrong_and_saves_nothing(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    entries = import_roll(store, tmp_path, "tekun", 1, QUARTER.period.start)
    dialog = InspectionDialog(context, next(iter(entries.values())))
    qtbot.addWidget(dialog)
    dialog.inspector2.setCurrentIndex(dialog.inspector1.currentIndex())
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert "两名不同的核查人员" in dialog.error_label.text()
    assert "核查结论" in dialog.error_label.text()
    assert store.reader().execute("SELECT count(*) FROM inspection").fetchone()[0] == 0


def test_export_writes_the_quarter_report(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_roll(store, tmp_path, "tekun", 2, QUARTER.period.start)
    page = InspectionsPage(context)
    qtbot.addWidget(page)
    monkeypatch.setattr(inspections_page, "choose_export_folder", lambda _p: tmp_path / "out")
    page.export_button.click()
    assert len(list((tmp_path / "out").glob("*.xlsx"))) == 1
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1
    assert "已导出" in page.message_label.text()


def test_work_list_model_passes_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store, tmp_path: Path
) -> None:
    import_roll(store, tmp_path, "dibao", 450, QUARTER.period.start)
    model = WorkListModel()
    model.set_rows(worklist.work_list(store, "dibao", QUARTER).items)
    assert model.rowCount() == WorkListModel.PAGE_SIZE
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 450


def test_cancelling_a_running_import_leaves_the_roll_unchanged(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = RollImportDialog(context, "低保")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "低保.xlsx", messy_rows()))
    wait_idle(qtbot, dialog)
    real_adapt = roll_import_dialog._adapt

    def slow_adapt(progress: JobProgress) -> object:
        report = real_adapt(progress)

        def wait_for_cancel(phase: str, done: int, total: int) -> None:
            # The rows are written; hold the transaction open until the user presses 取消.
            deadline = time.monotonic() + 10
            while not (job := dialog.job) or not job.cancel_requested:
                assert time.monotonic() < deadline
                time.sleep(0.01)
            report(phase, done, total)

        return wait_for_cancel

    monkeypatch.setattr(roll_import_dialog, "_adapt", slow_adapt)
    dialog.confirm_button.click()
    assert dialog.progress_dialog is not None
    dialog.progress_dialog.canceled.emit()  # the 取消 button
    qtbot.waitUntil(lambda: dialog.job is None, timeout=10_000)

    assert "已取消" in dialog.warning_label.text()
    assert dialog.import_result is None
    count = context.store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0]
    assert count == 0


def test_ending_a_third_of_the_roll_needs_the_box_ticked_and_confirm_is_never_the_default(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    entries = import_roll(store, tmp_path, "dibao", 10, date(2026, 10, 1))
    dialog = RollImportDialog(context, "低保")
    qtbot.addWidget(dialog)
    dialog.resize(1000, 600)
    kept_rows = [
        [n + 1, f"对象{i:03d}", number, "双林", f"双林路{i}号", "", 1]
        for n, (i, number) in enumerate(zip(range(7), entries, strict=False))
    ]
    dialog.open_file(write_roll(tmp_path / "新名单.xlsx", kept_rows))
    wait_idle(qtbot, dialog)
    dialog.show()

    assert not dialog.confirm_button.isDefault()
    assert not dialog.confirm_button.autoDefault()
    assert dialog.ends_check.isVisible()
    assert not dialog.ends_check.isChecked()
    assert "确认结束 3 人的在册" in dialog.ends_check.text()
    assert not dialog.confirm_button.isEnabled()
    assert dialog.tabs.currentWidget() is dialog.tables["ends"]
    dialog.grab().save(str(tmp_path / "roll_confirm.png"))

    dialog.ends_check.setChecked(True)
    assert dialog.confirm_button.isEnabled()
    with qtbot.waitSignal(dialog.roll_imported, timeout=10_000):
        dialog.confirm_button.click()
    ended = store.reader().execute("SELECT count(*) FROM roll_entry WHERE ended_on IS NOT NULL")
    assert ended.fetchone()[0] == 3


def test_a_roll_whose_every_row_has_an_error_cannot_end_anyone_from_the_dialog(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    entries = import_roll(store, tmp_path, "dibao", 10, date(2026, 10, 1))
    rows = [
        [n + 1, f"对象{n:03d}", int(number) if number[-1] != "X" else "5.10108E+17", "双林", "", "",
         1]
        for n, number in enumerate(entries)
    ]  # fmt: skip
    dialog = RollImportDialog(context, "低保")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "数字.xlsx", rows))
    wait_idle(qtbot, dialog)

    assert not dialog.confirm_button.isEnabled()
    assert not dialog.ends_check.isVisible()
    assert "不结束任何人" in dialog.warning_label.text()
    assert dialog.problems_model.total == 1  # 10 rows, one message: as Excel shows the cell
    assert "5.10108E+17" in str(dialog.problems_model.row_at(0)[3])
    assert dialog.ends_model.total == 10
    assert dialog.tabs.tabText(2) == "结束（0，未结束 10）"
    assert all(
        str(dialog.ends_model.row_at(r)[3]).startswith("未结束：可能是第") for r in range(10)
    )


def test_the_dialog_groups_repeated_warnings_and_names_the_column_read_by_content(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    headers = ("序号", "帮扶人员", "身份证号码", "所属社区")
    numbers = list(import_roll(context.store, tmp_path, "linshi", 30, date(2026, 10, 1)))
    digits = "一二三四五六七八九十"
    rows = [[n + 1, f"王{digits[n // 10]}{digits[n % 10]}", number, "红星"]
            for n, number in enumerate(numbers)]  # fmt: skip
    dialog = RollImportDialog(context, "临时救助")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "临时救助.xlsx", rows, headers=headers))
    wait_idle(qtbot, dialog)

    assert "按内容判断“帮扶人员”列为姓名" in dialog.summary_label.text()
    assert dialog.problems_model.total == 1
    lines, kind, label, message = dialog.problems_model.row_at(0)
    assert (lines, kind, label) == ("4、5、6、7、8 等共 30", "提示", "社区")
    assert "设置 · 社区" in str(message)


def test_a_roll_date_before_an_entry_start_is_shown_and_blocks_confirm_in_the_dialog(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    entries = list(import_roll(context.store, tmp_path, "tekun", 5, date(2026, 10, 1)))
    rows = [[n + 1, f"对象{n:03d}", number, "双林", "", "", 1] for n, number in enumerate(entries)]
    dialog = RollImportDialog(context, "特困")
    qtbot.addWidget(dialog)
    dialog.date_edit.set_value(date(2026, 9, 1))
    dialog.open_file(write_roll(tmp_path / "b.xlsx", rows[:4]))
    wait_idle(qtbot, dialog)

    assert "名单日期 2026-09-01 早于 1 人的在册开始日期" in dialog.warning_label.text()
    assert not dialog.ends_check.isVisible()
    dialog.ends_check.setChecked(True)
    assert not dialog.confirm_button.isEnabled()


def test_a_header_only_roll_cannot_be_confirmed_in_the_dialog(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    import_roll(context.store, tmp_path, "dibao", 5, date(2026, 10, 1))
    dialog = RollImportDialog(context, "低保")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "表头.xlsx", [], totals=False))
    wait_idle(qtbot, dialog)

    assert not dialog.confirm_button.isEnabled()
    assert "文件中没有一行有效数据：本次不结束任何人的在册" in dialog.warning_label.text()
    assert "5 人保持在册" in dialog.warning_label.text()
