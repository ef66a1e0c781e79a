"""Small pieces the casework dialogs share: wording errors, worker pickers, a red error line."""

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.services.team import TeamMember
from relief_desktop.ui.widgets.optional_date import typed_date_problems
from relief_desktop.ui.widgets.problem_marks import ProblemMarks, Text


def error_text(error: RuleError) -> str:
    """The Chinese message, with every problem of a failed validation on its own line."""
    if isinstance(error, ValidationFailedError):
        return "\n".join(problem.message() for problem in error.problems)
    return str(error)


_ERROR_STYLE = "color: #c62828;"
Locate = Callable[[Problem], Sequence[QWidget]]


class ErrorLabel(QLabel):
    """The refusals of a save, one per line; each problem red-frames the widgets `locate` finds
    for it, and its line goes when they do (a deleted measure row takes its error along)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        locate: Locate | None = None,
        row_of: Callable[[QWidget], int] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("error_label")
        self.setWordWrap(True)
        self.setStyleSheet(_ERROR_STYLE)
        self.locate: Locate = locate or (lambda _problem: [])
        self.row_of = row_of
        self.marks = ProblemMarks(self)
        self.marks.changed.connect(self._render)
        self.hide()

    def show_error(self, error: RuleError | str) -> None:
        self.setStyleSheet(_ERROR_STYLE)
        if isinstance(error, ValidationFailedError):
            self.show_problems(error.problems)
        else:
            self.marks.show([(error if isinstance(error, str) else str(error), [])])

    def show_notice(self, text: str) -> None:
        """Something that went well ("已导出…"), in green."""
        self.marks.clear()
        self.setStyleSheet("color: #2e7d32;")
        self.setText(text)
        self.show()

    def show_problems(self, problems: Sequence[Problem]) -> None:
        self.setStyleSheet(_ERROR_STYLE)
        self.marks.show([self._entry(p) for p in problems])

    def _entry(self, problem: Problem) -> tuple[Text, list[QWidget]]:
        """A problem naming a row ("第 2 项措施…") says the row's number when shown: deleting
        a row above renumbers it (`row_of` finds a widget's row now, -1 if none)."""
        widgets = list(self.locate(problem))
        if "row" not in problem.details or not widgets or self.row_of is None:
            return problem.message(), widgets
        row_of, first = self.row_of, widgets[0]

        def text() -> str:
            row = row_of(first) if shiboken6.isValid(first) else -1
            details = {**problem.details, "row": row + 1} if row >= 0 else problem.details
            return Problem(problem.field, problem.code, details).message()

        return text, widgets

    def refresh(self) -> None:
        """Show the lines again (rows were renumbered)."""
        self._render()

    def refuse_typed_dates(self, root: QWidget) -> bool:
        """Dates typed that are not dates or out of range: listed and framed; True if any."""
        found = typed_date_problems(root)
        if found:
            self.setStyleSheet(_ERROR_STYLE)
            self.marks.show([(problem.message(), [field.edit]) for field, problem in found])
        return bool(found)

    def clear_error(self) -> None:
        self.marks.clear()

    def _render(self) -> None:
        lines = self.marks.lines()
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))


class WorkerCombo(QComboBox):
    """One team member; `value()` is the uuid or "" for none chosen."""

    def __init__(
        self, members: Sequence[TeamMember], blank: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if blank:
            self.addItem(self.tr("（请选择）"), "")
        for member in members:
            self.addItem(member.name, member.uuid)

    def value(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_value(self, uuid: str) -> None:
        self.setCurrentIndex(max(self.findData(uuid), 0))


class WorkerChecks(QWidget):
    """Several team members ticked; `value()` is their uuids."""

    def __init__(self, members: Sequence[TeamMember], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for member in members:
            box = QCheckBox(member.name, self)
            self.boxes[member.uuid] = box
            layout.addWidget(box)
        layout.addStretch(1)

    def value(self) -> list[str]:
        return [uuid for uuid, box in self.boxes.items() if box.isChecked()]

    def set_value(self, uuids: Sequence[str]) -> None:
        for uuid, box in self.boxes.items():
            box.setChecked(uuid in uuids)
