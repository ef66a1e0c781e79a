"""What the first window does not show is imported when it is first opened: the other pages, the
dialogs behind a menu. The first window then loads only the registry page, which keeps start-up
near the bare window (bench). Each use names its module here and imports the class under
TYPE_CHECKING, so mypy and lint-imports still see the real dependency; every other import of
relief_desktop's own code sits at the top of its module (docs/ARCHITECTURE.md)."""

import importlib
from typing import Any


def load(module: str, name: str) -> Any:
    """`module.name`, importing the module now if it is not loaded yet."""
    return getattr(importlib.import_module(module), name)
