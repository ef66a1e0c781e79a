"""The search boxes of 登记 and 台账 with control characters typed or pasted into them."""

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.services import beneficiaries, team
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.fixtures.people import bulk_insert, filler_people
from tests.ledgers.helpers import provider, receipt
from tests.ui.helpers import FATHER_ID, person


@pytest.mark.parametrize(
    ("typed", "expected"), [("赵\x00建国", 1), ("\x00", 11), ("\x00zjg\x07", 1)]
)
def test_nul_in_the_registry_search_box_never_raises(
    context: AppContext, qtbot: QtBot, typed: str, expected: int
) -> None:
    """Replays: NUL typed in the search box raised an exception."""
    store = context.store
    beneficiaries.register(store, context.worker.actor, person(store, "赵建国", FATHER_ID))
    ids = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(ids, 10))
    page = RegistryPage(context)
    qtbot.addWidget(page)
    page.search_edit.setText("nobody-matches-this")
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=2000)

    page.search_edit.setText(typed)
    qtbot.waitUntil(lambda: page.model.total == expected, timeout=2000)
    if expected == 1:
        assert page.model.index(0, 1).data() == "赵建国"


@pytest.mark.parametrize(("typed", "expected"), [("棉\x00被", 1), ("\x00", 2), ("\x1b棉被", 1)])
def test_nul_in_a_ledger_search_box_never_raises(
    context: AppContext, qtbot: QtBot, typed: str, expected: int
) -> None:
    """Replays: NUL typed in the search box raised an exception (ledger pages too)."""
    store = context.store
    provider(store)
    receipt(store, item="棉被")
    receipt(store, item="大米")
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.search_edit.setText("nothing-matches-this")
    qtbot.waitUntil(lambda: page.model.total == 0, timeout=2000)

    page.search_edit.setText(typed)
    qtbot.waitUntil(lambda: page.model.total == expected, timeout=2000)
