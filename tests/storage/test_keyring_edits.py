"""Two processes changing the keyring at once (a password set in one window while another counts
a wrong password) both keep their change: a save from an older copy never drops a worker's key."""

import threading

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import team, vault
from relief_desktop.storage import keyring
from relief_desktop.storage.store import Store
from tests.fixtures.people import TEST_PASSWORD


def test_a_password_set_while_another_edit_is_under_way_is_kept(store: Store) -> None:
    paths = store.paths
    first = keyring.load(paths).holders[0].uuid
    editing, release = threading.Event(), threading.Event()

    def count_wrong_slowly() -> None:
        with keyring.editing(paths) as ring:
            ring.holders[0].failures = 3
            editing.set()
            release.wait(10)

    slow = threading.Thread(target=count_wrong_slowly)
    slow.start()
    assert editing.wait(10)
    added = threading.Thread(
        target=keyring.add_holder, args=(paths, "new-uuid", "王五", "pw-123456")
    )
    added.start()
    added.join(timeout=1.0)  # without the lock it would be done here, before the slow save
    release.set()
    slow.join(10)
    added.join(10)

    ring = keyring.load(paths)
    assert {h.uuid for h in ring.holders} >= {first, "new-uuid"}
    assert ring.holder(first).failures == 3  # type: ignore[union-attr]
    assert keyring.unwrap_with_password(ring.holder("new-uuid"), "pw-123456")  # type: ignore[arg-type]


def test_signing_in_after_wrong_passwords_clears_the_count_without_losing_other_keys(
    store: Store,
) -> None:
    paths = store.paths
    lead = team.team(store)[0]
    for _ in range(2):
        with pytest.raises(RuleError):
            vault.unlock(paths, "wrong-password", lead.name)
    assert keyring.load(paths).holder(lead.uuid).failures == 2  # type: ignore[union-attr]
    before = {h.uuid for h in keyring.load(paths).holders}

    assert vault.unlock(paths, TEST_PASSWORD, lead.name) == lead.uuid

    ring = keyring.load(paths)
    assert ring.holder(lead.uuid).failures == 0  # type: ignore[union-attr]
    assert {h.uuid for h in ring.holders} == before
