"""设置 · 访问记录: who exported or saw full personal data, and whether the change log is whole."""

from datetime import date, datetime

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.exports.xlsx import write_workbook
from relief_desktop.services import audit, team
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import read_only_table


def _local(at: str) -> str:
    """The stored UTC time as the PC's clock shows it."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return at


class AccessPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        note = QLabel(
            self.tr(
                "每一次导出或查看完整（未脱敏）的身份证号、姓名等信息，都记在这里：谁、何时、"
                "导出了什么、多少条、用途。记录只能增加，不能修改或删除。"
            ),
            self,
        )
        note.setWordWrap(True)
        self.table = read_only_table(
            [self.tr("时间"), self.tr("操作人"), self.tr("操作"), self.tr("内容"),
             self.tr("记录数"), self.tr("用途")],
            self,
            stretch_column=3,
        )  # fmt: skip
        self.export_button = QPushButton(self.tr("导出 Excel…"), self)
        self.verify_button = QPushButton(self.tr("核对变更记录是否完整"), self)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.result_label)
        layout.addWidget(self.table, 1)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.verify_button.clicked.connect(self.verify)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:  # an export elsewhere adds rows
        self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        entries = audit.access_entries(self.context.store)
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = (_local(e.at), e.worker, e.action, e.what, str(e.records), e.reason)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        for column in (0, 1, 2, 4):
            self.table.resizeColumnToContents(column)

    def verify(self) -> bool:
        report = audit.verify(self.context.store)
        if report.ok:
            self.result_label.setStyleSheet("color: #2e7d32;")
            self.result_label.setText(
                self.tr("变更记录完整：共 {0} 条，逐条核对无误。").format(report.entries)
            )
        else:
            self.result_label.setStyleSheet("color: #c62828;")
            self.result_label.setText(
                self.tr("变更记录有 {0} 处问题：\n{1}").format(
                    len(report.problems), "\n".join(report.problems[:10])
                )
            )
        return report.ok

    def _on_export_clicked(self) -> None:
        suggested = f"{self.context.street_name}完整信息访问记录-{date.today():%Y%m%d}.xlsx"
        target = prompts.choose_export_file(self, suggested)
        if target is None:
            return
        try:
            store = self.context.store
            write_workbook(target, [audit.access_sheet(store)], heading=team.print_heading(store))
        except (RuleError, OSError) as error:
            prompts.show_error(self, self.tr("导出失败"), str(error))
            return
        prompts.inform(self, self.tr("已导出"), str(target))
