"""区中心工作: the district center's own lot-01 KPIs (services/district/own_kpi.py) for a chosen
period — figure, target, progress bar and status colour, the records behind a KPI on click, and
which streets still await this quarter's field supervision."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.domain.periods import Period
from relief_desktop.ledgers.definitions.district import STREET_NAMES, supervised_streets
from relief_desktop.services import team
from relief_desktop.services.district import own_kpi
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.kpi_bar import (
    STATUS_COLORS,
    STATUS_TEXT,
    STATUS_TINTS,
    KpiBarDelegate,
)
from relief_desktop.ui.widgets.tables import read_only_table

PERIOD_CHOICES = (("year", "合同年度"), ("half", "合同上半年"), ("quarter", "本季度"),
                  ("month", "本月"), ("last_month", "上月"))  # fmt: skip
BAR_COLUMN = 4


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class OwnWorkPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.results: list[KpiResult] = []
        self._stale = True

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("own_period")
        for key, label in PERIOD_CHOICES:
            self.period_combo.addItem(self.tr(label), key)
        self.period_label = QLabel()
        self.period_label.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton(self.tr("刷新"))
        selector = QHBoxLayout()
        selector.addWidget(QLabel(self.tr("统计期间：")))
        selector.addWidget(self.period_combo)
        selector.addWidget(self.period_label, 1)
        selector.addWidget(self.refresh_button)

        self.kpi_table = read_only_table(
            [self.tr("区中心指标（01包）"), self.tr("本期"), self.tr("累计至期末"),
             self.tr("目标"), self.tr("完成率"), self.tr("状态")]
        )  # fmt: skip
        self.kpi_table.setObjectName("own_kpi_table")
        self.kpi_table.setItemDelegateForColumn(BAR_COLUMN, KpiBarDelegate(self.kpi_table))
        header = self.kpi_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 100), (2, 130), (3, 100), (5, 64)):
            self.kpi_table.setColumnWidth(column, width)
        self.kpi_table.verticalHeader().setDefaultSectionSize(25)
        self.note = QLabel(
            self.tr(
                "只计区中心自己的台账（培训、督导、研讨会、期刊、公众号、资源、满意度等），不含"
                "街道报送的数字。竖线为应完成的进度；督导、研讨会、公众号按到期的季度、月、周计，"
                "到期前显示“未到期”。目标在“设置 · 合同与指标”中修改。"
            )
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        kpi_box = QWidget()
        kpi_layout = QVBoxLayout(kpi_box)
        kpi_layout.setContentsMargins(0, 0, 0, 0)
        kpi_layout.addWidget(self.kpi_table, 1)
        kpi_layout.addWidget(self.note)

        self.records_title = QLabel(self.tr("点击左侧指标，查看计入该指标的记录"))
        self.records_title.setWordWrap(True)
        self.records_list = QListWidget()
        self.records_list.setObjectName("own_records")
        self.records_list.setWordWrap(True)
        self.supervision_box = QGroupBox(self.tr("本季度实地督导"))
        self.supervision_label = QLabel()
        self.supervision_label.setObjectName("own_supervision")
        self.supervision_label.setWordWrap(True)
        QVBoxLayout(self.supervision_box).addWidget(self.supervision_label)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.supervision_box)
        side_layout.addWidget(self.records_title)
        side_layout.addWidget(self.records_list, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(kpi_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([900, 260])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(selector)
        layout.addWidget(splitter, 1)

        self.period_combo.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.kpi_table.currentCellChanged.connect(lambda row, *_: self._show_records(row))

    def period(self) -> Period:
        today = self.today()
        key = self.period_combo.currentData()
        if key == "last_month":
            return periods.last_month(today)
        if key == "month":
            return periods.month_of(today)
        if key == "quarter":
            return periods.quarter_of(today)
        start = team.contract_start(self.context.store, today)
        year = periods.contract_year_containing(start, today)
        if key == "half":
            return periods.contract_half(year.start)
        return year

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def reload_page(self) -> None:
        """F5 in the main window."""
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        period, today = self.period(), self.today()
        self.results = own_kpi.compute(self.context.store, period, today)
        as_of = min(period.end, today)
        dates = "" if "（" in period.label else f"（{period.start} 至 {period.end}）"
        self.period_label.setText(period.label + dates + self.tr("，截至 {0}").format(as_of))
        table = self.kpi_table
        current = max(table.currentRow(), 0)
        table.setRowCount(len(self.results))
        for row, result in enumerate(self.results):
            self._fill_row(row, result)
        if self.results:
            table.setCurrentCell(min(current, len(self.results) - 1), 0)
            self._show_records(table.currentRow())
        self._show_supervision(today)

    def _fill_row(self, row: int, result: KpiResult) -> None:
        table, status = self.kpi_table, result.status
        label = _item(result.kpi.label)
        label.setToolTip(result.kpi.note)
        table.setItem(row, 0, label)
        table.setItem(row, 1, _item(result.value_text(), True))
        table.setItem(row, 2, _item(own_kpi.value_text(result), True))
        table.setItem(row, 3, _item(result.target_text(), True))
        marker = result.expected_share if result.kpi.cumulative else None
        bar = QTableWidgetItem()
        bar.setData(Qt.ItemDataRole.UserRole, (result.progress, marker, status))
        table.setItem(row, BAR_COLUMN, bar)
        state = _item(self.tr(STATUS_TEXT[status]))
        state.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        state.setData(Qt.ItemDataRole.UserRole, status)
        state.setForeground(QBrush(QColor(STATUS_COLORS[status])))
        state.setBackground(QBrush(QColor(STATUS_TINTS[status])))
        table.setItem(row, BAR_COLUMN + 1, state)

    def _show_records(self, row: int) -> None:
        self.records_list.clear()
        if not 0 <= row < len(self.results):
            return
        result = self.results[row]
        records = result.judged.records
        self.records_title.setText(
            self.tr("计入“{0}”的记录（{1} 条）").format(result.kpi.label, len(records))
        )
        for ref in records:
            self.records_list.addItem(f"{ref.day}　{ref.text}")
        if not records:
            self.records_list.addItem(self.tr("（没有计入的记录）"))

    def _show_supervision(self, today: date) -> None:
        quarter = periods.quarter_of(today)
        visited = supervised_streets(self.context.store, quarter.start, today)
        missing = [name for name in STREET_NAMES if name not in visited]
        self.supervision_box.setTitle(self.tr("实地督导（{0}）").format(quarter.label))
        text = self.tr("已督导 {0}/{1} 个街道").format(len(visited), len(STREET_NAMES))
        if missing:
            text += self.tr("；尚未督导：{0}").format("、".join(missing))
        self.supervision_label.setText(text)
        colour = STATUS_COLORS["green" if not missing else "amber"]
        self.supervision_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
