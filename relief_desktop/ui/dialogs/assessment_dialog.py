"""需求评估 form: 12 domains rated 0–3 with a note, two assessors, the level computed live."""

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.casework import (
    DOMAINS,
    LEVELS,
    METHODS,
    RATING_WORDS,
    AssessmentInput,
    Rating,
    compute_level,
    rating_text,
)
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.services.team import TeamMember
from relief_desktop.ui.dialogs.case_common import ErrorLabel, WorkerCombo
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.form_frame import frame_form, save_cancel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit

SaveAssessment = Callable[[AssessmentInput], str]


class AssessmentDialog(QDialog):
    assessment_saved = Signal(str)

    def __init__(
        self,
        members: Sequence[TeamMember],
        save: SaveAssessment,
        previous: dict[str, int] | None = None,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("需求评估") + (f" · {title}" if title else ""))
        self._save = save
        self.previous = previous
        self.date_edit = OptionalDateEdit(date.today(), self)
        self.assessor1 = WorkerCombo(members, parent=self)
        self.assessor2 = WorkerCombo(members, parent=self)
        if members:
            self.assessor1.set_value(members[0].uuid)
        if len(members) > 1:
            self.assessor2.set_value(members[1].uuid)
        self.method_combo = ChoiceCombo(METHODS, parent=self)
        self.method_combo.set_value(METHODS[0])
        self.next_edit = OptionalDateEdit(None, self)

        grid = QGridLayout()
        for column, text in enumerate(("领域", "评分 0–3", "程度", "说明", "上次")):
            grid.addWidget(QLabel(f"<b>{self.tr(text)}</b>"), 0, column)
        self.spins: dict[str, QSpinBox] = {}
        self.notes: dict[str, QLineEdit] = {}
        self.words: dict[str, QLabel] = {}
        self.changes: dict[str, QLabel] = {}
        for row, domain in enumerate(DOMAINS, start=1):
            spin = QSpinBox(self)
            spin.setRange(0, 3)
            spin.setObjectName(f"rating_{row - 1}")
            word = QLabel(RATING_WORDS[0], self)
            note = QLineEdit(self)
            note.setPlaceholderText(self.tr("具体情况"))
            change = QLabel(self)
            self.spins[domain], self.notes[domain] = spin, note
            self.words[domain], self.changes[domain] = word, change
            grid.addWidget(QLabel(domain), row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(word, row, 2)
            grid.addWidget(note, row, 3)
            grid.addWidget(change, row, 4)
            # A re-assessment starts from the last ratings; the worker changes what changed.
            if previous is not None:
                spin.setValue(previous.get(domain, 0))
            spin.valueChanged.connect(self._update_level)
        grid.setColumnStretch(3, 1)
        ratings_box = QGroupBox(self.tr("12 个领域评分（0 无 · 1 轻度 · 2 中度 · 3 重度）"), self)
        ratings_box.setLayout(grid)

        self.computed_label = QLabel(self)
        self.computed_label.setObjectName("computed_level")
        self.level_combo = QComboBox(self)
        self.level_combo.addItem(self.tr("按规则"), None)
        for level in LEVELS:
            self.level_combo.addItem(level, level)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText(self.tr("与规则不同时必须写明理由"))
        self.strengths_edit = QPlainTextEdit(self)
        self.wishes_edit = QPlainTextEdit(self)
        for edit in (self.strengths_edit, self.wishes_edit):
            edit.setFixedHeight(54)
        self.error_label = ErrorLabel(self, self._locate)
        self.buttons = save_cancel(self)

        head = QFormLayout()
        head.addRow(self.tr("评估日期"), self.date_edit)
        pair = QHBoxLayout()
        pair.addWidget(self.assessor1)
        pair.addWidget(self.assessor2)
        head.addRow(self.tr("评估人（两人）"), pair)
        head.addRow(self.tr("评估方式"), self.method_combo)
        tail = QFormLayout()
        level_row = QHBoxLayout()
        level_row.addWidget(self.computed_label)
        level_row.addWidget(QLabel(self.tr("调整为")))
        level_row.addWidget(self.level_combo)
        level_row.addWidget(self.reason_edit, 1)
        tail.addRow(self.tr("综合等级"), level_row)
        tail.addRow(self.tr("优势与资源"), self.strengths_edit)
        tail.addRow(self.tr("本人意愿"), self.wishes_edit)
        tail.addRow(self.tr("下次评估日期"), self.next_edit)

        inner = QVBoxLayout()
        inner.addLayout(head)
        inner.addWidget(ratings_box)
        inner.addLayout(tail)
        frame_form(self, inner, self.buttons, below=[self.error_label], size=(820, 760))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._update_level()

    def ratings(self) -> dict[str, int]:
        return {domain: spin.value() for domain, spin in self.spins.items()}

    def computed_level(self) -> str:
        return compute_level(self.ratings())

    def _update_level(self) -> None:
        for domain, spin in self.spins.items():
            self.words[domain].setText(RATING_WORDS[spin.value()])
            if self.previous is not None:
                before = self.previous.get(domain, 0)
                after = spin.value()
                text = "" if before == after else f"{rating_text(before)} → {rating_text(after)}"
                self.changes[domain].setText(text)
                self.changes[domain].setStyleSheet(
                    "color: #c62828;" if spin.value() > before else "color: #2e7d32;"
                )
        level = self.computed_level()
        colour = {"紧急": "#c62828", "重点": "#e65100"}.get(level, "#2e7d32")
        self.computed_label.setText(f"<b style='color:{colour}'>{level}</b>")

    def data(self) -> AssessmentInput:
        chosen = self.level_combo.currentData()
        return AssessmentInput(
            assessed_on=self.date_edit.value(),
            assessor1=self.assessor1.value(),
            assessor2=self.assessor2.value(),
            ratings=tuple(
                Rating(d, self.spins[d].value(), self.notes[d].text().strip()) for d in DOMAINS
            ),
            method=self.method_combo.value(),
            strengths=self.strengths_edit.toPlainText(),
            wishes=self.wishes_edit.toPlainText(),
            next_assessment_on=self.next_edit.value(),
            level=chosen if isinstance(chosen, str) else None,
            override_reason=self.reason_edit.text(),
        )

    def _locate(self, problem: Problem) -> list[QWidget]:
        fields: dict[str, list[QWidget]] = {
            "assessed_on": [self.date_edit.edit],
            "assessors": [self.assessor1, self.assessor2],
            "method": [self.method_combo],
            "level": [self.level_combo],
            "override_reason": [self.reason_edit],
            "strengths": [self.strengths_edit],
            "wishes": [self.wishes_edit],
            "next_assessment_on": [self.next_edit.edit],
        }
        return fields.get(problem.field, [])

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
            self.assessment_saved.emit(uuid)
        finally:
            self.accept()
