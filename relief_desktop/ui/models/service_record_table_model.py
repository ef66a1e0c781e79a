"""Service records of a case (个案服务台账), newest first, fetched a page at a time."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from relief_desktop.services.casework.service_records import ServiceRow

_Index = QModelIndex | QPersistentModelIndex
PageLoader = Callable[[int, int], list[ServiceRow]]
Counter = Callable[[], int]
UUID_ROLE = Qt.ItemDataRole.UserRole

COLUMNS: tuple[tuple[str, str], ...] = (
    ("served_on", "日期"),
    ("mode", "方式"),
    ("service_type", "类型"),
    ("measure", "措施"),
    ("content", "内容"),
    ("minutes", "时长(分)"),
    ("worker_names", "社工"),
    ("next_step", "下一步"),
    ("next_step_on", "下一步日期"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ServiceRecordTableModel", text)


class ServiceRecordTableModel(QAbstractTableModel):
    PAGE_SIZE = 100

    def __init__(self, load_page: PageLoader, count: Counter) -> None:
        super().__init__()
        self._load_page = load_page
        self._count = count
        self._rows: list[ServiceRow] = []
        self._total = 0
        self._fetching = False

    @property
    def total(self) -> int:
        return self._total

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._total = self._count()
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> ServiceRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        attribute = COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = getattr(row, attribute)
            return "" if value is None else str(value)
        if role == UUID_ROLE:
            return row.uuid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return _tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        # A rowsAboutToBeInserted listener (the model tester is one) may call back in here.
        self._fetching = True
        try:
            start = len(self._rows)
            batch = self._load_page(start, self.PAGE_SIZE)
            if not batch:
                self._total = start
                return
            self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()
        finally:
            self._fetching = False
