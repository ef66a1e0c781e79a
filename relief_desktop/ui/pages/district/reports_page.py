"""报告: the district center's reports to the bureau (区民政局) — the monthly work report, the
quarterly inspection report, the half-year and year-end reports — each written as an Excel
workbook and a PDF into a folder the user picks (services/district/reports.py)."""

from datetime import date

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.services import team
from relief_desktop.services.district import reports
from relief_desktop.services.reporting import packet
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.district.board_page import recent_months
from relief_desktop.ui.pages.reports import common
from relief_desktop.ui.pages.reports.job_runner import JobRunner
from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog

WHAT = {
    "month": "本月各街道报送及时情况、各街道指标并列与全区合计、全区入户核查覆盖率、"
    "跨街道重复对象人数。",
    "quarter": "各街道 × 低保、特困、临时救助、特殊困难群体儿童：在册、本季度已核查、覆盖率与目标，"
    "全区合计。",
    "half": "合同上半年（或下半年）各街道指标与全区合计、报送及时情况、各季度核查覆盖率，"
    "以及填写的工作概述、存在问题和工作计划。",
    "year": "合同年度各街道指标与全区合计、报送及时情况、各季度核查覆盖率，"
    "以及填写的工作概述、存在问题和下一年度计划。",
}


def period_choices(kind: str, contract_start: date, today: date) -> list[tuple[str, Period]]:
    """(label, period) a report of `kind` can be made for, newest first."""
    if kind == "month":
        return [(month.label, month) for month in map(periods.parse, recent_months(today, 12))]
    if kind == "quarter":
        quarters, day = [], today
        for _ in range(4):
            quarter = periods.quarter_of(day)
            quarters.append((quarter.label, quarter))
            day = periods.add_months(quarter.start, -1)
        return quarters
    if kind == "half":
        halves = (
            periods.contract_half(contract_start),
            periods.contract_half(contract_start, True),
        )
        return [(half.label, half) for half in halves]
    year = periods.contract_year(contract_start)
    return [(year.label, year)]


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, today: date | None = None) -> None:
        super().__init__()
        self.context = context
        self.today = today or date.today()
        self.runner = JobRunner(self)
        self.kind_buttons = QButtonGroup(self)
        kinds = QGroupBox(self.tr("报告"))
        grid = QGridLayout(kinds)
        for row, kind in enumerate(reports.KINDS.values()):
            radio = QRadioButton(self.tr(kind.title))
            radio.setObjectName(f"district_report_{kind.key}")
            self.kind_buttons.addButton(radio, row)
            grid.addWidget(radio, row, 0)
            what = QLabel(self.tr(WHAT[kind.key]))
            what.setWordWrap(True)
            what.setStyleSheet("color: #555;")
            grid.addWidget(what, row, 1)
        grid.setColumnStretch(1, 1)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("district_report_period")
        self.period_combo.setMinimumWidth(320)
        self.write_button = QPushButton(self.tr("生成报告（Excel + PDF）…"))
        self.write_button.setObjectName("district_report_write")
        self.texts_button = QPushButton(self.tr("填写报告文字…"))
        self.texts_button.setObjectName("district_report_texts")
        self.texts_button.setToolTip(self.tr("半年/年终报告中的工作概述、存在问题和工作计划"))
        choose = QHBoxLayout()
        choose.addWidget(QLabel(self.tr("期间：")))
        choose.addWidget(self.period_combo)
        choose.addSpacing(12)
        choose.addWidget(self.write_button)
        choose.addWidget(self.texts_button)
        choose.addStretch(1)
        self.result_label = QLabel()
        self.result_label.setObjectName("district_report_result")
        self.result_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("打开文件夹"))
        self.open_button.hide()
        note = QLabel(
            self.tr(
                "数字取自各街道资料包的清单（同一月份取最新版本），与“全区数据”页相同；"
                "未报送的街道标为“未报送”，不按 0 计。区中心只收到脱敏资料包，报告不含身份证号"
                "和完整姓名。Excel 中每个数字都是数值单元格，可直接求和。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(kinds)
        layout.addLayout(choose)
        layout.addWidget(note)
        layout.addWidget(self.result_label)
        opening = QHBoxLayout()
        opening.addWidget(self.open_button)
        opening.addStretch(1)
        layout.addLayout(opening)
        layout.addStretch(1)
        self.kind_buttons.idToggled.connect(self._on_kind_toggled)
        self.write_button.clicked.connect(self._on_write)
        self.texts_button.clicked.connect(self._on_texts)
        self.open_button.clicked.connect(self._on_open)
        self.runner.busy_changed.connect(self._on_busy)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._show_error)
        self.kind_buttons.button(0).setChecked(True)

    def kind(self) -> str:
        return list(reports.KINDS)[max(self.kind_buttons.checkedId(), 0)]

    def period(self) -> Period:
        found: Period = self.period_combo.currentData()
        return found

    def _on_kind_toggled(self, _id: int, checked: bool) -> None:
        if not checked:
            return
        start = team.contract_start(self.context.store, self.today)
        self.period_combo.clear()
        for label, period in period_choices(self.kind(), start, self.today):
            self.period_combo.addItem(label, period)
        self.texts_button.setVisible(self.kind() in ("half", "year"))

    def _on_write(self) -> None:
        store, kind, period, today = self.context.store, self.kind(), self.period(), self.today
        try:
            found = reports.check(store, kind, period)
        except RuleError as error:
            self._show_error(str(error))
            return
        folder = common.choose_folder(self, self.tr("选择保存{0}的文件夹").format(found.title))
        if folder is None:
            return
        self.result_label.clear()
        self.open_button.hide()

        def work(_progress: packet.Progress) -> object:
            return reports.write(store, kind, period, folder, today)

        self.runner.start(work, self.tr("正在生成{0}…").format(found.title), False, folder)

    def _on_texts(self) -> None:
        ReportTextsDialog(self.context, self.today, self.kind(), parent=self).exec()

    def _on_busy(self, busy: bool) -> None:
        self.write_button.setEnabled(not busy)
        self.texts_button.setEnabled(not busy)

    def _on_finished(self, result: object) -> None:
        if isinstance(result, reports.ReportFiles):
            self.result_label.setText(
                self.tr("已生成：\n{0}\n{1}（{2} 页）").format(
                    result.xlsx.name, result.pdf.name, result.pages
                )
            )
            self.result_label.setStyleSheet(f"color: {common.GREEN};")
            self.open_button.show()

    def _show_error(self, message: str) -> None:
        self.result_label.setText(message)
        self.result_label.setStyleSheet(f"color: {common.RED};")
        self.open_button.hide()

    def _on_open(self) -> None:
        if self.runner.last_folder is not None:
            common.open_folder(self.runner.last_folder)
