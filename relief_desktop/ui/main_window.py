"""The main window: navigation on the left, the pages in a stack, worker and street below."""

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from relief_desktop.services import accounts
from relief_desktop.ui import lazy, session
from relief_desktop.ui.actions import build_actions
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.menus import build_menus, update_page_actions
from relief_desktop.ui.pages import PageSpec, pages_for
from relief_desktop.ui.pages.registry_page import RegistryPage
from relief_desktop.ui.widgets.form_frame import fit_to_screen
from relief_desktop.ui.widgets.lock_screen import IdleWatcher, LockScreen, lock_minutes

GEOMETRY_KEY = "main/geometry"
STATE_KEY = "main/state"
PAGE_KEY = "main/page"

if TYPE_CHECKING:
    from relief_desktop.ui.dialogs.selftest_dialog import SelftestDialog


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, page_specs: list[PageSpec] | None = None) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("main_window")
        self.setWindowTitle(self.tr("成华区街道社会关爱援助中心 · {0}").format(context.place))
        self.app_actions = build_actions(self)

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(112)
        self.navigation.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.navigation.setStyleSheet(
            "QListWidget#navigation { background: #f3f5f7; border: none; font-size: 15px;"
            " outline: 0; show-decoration-selected: 1; }"
            "QListWidget#navigation::item { padding: 12px 18px; border: none; }"
            "QListWidget#navigation::item:selected { background: #1f6feb; color: white; }"
            "QListWidget#navigation::item:hover:!selected { background: #e3e8ee; }"
        )
        # Pages are built the first time they are shown, so start-up costs one page, not seven;
        # each sits in a scroll area so a wide page never forces the window wider than the screen.
        self.stack = QStackedWidget()
        self.page_keys: list[str] = []
        self.pages: dict[str, QWidget] = {}
        self._specs: dict[str, PageSpec] = {}
        for spec in page_specs if page_specs is not None else pages_for(context):
            holder = QScrollArea()
            holder.setObjectName(f"holder_{spec.key}")
            holder.setWidgetResizable(True)
            holder.setFrameShape(QFrame.Shape.NoFrame)
            self._specs[spec.key] = spec
            self.page_keys.append(spec.key)
            self.stack.addWidget(holder)
            QListWidgetItem(spec.title, self.navigation)
        self.navigation.currentRowChanged.connect(self._on_page_chosen)

        work = QWidget()
        layout = QHBoxLayout(work)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        # The work area and the lock screen take turns: locked, no page stays on screen.
        self.lock_screen = LockScreen(context)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.switch_requested.connect(self._on_switch_while_locked)
        self.screens = QStackedWidget()
        self.screens.addWidget(work)
        self.screens.addWidget(self.lock_screen)
        self.setCentralWidget(self.screens)
        self._hidden_windows: list[QWidget] = []
        self.idle_watcher = IdleWatcher(lambda: lock_minutes(context), self)
        self.idle_watcher.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle_watcher)

        self.status_label = QLabel()
        self.status_label.setObjectName("status_worker")
        self.statusBar().addPermanentWidget(self.status_label)
        self._build_menus()
        context.worker_changed.connect(self._show_status)
        context.worker_switch_requested.connect(self._on_switch_worker)
        self._show_status()
        fit_to_screen(self, 1280, 780)
        self.restore_state()
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)
        self._on_page_chosen(self.navigation.currentRow())
        update_page_actions(self)

    def _build_menus(self) -> None:
        build_menus(self)

    def show_page(self, key: str) -> QWidget:
        self.navigation.setCurrentRow(self.page_keys.index(key))
        return self.page(key)

    def page(self, key: str) -> QWidget:
        """The page of `key`, built on first use."""
        if key not in self.pages:
            widget = self._specs[key].factory(self.context)
            widget.setObjectName(f"page_{key}")
            holder = self.stack.widget(self.page_keys.index(key))
            assert isinstance(holder, QScrollArea)
            holder.setWidget(widget)
            self.pages[key] = widget
        return self.pages[key]

    def current_page(self) -> QWidget:
        return self.page(self.page_keys[max(0, self.stack.currentIndex())])

    def _on_page_chosen(self, row: int) -> None:
        if 0 <= row < len(self.page_keys):
            self.page(self.page_keys[row])
            self.stack.setCurrentIndex(row)

    def _show_status(self) -> None:
        worker = self.context.worker
        self.status_label.setText(
            self.tr("当前人员：{0}（{1}）　|　{2}").format(
                worker.name, worker.role, self.context.place
            )
        )

    def _on_new_beneficiary(self) -> None:
        page = self.show_page("registry")
        if isinstance(page, RegistryPage):
            page.open_intake(None)

    def _on_switch_worker(self) -> None:
        chosen = session.sign_in(self.context.store, self.context.worker.uuid, self)
        if chosen is not None:
            self.context.set_worker(chosen)

    @property
    def locked(self) -> bool:
        return self.screens.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide every page and every other window until the password is typed again."""
        if self.locked or not self._has_password():
            return  # a member with no password yet could never unlock it
        app = QApplication.instance()
        others = QApplication.topLevelWidgets() if isinstance(app, QApplication) else []
        self._hidden_windows = [w for w in others if w is not self and w.isVisible()]
        for window in self._hidden_windows:
            window.hide()
        self.menuBar().setEnabled(False)
        self.status_label.hide()
        self.lock_screen.prepare()
        self.screens.setCurrentWidget(self.lock_screen)

    def _on_switch_while_locked(self) -> None:
        """Another member signs in with their own password; the window opens as them."""

        chosen = session.sign_in(self.context.store, None, self)
        if chosen is not None:
            self.context.set_worker(chosen)
            self.unlock()

    def _has_password(self) -> bool:
        return any(
            a.member.uuid == self.context.worker.uuid and a.has_password
            for a in accounts.accounts(self.context.store)
        )

    def unlock(self) -> None:
        self.screens.setCurrentIndex(0)
        self.menuBar().setEnabled(True)
        self.status_label.show()
        for window in self._hidden_windows:
            window.show()
        self._hidden_windows = []
        self.idle_watcher.last_input = time.monotonic()

    def _on_about(self) -> None:
        about = lazy.load("relief_desktop.ui.dialogs.about_dialog", "AboutDialog")
        about(self.context.store.paths.data_dir, self).exec()

    def _on_selftest(self) -> None:
        dialog: SelftestDialog = lazy.load(
            "relief_desktop.ui.dialogs.selftest_dialog", "SelftestDialog"
        )(self)
        dialog.start()
        dialog.exec()

    def restore_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        key = settings.value(PAGE_KEY)
        row = self.page_keys.index(key) if key in self.page_keys else 0
        self.navigation.setCurrentRow(row)

    def save_state(self) -> None:
        settings = self.context.settings
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(STATE_KEY, self.saveState())
        settings.setValue(PAGE_KEY, self.page_keys[self.navigation.currentRow()])
        for page in self.pages.values():
            save = getattr(page, "save_state", None)
            if callable(save):
                save()
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
