"""Every QAction of the main window, built in one place with stable objectNames."""

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Actions:
    new_beneficiary: QAction
    switch_worker: QAction
    lock: QAction
    quit: QAction
    about: QAction
    selftest: QAction


def build_actions(window: QWidget) -> Actions:
    def make(
        name: str, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
    ) -> QAction:
        action = QAction(text, window)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    return Actions(
        new_beneficiary=make("new_beneficiary", window.tr("新建登记"), "Ctrl+N"),
        switch_worker=make("switch_worker", window.tr("切换当前人员…")),
        lock=make("lock", window.tr("锁屏"), "Ctrl+L"),
        quit=make("quit", window.tr("退出"), QKeySequence.StandardKey.Quit),
        about=make("about", window.tr("关于")),
        selftest=make("selftest", window.tr("自检")),
    )
