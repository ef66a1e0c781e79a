"""入户核查: the quarter's inspection coverage per street × category against the targets, and the
district total (services/district/coverage.py): 达标 green, 进行中 yellow, 未达标 red, 未报送
highlighted, never shown as 0%."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from relief_desktop.domain.inspection import Quarter, unit_word
from relief_desktop.domain.periods import Period, quarter
from relief_desktop.services.district import coverage
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.district.board_page import recent_months
from relief_desktop.ui.widgets.tables import read_only_table

COLOURS = {
    coverage.MET: "#d8f0dc",
    coverage.UNDER_WAY: "#fff1c2",
    coverage.BELOW: "#f8d0cc",
    coverage.MISSING: "#e6dcf2",
    coverage.NO_ROLL: "#f3f5f7",
    coverage.NO_FIGURE: "#f3f5f7",
}
MISSING_TEXT = "#6a1b9a"


def quarter_choices(today: date, count: int = 8) -> list[Quarter]:
    """The quarter of the last month due, then the ones before it, newest first."""
    last = date.fromisoformat(recent_months(today, 1)[0] + "-01")
    found = [Quarter.of(last)]
    while len(found) < count:
        found.append(found[-1].previous())
    return found


class CoveragePage(QWidget):
    def __init__(self, context: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.context = context
        self.today = today or date.today()
        self.quarter_combo = QComboBox()
        for item in quarter_choices(self.today):
            self.quarter_combo.addItem(self.tr("{0}年第{1}季度").format(item.year, item.number),
                                       item.code)  # fmt: skip
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("季度：")))
        top.addWidget(self.quarter_combo)
        top.addSpacing(16)
        top.addWidget(self.caption, 1)
        legend = QLabel(
            self.tr(
                "覆盖率 = 本季度至少入户核查一次的在册户（人）÷ 本季度在册户（人），低保按户、其他"
                "按人计。绿色达标，黄色季度未完（进行中），红色季末未达标，紫色未报送（不按 0% "
                "计）；全区合计为各街道已核查数之和 ÷ 在册数之和。"
            )
        )
        legend.setWordWrap(True)
        legend.setStyleSheet("color: #52606d;")
        self.table = read_only_table([], stretch_column=None)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.missing_label = QLabel()
        self.missing_label.setObjectName("coverage_missing")
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet(f"color: {MISSING_TEXT};")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_label)
        self.quarter_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def reload_page(self) -> None:
        """F5 in the main window."""
        self.refresh()

    def quarter(self) -> Period:
        found = Quarter.parse(str(self.quarter_combo.currentData()))
        return quarter(found.year, found.number)

    def refresh(self) -> None:
        result = coverage.coverage(self.context.store, self.quarter(), self.today)
        self.caption.setText(
            self.tr("{0}（{1} 至 {2}），按各街道本季度最新月份资料包的最新版本").format(
                result.quarter.label, result.quarter.start, result.quarter.end
            )
        )
        headers = [self.tr("街道"), self.tr("数据截至")]
        for key, category in coverage.KEYS.items():
            target = result.total[key].target or 0
            headers.append(
                self.tr("{0}（{1}）\n目标 {2:.0%}").format(category, unit_word(category), target)
            )
        headers.append(self.tr("缺报月份"))
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(result.streets) + 1)
        for row, street in enumerate(result.streets):
            self.table.setItem(row, 0, QTableWidgetItem(street.name))
            self.table.setItem(row, 1, self._month_item(street))
            for column, cell in enumerate(street.cells.values(), start=2):
                self.table.setItem(row, column, self._cell_item(cell))
            gaps = QTableWidgetItem("、".join(m[5:] + self.tr("月") for m in street.months_missing))
            gaps.setForeground(QBrush(QColor(MISSING_TEXT)))
            self.table.setItem(row, len(headers) - 1, gaps)
        last = len(result.streets)
        self.table.setItem(last, 0, self._bold(QTableWidgetItem(self.tr("全区合计"))))
        counted = max(c.streets for c in result.total.values())
        self.table.setItem(
            last,
            1,
            QTableWidgetItem(self.tr("{0}/{1} 个街道").format(counted, len(result.streets))),
        )
        for column, cell in enumerate(result.total.values(), start=2):
            self.table.setItem(last, column, self._bold(self._cell_item(cell)))
        self.table.setItem(last, len(headers) - 1, QTableWidgetItem(""))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        for column in range(2, 2 + len(coverage.KEYS)):
            header.setSectionResizeMode(column, header.ResizeMode.Stretch)
        self.missing_label.setText(self._missing_text(result))

    def _missing_text(self, result: coverage.DistrictCoverage) -> str:
        none = [s.name.removesuffix("街道") for s in result.streets if s.month is None]
        if not none:
            return ""
        return self.tr("本季度没有收到资料包的街道（不计入合计）：{0}").format("、".join(none))

    def _month_item(self, street: coverage.StreetCoverage) -> QTableWidgetItem:
        if street.month is None:
            return QTableWidgetItem("—")
        text = street.month
        if not street.complete:
            text += self.tr("（季度未完）")
        item = QTableWidgetItem(text)
        item.setToolTip(
            self.tr("读取 {0} 的资料包第 {1} 版；本季度已收到：{2}").format(
                street.month, street.version, "、".join(street.months_received)
            )
        )
        return item

    def _cell_item(self, cell: coverage.CoverageCell) -> QTableWidgetItem:
        if cell.numerator is None or not cell.denominator:
            text = self.tr(cell.text)
        else:
            text = f"{cell.rate:.1%}\n{cell.numerator}/{cell.denominator} · {self.tr(cell.text)}"
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setBackground(QBrush(QColor(COLOURS[cell.status])))
        if cell.status == coverage.MISSING:
            item.setForeground(QBrush(QColor(MISSING_TEXT)))
            item = self._bold(item)
        if cell.target is not None:
            word = unit_word(cell.category)
            item.setToolTip(
                self.tr("{0}：已核查 {1} {2}，在册 {3} {2}，目标 {4:.0%}（{5}）").format(
                    cell.category,
                    "—" if cell.numerator is None else cell.numerator,
                    word,
                    "—" if cell.denominator is None else cell.denominator,
                    cell.target,
                    self.tr(cell.text),
                )
            )
        return item

    @staticmethod
    def _bold(item: QTableWidgetItem) -> QTableWidgetItem:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        return item
