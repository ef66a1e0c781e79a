"""报送记录与半年/年终报告: every packet made so far, and the contract's half-year and year-end
reports (made off the UI thread through the page's JobRunner)."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.services import team
from relief_desktop.services.reporting import packet, periodic
from relief_desktop.services.reporting.periodic import PeriodicFiles
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports import common
from relief_desktop.ui.pages.reports.common import GREEN, RED
from relief_desktop.ui.pages.reports.job_runner import JobRunner
from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog
from relief_desktop.ui.widgets.tables import read_only_table


class HistoryTab(QWidget):
    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.runner = runner
        self.history_table = read_only_table(
            [self.tr("期间"), self.tr("版本"), self.tr("生成时间"), self.tr("生成人"),
             self.tr("文件"), self.tr("加密"), self.tr("脱敏"), self.tr("按时"),
             self.tr("SHA-256")]
        )  # fmt: skip
        self.history_table.setObjectName("history_table")
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.texts_button = QPushButton(self.tr("填写报告文字…"))
        self.texts_button.setObjectName("report_texts_button")
        self.texts_button.setToolTip(self.tr("半年/年终报告中的工作概述、存在问题和下阶段工作计划"))
        self.half_button = QPushButton(self.tr("生成合同半年报告…"))
        self.half_button.setObjectName("half_report_button")
        self.year_button = QPushButton(self.tr("生成合同年终报告…"))
        self.year_button.setObjectName("year_report_button")
        self.report_label = QLabel()
        self.report_label.setObjectName("report_label")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_report_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_report_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.texts_button)
        buttons.addWidget(self.half_button)
        buttons.addWidget(self.year_button)
        buttons.addWidget(self.report_label, 1)
        buttons.addWidget(self.open_report_button)
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("每次生成的资料包都有记录；重新生成会产生新的版本。"))
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.history_table, 1)
        layout.addLayout(buttons)
        self.half_button.clicked.connect(lambda: self._on_periodic_clicked("half"))
        self.year_button.clicked.connect(lambda: self._on_periodic_clicked("year"))
        self.open_report_button.clicked.connect(self._on_open_folder)
        self.texts_button.clicked.connect(self._on_texts_clicked)
        runner.busy_changed.connect(self._on_busy_changed)
        runner.finished.connect(self._on_job_finished)

    def refresh_history(self) -> None:
        records = packet.history(self.context.store)
        table = self.history_table
        table.setRowCount(len(records))
        for row, record in enumerate(records):
            yes, no = self.tr("是"), self.tr("否")
            cells = [
                record.period,
                f"v{record.version}",
                record.generated_at.replace("T", " ")[:16],
                record.worker_name,
                record.file_name,
                yes if record.encrypted else no,
                yes if record.masked else no,
                "✓" if record.on_time else "✗",
                record.sha256[:12],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(record.path)
                if column == 8:
                    item.setToolTip(record.sha256)
                if column == 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setForeground(QBrush(QColor(GREEN if record.on_time else RED)))
                table.setItem(row, column, item)

    def _on_periodic_clicked(self, kind: str) -> None:
        store, today = self.context.store, self.today()
        start = team.contract_start(store, today)
        if kind == "half":
            period, title = periods.contract_half(start), self.tr("半年报告")
        else:
            period, title = periods.contract_year(start), self.tr("年终报告")
        folder = common.choose_folder(self, self.tr("选择保存{0}的文件夹").format(title))
        if folder is None:
            return
        self.report_label.setText("")
        self.open_report_button.hide()

        def work(_progress: packet.Progress) -> object:
            return periodic.write(store, period, folder, title, today)

        self.runner.start(work, self.tr("正在生成{0}…").format(title), False, folder)

    def _on_texts_clicked(self) -> None:
        ReportTextsDialog(self.context, self.today(), parent=self).exec()

    def _on_busy_changed(self, busy: bool) -> None:
        for button in (self.texts_button, self.half_button, self.year_button):
            button.setEnabled(not busy)

    def _on_job_finished(self, result: object) -> None:
        if isinstance(result, packet.PacketResult):
            self.refresh_history()
            return

        if isinstance(result, PeriodicFiles):
            self.report_label.setText(
                self.tr("已生成：{0}（{1} 页）和 {2}").format(
                    result.pdf.name, result.pages, result.xlsx.name
                )
            )
            self.report_label.setStyleSheet(f"color: {GREEN};")
            self.open_report_button.show()

    def _on_open_folder(self) -> None:
        if self.runner.last_folder is not None:
            common.open_folder(self.runner.last_folder)
