"""Shared fixtures. Qt runs offscreen: set before anything imports Qt."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A store set up for 双桥子 with 张三 (项目负责人) and 李四 (项目专员)."""
    opened = Store.open(AppPaths.under(tmp_path))
    team.setup(opened, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    yield opened
    opened.close()
