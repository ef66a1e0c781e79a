"""统计: the packet deadline banner, contract KPIs against target and the year elapsed, inspection
coverage this quarter, communities contacted this month; a KPI's records on click."""

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.domain.inspection import Quarter, format_rate
from relief_desktop.domain.periods import Period
from relief_desktop.services.inspection.coverage import quarter_summary
from relief_desktop.services.reporting import kpi, packet
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.kpi_bar import (
    STATUS_COLORS,
)
from relief_desktop.ui.widgets.kpi_board import KpiBoard
from relief_desktop.ui.widgets.tables import read_only_table

RED = "#c62828"


def last_month(today: date) -> Period:
    return periods.last_month(today)


def deadline_text(today: date) -> tuple[str, bool]:
    """The banner's first line for last month's packet, and whether it is urgent (red)."""
    month = last_month(today)
    due = packet.due_date(packet.month_key(month))
    days = (due - today).days
    if days > 0:
        return f"{month.label}资料包报送截止日：{due.month}月{due.day}日，还有 {days} 天", False
    if days == 0:
        return f"今天是报送截止日（{month.label}资料包，{due.month}月{due.day}日）", True
    return f"{month.label}资料包已逾期 {-days} 天（截止日 {due.month}月{due.day}日）", True


def _item(text: str, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class StatisticsPage(QWidget):
    reports_requested = Signal()

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

        # Banner: last month's packet.
        self.banner = QFrame()
        self.banner.setObjectName("deadline_banner")
        self.deadline_label = QLabel()
        self.deadline_label.setObjectName("deadline_label")
        self.packet_label = QLabel()
        self.packet_label.setObjectName("packet_label")
        self.go_reports_button = QPushButton(self.tr("去生成资料包"))
        self.go_reports_button.setObjectName("go_reports_button")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(14, 10, 14, 10)
        banner_layout.addWidget(self.deadline_label)
        banner_layout.addSpacing(24)
        banner_layout.addWidget(self.packet_label)
        banner_layout.addWidget(self.go_reports_button)
        banner_layout.addStretch(1)

        # The KPI board: period, KPIs with painted bars, records of the chosen KPI beside them.
        self.board = KpiBoard(
            self.tr("合同指标"), lambda result: result.to_date_text(),
            lambda result: result.measure.records,
        )  # fmt: skip
        # 上月 while its packet is not made yet (the team is preparing it), else the contract year.
        default = "last_month" if kpi.last_month_unsent(context.store, today()) else "year"
        self.board.choose(default)
        self.period_combo = self.board.period_combo
        self.period_label = self.board.period_label
        self.kpi_table = self.board.kpi_table
        self.records_title = self.board.records_title
        self.records_list = self.board.records_list
        self.chart_note = self.board.note

        # Inspection coverage and community contacts.
        self.coverage_table = read_only_table(
            [self.tr("核查类别"), self.tr("本季度"), self.tr("目标"), self.tr("合同年度累计")]
        )
        self.coverage_table.setObjectName("coverage_table")
        self.coverage_table.verticalHeader().setDefaultSectionSize(24)
        self.coverage_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.coverage_box = QGroupBox(self.tr("入户核查覆盖率"))
        coverage_layout = QVBoxLayout(self.coverage_box)
        coverage_layout.addWidget(self.coverage_table)

        self.contact_label = QLabel()
        self.contact_label.setObjectName("contact_label")
        self.missing_label = QLabel()
        self.missing_label.setObjectName("missing_label")
        self.missing_label.setWordWrap(True)
        self.missing_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.contact_box = QGroupBox(self.tr("本月社区工作联络"))
        contact_layout = QVBoxLayout(self.contact_box)
        contact_layout.addWidget(self.contact_label)
        contact_layout.addWidget(self.missing_label, 1)

        bottom = QHBoxLayout()
        bottom.addWidget(self.coverage_box, 3)
        bottom.addWidget(self.contact_box, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addWidget(self.banner)
        layout.addWidget(self.board, 1)
        layout.addLayout(bottom)

        self.period_combo.currentIndexChanged.connect(self._on_period_changed)
        self.board.refresh_button.clicked.connect(self.refresh)
        self.go_reports_button.clicked.connect(self._on_go_reports)

    # --- data -------------------------------------------------------------------------------

    @property
    def results(self) -> list[kpi.KpiResult]:
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
        self._show_banner()
        self._show_kpis()
        self._show_coverage()
        self._show_contacts()

    def _show_banner(self) -> None:
        today = self.today()
        text, urgent = deadline_text(today)
        month = packet.month_key(last_month(today))
        made = packet.history(self.context.store, "month", month)
        if made and urgent:
            # Already sent: the deadline is a fact, not an alarm.
            due = packet.due_date(month)
            text = self.tr("{0}资料包报送截止日：{1}月{2}日").format(
                last_month(today).label, due.month, due.day
            )
        self.deadline_label.setText(text)
        self.deadline_label.setStyleSheet(
            f"color: {RED}; font-weight: bold;" if urgent and not made else "font-weight: bold;"
        )
        if made:
            latest = made[0]
            when = latest.generated_at.replace("T", " ")[:16]
            self.packet_label.setText(
                self.tr("已生成第 {0} 版：{1}，{2}{3}").format(
                    latest.version,
                    when,
                    latest.worker_name,
                    self.tr("（按时）") if made[-1].on_time else self.tr("（首版晚于截止日）"),
                )
            )
            self.packet_label.setStyleSheet(f"color: {STATUS_COLORS['green']};")
            self.banner.setStyleSheet(
                "QFrame#deadline_banner { background: #eef7f1; border-radius: 6px; }"
            )
        else:
            self.packet_label.setText(self.tr("上月资料包：尚未生成"))
            self.packet_label.setStyleSheet(f"color: {RED};")
            tint = "#fdecea" if urgent else "#fff6e0"
            self.banner.setStyleSheet(
                f"QFrame#deadline_banner {{ background: {tint}; border-radius: 6px; }}"
            )
        self.go_reports_button.setVisible(not made)

    def _show_kpis(self) -> None:
        period, today = self.period(), self.today()
        results = kpi.compute(self.context.store, period, today=today)
        self.chart_note.setText(
            self.tr(
                "“累计至期末”：年度指标自合同年度开始、核查覆盖率自本季度开始，到本期最后一天"
                "（或今天）；完成率 = 累计 ÷ 全年（或季度）目标，不按月折算。"
                "竖线为截至 {0} 应完成的进度，比率类指标与目标直接比较；"
                "报送、社区联络到期前显示“未到期”。绿色正常，橙色需关注，红色滞后。"
            ).format(min(period.end, today))
        )
        self.board.show_results(results, period, today)

    def _show_coverage(self) -> None:
        today = self.today()
        quarter = Quarter.of(today)
        self.coverage_box.setTitle(self.tr("入户核查覆盖率（{0}）").format(quarter.label))
        rows = quarter_summary(self.context.store, quarter, today)
        table = self.coverage_table
        table.setRowCount(len(rows))
        for row, summary in enumerate(rows):
            table.setItem(row, 0, _item(summary.category))
            for column, coverage in ((1, summary.in_quarter), (3, summary.in_year)):
                cell = _item(
                    f"{coverage.numerator}/{coverage.denominator}　{format_rate(coverage.rate)}",
                    True,
                )
                if coverage.denominator:
                    color = STATUS_COLORS["green" if coverage.met else "red"]
                    cell.setForeground(QBrush(QColor(color)))
                table.setItem(row, column, cell)
            table.setItem(row, 2, _item(f"{summary.in_quarter.target:.0%}", True))
        table.setFixedHeight(
            table.horizontalHeader().height() + table.verticalHeader().length()
            + 2 * table.frameWidth()
        )  # fmt: skip

    def _show_contacts(self) -> None:
        month = periods.month_of(self.today())
        contacts = kpi.community_contacts(self.context.store, month)
        total = len(contacts.contacted) + len(contacts.missing)
        self.contact_box.setTitle(self.tr("社区工作联络（{0}）").format(month.label))
        self.contact_label.setText(
            self.tr("已联络 {0} 个社区，共 {1} 个").format(len(contacts.contacted), total)
        )
        self.contact_label.setStyleSheet(
            f"font-size: 15px; font-weight: bold; color: "
            f"{STATUS_COLORS['green'] if not contacts.missing else STATUS_COLORS['amber']};"
        )
        if contacts.missing:
            self.missing_label.setText(self.tr("尚未联络：{0}").format("、".join(contacts.missing)))
        else:
            self.missing_label.setText(self.tr("本月所有社区均已联络。"))

    # --- slots ------------------------------------------------------------------------------

    def _on_period_changed(self) -> None:
        self._show_kpis()

    def _on_go_reports(self) -> None:
        self.reports_requested.emit()
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page("reports")
