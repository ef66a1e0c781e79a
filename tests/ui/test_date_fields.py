"""Every date field keeps what the user typed: a date it cannot take is refused with a message
that says why (and the allowed range), and nothing is saved as some other day."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.inspection_dialog import InspectionDialog
from relief_desktop.ui.dialogs.ledger_form import problem_text
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.widgets.contract_targets import ContractTargetsPanel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from tests.ledgers.helpers import provider
from tests.services.inspection.helpers import import_roll
from tests.ui.test_inspection_ui import QUARTER


def retype(qtbot: QtBot, field: OptionalDateEdit, text: str) -> None:
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, text)


def test_contract_start_in_settings_is_refused_out_of_range(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    panel = ContractTargetsPanel(context)
    qtbot.addWidget(panel)
    before = team.contract_start(store)
    retype(qtbot, panel.start_edit, "2015-12-16")
    assert not panel.save()
    assert "合同开始日期 2015-12-16 不合理：应在 2020-01-01 至" in panel.message_label.text()
    retype(qtbot, panel.start_edit, "2025-12-32")
    assert "请按 2025-12-16 的格式" in panel.span_label.text()
    assert not panel.save()
    assert "“2025-12-32”不是有效日期" in panel.message_label.text()
    assert team.contract_start(store) == before


def test_an_inspection_date_left_empty_or_mistyped_is_refused(
    qtbot: QtBot, context: AppContext, store: Store, tmp_path: Path
) -> None:
    entries = import_roll(store, tmp_path, "tekun", 1, QUARTER.period.start)
    dialog = InspectionDialog(context, next(iter(entries.values())))
    qtbot.addWidget(dialog)
    dialog.conclusion_combo.set_value("维持")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.date_edit.clear_button.click()
    save.click()
    assert dialog.error_label.text() == "核查日期不能为空，请填写。"
    retype(qtbot, dialog.date_edit, "2026-9-31")
    save.click()
    assert "核查日期“2026-9-31”不是有效日期" in dialog.error_label.text()
    assert store.reader().execute("SELECT count(*) FROM inspection").fetchone()[0] == 0


def test_a_ledger_date_typed_wrong_is_shown_at_its_field(context: AppContext, qtbot: QtBot) -> None:
    provider(context.store)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    form = page.build_form(None)
    qtbot.addWidget(form)
    (key, field) = next((k, w) for k, w in form.widgets.items() if isinstance(w, OptionalDateEdit))
    retype(qtbot, field, "2026-02-30")
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "“2026-02-30”不是有效日期" in problem_text(form, key)
    assert page.model.total == 0
    assert field.text() == "2026-02-30"


def test_a_picked_calendar_day_fills_the_field(qtbot: QtBot) -> None:
    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.calendar.clicked.emit(field.calendar.selectedDate().addDays(0))
    assert field.value() == date.today()


def test_a_roll_date_typed_wrong_gives_no_preview_and_says_why(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    from relief_desktop.ui.dialogs.roll_import_dialog import RollImportDialog
    from tests.services.inspection.roll_files import write_roll
    from tests.ui.test_inspection_ui import wait_idle

    dialog = RollImportDialog(context, "特困")
    qtbot.addWidget(dialog)
    dialog.open_file(write_roll(tmp_path / "b.xlsx", [[1, "对象001", "", "双林", "", "", 1]]))
    wait_idle(qtbot, dialog)
    assert dialog.preview is not None
    retype(qtbot, dialog.date_edit, "2026-9-31")
    dialog.date_edit.edit.editingFinished.emit()  # the user leaves the field
    assert dialog.preview is None
    assert "名单日期“2026-9-31”不是有效日期" in dialog.summary_label.text()
    assert not dialog.confirm_button.isEnabled()
