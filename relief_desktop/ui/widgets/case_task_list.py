"""The home task list (今天 / 本周 / 已逾期): what casework is due, each row opens its case."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from relief_desktop.services.casework.tasks import Task, due_tasks
from relief_desktop.storage.store import Store

BUCKETS = ("已逾期", "今天", "本周")
_COLOURS = {"已逾期": "#c62828", "今天": "#e65100", "本周": "#1565c0"}
CASE_ROLE = Qt.ItemDataRole.UserRole


class CaseTaskList(QWidget):
    """Groups 已逾期 / 今天 / 本周; double-click (or Enter) on a row emits `case_opened(uuid)`."""

    case_opened = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("case_tasks")
        self.tree.setHeaderLabels(
            [self.tr("到期"), self.tr("事项"), self.tr("个案"), self.tr("说明")]
        )
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in enumerate((150, 130, 230)):
            self.tree.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tree, 1)
        self.tree.itemActivated.connect(self._on_activated)
        self.tasks: list[Task] = []
        self.reload()

    def reload(self, today: date | None = None) -> None:
        self.tasks = due_tasks(self.store, today)
        self.tree.clear()
        for bucket in BUCKETS:
            found = [t for t in self.tasks if t.bucket == bucket]
            group = QTreeWidgetItem(self.tree, [f"{bucket}（{len(found)}）"])
            group.setForeground(0, QBrush(QColor(_COLOURS[bucket])))
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            for task in found:
                item = QTreeWidgetItem(
                    group,
                    [task.due.isoformat(), task.kind, f"{task.case_no} {task.name}", task.text],
                )
                item.setData(0, CASE_ROLE, task.case_uuid)
            group.setExpanded(bucket != "本周" or len(found) < 30)
        counts = {b: sum(1 for t in self.tasks if t.bucket == b) for b in BUCKETS}
        self.title.setText(
            self.tr("待办事项：已逾期 {0} 项，今天 {1} 项，本周 {2} 项").format(
                counts["已逾期"], counts["今天"], counts["本周"]
            )
        )

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        uuid = item.data(0, CASE_ROLE)
        if isinstance(uuid, str):
            self.case_opened.emit(uuid)
