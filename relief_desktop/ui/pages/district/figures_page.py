"""全区数据: every street KPI of a month, quarter, half-year or contract year, the 11 streets side
by side and totalled, from the packets' manifests (services/district/figures.py)."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTableWidgetItem, QVBoxLayout, QWidget

from relief_desktop.domain.periods import Period, parse
from relief_desktop.services import team
from relief_desktop.services.district import figures
from relief_desktop.services.reporting.kpi import KPIS
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.district.board_page import recent_months
from relief_desktop.ui.widgets.tables import read_only_table

STATUS_COLOURS = {"green": "#d8f0dc", "amber": "#ffe3b3", "red": "#f8d0cc"}


def period_choices(today: date) -> list[tuple[str, str]]:
    """(label, `kpi --period` text): recent months, this year's quarters, the contract year."""
    months = [(m, m) for m in recent_months(today, 12)]
    quarters = [(f"{today.year}年第{n}季度", f"{today.year}Q{n}") for n in range(4, 0, -1)]
    contract = [("合同年度", "contract-year"), ("合同上半年", "contract-half"),
                ("合同下半年", "contract-half2")]  # fmt: skip
    return [*months, *quarters, *contract]


class FiguresPage(QWidget):
    def __init__(self, context: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.context = context
        self.today = today or date.today()
        self.period_combo = QComboBox()
        for label, text in period_choices(self.today):
            self.period_combo.addItem(self.tr(label), text)
        self.caption = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("期间：")))
        top.addWidget(self.period_combo)
        top.addSpacing(16)
        top.addWidget(self.caption, 1)
        self.missing_label = QLabel()
        self.missing_label.setWordWrap(True)
        self.missing_label.setStyleSheet("color: #b3261e;")
        self.table = read_only_table([], stretch_column=None)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.missing_label)
        self.period_combo.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def period(self) -> Period:
        start = team.contract_start(self.context.store, self.today)
        return parse(str(self.period_combo.currentData()), start, self.today)

    def refresh(self) -> None:
        period = self.period()
        result = figures.district_figures(self.context.store, period)
        dates = "" if str(period.start) in period.label else f"（{period.start} 至 {period.end}）"
        self.caption.setText(
            self.tr("{0}{1}，按各街道最新版本资料包的清单数字").format(period.label, dates)
        )
        short = [s.name.removesuffix("街道") for s in result.streets]
        headers = [self.tr("指标"), *short, self.tr("全区合计")]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(KPIS))
        for row, kpi in enumerate(KPIS):
            self.table.setItem(row, 0, QTableWidgetItem(self.tr(kpi.label)))
            for column, street in enumerate(result.streets, start=1):
                self.table.setItem(row, column, self._item(street.figures.get(kpi.key)))
            total = self._item(result.total.get(kpi.key))
            font = total.font()
            font.setBold(True)
            total.setFont(font)
            self.table.setItem(row, len(headers) - 1, total)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        self.missing_label.setText(self._missing_text(result))

    def _missing_text(self, result: figures.DistrictFigures) -> str:
        """The months some street has not sent, one line per month, names only when few."""
        lines = []
        for month in result.months:
            lacking = [s.name.removesuffix("街道") for s in result.streets if month in s.missing]
            if len(lacking) == len(result.streets):
                lines.append(self.tr("{0}：全部 {1} 个街道").format(month, len(lacking)))
            elif lacking:
                lines.append(f"{month}：{'、'.join(lacking)}")
        return self.tr("缺少资料包（合计不含）——") + "；".join(lines) if lines else ""

    def _item(self, figure: figures.Figure | None) -> QTableWidgetItem:
        item = QTableWidgetItem("—" if figure is None else figures.text(figure))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if figure is not None and figure.status in STATUS_COLOURS:
            item.setBackground(QBrush(QColor(STATUS_COLOURS[figure.status])))
            if figure.target is not None:
                item.setToolTip(self.tr("目标 {0}").format(figure.target))
        return item
