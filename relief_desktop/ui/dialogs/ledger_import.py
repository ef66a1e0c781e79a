"""Import of a team's workbook into a ledger: map unrecognised columns, preview, commit at once."""

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.importers.table_file import FieldSpec
from relief_desktop.ledgers.exchange import IGNORED, ImportResult
from relief_desktop.ui.widgets.form_frame import frame_form, keep_on_screen
from relief_desktop.ui.widgets.tables import fit_columns


class ColumnMappingDialog(QDialog):
    """For each header the importer did not recognise: which field it is, or 不导入."""

    def __init__(
        self,
        headers: Sequence[str],
        fields: Sequence[FieldSpec],
        missing: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("column_mapping_dialog")
        self.setWindowTitle(self.tr("对应表格列"))
        intro = QLabel(
            self.tr("以下列名未能自动识别。请指定每一列对应的台账字段，不需要的列选“不导入”。"),
            self,
        )
        intro.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        form = QFormLayout()
        choices = [f for f in fields if not f.key.startswith(IGNORED)]
        for header in headers:
            combo = QComboBox(self)
            combo.addItem(self.tr("不导入"), "")
            for spec in choices:
                combo.addItem(spec.label + (" *" if spec.required else ""), spec.key)
            self.combos[header] = combo
            form.addRow(header, combo)
        above: list[QWidget] = [intro]
        if missing:
            labels = "、".join(f.label for f in fields if f.key in missing)
            warning = QLabel(self.tr("缺少必需的列：{0}").format(labels), self)
            warning.setStyleSheet("color: #c62828;")
            above.append(warning)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("继续"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        frame_form(self, form, buttons, above=above)

    def header_override(self) -> dict[str, str]:
        return {header: str(combo.currentData() or "") for header, combo in self.combos.items()}


class ImportPreviewDialog(QDialog):
    """Rows to add and the row-by-row problem report; 导入 writes them in one transaction."""

    def __init__(self, result: ImportResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.import_result = result
        self.setObjectName("import_preview_dialog")
        self.setWindowTitle(self.tr("导入预览 · {0}").format(result.title))
        summary = QLabel(result.report()[1], self)
        summary.setObjectName("import_summary")
        self.table = QTableWidget(self)
        self.table.setObjectName("import_rows")
        headers = list(result.added[0].cells) if result.added else []
        self.table.setColumnCount(len(headers) + 1)
        self.table.setHorizontalHeaderLabels([self.tr("行号"), *headers])
        self.table.setRowCount(len(result.added))
        for row, item in enumerate(result.added):
            self.table.setItem(row, 0, QTableWidgetItem(str(item.line)))
            for column, header in enumerate(headers, start=1):
                self.table.setItem(row, column, QTableWidgetItem(item.cells.get(header, "")))
        self.table.verticalHeader().setVisible(False)
        fit_columns(self.table, 240)
        self.report = QPlainTextEdit("\n".join(result.report()[2:]), self)
        self.report.setObjectName("import_report")
        self.report.setReadOnly(True)
        self.report.setVisible(bool(result.problems or result.skipped))
        self.skip_bad = QCheckBox(self.tr("跳过有问题的行，只导入其余各行"), self)
        self.skip_bad.setVisible(bool(result.problems) and bool(result.added))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(self.tr("导入 {0} 行").format(len(result.added)))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.skip_bad.toggled.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 2)
        if result.problems or result.skipped:
            layout.addWidget(
                QLabel(self.tr("问题与跳过的行（请在 Excel 中修改后重新导入）："), self)
            )
        layout.addWidget(self.report, 1)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        keep_on_screen(self)
        self._update()

    def _update(self) -> None:
        allowed = bool(self.import_result.added) and (
            not self.import_result.problems or self.skip_bad.isChecked()
        )
        self.import_button.setEnabled(allowed)
