"""Forms refuse an invisible control character with a message naming the field and position."""

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.intake import make_beneficiary_dialog
from relief_desktop.ui.dialogs.ledger_form import problem_text
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from tests.ledgers.helpers import provider
from tests.ui.helpers import FATHER_ID, count_rows, fill_person


def test_a_bel_in_the_name_is_refused_in_the_intake_dialog(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    """Replays: a name containing BEL was accepted, then broke every export."""
    dialog = make_beneficiary_dialog(context, None)
    qtbot.addWidget(dialog)
    fill_person(dialog, "赵建国", FATHER_ID)
    dialog.form.name_edit.setText("赵\x07建国")
    dialog.save_button().click()
    assert "姓名含有不可见的控制字符（第 2 个字），请删除后重新输入。" in dialog.error_text()
    assert dialog.form.name_edit in dialog.marked_widgets()
    assert count_rows(store, "beneficiary") == 0


def test_a_nul_in_a_ledger_form_is_shown_on_its_field(context: AppContext, qtbot: QtBot) -> None:
    provider(context.store)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    form = page.build_form(None)
    qtbot.addWidget(form)
    item = form.widgets["item"]
    assert isinstance(item, QLineEdit)
    item.setText("大米\x00")
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert (
        problem_text(form, "item")
        == "资源名称含有不可见的控制字符（第 3 个字），请删除后重新输入。"
    )
    assert page.model.total == 0
