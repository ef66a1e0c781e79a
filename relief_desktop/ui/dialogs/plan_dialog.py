"""援助方案 editor: needs (pre-filled from the assessment), goals, measures, 重点个案, versions."""

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.casework import MEASURE_TYPES, MeasureInput, PlanInput
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.services.casework.aid_plans import (
    MeasureRecord,
    PlanRecord,
    PlanVersion,
    version_changes,
)
from relief_desktop.services.team import TeamMember
from relief_desktop.ui.dialogs.case_common import ErrorLabel, WorkerCombo
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.form_frame import keep_on_screen, save_cancel, scrolling
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from relief_desktop.ui.widgets.row_table import RowTable

SavePlan = Callable[[PlanInput], str]
# Which cells of a measure's row a problem is about (others: the whole row).
_MEASURE_CELLS = {
    "measure_content_required": ("content",),
    "measure_worker_required": ("worker",),
    "measure_dates": ("start_on", "end_on"),
}


class MeasureTable(RowTable):
    def __init__(self, members: Sequence[TeamMember], parent: QWidget | None = None) -> None:
        self.members = members
        super().__init__(
            [
                ("content", "措施内容", 220),
                ("measure_type", "类型", 100),
                ("resource", "资源", 110),
                ("worker", "责任社工", 90),
                ("partner", "合作方", 100),
                ("start_on", "开始", 150),
                ("end_on", "结束", 150),
                ("frequency", "频次", 90),
            ],
            "添加措施",
            parent,
            stretch="content",
        )
        self.uuids: list[str | None] = []

    def make_cells(self, value: object | None) -> dict[str, QWidget]:
        measure = value if isinstance(value, MeasureRecord) else None
        content, resource, partner, frequency = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        kind = ChoiceCombo(MEASURE_TYPES)
        worker = WorkerCombo(self.members)
        start, end = OptionalDateEdit(), OptionalDateEdit()
        if measure is not None:
            content.setText(measure.content)
            kind.set_value(measure.measure_type)
            resource.setText(measure.resource)
            worker.set_value(measure.worker)
            partner.setText(measure.partner)
            start.set_value(measure.start_on)
            end.set_value(measure.end_on)
            frequency.setText(measure.frequency)
        self.uuids.append(measure.uuid if measure else None)
        return {
            "content": content,
            "measure_type": kind,
            "resource": resource,
            "worker": worker,
            "partner": partner,
            "start_on": start,
            "end_on": end,
            "frequency": frequency,
        }

    def remove_row(self, row: int) -> None:
        del self.uuids[row]
        super().remove_row(row)

    def measures(self) -> list[MeasureInput]:
        result: list[MeasureInput] = []
        for cells, uuid in zip(self.rows, self.uuids, strict=True):

            def text(name: str, cells: dict[str, QWidget] = cells) -> str:
                widget = cells[name]
                assert isinstance(widget, QLineEdit)
                return widget.text()

            kind, worker = cells["measure_type"], cells["worker"]
            start, end = cells["start_on"], cells["end_on"]
            assert isinstance(kind, ChoiceCombo)
            assert isinstance(worker, WorkerCombo)
            assert isinstance(start, OptionalDateEdit)
            assert isinstance(end, OptionalDateEdit)
            result.append(
                MeasureInput(
                    content=text("content"),
                    worker=worker.value(),
                    measure_type=kind.value(),
                    resource=text("resource"),
                    partner=text("partner"),
                    start_on=start.value(),
                    end_on=end.value(),
                    frequency=text("frequency"),
                    uuid=uuid,
                )
            )
        return result


class PlanDialog(QDialog):
    plan_saved = Signal(str)

    def __init__(
        self,
        members: Sequence[TeamMember],
        save: SavePlan,
        plan: PlanRecord | None = None,
        suggested_needs: Sequence[str] = (),
        versions: Sequence[PlanVersion] = (),
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("个性化关爱援助方案") + (f" · {title}" if title else ""))
        self._save = save
        self.made_edit = OptionalDateEdit(plan.made_on if plan else date.today(), self)
        self.needs_edit = QPlainTextEdit(self)
        self.needs_edit.setPlaceholderText(self.tr("每行一项需求"))
        self.needs_edit.setPlainText("\n".join(plan.needs if plan else suggested_needs))
        self.goals_edit = QPlainTextEdit(self)
        self.goals_edit.setPlaceholderText(self.tr("每行一个目标（具体、可衡量、有期限）"))
        self.goals_edit.setPlainText("\n".join(plan.goals) if plan else "")
        for edit in (self.needs_edit, self.goals_edit):
            edit.setFixedHeight(70)
        self.measures = MeasureTable(members, self)
        for measure in plan.measures if plan else ():
            self.measures.add_row(measure)
        if plan is None:
            self.measures.add_row()
        self.measures.table.setMinimumHeight(180)  # four measures in view while the form scrolls
        self.key_check = QCheckBox(self.tr("重点个案"), self)
        self.key_check.setChecked(plan.key_case if plan else False)
        self.approver_edit = QLineEdit(plan.approver if plan else "", self)
        self.signed_check = QCheckBox(self.tr("服务对象已签字确认"), self)
        self.signed_check.setChecked(plan.client_signed if plan else False)
        self.review_edit = OptionalDateEdit(plan.next_review_on if plan else None, self)
        self.note_edit = QLineEdit(self)
        self.note_edit.setPlaceholderText(self.tr("本次修改说明（保存为新版本）"))
        self.error_label = ErrorLabel(self, self._locate, self.measures.row_of)
        self.measures.cells_removed.connect(self.error_label.marks.forget)
        self.measures.rows_changed.connect(self.error_label.refresh)
        self.buttons = save_cancel(self)

        form_page = QWidget()
        form = QFormLayout(form_page)
        form.addRow(self.tr("制定日期"), self.made_edit)
        form.addRow(self.tr("需求"), self.needs_edit)
        form.addRow(self.tr("目标"), self.goals_edit)
        form.addRow(QLabel(self.tr("援助措施"), self))
        form.addRow(self.measures)  # the whole width: every column in view
        form.addRow("", self.key_check)
        form.addRow(self.tr("审核人"), self.approver_edit)
        form.addRow("", self.signed_check)
        form.addRow(self.tr("下次回顾日期"), self.review_edit)
        form.addRow(self.tr("修改说明"), self.note_edit)
        self.versions_view = QTextBrowser(self)
        self.versions_view.setObjectName("plan_versions")
        self.versions_view.setPlainText(self.versions_text(versions))
        tabs = QTabWidget(self)
        tabs.addTab(scrolling(form_page), self.tr("方案"))
        tabs.addTab(self.versions_view, self.tr("历史版本（{0}）").format(len(versions)))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.resize(1100, 720)
        keep_on_screen(self)

    @staticmethod
    def versions_text(versions: Sequence[PlanVersion]) -> str:
        lines: list[str] = []
        for i, version in enumerate(versions):
            lines.append(
                f"第 {version.version} 版　{version.saved_at[:16].replace('T', ' ')}　"
                f"{version.saved_by}　{version.note}"
            )
            changes = (
                ["首次制定"]
                if i == 0
                else version_changes(versions[i - 1].snapshot, version.snapshot)
            )
            lines += [f"　· {line}" for line in changes]
        return "\n".join(lines) or "尚无保存的版本。"

    def data(self) -> PlanInput:
        return PlanInput(
            made_on=self.made_edit.value(),
            needs=self.needs_edit.toPlainText().splitlines(),
            goals=self.goals_edit.toPlainText().splitlines(),
            measures=self.measures.measures(),
            key_case=self.key_check.isChecked(),
            approver=self.approver_edit.text(),
            client_signed=self.signed_check.isChecked(),
            next_review_on=self.review_edit.value(),
            note=self.note_edit.text(),
        )

    def _locate(self, problem: Problem) -> list[QWidget]:
        """A measure's problem names its row (1-based): it is about that row's cells."""
        row = problem.details.get("row")
        if (
            problem.field == "measures"
            and isinstance(row, int)
            and 0 < row <= len(self.measures.rows)
        ):
            cells = self.measures.rows[row - 1]
            keys = _MEASURE_CELLS.get(problem.code, tuple(cells))
            return [
                c.edit if isinstance(c, OptionalDateEdit) else c
                for key, c in cells.items()
                if key in keys
            ]
        fields: dict[str, QWidget] = {
            "made_on": self.made_edit.edit,
            "needs": self.needs_edit,
            "goals": self.goals_edit,
            "approver": self.approver_edit,
            "next_review_on": self.review_edit.edit,
            "note": self.note_edit,
        }
        return [fields[problem.field]] if problem.field in fields else []

    def _on_save(self) -> None:
        if self.error_label.refuse_typed_dates(self):
            return
        try:
            uuid = self._save(self.data())
        except RuleError as error:
            self.error_label.show_error(error)
            return
        try:
            self.error_label.clear_error()
            self.plan_saved.emit(uuid)
        finally:
            self.accept()
