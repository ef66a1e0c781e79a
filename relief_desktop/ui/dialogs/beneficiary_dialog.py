"""登记 / 修改关爱援助对象: the intake form, its error display and the save flow."""

import re
from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.beneficiary import BeneficiaryInput, clean
from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.messages import describe
from relief_desktop.services.beneficiaries import BeneficiaryRecord, Similar
from relief_desktop.services.team import CommunityRow
from relief_desktop.ui import prompts
from relief_desktop.ui.dialogs.beneficiary_form import BeneficiaryForm
from relief_desktop.ui.dialogs.history_view import HistoryView
from relief_desktop.ui.widgets.form_frame import keep_on_screen, save_cancel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit, typed_date_problems
from relief_desktop.ui.widgets.problem_marks import ProblemMarks, Text

Save = Callable[[BeneficiaryInput], str]
FindSimilar = Callable[[BeneficiaryInput], list[Similar]]

_TAB_FLAG = " ⚠"


def _row_prefix(field: str) -> str:
    """'members[1].id_number' -> '第 2 位家庭成员：'; a message alone would not say which row."""
    for prefix, template in (
        ("members[", "第 {0} 位家庭成员："),
        ("labels[", "第 {0} 个救助标签："),
    ):
        if field.startswith(prefix):
            number = field[len(prefix) :].split("]", 1)[0]
            if number.isdigit():
                return template.format(int(number) + 1)
    return ""


class BeneficiaryDialog(QDialog):
    beneficiary_saved = Signal(str)
    existing_record_requested = Signal(str)

    def __init__(
        self,
        communities: Sequence[CommunityRow],
        save: Save,
        find_similar: FindSimilar | None = None,
        record: BeneficiaryRecord | None = None,
        history: Sequence[tuple[str, str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._find_similar = find_similar
        self._record = record
        self._duplicate_uuid: str | None = None
        self._saved_uuid: str | None = None
        self.marks = ProblemMarks(self)
        self.marks.changed.connect(self._render_problems)
        self.setWindowTitle(
            self.tr("新建登记")
            if record is None
            else self.tr("修改档案 · {0}").format(record.data.name)
        )
        self.resize(1060, 640)
        keep_on_screen(self)

        self.header_label = QLabel(self)
        self.header_label.setObjectName("record_header")
        if record is not None:
            self.header_label.setText(
                self.tr("档案号 {0}　　登记人 {1}　　最后修改 {2}").format(
                    record.file_no, record.registered_by or "—", record.updated_at[:10]
                )
            )
        self.header_label.setVisible(record is not None)

        self.error_frame = QFrame(self)
        self.error_frame.setObjectName("error_frame")
        self.error_frame.setStyleSheet(
            "#error_frame { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 4px; }"
        )
        self.error_label = QLabel(self.error_frame)
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #8a1c1c;")
        self.open_existing_button = QPushButton(self.tr("打开已有档案"), self.error_frame)
        self.open_existing_button.setObjectName("open_existing")
        self.open_existing_button.clicked.connect(self._on_open_existing_clicked)
        error_layout = QHBoxLayout(self.error_frame)
        error_layout.addWidget(self.error_label, 1)
        error_layout.addWidget(self.open_existing_button)
        self.error_frame.setVisible(False)

        self.form = BeneficiaryForm(communities, self)
        for table in (self.form.household, self.form.labels):
            table.cells_removed.connect(self.marks.forget)
            table.rows_changed.connect(self._render_problems)  # rows below are renumbered
        if record is not None:
            self.form.fill(record.data)
            self.history_view = HistoryView(history)
            self.form.addTab(self.history_view, self.tr("修改记录"))

        self.buttons = save_cancel(self)
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header_label)
        layout.addWidget(self.error_frame)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.buttons)

    @property
    def is_new(self) -> bool:
        return self._record is None

    def save_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Save)

    def _on_save_clicked(self) -> None:
        if self._saved_uuid is not None:
            self.accept()  # already saved: never a second record of the same person
            return
        data, problems = self.form.read()
        problems += self._typed_date_problems()
        if problems:
            # Show everything at once: the form's own problems and the rules' ones (a field the
            # form already explained is not explained twice).
            seen = {p.field for p in problems}
            seen |= {f.split(".", 1)[0] for f in seen}  # a row with a mistyped date: that first
            self.show_problems(problems + [p for p in clean(data)[1] if p.field not in seen])
            return
        if self.is_new and self._find_similar is not None:
            _, rule_problems = clean(data)
            if rule_problems:
                self.show_problems(rule_problems)
                return
            found = self._find_similar(data)
            if found and not prompts.confirm_similar(self, found):
                return
        try:
            uuid = self._save(data)
        except ValidationFailedError as error:
            self.show_problems(error.problems)
            return
        except RuleError as error:
            self.show_problems([Problem("", error.code, error.details)])
            return
        # Saved: whatever follows, the dialog closes (it never stays open looking unsaved).
        self._saved_uuid = uuid
        try:
            self.clear_problems()
            self.beneficiary_saved.emit(uuid)
        finally:
            self.accept()

    def _typed_date_problems(self) -> list[Problem]:
        """Dates typed that are not dates, or out of range: refused, never silently changed."""
        # The field naming that date alone ('labels[1].start_date'), not its whole row.
        field_of = {
            id(widgets[0]): key
            for key, widgets in self.form.field_widgets().items()
            if len(widgets) == 1 and isinstance(widgets[0], OptionalDateEdit)
        }
        found: list[Problem] = []
        for widget, problem in typed_date_problems(self.form):
            key = field_of.get(id(widget), "")
            found.append(Problem(key, problem.code, problem.details))
        return found

    def clear_problems(self) -> None:
        self._duplicate_uuid = None
        self.marks.clear()
        for index in range(self.form.count()):
            self.form.setTabText(index, self.form.tabText(index).removesuffix(_TAB_FLAG))

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Red-frame every field with a problem, list the messages on top, go to the first."""
        self.clear_problems()
        fields = self.form.field_widgets()

        def tab_index(problem: Problem) -> int:
            widgets = fields.get(problem.field)
            return self.form.tab_of(widgets[0]) if widgets else -1

        # In the order of the tabs, so the first message is on the tab shown.
        problems = sorted(problems, key=tab_index)
        entries: list[tuple[Text, list[QWidget]]] = []
        first: QWidget | None = None
        for problem in problems:
            if problem.code == "id_duplicate" and isinstance(problem.details.get("uuid"), str):
                self._duplicate_uuid = problem.details["uuid"]
            targets = [
                widget.edit if isinstance(widget, OptionalDateEdit) else widget
                for widget in fields.get(problem.field, [])
            ]
            entries.append((self._line(problem, fields.get(problem.field, [])), targets))
            if first is None and fields.get(problem.field):
                first = fields[problem.field][0]
        self.marks.show(entries)
        for index in sorted({self.form.tab_of(w) for w in self.marks.marked()} - {-1}):
            self.form.setTabText(index, self.form.tabText(index) + _TAB_FLAG)
        if first is not None:
            tab = self.form.tab_of(first)
            if tab >= 0:
                self.form.setCurrentIndex(tab)
            first.setFocus()

    def _line(self, problem: Problem, widgets: Sequence[QWidget]) -> Callable[[], str]:
        """The problem's message, naming its row by the row's number at the time it is shown
        (deleting a row above renumbers the rows below, and their messages follow)."""
        table = next(
            (
                t
                for t in (self.form.household, self.form.labels)
                if widgets and t.row_of(widgets[0]) >= 0
            ),
            None,
        )

        def text() -> str:
            field, details = problem.field, dict(problem.details)
            row = (
                table.row_of(widgets[0])
                if table is not None and shiboken6.isValid(widgets[0])
                else -1
            )
            if row >= 0:
                field = re.sub(r"\[\d+\]", f"[{row}]", field, count=1)
                if "row" in details:
                    details["row"] = row + 1
            message = describe(problem.code, **details)
            # Some messages already name their row ("第 2 位家庭成员的姓名…").
            return message if message.startswith("第") else _row_prefix(field) + message

        return text

    def _render_problems(self) -> None:
        """The list on top follows the marks: a line goes when the row it was about is deleted."""
        lines = self.marks.lines()
        self.error_label.setText("\n".join(f"• {line}" for line in lines))
        self.open_existing_button.setVisible(self._duplicate_uuid is not None)
        self.error_frame.setVisible(bool(lines))
        marked_tabs = {self.form.tab_of(w) for w in self.marks.marked()}
        for index in range(self.form.count()):
            text = self.form.tabText(index)
            if text.endswith(_TAB_FLAG) and index not in marked_tabs:
                self.form.setTabText(index, text.removesuffix(_TAB_FLAG))

    def error_text(self) -> str:
        return self.error_label.text() if self.error_frame.isVisibleTo(self) else ""

    def marked_widgets(self) -> list[QWidget]:
        return self.marks.marked()

    def _on_open_existing_clicked(self) -> None:
        if self._duplicate_uuid is not None:
            self.existing_record_requested.emit(self._duplicate_uuid)
            self.reject()
