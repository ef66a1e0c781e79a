"""登记 page: a saved family is found by pinyin initials; filters and sorting change the list."""

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from relief_desktop.services import beneficiaries, team
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog
from relief_desktop.ui.models.registry_table_model import COLUMNS
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.fixtures.people import bulk_insert, filler_people
from tests.ui.helpers import FATHER_ID, fill_family, fill_person, person


def _page(context: AppContext, qtbot: QtBot) -> RegistryPage:
    page = RegistryPage(context)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def _crowd(store: Store, count: int = 60) -> None:
    ids = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(ids, count))


def test_saved_family_is_found_by_pinyin_initials(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    _crowd(store)
    page = _page(context, qtbot)
    assert page.count_label.text() == "共 60 人"

    dialog = page.open_intake(None)  # deletes itself on close
    fill_family(dialog)
    with qtbot.waitSignal(dialog.beneficiary_saved):
        dialog.save_button().click()
    assert page.count_label.text() == "共 61 人"  # the list reloaded after the save

    qtbot.keyClicks(page.search_edit, "zjg")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert page.model.index(0, 1).data() == "赵建国"
    assert page.count_label.text() == "共 1 人"

    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.total == 61, timeout=2000)


def test_search_waits_for_typing_to_pause(context: AppContext, store: Store, qtbot: QtBot) -> None:
    beneficiaries.register(store, context.worker.actor, person(store, "赵建国", FATHER_ID))
    _crowd(store, 10)
    page = _page(context, qtbot)
    queries: list[str] = []
    page.model.modelReset.connect(lambda: queries.append(page.model.query.text))
    qtbot.keyClicks(page.search_edit, "zhaojianguo")
    qtbot.waitUntil(lambda: page.model.total == 1, timeout=2000)
    assert queries == ["zhaojianguo"]  # one query for eleven key presses


def test_filters_change_the_list(context: AppContext, store: Store, qtbot: QtBot) -> None:
    _crowd(store, 120)
    page = _page(context, qtbot)
    everyone = page.model.total
    page.status_combo.setCurrentIndex(page.status_combo.findData("结案"))
    assert 0 < page.model.total < everyone
    status = [c[0] for c in COLUMNS].index("status")
    assert {page.model.index(r, status).data() for r in range(page.model.rowCount())} == {"结案"}

    page.status_combo.setCurrentIndex(0)
    first = team.communities(store)[0]
    page.community_combo.setCurrentIndex(page.community_combo.findData(first.id))
    community = [c[0] for c in COLUMNS].index("community")
    shown = {page.model.index(r, community).data() for r in range(page.model.rowCount())}
    assert shown == {first.name}

    page.community_combo.setCurrentIndex(0)
    page.label_combo.setCurrentIndex(page.label_combo.findData("特殊困难群体儿童"))
    assert page.model.total == 0  # the filler people hold no child labels
    assert page.count_label.text() == "共 0 人"


def test_clicking_a_header_sorts(context: AppContext, store: Store, qtbot: QtBot) -> None:
    _crowd(store, 80)
    page = _page(context, qtbot)
    header = page.table.horizontalHeader()
    birth = [c[0] for c in COLUMNS].index("birth_date")
    x = header.sectionViewportPosition(birth) + 5
    from PySide6.QtCore import QPoint

    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    dates = [page.model.index(r, birth).data() for r in range(page.model.rowCount())]
    assert page.model.query.sort == "birth_date"
    assert dates == sorted(dates) or dates == sorted(dates, reverse=True)

    labels = [c[0] for c in COLUMNS].index("labels")
    before = page.model.query
    x = header.sectionViewportPosition(labels) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert page.model.query == before
    assert header.sortIndicatorSection() == birth


def test_enter_opens_the_person_for_editing(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    beneficiaries.register(store, context.worker.actor, person(store, "赵建国", FATHER_ID))
    page = _page(context, qtbot)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 1))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs = [w for w in page.findChildren(BeneficiaryDialog) if w.isVisible()]
    assert len(dialogs) == 1
    assert dialogs[0].form.name_edit.text() == "赵建国"
    assert not dialogs[0].is_new
    dialogs[0].close()


def test_open_existing_file_from_a_duplicate_refusal(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    existing = beneficiaries.register(
        store, context.worker.actor, person(store, "赵建国", FATHER_ID)
    )
    page = _page(context, qtbot)
    dialog = page.open_intake(None)
    fill_person(dialog, "周建军", FATHER_ID)
    dialog.save_button().click()
    dialog.open_existing_button.click()

    opened = [w for w in page.findChildren(BeneficiaryDialog) if w.isVisible()]
    assert len(opened) == 1
    assert not opened[0].is_new
    assert opened[0].form.name_edit.text() == "赵建国"
    assert beneficiaries.load(store, existing).file_no in opened[0].header_label.text()
    opened[0].close()


def test_a_search_through_a_relative_shows_whom_and_gives_the_name_room(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    lead = team.team(store)[0].actor
    beneficiaries.register(store, lead, person(store, "赵大"))  # spouse 孙丽
    beneficiaries.register(store, lead, person(store, "孙明"))
    page = _page(context, qtbot)
    name = [c[0] for c in COLUMNS].index("name")
    page.table.setColumnWidth(name, 90)
    page.search_edit.setText("孙")
    qtbot.waitUntil(lambda: page.model.query.text == "孙")
    shown = [page.model.index(r, name).data() for r in range(2)]
    assert shown == ["孙明", "赵大（家属：孙丽）"]  # own name first
    assert page.table.columnWidth(name) >= page.table.sizeHintForColumn(name) > 90
    page.search_edit.setText("")
    qtbot.waitUntil(lambda: page.model.query.text == "")
    assert page.table.columnWidth(name) == 90  # the width the worker chose, back
