"""Shared fixtures. Qt runs offscreen: set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, team
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from tests.fixtures.people import TEST_PASSWORD

__all__ = ["TEST_PASSWORD"]


@pytest.fixture(autouse=True)
def _signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run as a script would: the worker's password in RELIEF_DESKTOP_PASSWORD."""
    monkeypatch.setenv("RELIEF_DESKTOP_PASSWORD", TEST_PASSWORD)


@pytest.fixture
def store_without_passwords(tmp_path: Path) -> Iterator[Store]:
    """A store as an older version left it: set up, nobody has a password yet."""
    opened = Store.open(AppPaths.under(tmp_path))
    team.setup(opened, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    yield opened
    opened.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store set up for 双桥子 with 张三 (项目负责人) and 李四 (项目专员), whose password is
    TEST_PASSWORD."""
    opened = Store.open(AppPaths.under(tmp_path))
    team.setup(opened, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    accounts.set_all(opened, SYSTEM, TEST_PASSWORD)  # as `setup` does: both can sign in
    yield opened
    opened.close()
