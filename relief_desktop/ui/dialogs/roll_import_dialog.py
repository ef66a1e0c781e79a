"""导入在册名单: choose the bureau's file, see what would be added, changed and ended and every
problem row by row, map unrecognised columns, then confirm. The work runs off the UI thread and
a cancel leaves the roll as it was."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.idcard import mask
from relief_desktop.domain.inspection import CATEGORIES, on_roll_until
from relief_desktop.importers.infer import column_letter
from relief_desktop.services.inspection import rolls
from relief_desktop.services.inspection.common import CancelledError
from relief_desktop.services.inspection.rolls import ImportResult, RollPreview, RollRow
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.models.inspection_models import RowsModel
from relief_desktop.ui.widgets.form_frame import frame_form, keep_on_screen
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from relief_desktop.ui.workers import Job
from relief_desktop.ui.workers import Progress as JobProgress

PHASES = {"read": "正在读取文件…", "check": "正在逐行检查…", "write": "正在写入名单…"}


def choose_roll_file(parent: QWidget | None) -> Path | None:
    """The file picker (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "选择民政局下发的在册名单", "", "表格文件 (*.xlsx *.xls *.xlsm *.ods *.csv)"
    )
    return Path(name) if name else None


class ColumnMappingDialog(QDialog):
    """Which row is the header and which column holds each field: any column for any field."""

    def __init__(self, preview: RollPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("指定列对应"))
        self.preview = preview
        self.rows = preview.sheet_rows
        self.column_count = max((len(r) for r in self.rows), default=len(preview.headers))
        self.column_count = max(self.column_count, len(preview.headers))
        self.header_spin = QSpinBox(self)
        self.header_spin.setObjectName("mapping_header_line")
        self.header_spin.setRange(1, max(1, len(self.rows)))
        self.header_spin.setValue(preview.header_line)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("表头所在行"), self.header_spin)
        for spec in rolls.fields_for(preview.category):
            combo = QComboBox(self)
            combo.setObjectName(f"mapping_{spec.key}")
            label = spec.label + (self.tr("（必填）") if spec.required else "")
            form.addRow(label, combo)
            self.combos[spec.key] = combo
        self._fill(preview.header_line, dict(preview.mapping))
        self.header_spin.valueChanged.connect(self._on_header_changed)
        note = QLabel(
            self.tr(
                "请确认表头所在的行，再为每一项选择文件中对应的列（列名前的字母是 Excel 的列号）。"
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        frame_form(self, form, buttons, above=[note])

    def _headers(self, line: int) -> list[str]:
        if 1 <= line <= len(self.rows):
            return self.rows[line - 1]
        return self.preview.headers if line == self.preview.header_line else []

    def _fill(self, line: int, chosen: dict[str, int]) -> None:
        headers = self._headers(line)
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("（不导入）"), -1)
            for column in range(self.column_count):
                header = headers[column] if column < len(headers) else ""
                combo.addItem(f"{column_letter(column)}  {header}".rstrip(), column)
            combo.setCurrentIndex(max(0, combo.findData(chosen.get(key, -1))))
            combo.blockSignals(False)

    def _on_header_changed(self, line: int) -> None:
        self._fill(line, self.mapping())

    def header_line(self) -> int:
        return self.header_spin.value()

    def mapping(self) -> dict[str, int]:
        """Every field: its column, or -1 to leave it out."""
        return {key: int(c.currentData()) for key, c in self.combos.items()}


def ask_mapping(parent: QWidget | None, preview: RollPreview) -> tuple[int, dict[str, int]] | None:
    """(header line, field key -> column or -1) as the user picked them; None when cancelled."""
    dialog = ColumnMappingDialog(preview, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.header_line(), dialog.mapping()


class RollImportDialog(QDialog):
    roll_imported = Signal(object)  # ImportResult

    def __init__(
        self, context: AppContext, category: str = "低保", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("导入民政局在册名单"))
        self.resize(980, 640)
        keep_on_screen(self)
        self.path: Path | None = None
        self.preview: RollPreview | None = None
        self.import_result: ImportResult | None = None
        self.mapping: dict[str, int] | None = None
        self.header_line: int | None = None
        self.job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None

        self.category_combo = QComboBox(self)
        for name in CATEGORIES.values():
            self.category_combo.addItem(name, name)
        self.category_combo.setCurrentIndex(max(0, self.category_combo.findData(category)))
        self.file_label = QLabel(self.tr("尚未选择文件"), self)
        self.file_label.setObjectName("roll_file_label")
        self.choose_button = QPushButton(self.tr("选择文件…"), self)
        self.date_edit = OptionalDateEdit(date.today(), self, label=self.tr("名单日期"))
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
            ["行", "姓名", "身份证号", "社区", "家庭住址", "联系电话", "家庭人口", "本类信息"]
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
        # Never the default button: Enter must not end anyone's roll entry.
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.setDefault(False)
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setAutoDefault(False)
        self.ends_check = QCheckBox(self)
        self.ends_check.setObjectName("confirm_ends_check")
        self.ends_check.setVisible(False)
        self.ends_check.setStyleSheet("color: #c62828; font-weight: bold;")

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
        layout.addWidget(self.ends_check)
        layout.addLayout(bottom)

        self.choose_button.clicked.connect(self._on_choose)
        self.mapping_button.clicked.connect(self._on_mapping)
        self.confirm_button.clicked.connect(self.commit)
        self.close_button.clicked.connect(self.reject)
        self.ends_check.toggled.connect(lambda _checked: self._update_confirm())
        self.category_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.date_edit.committed.connect(self.refresh)  # not per keystroke: one preview a date

    # --- choosing and previewing -------------------------------------------------------------

    @property
    def category(self) -> str:
        return str(self.category_combo.currentData())

    @property
    def roll_date(self) -> date | None:
        return self.date_edit.value()

    def _on_choose(self) -> None:
        path = choose_roll_file(self)
        if path is not None:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        self.path = path
        self.mapping = None
        self.header_line = None
        self.file_label.setText(path.name)
        self.refresh()

    def _on_mapping(self) -> None:
        if self.preview is None:
            return
        picked = ask_mapping(self, self.preview)
        if picked is not None:
            self.header_line, self.mapping = picked
            self.refresh()

    def refresh(self) -> None:
        """Build the preview again (new file, category, date or mapping). Writes nothing."""
        if self.path is None or self.job is not None:
            return
        store, path, category = self.context.store, self.path, self.category
        roll_date, mapping, header_line = self.roll_date, self.mapping, self.header_line
        self.preview = None
        self.ends_check.setChecked(False)
        self.ends_check.setVisible(False)
        self.confirm_button.setEnabled(False)
        typed = self.date_edit.required_problem()
        if typed is not None or roll_date is None:  # no preview for a date never typed
            self.summary_label.setText(typed.message() if typed else "")
            return

        def work(progress: JobProgress) -> object:
            return rolls.preview(
                store,
                category,
                path,
                roll_date,
                mapping,
                progress=_adapt(progress),
                header_line=header_line,
            )

        self._start(work, self.tr("正在生成预览…"), self._show_preview)

    def _show_preview(self, result: object) -> None:
        assert isinstance(result, RollPreview)
        self.preview = result
        unit = "户" if result.category == "低保" else "人"
        notes = result.notes()
        if result.missing:
            self.summary_label.setText(
                self.tr("工作表“{0}”第 {1} 行是表头，但找不到必需的列：{2}。").format(
                    result.sheet, result.header_line, result.missing_labels()
                )
            )
            advice = [self.tr("请点“指定列对应…”选择表头所在的行和这些列，再确认导入。")]
            if "id_number" in result.missing:
                advice.append(
                    self.tr("若名单本来就没有身份证号码列，请向民政局索取带完整身份证号码的名单。")
                )
            self.warning_label.setText("\n".join(advice))
        else:
            summary = self.tr(
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
            if notes:
                summary += "\n" + self.tr("{0}（如不对，请点“指定列对应…”）").format(
                    "；".join(notes)
                )
            self.summary_label.setText(summary)
            warnings = list(result.blocking)
            if result.ends_blocked:
                warnings.append(
                    self.tr("{0}（不在新名单上的 {1} 人保持在册）").format(
                        result.ends_blocked, result.not_ended
                    )
                )
            if result.kept and not result.ends_blocked:
                warnings.append(
                    self.tr(
                        "{0} 人不在新名单上但未结束：文件中有错误的行可能是他们（见“结束”页）。"
                    ).format(len(result.kept))
                )
            if result.errors:
                warnings.append(
                    self.tr("有 {0} 行存在错误，这些行不会导入（见“问题”页）。").format(
                        len(result.rejected_lines)
                    )
                )
            if result.needs_confirmation:
                warnings.append(
                    result.confirmation_text().split("：")[0] + self.tr("：请勾选下方的确认。")
                )
            if result.unmapped:
                warnings.append(self.tr("未使用的列：{0}").format("、".join(result.unmapped)))
            self.warning_label.setText("\n".join(warnings))
        self.adds_model.set_rows(
            [
                (r.line, r.name, mask(r.id_number), r.community_name, r.address, r.phone,
                 r.household_size or "", _category_values(r))
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
                (
                    e.name,
                    mask(e.id_number),
                    e.community_name,
                    self.tr("结束在册（{0}）").format(on_roll_until(result.roll_date)),
                )
                for e in result.ends
            ]
            + [
                (k.ending.name, mask(k.ending.id_number), k.ending.community_name, k.reason)
                for k in result.kept
            ]
            + [
                (h.name, mask(h.id_number), h.community_name, self.tr("未结束：不是完整名单"))
                for h in result.held
            ]
        )
        self.problems_model.set_rows(
            [
                (g.lines_text, self.tr("错误") if g.severity == "error" else self.tr("提示"),
                 g.label, g.message)
                for g in result.grouped_problems()
            ]
        )  # fmt: skip
        self.skipped_model.set_rows(list(result.skipped))
        for view in self.tables.values():
            view.resizeColumnsToContents()  # Qt measures at most 1000 rows: cheap on any roll
        self._label_tabs()
        self.mapping_button.setEnabled(True)
        self.ends_check.setChecked(False)
        self.ends_check.setVisible(result.needs_confirmation and result.can_commit)
        if result.needs_confirmation:
            self.ends_check.setText(
                self.tr(
                    "我已核对这是完整的新名单，确认结束 {0} 人的在册（占现有名单 {1} 人的 {2}）"
                ).format(len(result.ends), result.current_size, f"{result.end_share:.0%}")
            )
        self._update_confirm()
        if result.needs_confirmation and not result.missing:
            self.tabs.setCurrentWidget(self.tables["ends"])
        elif result.errors and not result.missing:
            self.tabs.setCurrentWidget(self.tables["problems"])

    def _update_confirm(self) -> None:
        preview = self.preview
        self.confirm_button.setEnabled(
            preview is not None
            and self.job is None
            and self.import_result is None
            and preview.can_commit
            and preview.valid_rows > 0  # as the command line: an unchanged roll is recorded too
            and (not preview.needs_confirmation or self.ends_check.isChecked())
        )

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
        preview = self.preview
        if preview is not None and (preview.kept or preview.held):
            self.tabs.setTabText(
                2, self.tr("结束（{0}，未结束 {1}）").format(len(preview.ends), preview.not_ended)
            )

    # --- committing ---------------------------------------------------------------------------

    def commit(self) -> None:
        if self.preview is None or not self.preview.can_commit or self.job is not None:
            return
        store, actor, preview = self.context.store, self.context.worker.actor, self.preview
        confirmed = len(preview.ends) if self.ends_check.isChecked() else None

        def work(progress: JobProgress) -> object:
            return rolls.commit(
                store, actor, preview, progress=_adapt(progress), confirmed_ends=confirmed
            )

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
        self._update_confirm()

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


def _category_values(row: RollRow) -> str:
    """The category's own fields of an added row: 保障人数 2；月保障金额 1,120.00."""
    return "；".join(f"{label} {value}" for label, value in rolls.category_values(row))
