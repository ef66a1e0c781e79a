"""区中心工作: the district center's own lot-01 KPIs (services/district/own_kpi.py) on the KPI
board both dashboards share — figure, target, progress bar and status colour, the records behind
a KPI on click — and which streets still await this quarter's field supervision."""

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from relief_desktop.domain import periods
from relief_desktop.domain.periods import Period
from relief_desktop.ledgers.definitions.district import STREET_NAMES, supervised_streets
from relief_desktop.services.district import own_kpi
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.kpi_bar import STATUS_COLORS
from relief_desktop.ui.widgets.kpi_board import KpiBoard


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
        self._stale = True
        self.supervision_box = QGroupBox(self.tr("本季度实地督导"))
        self.supervision_label = QLabel()
        self.supervision_label.setObjectName("own_supervision")
        self.supervision_label.setWordWrap(True)
        QVBoxLayout(self.supervision_box).addWidget(self.supervision_label)
        self.board = KpiBoard(
            self.tr("区中心指标（01包）"),
            own_kpi.value_text,
            lambda result: result.judged.records,
            side_top=self.supervision_box,
        )
        self.board.choose("year")
        self.board.note.setText(
            self.tr(
                "只计区中心自己的台账（培训、督导、研讨会、期刊、公众号、资源、满意度等），不含"
                "街道报送的数字。竖线为应完成的进度；督导、研讨会、公众号按到期的季度、月、周计，"
                "到期前显示“未到期”。目标在“设置 · 合同与指标”中修改。"
            )
        )
        # The board's parts, by the names the street's 统计 uses too.
        self.period_combo = self.board.period_combo
        self.period_label = self.board.period_label
        self.kpi_table = self.board.kpi_table
        self.records_list = self.board.records_list
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.board, 1)
        self.period_combo.currentIndexChanged.connect(self.refresh)
        self.board.refresh_button.clicked.connect(self.refresh)

    @property
    def results(self) -> list[KpiResult]:
        return self.board.results

    def period(self) -> Period:
        return self.board.period(self.context.store, self.today())

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
        self.board.show_results(own_kpi.compute(self.context.store, period, today), period, today)
        self._show_supervision(today)

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
