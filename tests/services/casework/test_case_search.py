"""The 个案 search box with control characters in it."""

import pytest

from relief_desktop.services.casework import cases
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from tests.services.casework.conftest import register
from tests.services.casework.test_flow import open_one


@pytest.mark.parametrize(("typed", "found"), [("张\x00三丰", ["张三丰"]), ("\ud800李", ["李四海"]),
                                             ("\x00", ["李四海", "张三丰"])])  # fmt: skip
def test_nul_in_the_case_search_box_never_raises_and_never_matches_everyone(
    store: Store, lead: TeamMember, typed: str, found: list[str]
) -> None:
    """Replays: NUL in a search box raised, or (LIKE stops at NUL) listed every case."""
    open_one(store, lead, register(store, lead))
    open_one(store, lead, register(store, lead, "李四海", "11010519491231002X"))
    names = sorted(c.name for c in cases.list_cases(store, None, typed))
    assert names == sorted(found)
