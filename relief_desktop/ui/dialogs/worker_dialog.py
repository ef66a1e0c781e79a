"""选择当前工作人员: every change is recorded under the worker chosen here."""

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services.team import TeamMember


class WorkerDialog(QDialog):
    def __init__(
        self,
        members: Sequence[TeamMember],
        preselect: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._members = list(members)
        self.setWindowTitle(self.tr("选择当前工作人员"))
        self.resize(360, 320)
        caption = QLabel(self.tr("本次操作以谁的名义记录？"))
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget::item { padding: 8px 6px; }")
        for member in self._members:
            item = QListWidgetItem(f"{member.name}（{member.role}）")
            self.list.addItem(item)
        chosen = next((i for i, m in enumerate(self._members) if m.uuid == preselect), 0)
        self.list.setCurrentRow(chosen)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def chosen(self) -> TeamMember | None:
        row = self.list.currentRow()
        return self._members[row] if 0 <= row < len(self._members) else None
