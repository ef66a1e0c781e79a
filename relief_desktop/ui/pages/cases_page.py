"""个案: what is due (今天 / 本周 / 已逾期) on top, the case list and the day's service records."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services import registry_query
from relief_desktop.services.casework import cases, service_records
from relief_desktop.services.registry_query import RegistryQuery
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_dialog import CaseDialog, open_case_window
from relief_desktop.ui.dialogs.open_case import open_case_for_person
from relief_desktop.ui.dialogs.person_picker import PersonPickerDialog
from relief_desktop.ui.widgets.case_task_list import CaseTaskList
from relief_desktop.ui.widgets.empty_state import EmptyState
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from relief_desktop.ui.widgets.tables import fit_columns, read_only_table

UUID_ROLE = Qt.ItemDataRole.UserRole
CASE_COLUMNS = ("个案编号", "姓名", "类别", "优先级", "评估等级", "重点个案", "开案日期", "状态")
DAY_COLUMNS = ("个案编号", "姓名", "方式", "内容", "时长(分)", "社工", "下一步")


class CasesPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.store = context.store
        self.tasks = CaseTaskList(self.store, self)
        self.tasks.case_opened.connect(self.open_case)

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("姓名 / 个案编号 / 档案号"))
        self.search_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox(self)
        self.status_combo.addItem(self.tr("在案"), "在案")
        self.status_combo.addItem(self.tr("已结案"), "结案")
        self.status_combo.addItem(self.tr("全部"), None)
        self.count_label = QLabel(self)
        self.table = self._table(CASE_COLUMNS)
        self.table.itemActivated.connect(self._on_case_activated)
        self.new_button = QPushButton(self.tr("新建个案…"), self)
        self.new_button.setObjectName("new_case_button")
        self.new_button.setToolTip(self.tr("为一位已登记的对象分类建档（Ctrl+N）"))
        self.new_button.clicked.connect(self.new_case)
        self.case_form: QDialog | None = None  # the 分类建档 form the last 新建个案 led to
        self.cases_view = EmptyState(self.table, self)
        cases_tab = QWidget(self)
        bar = QHBoxLayout()
        bar.addWidget(self.new_button)
        bar.addWidget(self.search_edit, 2)
        bar.addWidget(self.status_combo)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        tab_layout = QVBoxLayout(cases_tab)
        tab_layout.addLayout(bar)
        tab_layout.addWidget(self.cases_view, 1)

        self.day_edit = OptionalDateEdit(date.today(), self)
        self.day_case_combo = QComboBox(self)
        self.day_case_combo.setMinimumWidth(120)
        self.day_case_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.day_case_combo.setMinimumContentsLength(10)
        self.day_add_button = QPushButton(self.tr("为所选个案新增服务记录"), self)
        self.day_table = self._table(DAY_COLUMNS)
        self.day_table.itemActivated.connect(self._on_case_activated)
        day_tab = QWidget(self)
        day_bar = QHBoxLayout()
        day_bar.addWidget(QLabel(self.tr("日期")))
        day_bar.addWidget(self.day_edit)
        day_bar.addSpacing(16)
        day_bar.addWidget(self.day_case_combo, 1)
        day_bar.addWidget(self.day_add_button)
        day_layout = QVBoxLayout(day_tab)
        day_layout.addLayout(day_bar)
        day_layout.addWidget(self.day_table, 1)

        self.tabs = QTabWidget(self)
        self.tabs.addTab(cases_tab, self.tr("个案列表"))
        self.tabs.addTab(day_tab, self.tr("按日录入服务"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.tasks)
        splitter.addWidget(self.tabs)
        splitter.setSizes([260, 460])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.search_edit.textChanged.connect(lambda _text: self.reload_cases())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload_cases())
        self.day_edit.changed.connect(self.reload_day)
        self.day_add_button.clicked.connect(self._on_day_add)
        context.beneficiary_saved.connect(lambda _uuid: self.reload())
        self.reload()

    def _table(self, columns: tuple[str, ...]) -> QTableWidget:
        return read_only_table([self.tr(c) for c in columns], self)

    def reload(self) -> None:
        self.tasks.reload()
        self.reload_cases()
        self.reload_day()

    def reload_cases(self) -> None:
        found = cases.list_cases(
            self.store, self.status_combo.currentData(), self.search_edit.text()
        )
        self.table.setRowCount(len(found))
        for row, case in enumerate(found):
            key = "是" if case.key_case else ""
            level = case.level or "未评估"
            values = (case.case_no, case.name, case.category, case.priority, level, key,
                      case.opened_on.isoformat(), case.status)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(UUID_ROLE, case.uuid)
                self.table.setItem(row, column, item)
        self.count_label.setText(self.tr("共 {0} 个个案").format(len(found)))
        fit_columns(self.table)
        self._show_empty_state(bool(found))
        current = self.day_case_combo.currentData()
        self.day_case_combo.clear()
        for case in cases.list_cases(self.store, "在案"):
            self.day_case_combo.addItem(f"{case.case_no} {case.name}", case.uuid)
        self.day_case_combo.setCurrentIndex(max(self.day_case_combo.findData(current), 0))

    def reload_day(self) -> None:
        day = self.day_edit.value() or date.today()
        found = service_records.for_day(self.store, day)
        self.day_table.setRowCount(len(found))
        for row, record in enumerate(found):
            values = (record.case_no, record.name, record.mode, record.content,
                      str(record.minutes), record.worker_names, record.next_step)  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(UUID_ROLE, record.case_uuid)
                self.day_table.setItem(row, column, item)
        fit_columns(self.day_table)

    def _show_empty_state(self, listed: bool) -> None:
        """No case at all yet: say where a case comes from, with the button for the next step."""
        if listed or self.search_edit.text() or cases.list_cases(self.store, None):
            self.cases_view.show_empty(False)
            return
        if registry_query.count(self.store.reader(), RegistryQuery()) == 0:
            self.cases_view.set_hint(
                self.tr("还没有个案。个案从已登记的对象开始：先到“登记”页登记第一位关爱援助对象。"),
                self.tr("去登记…"),
                lambda: self.context.page_requested.emit("registry"),
            )
        else:
            self.cases_view.set_hint(
                self.tr(
                    "还没有个案。第一步：点“新建个案”，选择一位已登记的对象分类建档；"
                    "之后在个案里做需求评估、制定援助方案、记录服务。"
                ),
                self.tr("新建个案…"),
                self.new_case,
            )
        self.cases_view.show_empty(True)

    def new_case(self) -> QDialog:
        """Pick a registered person, then 分类建档 (or their open case, if they have one)."""

        picker = PersonPickerDialog(self.context, self)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def picked() -> None:
            if picker.picked is not None:
                self.case_form = open_case_for_person(self.context, picker.picked, self)

        picker.accepted.connect(picked)
        picker.setModal(True)
        picker.show()
        return picker

    # Commands of the main window's menu and shortcuts (Ctrl+N, Ctrl+F, F5).
    def new_item(self) -> QDialog:
        self.tabs.setCurrentIndex(0)
        return self.new_case()

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def reload_page(self) -> None:
        self.reload()

    def _on_case_activated(self, item: QTableWidgetItem) -> None:
        uuid = item.data(UUID_ROLE)
        if isinstance(uuid, str):
            self.open_case(uuid)

    def open_case(self, case_uuid: str) -> CaseDialog:
        dialog = open_case_window(self.context, case_uuid, self)
        dialog.case_changed.connect(lambda _uuid: self.reload())
        return dialog

    def _on_day_add(self) -> None:
        uuid = self.day_case_combo.currentData()
        if not isinstance(uuid, str):
            return
        dialog = self.open_case(uuid)
        dialog.tabs.setCurrentIndex(2)
        form = dialog.open_service(copy=True)
        form.served.edit.setText(self.day_edit.text() or date.today().isoformat())  # as typed
