"""核查: the quarter's work list per category with progress against the target (quarter and
contract year), the feedback list for the bureau, roll import and the quarterly report."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import (
    CATEGORIES,
    FEEDBACK_STATUSES,
    Quarter,
    format_rate,
    quarters_in,
    unit_word,
)
from relief_desktop.services import team
from relief_desktop.services.inspection import feedback, roll_undo, worklist
from relief_desktop.services.inspection.common import contract_year_of
from relief_desktop.services.inspection.coverage import quarter_summary
from relief_desktop.services.inspection.report import write_quarter_report
from relief_desktop.services.inspection.rolls import ImportResult
from relief_desktop.services.inspection.worklist import WorkList
from relief_desktop.ui import import_undo
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.inspection_dialog import InspectionDialog
from relief_desktop.ui.dialogs.roll_import_dialog import RollImportDialog
from relief_desktop.ui.models.inspection_models import ID_ROLE, FeedbackModel, WorkListModel
from relief_desktop.ui.widgets.empty_state import EmptyState
from relief_desktop.ui.widgets.tables import fit_columns


def choose_export_folder(parent: QWidget | None) -> Path | None:
    """The folder picker (tests monkeypatch this)."""
    name = QFileDialog.getExistingDirectory(parent, "选择季度报送的保存位置")
    return Path(name) if name else None


class InspectionsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.work: WorkList | None = None

        self.category_combo = QComboBox(self)
        self.category_combo.setObjectName("inspection_category")
        for name in CATEGORIES.values():
            self.category_combo.addItem(name, name)
        self.quarter_combo = QComboBox(self)
        self.quarter_combo.setObjectName("inspection_quarter")
        self.community_combo = QComboBox(self)
        self.remaining_check = QCheckBox(self.tr("只看未核查"), self)
        self.remaining_check.setObjectName("remaining_only")
        self.import_button = QPushButton(self.tr("导入名单…"), self)
        self.import_button.setObjectName("import_roll_button")
        self.undo_import_button = QPushButton(self.tr(import_undo.BUTTON_TEXT), self)
        self.undo_import_button.setObjectName("undo_roll_import_button")
        self.inspect_button = QPushButton(self.tr("核查登记…"), self)
        self.inspect_button.setObjectName("inspect_button")
        self.inspect_button.setToolTip(self.tr("为选中的对象登记一次核查（也可双击）"))
        self.export_button = QPushButton(self.tr("导出季度报送…"), self)
        self.export_button.setObjectName("export_quarter_button")

        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("inspection_progress")
        self.progress_label.setWordWrap(True)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.setMaximumHeight(10)
        self.overview_label = QLabel(self)
        self.overview_label.setObjectName("inspection_overview")
        self.overview_label.setStyleSheet("color: #555;")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("inspection_message")
        self.message_label.setWordWrap(True)

        self.model = WorkListModel()
        self.table = QTableView(self)
        self.table.setObjectName("work_list")
        self.table.setModel(self.model)
        self._setup_table(self.table, self.model.widths())
        self.table.doubleClicked.connect(self._on_row_opened)

        self.feedback_model = FeedbackModel()
        self.feedback_table = QTableView(self)
        self.feedback_table.setObjectName("feedback_list")
        self.feedback_table.setModel(self.feedback_model)
        self._setup_table(self.feedback_table, (90, 120, 90, 70, 320, 70, 90, 160))
        self.feedback_filter = QComboBox(self)
        self.feedback_filter.addItem(self.tr("全部状态"), None)
        for status in FEEDBACK_STATUSES:
            self.feedback_filter.addItem(status, status)
        self.status_buttons: dict[str, QPushButton] = {}
        feedback_bar = QHBoxLayout()
        feedback_bar.addWidget(self.feedback_filter)
        feedback_bar.addStretch(1)
        for status in FEEDBACK_STATUSES[1:]:
            button = QPushButton(self.tr("标记为{0}").format(status), self)
            button.clicked.connect(lambda _c=False, s=status: self._set_feedback_status(s))
            self.status_buttons[status] = button
            feedback_bar.addWidget(button)
        feedback_page = QWidget(self)
        feedback_layout = QVBoxLayout(feedback_page)
        feedback_layout.setContentsMargins(0, 0, 0, 0)
        feedback_layout.addLayout(feedback_bar)
        feedback_layout.addWidget(self.feedback_table, 1)
        self.tabs = QTabWidget(self)
        self.work_view = EmptyState(self.table, self)
        self.work_view.set_hint("", self.tr("导入名单…"), self.open_import)
        self.tabs.addTab(self.work_view, self.tr("本季度工作清单"))
        self.tabs.addTab(feedback_page, self.tr("问题反馈（主动发现）"))

        bar = QHBoxLayout()
        bar.addWidget(self.category_combo)
        bar.addWidget(self.quarter_combo)
        bar.addWidget(self.community_combo)
        bar.addWidget(self.remaining_check)
        bar.addStretch(1)
        bar.addWidget(self.inspect_button)
        bar.addWidget(self.import_button)
        bar.addWidget(self.undo_import_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.overview_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.tabs, 1)

        self.reload_quarters()
        self.reload_communities()
        for combo in (self.category_combo, self.quarter_combo, self.community_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.remaining_check.toggled.connect(lambda _on: self.reload())
        self.feedback_filter.currentIndexChanged.connect(lambda _i: self.reload_feedback())
        self.import_button.clicked.connect(lambda: self.open_import())
        self.undo_import_button.clicked.connect(lambda: self.undo_import())
        self.inspect_button.clicked.connect(self._on_inspect_clicked)
        self.export_button.clicked.connect(self.export_quarter)
        context.communities_changed.connect(self.reload_communities)
        self.reload()

    def _setup_table(self, table: QTableView, widths: tuple[int, ...]) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(26)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)

    def today(self) -> date:
        return date.today()

    def reload_quarters(self) -> None:
        today = self.today()
        year = contract_year_of(self.context.store, today)
        # This contract year's quarters so far, then the previous year's, newest first.
        earlier = contract_year_of(
            self.context.store, year.start.fromordinal(year.start.toordinal() - 1)
        )
        quarters = sorted(set(quarters_in(earlier)) | set(quarters_in(year)))
        current = Quarter.of(today)
        self.quarter_combo.blockSignals(True)
        self.quarter_combo.clear()
        for quarter in reversed([q for q in quarters if q <= current] or [current]):
            self.quarter_combo.addItem(quarter.label, quarter.code)
        self.quarter_combo.blockSignals(False)

    def reload_communities(self) -> None:
        current = self.community_combo.currentData()
        self.community_combo.blockSignals(True)
        self.community_combo.clear()
        self.community_combo.addItem(self.tr("全部社区"), None)
        for row in team.communities(self.context.store):
            self.community_combo.addItem(row.name, row.id)
        self.community_combo.setCurrentIndex(max(0, self.community_combo.findData(current)))
        self.community_combo.blockSignals(False)

    @property
    def category(self) -> str:
        return str(self.category_combo.currentData())

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(str(self.quarter_combo.currentData()))

    def reload(self) -> None:
        work = worklist.work_list(
            self.context.store,
            self.category,
            self.quarter,
            community_id=self.community_combo.currentData(),
            remaining_only=self.remaining_check.isChecked(),
        )
        self.work = work
        if self.model.category != self.category:
            self.model.set_category(self.category)
            for column, width in enumerate(self.model.widths()):
                self.table.setColumnWidth(column, width)
        self.model.set_rows(work.items)
        if work.items:
            fit_columns(self.table, 260)
        self._show_progress(work)
        # No roll of this category yet: the list can only fill from the bureau's file.
        no_roll = not work.items and work.coverage.in_quarter.denominator == 0
        if no_roll and self.community_combo.currentData() is None:
            self.work_view.hint.setText(
                self.tr(
                    "还没有{0}在册名单。第一步：点“导入名单…”导入民政局下发的{0}名单"
                    "（Excel 或 CSV），本季度的核查清单会按名单生成。"
                ).format(self.category)
            )
        self.work_view.show_empty(no_roll and self.community_combo.currentData() is None)
        self.reload_feedback()
        self._update_undo()

    def _show_progress(self, work: WorkList) -> None:
        q, y = work.coverage.in_quarter, work.coverage.in_year
        unit = unit_word(self.category)
        left = len(work.remaining) if not self.remaining_check.isChecked() else len(work.items)
        state = (
            self.tr("已达标")
            if q.met
            else self.tr("达到目标还需核查 {0} {1}").format(q.remaining_to_target, unit)
        )
        filtered = self.community_combo.currentData() is not None
        self.progress_label.setText(
            self.tr(
                "<b>{0} · {1}</b>：本季度已核查 <b>{2}</b> / {3} {4}（{5}），目标 {6:.0%}，{7}。"
                "合同年（{8} 至 {9}）：{10} / {11}（{12}）。{13}"
            ).format(
                self.category,
                self.quarter.label,
                q.numerator,
                q.denominator,
                unit,
                format_rate(q.rate),
                q.target,
                state,
                y.period.start,
                y.period.end,
                y.numerator,
                y.denominator,
                format_rate(y.rate),
                self.tr("本社区列表中尚有 {0} 条待核查。").format(left)
                if filtered
                else self.tr("清单中尚有 {0} 条待核查。").format(left),
            )
        )
        self.progress_bar.setValue(int(min(1.0, (q.rate or 0.0) / (q.target or 1.0)) * 1000))
        overview = [
            f"{s.category} {s.in_quarter.numerator}/{s.in_quarter.denominator}"
            f"（{format_rate(s.in_quarter.rate)}）"
            for s in quarter_summary(self.context.store, self.quarter)
        ]
        self.overview_label.setText(self.tr("本季度各类：") + "　".join(overview))

    def reload_feedback(self) -> None:
        self.feedback_model.set_rows(
            feedback.items(self.context.store, status=self.feedback_filter.currentData())
        )

    def _set_feedback_status(self, status: str) -> None:
        index = self.feedback_table.currentIndex()
        item_id = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        if item_id is None:
            self.message_label.setText(self.tr("请先在问题反馈清单中选中一条。"))
            return
        feedback.set_status(self.context.store, self.context.worker.actor, int(item_id), status)
        self.reload_feedback()

    def selected_entry(self) -> int | None:
        index = self.table.currentIndex()
        value = index.siblingAtColumn(0).data(ID_ROLE) if index.isValid() else None
        return int(value) if value is not None else None

    def _on_row_opened(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(ID_ROLE)
        if value is not None:
            self.open_inspection(int(value))

    def _on_inspect_clicked(self) -> None:
        self._open_for_selection()

    def _open_for_selection(self) -> QWidget | None:
        entry = self.selected_entry()
        if entry is None:
            self.message_label.setText(self.tr("请先在工作清单中选中要核查的对象。"))
            return None
        return self.open_inspection(entry)

    def open_inspection(self, entry_id: int) -> QWidget:
        dialog = InspectionDialog(self.context, entry_id, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.inspection_saved.connect(lambda _id: self.reload())
        dialog.open()
        return dialog

    # Commands of the main window's menu and shortcuts (Ctrl+N, F5).
    def new_item(self) -> QWidget | None:
        """核查登记 for the selected entry; with no roll yet, the roll import."""
        if self.work_view.is_empty_shown:
            return self.open_import()
        return self._open_for_selection()

    def reload_page(self) -> None:
        self.reload()

    def open_import(self) -> QWidget:
        dialog = RollImportDialog(self.context, self.category, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.roll_imported.connect(self._on_imported)
        dialog.open()
        return dialog

    def _on_imported(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.message_label.setText(
            self.tr("名单已导入：新增 {0}，更新 {1}，结束在册 {2}，与登记档案关联 {3} 人。").format(
                result.added, result.updated, result.ended, result.linked
            )
        )
        self.reload()

    def export_quarter(self) -> None:
        folder = choose_export_folder(self)
        if folder is None:
            return

        try:
            files = write_quarter_report(self.context.store, self.quarter, folder)
        except (RuleError, OSError) as error:
            self.message_label.setText(self.tr("导出失败：{0}").format(error))
            return
        self.message_label.setText(
            self.tr("已导出{0}报送（已脱敏）：\n{1}\n{2}").format(
                self.quarter.label, files.xlsx, files.pdf
            )
        )

    # -- 撤销本次导入 ------------------------------------------------------------------------

    def _update_undo(self) -> None:
        offered = roll_undo.undoable(self.context.store, self.category)
        self.undo_import_button.setEnabled(offered is not None)
        self.undo_import_button.setToolTip(import_undo.tooltip(offered))

    def undo_import(self) -> bool:
        """Undo the last import of this category's roll, after one question."""
        store, category = self.context.store, self.category
        result = import_undo.undo_import(
            self,
            roll_undo.title(category),
            lambda: roll_undo.check(store, category),
            lambda: roll_undo.undo(store, self.context.worker.actor, category),
        )
        if result is not None:
            self.message_label.setText(import_undo.done_text(roll_undo.title(category), result))
        self.reload()
        return result is not None
