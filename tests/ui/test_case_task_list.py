"""The home task list: 已逾期 / 今天 / 本周 groups; activating a row opens the case."""

from datetime import date, timedelta

from PySide6.QtWidgets import QTreeWidgetItem
from pytestqt.qtbot import QtBot

from relief_desktop.domain.casework import ServiceInput
from relief_desktop.services import team
from relief_desktop.services.casework import service_records
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.cases_page import CasesPage
from relief_desktop.ui.widgets.case_task_list import CASE_ROLE, CaseTaskList
from tests.ui.case_helpers import open_case, register, shot, top_level


def groups(widget: CaseTaskList) -> dict[str, list[QTreeWidgetItem]]:
    result: dict[str, list[QTreeWidgetItem]] = {}
    for i in range(widget.tree.topLevelItemCount()):
        group = widget.tree.topLevelItem(i)
        assert group is not None
        children = [group.child(j) for j in range(group.childCount())]
        result[group.text(0).split("（")[0]] = [c for c in children if c is not None]
    return result


def test_due_and_overdue_items_open_their_case(qtbot: QtBot, store: Store) -> None:
    case_uuid = open_case(store, register(store))
    member = team.team(store)[0]
    today = date.today()
    service_records.add_service(
        store, member.actor, case_uuid,
        ServiceInput(today - timedelta(days=40), "入户", "走访", [member.uuid], 30,
                     next_step="送轮椅", next_step_on=today),
    )  # fmt: skip
    widget = CaseTaskList(store)
    qtbot.addWidget(widget)
    found = groups(widget)
    assert [i.text(1) for i in found["已逾期"]] == ["超过30天未服务"]
    assert [(i.text(1), i.text(3)) for i in found["今天"]] == [("下一步", "送轮椅")]
    assert "已逾期 1 项，今天 1 项" in widget.title.text()
    with qtbot.waitSignal(widget.case_opened) as opened:
        widget.tree.itemActivated.emit(found["今天"][0], 0)
    assert opened.args == [case_uuid]
    assert found["今天"][0].data(0, CASE_ROLE) == case_uuid


def test_the_cases_page_shows_tasks_on_top_and_opens_the_case(
    qtbot: QtBot, context: AppContext
) -> None:
    store = context.store
    case_uuid = open_case(store, register(store))
    page = CasesPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    assert page.table.rowCount() == 1
    overdue = groups(page.tasks)["已逾期"]
    assert overdue  # opened 2026-01-06 without a service since
    from relief_desktop.ui.dialogs.case_dialog import CaseDialog

    # Only the dialog this activation opens: a test that failed earlier may leave one open.
    before = set(map(id, top_level(CaseDialog)))
    page.tasks.tree.itemActivated.emit(overdue[0], 0)
    windows = [w for w in top_level(CaseDialog) if id(w) not in before]
    assert [w.case_uuid for w in windows if isinstance(w, CaseDialog)] == [case_uuid]
    shot(page, "cases_page")
    for window in windows:
        window.close()
