"""UI fixtures: the app's own CJK font, a context for the first team member."""

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.storage.store import Store
from relief_desktop.ui import session
from relief_desktop.ui.assets import install_app_font, install_translations
from relief_desktop.ui.context import AppContext


@pytest.fixture(autouse=True, scope="session")
def _app_font(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(qapp, QApplication)
    install_app_font(qapp)
    install_translations(qapp)


@pytest.fixture(autouse=True)
def _no_unexpected_modal_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal sign-in or first-run dialog nobody answers would hang the run: fail instead.
    Tests that go through these steps replace them with their own answers."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("an unexpected modal dialog (sign-in or first run) was opened")

    monkeypatch.setattr(session, "sign_in", refuse)
    monkeypatch.setattr(session, "unlock", refuse)
    monkeypatch.setattr(session, "run_first_run", refuse)
    # The recovery key of a store a test made is not shown (test_unlock_dialog looks at it).
    monkeypatch.setattr(session, "show_recovery_key", lambda *_args, **_kwargs: None)


@pytest.fixture
def context(store: Store, qtbot: QtBot) -> AppContext:
    """The session of 张三, the lead, on the `store` fixture."""
    return AppContext(store, team.team(store)[0])


# The offscreen platform warns whenever a shown window's size hints change; that is the test
# platform talking, not the app.
_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(_OFFSCREEN_NOISE))
