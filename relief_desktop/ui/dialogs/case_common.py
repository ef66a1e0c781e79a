"""Small pieces the casework dialogs share: wording errors, worker pickers, a red error line."""

from collections.abc import Sequence

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.services.team import TeamMember


def error_text(error: RuleError) -> str:
    """The Chinese message, with every problem of a failed validation on its own line."""
    if isinstance(error, ValidationFailedError):
        return "\n".join(problem.message() for problem in error.problems)
    return str(error)


class ErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("error_label")
        self.setWordWrap(True)
        self.setStyleSheet("color: #c62828;")
        self.hide()

    def show_error(self, error: RuleError | str) -> None:
        self.setText(error if isinstance(error, str) else error_text(error))
        self.show()

    def clear_error(self) -> None:
        self.clear()
        self.hide()


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
