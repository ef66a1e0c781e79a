"""The Qt binding must keep Python's reference counts right.

PySide6 6.12.0 drops one reference to None on every call that returns nothing (setItem,
addItem, setData …). On Python 3.11 None is not immortal: after enough such calls — a few
refreshes of a long table — None is freed and the app dies ("deallocating None"). pyproject
excludes that release; this test fails if a binding with the same fault comes back.
"""

import gc
import sys

from PySide6.QtWidgets import QComboBox, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot


def none_references() -> int:
    gc.collect()
    return sys.getrefcount(None)


def test_calls_returning_nothing_leave_none_alone(qtbot: QtBot) -> None:
    table = QTableWidget(300, 2)
    combo = QComboBox()
    qtbot.addWidget(table)
    qtbot.addWidget(combo)
    before = none_references()
    for row in range(300):
        table.setItem(row, 0, QTableWidgetItem("张三"))
        combo.addItem("社区", None)
    # Each call may legitimately keep a reference or two; losing hundreds is the bug.
    assert none_references() - before > -50
