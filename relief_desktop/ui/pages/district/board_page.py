"""报送: the on-time board, streets × 12 months (DOMAIN §6 District): 按时 green, 逾期 amber,
未报送 red, with the generation and import dates in each cell's tooltip and the on-time rates."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from relief_desktop.domain.periods import add_months
from relief_desktop.services.district import board
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import read_only_table

COLOURS = {
    board.ON_TIME: "#d8f0dc",
    board.LATE: "#ffe3b3",
    board.MISSING: "#f8d0cc",
    board.NOT_DUE: "#f3f5f7",
    board.BEFORE: "#f3f5f7",
}


def recent_months(today: date, count: int = 24) -> list[str]:
    """The months a board can end with, newest first: the newest is the last one already due
    (in the first days of December, October; from 6 December, November)."""
    last = add_months(today.replace(day=1), -1)
    if today <= due_date(f"{last:%Y-%m}"):
        last = add_months(last, -1)
    return [f"{add_months(last, -n):%Y-%m}" for n in range(count)]


class BoardPage(QWidget):
    def __init__(self, context: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.context = context
        self.today = today or date.today()
        self.month_combo = QComboBox()
        for key in recent_months(self.today):
            self.month_combo.addItem(key, key)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("district_rate")
        self.rate_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("显示到：")))
        top.addWidget(self.month_combo)
        top.addSpacing(24)
        top.addWidget(self.rate_label)
        top.addStretch(1)
        legend = QLabel(
            self.tr(
                "每月以第一个完整版本的生成日期判断是否在次月 5 日前（含）报送；"
                "补发的新版本替换数字，不改变按时情况。绿色按时，橙色逾期，红色未报送。"
            )
        )
        legend.setWordWrap(True)
        self.table = read_only_table([], stretch_column=None)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.table, 1)
        self.month_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        month = str(self.month_combo.currentData())
        result = board.board(self.context.store, month, today=self.today)
        headers = [self.tr("街道"), *[m[2:] for m in result.months], self.tr("按时率")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(result.streets))
        for row, street in enumerate(result.streets):
            self.table.setItem(row, 0, QTableWidgetItem(street.name))
            for column, cell in enumerate(street.cells, start=1):
                self.table.setItem(row, column, self._cell_item(cell))
            rate = "—" if street.rate is None else f"{street.rate:.0%}"
            self.table.setItem(row, len(headers) - 1, QTableWidgetItem(rate))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        if result.rate is None:
            self.rate_label.setText(self.tr("全区按时率：—"))
        else:
            self.rate_label.setText(
                self.tr("全区按时率：{0:.1%}（{1}/{2} 个街道月）").format(
                    result.rate, result.on_time, result.due_months
                )
            )

    def _cell_item(self, cell: board.Cell) -> QTableWidgetItem:
        text = self.tr(cell.text)
        if cell.generated_on:
            text += f"\n{cell.generated_on[5:]}"
            if cell.versions > 1:
                text += self.tr(" ×{0}").format(cell.versions)
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(QBrush(QColor(COLOURS[cell.status])))
        tip = self.tr("{0}：截止 {1}").format(cell.month, cell.due)
        if cell.generated_on:
            tip += self.tr("\n首个版本生成于 {0}，导入于 {1}\n共 {2} 个版本，最新第 {3} 版").format(
                cell.generated_on, cell.imported_on, cell.versions, cell.latest_version
            )
        item.setToolTip(tip)
        return item
