"""登记: search, filter and page through the registry; open a person in the intake dialog."""

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.vocab import LABELS, STATUSES
from relief_desktop.services import imports, registry_query, team
from relief_desktop.services.registry_query import CHILDREN, RegistryQuery, RegistryRow
from relief_desktop.ui import import_undo, lazy
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.models.registry_table_model import (
    COLUMNS,
    NAME_COLUMN,
    UUID_ROLE,
    RegistryTableModel,
)
from relief_desktop.ui.widgets.empty_state import EmptyState

if TYPE_CHECKING:
    from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog

SEARCH_DELAY_MS = 150
HEADER_STATE_KEY = "registry/header"


class RegistryTableView(QTableView):
    """Enter opens the current person, like a double click."""

    opened = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class RegistryPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        store = context.store

        def load_page(query: RegistryQuery, offset: int, limit: int) -> list[RegistryRow]:
            return registry_query.page(store.reader(), query, offset, limit)

        def count(query: RegistryQuery) -> int:
            return registry_query.count(store.reader(), query)

        self.model = RegistryTableModel(load_page, count)

        self.new_button = QPushButton(self.tr("新建登记"), self)
        self.new_button.setObjectName("new_beneficiary_button")
        self.new_button.setToolTip(self.tr("登记一位新的关爱援助对象（Ctrl+N）"))
        self.case_button = QPushButton(self.tr("建档/打开个案"), self)
        self.case_button.setObjectName("open_case_button")
        self.case_button.setToolTip(self.tr("为选中的对象分类建档；已有在案个案的，打开其个案"))
        self.excel_button = QToolButton(self)
        self.excel_button.setObjectName("registry_excel_button")
        self.excel_button.setText(self.tr("Excel"))
        self.excel_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        excel_menu = QMenu(self.excel_button)
        self.import_action = excel_menu.addAction(self.tr("导入基础数据库…"))
        self.undo_import_action = excel_menu.addAction(self.tr("撤销本次导入…"))
        self.undo_import_action.setObjectName("registry_undo_import")
        _update_undo_action(self.undo_import_action, context)
        excel_menu.aboutToShow.connect(
            lambda: _update_undo_action(self.undo_import_action, self.context)
        )
        self.export_masked_action = excel_menu.addAction(self.tr("导出基础数据库（脱敏）…"))
        self.export_full_action = excel_menu.addAction(self.tr("导出基础数据库（完整）…"))
        self.excel_button.setMenu(excel_menu)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("registry_search")
        self.search_edit.setPlaceholderText(self.tr("姓名 / 拼音 / 身份证 / 电话"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(160)
        self.community_combo = QComboBox(self)
        self.label_combo = QComboBox(self)
        self.status_combo = QComboBox(self)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("registry_count")

        for combo in (self.community_combo, self.label_combo, self.status_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(4)
        self.label_combo.addItem(self.tr("全部标签"), None)
        for label in (*LABELS, CHILDREN):
            self.label_combo.addItem(label, label)
        self.status_combo.addItem(self.tr("全部状态"), None)
        for status in STATUSES:
            self.status_combo.addItem(status, status)
        self.reload_communities()

        self.table = RegistryTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 80, 50, 100, 160, 120, 100, 160, 70, 60, 100)):
            self.table.setColumnWidth(column, width)
        header.setSortIndicator(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self._sort_section = NAME_COLUMN
        self._sort_order = Qt.SortOrder.AscendingOrder
        header.sortIndicatorChanged.connect(self._on_sort_indicator_changed)
        header.setSectionsClickable(True)

        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.case_button)
        bar.addWidget(self.excel_button)
        bar.addSpacing(12)
        bar.addWidget(self.search_edit, 2)
        bar.addWidget(self.community_combo, 1)
        bar.addWidget(self.label_combo, 1)
        bar.addWidget(self.status_combo, 1)
        bar.addSpacing(12)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        self.table_view = EmptyState(self.table, self)
        self.table_view.set_hint(
            self.tr(
                "还没有登记任何人。第一步：点“新建登记”登记第一位关爱援助对象；"
                "已有 Excel 基础数据库的，可用“Excel → 导入基础数据库…”。"
            ),
            self.tr("新建登记…"),
            lambda: self.open_intake(None),
        )
        layout.addWidget(self.table_view, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        for combo in (self.community_combo, self.label_combo, self.status_combo):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.model.modelReset.connect(self._update_count)
        self._name_width: int | None = None
        self.model.modelReset.connect(self._fit_name_column)
        self.model.rowsInserted.connect(lambda *_args: self._fit_name_column())
        self.table.doubleClicked.connect(self._on_opened)
        self.table.opened.connect(self._on_opened)
        self.new_button.clicked.connect(lambda: self.open_intake(None))
        self.case_button.clicked.connect(self.open_case_of_current)
        self.case_button.setEnabled(False)
        self.table.selectionModel().currentChanged.connect(
            lambda current, _previous: self.case_button.setEnabled(current.isValid())
        )
        self.model.modelReset.connect(lambda: self.case_button.setEnabled(False))
        self.import_action.triggered.connect(lambda: _excel("import_registry")(self, self.context))
        self.undo_import_action.triggered.connect(
            lambda: _excel("undo_registry_import")(self, self.context)
        )
        self.export_masked_action.triggered.connect(
            lambda: _excel("export_registry")(self, self.context, masked=True)
        )
        self.export_full_action.triggered.connect(
            lambda: _excel("export_registry")(self, self.context, masked=False)
        )
        # 建档/打开个案 from the right-click menu (the bar has no room left at 720 px).
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        context.beneficiary_saved.connect(lambda _uuid: self.model.reload())
        context.communities_changed.connect(self.reload_communities)

        self.restore_state()
        self.model.reload()

    def reload_communities(self) -> None:
        current = self.community_combo.currentData()
        self.community_combo.blockSignals(True)
        self.community_combo.clear()
        self.community_combo.addItem(self.tr("全部社区"), None)
        for row in team.communities(self.context.store, include_inactive=True):
            name = row.name if row.active else self.tr("{0}（已停用）").format(row.name)
            self.community_combo.addItem(name, row.id)
        index = self.community_combo.findData(current)
        self.community_combo.setCurrentIndex(max(index, 0))
        self.community_combo.blockSignals(False)

    def current_query(self) -> RegistryQuery:
        return replace(
            self.model.query,
            text=self.search_edit.text(),
            community_id=self.community_combo.currentData(),
            label=self.label_combo.currentData(),
            status=self.status_combo.currentData(),
        )

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        query = self.current_query()
        if query != self.model.query:
            self.model.set_query(query)

    def _fit_name_column(self) -> None:
        """A search that finds people through a relative shows 姓名（家属：…）: wide enough."""
        rows = (self.model.row_at(r) for r in range(self.model.rowCount()))
        if any(row is not None and row.member_match for row in rows):
            if self._name_width is None:  # the width the user left it at, back after the search
                self._name_width = self.table.columnWidth(NAME_COLUMN)
            wanted = max(self._name_width, self.table.sizeHintForColumn(NAME_COLUMN))
            self.table.setColumnWidth(NAME_COLUMN, wanted)
        elif self._name_width is not None:
            self.table.setColumnWidth(NAME_COLUMN, self._name_width)
            self._name_width = None

    def _update_count(self) -> None:
        self.count_label.setText(self.tr("共 {0} 人").format(f"{self.model.total:,}"))
        nobody = self.model.total == 0 and self.model.query == RegistryQuery(
            sort=self.model.query.sort, descending=self.model.query.descending
        )
        self.table_view.show_empty(nobody)

    # Commands of the main window's menu and shortcuts (Ctrl+N, Ctrl+F, F5).
    def new_item(self) -> "BeneficiaryDialog":
        return self.open_intake(None)

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def reload_page(self) -> None:
        self.reload_communities()
        self.model.reload()

    def _on_sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if COLUMNS[section][2] is None:
            # 救助标签 cannot be sorted: put the indicator back where the order really is.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self._sort_section, self._sort_order)
            header.blockSignals(False)
            return
        self._sort_section, self._sort_order = section, order
        self.model.sort(section, order)

    def _on_opened(self, index: QModelIndex) -> None:
        uuid = index.siblingAtColumn(0).data(UUID_ROLE)
        if isinstance(uuid, str):
            self.open_intake(uuid)

    def open_intake(self, uuid: str | None) -> "BeneficiaryDialog":
        """Open the intake dialog for a new person (None) or to edit one."""
        # The dialog module pulls in the write path; import it when first needed.

        # The intake and case forms load when first opened (ui/lazy.py), not with the window.
        dialog: BeneficiaryDialog = lazy.load(
            "relief_desktop.ui.dialogs.intake", "open_beneficiary_dialog"
        )(self.context, uuid, self)
        return dialog

    def context_actions(self) -> list[QAction]:
        edit = QAction(self.tr("打开登记信息"), self)
        edit.triggered.connect(lambda: self._on_opened(self.table.currentIndex()))
        case = QAction(self.tr("建档/打开个案"), self)
        case.setObjectName("open_case_action")
        case.triggered.connect(self.open_case_of_current)
        return [edit, case]

    def _on_context_menu(self, point: QPoint) -> None:
        if not self.table.indexAt(point).isValid():
            return
        menu = QMenu(self)
        menu.addActions(self.context_actions())
        menu.exec(self.table.viewport().mapToGlobal(point))

    def open_case_of_current(self) -> QDialog | None:
        """建档/打开个案 for the selected person (the casework dialogs load when first needed)."""

        uuid = self.table.currentIndex().siblingAtColumn(0).data(UUID_ROLE)
        if not isinstance(uuid, str):
            return None
        opened = lazy.load("relief_desktop.ui.dialogs.open_case", "open_case_for_person")
        return opened(self.context, uuid, self)  # type: ignore[no-any-return]

    def save_state(self) -> None:
        self.context.settings.setValue(HEADER_STATE_KEY, self.table.horizontalHeader().saveState())

    def restore_state(self) -> None:
        state = self.context.settings.value(HEADER_STATE_KEY)
        if isinstance(state, QByteArray):
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.restoreState(state)
            # Sorting always starts by name: the saved indicator would not match the query.
            header.setSortIndicator(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)


def _excel(name: str) -> Any:
    """ui.registry_excel.<name>: the Excel import and export load when first used (ui/lazy.py)."""
    return lazy.load("relief_desktop.ui.registry_excel", name)


def _update_undo_action(action: QAction, context: AppContext) -> None:
    """Enable 撤销本次导入 only while the registry has an import to undo."""
    offered = imports.undoable(context.store, "registry", "registry")
    action.setEnabled(offered is not None)
    action.setToolTip(import_undo.tooltip(offered))
