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
    # The current page's own commands (Qt conventions): a page offers them by having
    # new_item() / focus_search() / reload_page(); the window enables what the page has.
    new_item: QAction
    find: QAction
    refresh: QAction
    new_case: QAction
    open_case: QAction
    import_registry: QAction
    import_roll: QAction
    inspect: QAction
    first_steps: QAction
    shortcuts: QAction
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
        new_beneficiary=make("new_beneficiary", window.tr("新建登记…")),
        switch_worker=make("switch_worker", window.tr("切换当前人员…")),
        lock=make("lock", window.tr("锁屏"), "Ctrl+L"),
        quit=make("quit", window.tr("退出"), "Ctrl+Q"),
        about=make("about", window.tr("关于")),
        new_item=make("new_item", window.tr("新建"), "Ctrl+N"),
        find=make("find", window.tr("查找"), "Ctrl+F"),
        refresh=make("refresh", window.tr("刷新"), "F5"),
        new_case=make("new_case", window.tr("新建个案…")),
        open_case=make("open_case", window.tr("为选中的对象建档/打开个案")),
        import_registry=make("import_registry", window.tr("导入基础数据库…")),
        import_roll=make("import_roll", window.tr("导入在册名单…")),
        inspect=make("inspect", window.tr("为选中的对象核查登记…")),
        first_steps=make("first_steps", window.tr("上手步骤"), "F1"),
        shortcuts=make("shortcuts", window.tr("快捷键")),
        selftest=make("selftest", window.tr("自检")),
    )
