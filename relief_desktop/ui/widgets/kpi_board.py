"""The KPI board both dashboards show — a street's 统计 and the district's 中心工作: a period
picker, one row per KPI (this period, to date, target, a progress bar with the share due, a
coloured status) and, beside it, the records a chosen KPI counts."""

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
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
from relief_desktop.services import team
from relief_desktop.services.reporting.kpi import KpiResult, RecordRef
from relief_desktop.storage.store import Store
from relief_desktop.ui.widgets.kpi_bar import (
    STATUS_COLORS,
    STATUS_TEXT,
    STATUS_TINTS,
    KpiBarDelegate,
)
from relief_desktop.ui.widgets.tables import read_only_table

PERIOD_CHOICES = (("last_month", "上月"), ("month", "本月"), ("quarter", "本季度"),
                  ("half", "合同上半年"), ("year", "合同年度"))  # fmt: skip
BAR_COLUMN = 4  # 完成率: the bar


def chosen_period(key: str, store: Store, today: date) -> Period:
    """The period a picker key names on `today`: the contract's half and year are those of the
    contract year `today` falls in."""
    if key == "last_month":
        return periods.last_month(today)
    if key == "month":
        return periods.month_of(today)
    if key == "quarter":
        return periods.quarter_of(today)
    year = periods.contract_year_containing(team.contract_start(store, today), today)
    if key == "half":
        return periods.contract_half(year.start)
    return year


def period_text(period: Period, today: date) -> str:
    as_of = min(period.end, today)
    dates = "" if "（" in period.label else f"（{period.start} 至 {period.end}）"
    return f"{period.label}{dates}，截至 {as_of}"


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class KpiBoard(QWidget):
    """`to_date_text` and `records` say what the second column and the record list show of a
    result (the street: its span to date and the period's records; the district: its own)."""

    def __init__(
        self,
        first_header: str,
        to_date_text: Callable[[KpiResult], str],
        records: Callable[[KpiResult], Sequence[RecordRef]],
        side_top: QWidget | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.results: list[KpiResult] = []
        self._to_date_text = to_date_text
        self._records = records

        self.period_combo = QComboBox()
        self.period_combo.setObjectName("period_combo")
        for key, label in PERIOD_CHOICES:
            self.period_combo.addItem(self.tr(label), key)
        self.period_label = QLabel()
        self.period_label.setObjectName("period_label")
        self.period_label.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.selector = QHBoxLayout()
        self.selector.addWidget(QLabel(self.tr("统计期间：")))
        self.selector.addWidget(self.period_combo)
        self.selector.addWidget(self.period_label, 1)
        self.selector.addWidget(self.refresh_button)

        self.kpi_table = read_only_table(
            [first_header, self.tr("本期"), self.tr("累计至期末"), self.tr("目标"),
             self.tr("完成率（按累计）"), self.tr("状态")]
        )  # fmt: skip
        self.kpi_table.setObjectName("kpi_table")
        self.kpi_table.setItemDelegateForColumn(BAR_COLUMN, KpiBarDelegate(self.kpi_table))
        header = self.kpi_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(BAR_COLUMN, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 110), (2, 120), (3, 110), (5, 70)):
            self.kpi_table.setColumnWidth(column, width)
        self.kpi_table.verticalHeader().setDefaultSectionSize(26)
        self.note = QLabel()
        self.note.setObjectName("chart_note")
        self.note.setStyleSheet("color: #555;")
        self.note.setWordWrap(True)
        kpi_box = QWidget()
        kpi_layout = QVBoxLayout(kpi_box)
        kpi_layout.setContentsMargins(0, 0, 0, 0)
        kpi_layout.addWidget(self.kpi_table, 1)
        kpi_layout.addWidget(self.note)

        self.records_title = QLabel(self.tr("点击左侧指标，查看计入该指标的记录"))
        self.records_title.setObjectName("records_title")
        self.records_title.setWordWrap(True)
        self.records_list = QListWidget()
        self.records_list.setObjectName("records_list")
        self.records_list.setWordWrap(True)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        if side_top is not None:
            side_layout.addWidget(side_top)
        side_layout.addWidget(self.records_title)
        side_layout.addWidget(self.records_list, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(kpi_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.selector)
        layout.addWidget(splitter, 1)
        self.kpi_table.currentCellChanged.connect(lambda row, *_: self._show_records(row))

    def choose(self, key: str) -> None:
        self.period_combo.setCurrentIndex(self.period_combo.findData(key))

    def period(self, store: Store, today: date) -> Period:
        return chosen_period(str(self.period_combo.currentData()), store, today)

    def show_results(self, results: list[KpiResult], period: Period, today: date) -> None:
        """Fill the board; the row chosen before stays chosen."""
        self.results = results
        self.period_label.setText(period_text(period, today))
        as_of = min(period.end, today)
        table = self.kpi_table
        current = max(table.currentRow(), 0)
        table.setRowCount(len(results))
        for row, result in enumerate(results):
            self._fill_row(row, result, as_of)
        if results:
            table.setCurrentCell(min(current, len(results) - 1), 0)
            self._show_records(table.currentRow())

    def _fill_row(self, row: int, result: KpiResult, as_of: date) -> None:
        table, status = self.kpi_table, result.status
        label = _item(result.kpi.label)
        label.setData(Qt.ItemDataRole.UserRole, status)
        if result.kpi.note:
            label.setToolTip(result.kpi.note)
        table.setItem(row, 0, label)
        table.setItem(row, 1, _item(result.value_text(), True))
        to_date = _item(self._to_date_text(result), True)
        span = result.judged_period
        to_date.setToolTip(self.tr("{0} 至 {1}").format(span.start, min(span.end, as_of)))
        table.setItem(row, 2, to_date)
        table.setItem(row, 3, _item(result.target_text(), True))
        marker = result.expected_share if result.kpi.cumulative else None
        bar = QTableWidgetItem()
        bar.setData(Qt.ItemDataRole.UserRole, (result.progress, marker, status))
        if result.not_due:
            bar.setToolTip(self.tr("截止日未到，尚无到期的部分"))
        else:
            due = f"{marker:.0%}" if marker is not None else self.tr("目标值")
            bar.setToolTip(self.tr("完成 {0}，应完成 {1}").format(f"{result.progress:.0%}", due))
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
        records = self._records(result)
        self.records_title.setText(
            self.tr("计入“{0}”的记录（{1} 条）").format(result.kpi.label, len(records))
        )
        for ref in records:
            self.records_list.addItem(f"{ref.day}　{ref.text}")
            self.records_list.item(self.records_list.count() - 1).setToolTip(ref.text)
        if not records:
            self.records_list.addItem(self.tr("（本期没有计入的记录）"))
