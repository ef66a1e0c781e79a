"""导入在册名单: choose the bureau's file, see what would be added, changed and ended and every
problem row by row, map unrecognised columns, then confirm. The work runs off the UI thread and
a cancel leaves the roll as it was."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.idcard import mask
from relief_desktop.domain.inspection import CATEGORIES
from relief_desktop.services.inspection import rolls
from relief_desktop.services.inspection.common import CancelledError
from relief_desktop.services.inspection.rolls import ImportResult, RollPreview
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.models.inspection_models import RowsModel
from relief_desktop.ui.workers import Job
from relief_desktop.ui.workers import Progress as JobProgress

PHASES = {"read": "正在读取文件…", "check": "正在逐行检查…", "write": "正在写入名单…"}


def choose_roll_file(parent: QWidget | None) -> Path | None:
    """The file picker (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "选择民政局下发的在册名单", "", "Excel 文件 (*.xlsx *.xls *.xlsm *.ods)"
    )
    return Path(name) if name else None


class ColumnMappingDialog(QDialog):
    """Which column of the file holds each field, for headers the importer did not recognise."""

    def __init__(self, preview: RollPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("指定列对应"))
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        for spec in rolls.FIELDS:
            combo = QComboBox(self)
            combo.setObjectName(f"mapping_{spec.key}")
            combo.addItem(self.tr("（不导入）"), -1)
            for column, header in enumerate(preview.headers):
                if header:
                    combo.addItem(header, column)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(spec.key, -1))))
            label = spec.label + (self.tr("（必填）") if spec.required else "")
            form.addRow(label, combo)
            self.combos[spec.key] = combo
        note = QLabel(
            self.tr("表头在第 {0} 行。请为每一项选择文件中对应的列。").format(preview.header_line)
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def mapping(self) -> dict[str, int]:
        return {key: int(c.currentData()) for key, c in self.combos.items() if c.currentData() >= 0}


def ask_mapping(parent: QWidget | None, preview: RollPreview) -> dict[str, int] | None:
    dialog = ColumnMappingDialog(preview, parent)
    return dialog.mapping() if dialog.exec() == QDialog.DialogCode.Accepted else None


class RollImportDialog(QDialog):
    roll_imported = Signal(object)  # ImportResult

    def __init__(
        self, context: AppContext, category: str = "低保", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("导入民政局在册名单"))
        self.resize(980, 640)
        self.path: Path | None = None
        self.preview: RollPreview | None = None
        self.import_result: ImportResult | None = None
        self.mapping: dict[str, int] | None = None
        self.job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None

        self.category_combo = QComboBox(self)
        for name in CATEGORIES.values():
            self.category_combo.addItem(name, name)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
        self.file_label = QLabel(self.tr("尚未选择文件"), self)
        self.file_label.setObjectName("roll_file_label")
        self.choose_button = QPushButton(self.tr("选择文件…"), self)
        self.date_edit = QDateEdit(QDate.currentDate(), self)
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setToolTip(
            self.tr("名单的日期：新名单上没有的人按这一天结束在册（不会删除）")
        )
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("roll_summary")
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel(self)
        self.warning_label.setObjectName("roll_warning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #c62828;")

        self.tabs = QTabWidget(self)
        self.adds_model = RowsModel(
            ["行", "姓名", "身份证号", "社区", "家庭住址", "联系电话", "家庭人口"]
        )
        self.updates_model = RowsModel(["行", "姓名", "身份证号", "变化"])
        self.ends_model = RowsModel(["姓名", "身份证号", "社区", "处理"])
        self.problems_model = RowsModel(
            ["行", "类型", "列", "问题"], highlight=lambda row: row[1] == "错误"
        )
        self.skipped_model = RowsModel(["行", "原因"])
        self.tables: dict[str, QTableView] = {}
        for key, model in (
            ("adds", self.adds_model),
            ("updates", self.updates_model),
            ("ends", self.ends_model),
            ("problems", self.problems_model),
            ("skipped", self.skipped_model),
        ):
            view = QTableView(self)
            view.setObjectName(f"preview_{key}")
            view.setModel(model)
            view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            view.verticalHeader().setVisible(False)
            view.horizontalHeader().setStretchLastSection(True)
            self.tables[key] = view
            self.tabs.addTab(view, "")
        self._label_tabs()

        self.mapping_button = QPushButton(self.tr("指定列对应…"), self)
        self.mapping_button.setObjectName("mapping_button")
        self.mapping_button.setEnabled(False)
        self.confirm_button = QPushButton(self.tr("确认导入"), self)
        self.confirm_button.setObjectName("confirm_import_button")
        self.confirm_button.setEnabled(False)
        self.confirm_button.setDefault(True)
        self.close_button = QPushButton(self.tr("关闭"), self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("类别")))
        top.addWidget(self.category_combo)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("名单日期")))
        top.addWidget(self.date_edit)
        top.addSpacing(12)
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.mapping_button)
        bottom.addStretch(1)
        bottom.addWidget(self.confirm_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self._on_choose)
        self.mapping_button.clicked.connect(self._on_mapping)
        self.confirm_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self.reject)
        self.category_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())

    # --- choosing and previewing -------------------------------------------------------------

    @property
    def category(self) -> str:
        return str(self.category_combo.currentData())

    @property
    def roll_date(self) -> date:
        d = self.date_edit.date()
        return date(d.year(), d.month(), d.day())

    def _on_choose(self) -> None:
        path = choose_roll_file(self)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        self.path = path
        self.mapping = None
        self.file_label.setText(path.name)
        self.refresh()

    def _on_mapping(self) -> None:
        if self.preview is None:
            return
        mapping = ask_mapping(self, self.preview)
        if mapping is not None:
            self.mapping = mapping
            self.refresh()

    def refresh(self) -> None:
        """Build the preview again (new file, category, date or mapping). Writes nothing."""
        if self.path is None or self.job is not None:
            return
        store, path, category = self.context.store, self.path, self.category
        roll_date, mapping = self.roll_date, self.mapping
        self.preview = None
        self.confirm_button.setEnabled(False)

        def work(progress: JobProgress) -> object:
            return rolls.preview(
                store, category, path, roll_date, mapping, progress=_adapt(progress)
            )

        self._start(work, self.tr("正在生成预览…"), self._show_preview)

    def _show_preview(self, result: object) -> None:
        assert isinstance(result, RollPreview)
        self.preview = result
        unit = "户" if result.category == "低保" else "人"
        if result.missing:
            self.summary_label.setText(
                self.tr("工作表“{0}”第 {1} 行是表头，但找不到必需的列：{2}。").format(
                    result.sheet, result.header_line, result.missing_labels()
                )
            )
            self.warning_label.setText(self.tr("请点“指定列对应…”选择这些列，再确认导入。"))
        else:
            self.summary_label.setText(
                self.tr(
                    "工作表“{0}”，表头在第 {1} 行，读取 {2} 行：新增 {3} {unit}，更新 {4}，"
                    "无变化 {5}，结束在册 {6}，有错误未导入 {7} 行，跳过 {8} 行。"
                    "确认前不会写入任何数据。"
                ).format(
                    result.sheet,
                    result.header_line,
                    result.rows_read,
                    len(result.adds),
                    len(result.updates),
                    result.unchanged,
                    len(result.ends),
                    len(result.rejected_lines),
                    len(result.skipped),
                    unit=unit,
                )
            )
            warnings = []
            if result.errors:
                warnings.append(
                    self.tr("有 {0} 行存在错误，这些行不会导入（见“问题”页）。").format(
                        len(result.rejected_lines)
                    )
                )
            if result.mass_end:
                warnings.append(
                    self.tr(
                        "将结束 {0} 人，占现有名单 {1} 人的 {2:.0%}："
                        "请确认这是完整名单而不是部分名单。"
                    ).format(
                        len(result.ends),
                        result.current_size,
                        len(result.ends) / result.current_size,
                    )
                )
            if result.unmapped:
                warnings.append(self.tr("未使用的列：{0}").format("、".join(result.unmapped)))
            self.warning_label.setText("\n".join(warnings))
        self.adds_model.set_rows(
            [
                (r.line, r.name, mask(r.id_number), r.community_name, r.address, r.phone,
                 r.household_size or "")
                for r in result.adds
            ]
        )  # fmt: skip
        self.updates_model.set_rows(
            [
                (c.row.line, c.row.name, mask(c.row.id_number), _describe(c.fields))
                for c in result.updates
            ]
        )  # fmt: skip
        self.ends_model.set_rows(
            [
                (e.name, mask(e.id_number), e.community_name, self.tr("结束在册"))
                for e in result.ends
            ]
            + [
                (k.name, mask(k.id_number), k.community_name, self.tr("保留：新名单同名行有错误"))
                for k in result.kept
            ]
        )
        self.problems_model.set_rows(
            [
                (p.line, self.tr("错误") if p.severity == "error" else self.tr("提示"), p.label,
                 p.message)
                for p in result.problems
            ]
        )  # fmt: skip
        self.skipped_model.set_rows(list(result.skipped))
        self._label_tabs()
        self.mapping_button.setEnabled(bool(result.missing or result.unmapped))
        self.confirm_button.setEnabled(
            result.can_commit and bool(result.adds or result.updates or result.ends)
        )
        if result.errors and not result.missing:
            self.tabs.setCurrentWidget(self.tables["problems"])

    def _label_tabs(self) -> None:
        labels = (
            (self.tr("新增"), self.adds_model),
            (self.tr("更新"), self.updates_model),
            (self.tr("结束"), self.ends_model),
            (self.tr("问题"), self.problems_model),
            (self.tr("跳过"), self.skipped_model),
        )
        for index, (label, model) in enumerate(labels):
            self.tabs.setTabText(index, f"{label}（{model.total}）")

    # --- committing ---------------------------------------------------------------------------

    def commit(self) -> None:
        if self.preview is None or not self.preview.can_commit or self.job is not None:
            return
        store, actor, preview = self.context.store, self.context.worker.actor, self.preview

        def work(progress: JobProgress) -> object:
            return rolls.commit(store, actor, preview, progress=_adapt(progress))

        self._start(work, self.tr("正在导入名单…"), self._on_committed)

    def _on_committed(self, result: object) -> None:
        assert isinstance(result, ImportResult)
        self.import_result = result
        self.roll_imported.emit(result)
        self.accept()

    # --- background work ----------------------------------------------------------------------

    def _start(
        self,
        work: Callable[[JobProgress], object],
        title: str,
        on_finished: Callable[[object], None],
    ) -> None:
        job = Job(work, CancelledError, self)
        dialog = QProgressDialog(title, self.tr("取消"), 0, 100, self)
        dialog.setObjectName("roll_progress")
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)

        def show_progress(step: str, share: float) -> None:
            dialog.setLabelText(step)
            dialog.setValue(int(share * 100))

        job.progressed.connect(show_progress)
        job.finished.connect(on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(
            lambda: self.warning_label.setText(self.tr("已取消，名单没有任何改动。"))
        )
        job.done.connect(self._on_done)
        self.job, self.progress_dialog = job, dialog
        self.choose_button.setEnabled(False)
        self.confirm_button.setEnabled(False)
        job.start()

    def _on_failed(self, message: str) -> None:
        self.warning_label.setText(message)

    def _on_done(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        if self.job is not None:
            self.job.wait()
            self.job.deleteLater()
        self.job, self.progress_dialog = None, None
        self.choose_button.setEnabled(True)
        if self.preview is not None and self.import_result is None:
            self.confirm_button.setEnabled(
                self.preview.can_commit
                and bool(self.preview.adds or self.preview.updates or self.preview.ends)
            )

    def cancel_running(self) -> None:
        if self.job is not None:
            self.job.cancel()


def _adapt(progress: JobProgress) -> rolls.Progress:
    """The services report (phase, done, total); the job wants (text, share)."""

    def report(phase: str, done: int, total: int) -> None:
        progress(PHASES.get(phase, phase), done / total if total else 0.0)

    return report


def _describe(fields: tuple[tuple[str, str, str], ...]) -> str:
    return "；".join(f"{label}：{old or '空'} → {new or '空'}" for label, old, new in fields)
