"""The small casework forms: open a case, a plan review, a service record, closure, reopening,
a satisfaction survey. Each saves through the callable it is given and shows refusals inline."""

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from relief_desktop.domain.casework import (
    LEVELS,
    MODES,
    RESULTS,
    SCALE,
    SERVICE_TYPES,
    SOURCES,
    SURVEY_ITEMS,
    SURVEY_METHODS,
    ReviewInput,
    ServiceInput,
    SurveyInput,
)
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.vocab import LABELS
from relief_desktop.services.casework.aid_plans import MeasureRecord
from relief_desktop.services.team import TeamMember
from relief_desktop.ui.dialogs.case_common import ErrorLabel, WorkerChecks, WorkerCombo
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.form_frame import frame_form, save_cancel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit


class _Form(QDialog):
    """A form with an error line and Save/Cancel; subclasses fill `form` and give `submit()`."""

    saved = Signal(str)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.fields: dict[str, QWidget] = {}  # Problem.field -> the widget it is about
        self.error_label = ErrorLabel(self, self._locate)
        self.buttons = save_cancel(self)
        frame_form(self, self.form, self.buttons, below=[self.error_label])
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> str:
        raise NotImplementedError

    def _locate(self, problem: Problem) -> list[QWidget]:
        widget = self.fields.get(problem.field)
        if isinstance(widget, OptionalDateEdit):
            return [widget.edit]
        return [] if widget is None else [widget]

    def _on_save(self) -> None:
        if self.error_label.refuse_typed_dates(self):
            return
        try:
            result = self.submit()
        except RuleError as error:
            self.error_label.show_error(error)
            return
        try:
            self.error_label.clear_error()
            self.saved.emit(result)
        finally:
            self.accept()


class OpenCaseDialog(_Form):
    def __init__(
        self, person: str, save: Callable[[str, str, str, date | None], str],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(self.tr("分类建档 · {0}").format(person), parent)
        self._save = save
        self.category = ChoiceCombo(LABELS, parent=self)
        self.priority = ChoiceCombo(LEVELS, blank=False, parent=self)
        self.source = ChoiceCombo(SOURCES, blank=False, parent=self)
        self.opened = OptionalDateEdit(date.today(), self)
        self.form.addRow(self.tr("个案类别"), self.category)
        self.form.addRow(self.tr("优先级"), self.priority)
        self.form.addRow(self.tr("来源"), self.source)
        self.form.addRow(self.tr("开案日期"), self.opened)
        self.fields = {
            "category": self.category,
            "priority": self.priority,
            "source": self.source,
            "opened_on": self.opened,
        }

    def submit(self) -> str:
        return self._save(
            self.category.value(), self.priority.value(), self.source.value(), self.opened.value()
        )


class ReviewDialog(_Form):
    def __init__(
        self, goals: Sequence[str], save: Callable[[ReviewInput], str],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(self.tr("方案回顾"), parent)
        self._save = save
        self.reviewed = OptionalDateEdit(date.today(), self)
        self.form.addRow(self.tr("回顾日期"), self.reviewed)
        self.progress: list[tuple[str, QLineEdit]] = []
        for goal in goals:
            edit = QLineEdit(self)
            edit.setPlaceholderText(self.tr("进展"))
            self.progress.append((goal, edit))
            self.form.addRow(goal, edit)
        self.changes = QPlainTextEdit(self)
        self.changes.setFixedHeight(60)
        self.next_review = OptionalDateEdit(None, self)
        self.form.addRow(self.tr("方案调整"), self.changes)
        self.form.addRow(self.tr("下次回顾日期"), self.next_review)
        self.fields = {
            "reviewed_on": self.reviewed,
            "changes": self.changes,
            "next_review_on": self.next_review,
        }

    def submit(self) -> str:
        return self._save(
            ReviewInput(
                self.reviewed.value(),
                [(goal, edit.text()) for goal, edit in self.progress],
                self.changes.toPlainText(),
                self.next_review.value(),
            )
        )


class ServiceRecordDialog(_Form):
    """One service record; `copy_last` fills the form from the case's latest record."""

    def __init__(
        self,
        members: Sequence[TeamMember],
        measures: Sequence[MeasureRecord],
        save: Callable[[ServiceInput], str],
        last: ServiceInput | None = None,
        current_worker: str = "",
        parent: QWidget | None = None,
        handovers: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(self.tr("个案服务记录"), parent)
        self._save = save
        self._last = last
        self.served = OptionalDateEdit(date.today(), self)
        self.mode = ChoiceCombo(MODES, parent=self)
        self.service_type = ChoiceCombo(SERVICE_TYPES, parent=self)
        self.measure = ChoiceCombo([], parent=self)
        self.measure.clear()
        self.measure.addItem(self.tr("（不对应具体措施）"), "")
        for m in measures:
            self.measure.addItem(m.content, m.uuid)
        self.content = QPlainTextEdit(self)
        self.content.setFixedHeight(70)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 1440)
        self.minutes.setSuffix(self.tr(" 分钟"))
        self.workers = WorkerChecks(members, self)
        if current_worker:
            self.workers.set_value([current_worker])
        self.resources = QLineEdit(self)
        self.resources.setPlaceholderText(self.tr("发放的物资或资金（资源台账可关联）"))
        self.handover = ChoiceCombo([], parent=self)
        self.handover.clear()
        self.handover.addItem(self.tr("（不关联）"), "")
        for uuid, text in handovers:
            self.handover.addItem(text, uuid)
        self.handover.setEnabled(bool(handovers))
        self.next_step = QLineEdit(self)
        self.next_step_on = OptionalDateEdit(None, self)
        self.copy_button = QPushButton(self.tr("复制上一条"), self)
        self.copy_button.setEnabled(last is not None)
        self.copy_button.clicked.connect(self.copy_last)
        self.form.addRow("", self.copy_button)
        self.form.addRow(self.tr("服务日期"), self.served)
        self.form.addRow(self.tr("服务方式"), self.mode)
        self.form.addRow(self.tr("服务类型"), self.service_type)
        self.form.addRow(self.tr("对应措施"), self.measure)
        self.form.addRow(self.tr("服务内容"), self.content)
        self.form.addRow(self.tr("时长"), self.minutes)
        self.form.addRow(self.tr("服务社工"), self.workers)
        self.form.addRow(self.tr("发放资源"), self.resources)
        self.form.addRow(self.tr("关联资源发放"), self.handover)
        self.form.addRow(self.tr("下一步"), self.next_step)
        self.form.addRow(self.tr("下一步日期"), self.next_step_on)
        self.fields = {
            "served_on": self.served,
            "mode": self.mode,
            "service_type": self.service_type,
            "measure": self.measure,
            "content": self.content,
            "minutes": self.minutes,
            "workers": self.workers,
            "resources": self.resources,
            "handover": self.handover,
            "next_step": self.next_step,
            "next_step_on": self.next_step_on,
        }

    def copy_last(self) -> None:
        """Start from the last record: same mode, type, measure, workers and content; today."""
        last = self._last
        if last is None:
            return
        self.mode.set_value(last.mode)
        self.service_type.set_value(last.service_type)
        self.measure.setCurrentIndex(max(self.measure.findData(last.measure_uuid or ""), 0))
        self.content.setPlainText(last.content)
        self.minutes.setValue(last.minutes)
        self.workers.set_value(list(last.workers))
        self.resources.setText(last.resources)
        self.served.set_value(date.today())

    def fill(self, data: ServiceInput) -> None:
        """Show a saved record for correction."""
        self._last = data
        self.copy_last()
        self.handover.setCurrentIndex(max(self.handover.findData(data.handover_uuid or ""), 0))
        self.served.set_value(data.served_on)
        self.next_step.setText(data.next_step)
        self.next_step_on.set_value(data.next_step_on)

    def submit(self) -> str:
        measure = self.measure.currentData()
        handover = self.handover.currentData()
        return self._save(
            ServiceInput(
                served_on=self.served.value(),
                mode=self.mode.value(),
                content=self.content.toPlainText(),
                workers=self.workers.value(),
                minutes=self.minutes.value(),
                service_type=self.service_type.value(),
                measure_uuid=measure if isinstance(measure, str) and measure else None,
                resources=self.resources.text(),
                next_step=self.next_step.text(),
                next_step_on=self.next_step_on.value(),
                handover_uuid=handover if isinstance(handover, str) and handover else None,
            )
        )


class ClosureDialog(_Form):
    def __init__(
        self, save: Callable[[date | None, str, str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("结案"), parent)
        self._save = save
        self.closed = OptionalDateEdit(date.today(), self)
        self.result_combo = ChoiceCombo(RESULTS, parent=self)
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(70)
        self.form.addRow(self.tr("结案日期"), self.closed)
        self.form.addRow(self.tr("结案结果"), self.result_combo)
        self.form.addRow(self.tr("结案原因"), self.reason)
        self.fields = {"closed_on": self.closed, "result": self.result_combo, "reason": self.reason}

    def submit(self) -> str:
        self._save(self.closed.value(), self.result_combo.value(), self.reason.toPlainText())
        return ""


class ReopenDialog(_Form):
    def __init__(self, save: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("重新开案"), parent)
        self._save = save
        self.reason = QPlainTextEdit(self)
        self.reason.setFixedHeight(70)
        self.form.addRow(self.tr("重新开案原因"), self.reason)
        self.fields = {"reason": self.reason}

    def submit(self) -> str:
        self._save(self.reason.toPlainText())
        return ""


class SurveyDialog(_Form):
    """Five items on a 5-point scale (each may stay unanswered); anonymous allowed."""

    def __init__(
        self,
        members: Sequence[TeamMember],
        save: Callable[[SurveyInput], str],
        default_surveyor: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("满意度调查"), parent)
        self._save = save
        self.surveyed = OptionalDateEdit(date.today(), self)
        self.method = ChoiceCombo(SURVEY_METHODS, parent=self)
        self.method.set_value(SURVEY_METHODS[0])
        self.anonymous = QCheckBox(self.tr("匿名（不关联个案和姓名）"), self)
        self.surveyor = WorkerCombo(members, parent=self)
        self.surveyor.set_value(default_surveyor)
        self.form.addRow(self.tr("调查日期"), self.surveyed)
        self.form.addRow(self.tr("方式"), self.method)
        self.form.addRow(self.tr("调查人"), self.surveyor)
        self.form.addRow("", self.anonymous)
        self.groups: dict[str, QButtonGroup] = {}
        for key, label in SURVEY_ITEMS:
            row = QHBoxLayout()
            group = QButtonGroup(self)
            for value, word in enumerate(SCALE, start=1):
                button = QRadioButton(f"{value} {word}", self)
                group.addButton(button, value)
                row.addWidget(button)
            self.groups[key] = group
            self.form.addRow(label, row)
        self.comment = QLineEdit(self)
        self.form.addRow(self.tr("意见建议"), self.comment)
        self.fields = {
            "surveyed_on": self.surveyed,
            "surveyor": self.surveyor,
            "method": self.method,
            "comment": self.comment,
        }

    def answer(self, key: str, value: int) -> None:
        button = self.groups[key].button(value)
        if button is not None:
            button.setChecked(True)

    def submit(self) -> str:
        answers: dict[str, Any] = {}
        for key, group in self.groups.items():
            answers[key] = group.checkedId() if group.checkedId() > 0 else None
        return self._save(
            SurveyInput(
                self.surveyed.value(),
                self.surveyor.value(),
                answers,
                self.method.value(),
                self.anonymous.isChecked(),
                self.comment.text(),
            )
        )
