"""The main window's menu bar: every main action findable without a manual, with Qt's usual
shortcuts. Ctrl+N, Ctrl+F and F5 act on the page shown: a page offers them by having
new_item() / focus_search() / reload_page(), and the menu enables what the page has."""

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from relief_desktop.ui import lazy, prompts

if TYPE_CHECKING:
    from relief_desktop.ui.main_window import MainWindow

# Which page method each page command calls, and what Ctrl+N makes on each page.
PAGE_METHODS = {"new_item": "new_item", "find": "focus_search", "refresh": "reload_page"}
NEW_TEXT = {
    "registry": "新建登记…",
    "cases": "新建个案…",
    "inspections": "核查登记…",
    "ledgers": "新增台账记录…",
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("menus", text)


FIRST_STEPS = (
    "第一次使用，按这个顺序：\n\n"
    "1. 登记：点“新建登记”（Ctrl+N）登记一位关爱援助对象，或从 Excel 导入基础数据库。\n"
    "2. 个案：在“个案”页点“新建个案…”，选中这位对象分类建档"
    "（也可在对象的登记窗口点“新建个案…”）。\n"
    "3. 需求评估：在个案窗口的“需求评估”页点“新增需求评估”。\n"
    "4. 援助方案：在“援助方案”页点“制定 / 修改方案”。\n"
    "5. 服务记录：在“服务记录”页点“新增服务记录”；当天的多条服务也可在“个案 → 按日录入服务”录入。\n"
    "6. 核查：在“核查”页导入民政局下发的在册名单，再逐户核查登记。\n"
    "7. 台账与报送：日常台账在“台账”页；每月 5 日前在“报送”页生成资料包。"
)

SHORTCUTS = (
    "Ctrl+N　在当前页新建（登记 / 个案 / 核查登记 / 台账记录）\n"
    "Ctrl+F　跳到当前页的搜索框\n"
    "F5　刷新当前页\n"
    "Ctrl+1 … Ctrl+7　转到 登记 / 个案 / 核查 / 台账 / 报送 / 统计 / 设置\n"
    "Ctrl+S　在填写窗口中保存\n"
    "Esc　关闭填写窗口（不保存）\n"
    "Enter　在登记列表中打开选中的人\n"
    "Ctrl+L　锁屏\n"
    "Ctrl+Q　退出\n"
    "F1　上手步骤"
)


def build_menus(window: "MainWindow") -> None:
    actions = window.app_actions
    bar = window.menuBar()

    file_menu = bar.addMenu(_tr("文件(&F)"))
    file_menu.addActions([actions.new_item, actions.find, actions.refresh])
    file_menu.addSeparator()
    file_menu.addActions([actions.switch_worker, actions.lock])
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    go_menu = bar.addMenu(_tr("转到(&G)"))
    for number, key in enumerate(window.page_keys, start=1):
        title = window.navigation.item(number - 1).text()
        go = QAction(title, window)
        go.setObjectName(f"go_{key}")
        go.setShortcut(QKeySequence(f"Ctrl+{number}"))
        go.triggered.connect(lambda _checked=False, k=key: window.show_page(k))
        go_menu.addAction(go)

    if "registry" in window.page_keys:  # a street center's menus; the district has none of them
        registry_menu = bar.addMenu(_tr("登记(&R)"))
        registry_menu.addActions(
            [actions.new_beneficiary, actions.open_case, actions.import_registry]
        )
        case_menu = bar.addMenu(_tr("个案(&C)"))
        case_menu.addAction(actions.new_case)
        inspection_menu = bar.addMenu(_tr("核查(&I)"))
        inspection_menu.addActions([actions.import_roll, actions.inspect])
    help_menu = bar.addMenu(_tr("帮助(&H)"))
    help_menu.addActions([actions.first_steps, actions.shortcuts, actions.selftest, actions.about])

    actions.new_beneficiary.triggered.connect(window._on_new_beneficiary)
    actions.switch_worker.triggered.connect(window._on_switch_worker)
    actions.lock.triggered.connect(window.lock)
    actions.quit.triggered.connect(window.close)
    actions.about.triggered.connect(window._on_about)
    actions.selftest.triggered.connect(window._on_selftest)
    for name, method in PAGE_METHODS.items():
        action: QAction = getattr(actions, name)
        action.triggered.connect(lambda _checked=False, m=method: _call(window.current_page(), m))
    actions.new_case.triggered.connect(lambda: _call(window.show_page("cases"), "new_case"))
    actions.open_case.triggered.connect(lambda: _open_case_of_selected(window))
    actions.import_registry.triggered.connect(lambda: _import_registry(window))
    actions.import_roll.triggered.connect(
        lambda: _call(window.show_page("inspections"), "open_import")
    )
    actions.inspect.triggered.connect(
        lambda: _call(window.show_page("inspections"), "_open_for_selection")
    )
    actions.first_steps.triggered.connect(
        lambda: prompts.inform(window, _tr("上手步骤"), _tr(FIRST_STEPS))
    )
    actions.shortcuts.triggered.connect(
        lambda: prompts.inform(window, _tr("快捷键"), _tr(SHORTCUTS))
    )
    window.stack.currentChanged.connect(lambda _index: update_page_actions(window))
    window.context.page_requested.connect(window.show_page)


def update_page_actions(window: "MainWindow") -> None:
    """Enable Ctrl+N / Ctrl+F / F5 where the page shown has them; name what Ctrl+N makes."""
    index = window.stack.currentIndex()
    if not 0 <= index < len(window.page_keys):
        return
    key = window.page_keys[index]
    page = window.pages.get(key)
    actions = window.app_actions
    for name, method in PAGE_METHODS.items():
        action: QAction = getattr(actions, name)
        action.setEnabled(page is not None and callable(getattr(page, method, None)))
    actions.new_item.setText(_tr(NEW_TEXT.get(key, "新建")))


def _call(page: QWidget, method: str) -> object:
    found = getattr(page, method, None)
    return found() if callable(found) else None


def _open_case_of_selected(window: "MainWindow") -> None:
    page = window.show_page("registry")
    if _call(page, "open_case_of_current") is None:
        prompts.inform(
            window,
            _tr("建档/打开个案"),
            _tr("请先在登记列表中选中一位对象，再点“建档/打开个案”。"),
        )


def _import_registry(window: "MainWindow") -> None:
    # The import path (openpyxl readers, preview) loads when first used (ui/lazy.py).
    load = lazy.load("relief_desktop.ui.registry_excel", "import_registry")
    load(window.show_page("registry"), window.context)
