"""填写报告文字: the overview, problems and next-period plan of the half-year (中期) or year-end
(末期) report, written by the team and printed in the report (services/reporting/report_texts)."""

from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.services import team
from relief_desktop.services.reporting import report_texts
from relief_desktop.services.reporting.periodic_highlights import distinct_sentences
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_common import ErrorLabel
from relief_desktop.ui.widgets.form_frame import frame_form, save_cancel

# The monthly narrative field each report field can be gathered from.
GATHER = {"problems": "problems", "next_plan": "next_plan"}


def report_periods(context: AppContext, today: date) -> list[tuple[str, Period]]:
    """The reports whose texts the team writes: a street's 中期 (first half) and 年终; the
    district center reports on each half (01 包 7.2) and the year."""
    start = team.contract_start(context.store, today)
    found = [("合同上半年（中期报告）", periods.contract_half(start))]
    if context.district_name:
        found.append(("合同下半年（半年报告）", periods.contract_half(start, second=True)))
    return [*found, ("合同年度（年终报告）", periods.contract_year(start))]


class ReportTextsDialog(QDialog):
    def __init__(
        self, context: AppContext, today: date, kind: str = "year", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("填写半年/年终报告文字"))
        self.context = context
        self.choices = report_periods(context, today)
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("report_period_combo")
        for label, period in self.choices:
            self.period_combo.addItem(f"{label} {period.start} 至 {period.end}")
        self.edits: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        form.addRow(self.tr("报告期间"), self.period_combo)
        hints = {
            "overview": self.tr("一两句话概括本期工作（可不填；数据部分由程序生成）"),
            "problems": self.tr("例如：一是……；二是……"),
            "next_plan": self.tr("下半年或下一合同年度的工作计划"),
        }
        for key, label in report_texts.FIELDS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"report_text_{key}")
            edit.setPlaceholderText(hints[key])
            edit.setMinimumHeight(90)
            self.edits[key] = edit
            row: QWidget = edit
            if key in GATHER:
                box = QWidget()
                line = QHBoxLayout(box)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(edit, 1)
                gather = QPushButton(self.tr("从各月简报汇总"))
                gather.setObjectName(f"gather_{key}")
                gather.setToolTip(self.tr("把本期各月工作简报中的这一部分去重后加到下面，再删改"))
                gather.clicked.connect(lambda _=False, k=key: self._on_gather(k))
                line.addWidget(gather)
                row = box
            form.addRow(label, row)
        note = QLabel(
            self.tr("文字原样印在报告中（身份证号、电话会自动脱敏）；请勿写服务对象的真实姓名。")
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.error_label = ErrorLabel()
        buttons = save_cancel(self)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        frame_form(self, form, buttons, below=[note, self.error_label], size=(760, 560))
        # A half-year report opens on the half today is in (or the last one ended), else the year.
        halves = [i for i, (_l, p) in enumerate(self.choices) if p.kind == "half"]
        started = [i for i in halves if self.choices[i][1].start <= today] or halves[:1]
        self.period_combo.setCurrentIndex(started[-1] if kind == "half" else len(self.choices) - 1)
        self._shown = self.period_combo.currentIndex()
        self._load()
        self.period_combo.currentIndexChanged.connect(self._on_period_changed)

    @property
    def period(self) -> Period:
        return self.choices[self.period_combo.currentIndex()][1]

    def texts(self) -> report_texts.ReportTexts:
        return report_texts.ReportTexts(
            **{key: edit.toPlainText() for key, edit in self.edits.items()}
        )

    def _load(self) -> None:
        saved = report_texts.load(self.context.store, self.period)
        for key, edit in self.edits.items():
            edit.setPlainText(getattr(saved, key))
        self._saved = self.texts()
        self.error_label.clear_error()

    def _on_period_changed(self, index: int) -> None:
        if self.texts() != self._saved and not prompts.confirm(
            self, self.tr("未保存的修改"), self.tr("切换期间将放弃刚才的修改，继续吗？")
        ):
            self.period_combo.blockSignals(True)
            self.period_combo.setCurrentIndex(self._shown)
            self.period_combo.blockSignals(False)
            return
        self._shown = index
        self._load()

    def _on_gather(self, key: str) -> None:
        found = distinct_sentences(self.context.store, self.period, GATHER[key])
        edit = self.edits[key]
        present = edit.toPlainText()
        new = [s for s in found if s not in present]
        if not new:
            self.error_label.show_error(self.tr("本期各月工作简报中没有可以汇总的新内容。"))
            return
        lines = [present.rstrip()] if present.strip() else []
        lines += [f"{i}. {sentence}。" for i, sentence in enumerate(new, start=1)]
        edit.setPlainText("\n".join(lines))
        self.error_label.clear_error()

    def _on_save(self) -> None:
        try:
            report_texts.save(
                self.context.store, self.context.worker.actor, self.period, self.texts()
            )
        except RuleError as error:
            self.error_label.show_error(error)
            return
        self.accept()
