"""The registry list (登记): pages of beneficiaries fetched as the view scrolls, never all rows."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from relief_desktop.domain.idcard import mask
from relief_desktop.services.registry_query import SORTS, RegistryQuery, RegistryRow

_Index = QModelIndex | QPersistentModelIndex

PageLoader = Callable[[RegistryQuery, int, int], list[RegistryRow]]
Counter = Callable[[RegistryQuery], int]

UUID_ROLE = Qt.ItemDataRole.UserRole


def _tr(text: str) -> str:
    return QCoreApplication.translate("RegistryTableModel", text)


# (attribute of RegistryRow, header, sort key in registry_query.SORTS or None)
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("file_no", "档案号", "file_no"),
    ("name", "姓名", "name"),
    ("sex", "性别", "sex"),
    ("birth_date", "出生日期", "birth_date"),
    ("id_number", "证件号码", "id_number"),
    ("phone", "联系电话", "phone"),
    ("community", "社区", "community"),
    ("labels", "救助标签", None),
    ("status", "状态", "status"),
    ("priority", "优先级", "priority"),
    ("registered_on", "登记日期", "registered_on"),
)
NAME_COLUMN = 1


class RegistryTableModel(QAbstractTableModel):
    PAGE_SIZE = 200

    def __init__(self, load_page: PageLoader, count: Counter) -> None:
        super().__init__()
        self._load_page = load_page
        self._count = count
        self._query = RegistryQuery()
        self._rows: list[RegistryRow] = []
        self._total = 0
        self._fetching = False

    @property
    def query(self) -> RegistryQuery:
        return self._query

    @property
    def total(self) -> int:
        """How many people match the query (fetched or not)."""
        return self._total

    def set_query(self, query: RegistryQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-count and show the first page again (after a save, a new filter or sort)."""
        self.beginResetModel()
        self._rows = []
        self._total = self._count(self._query)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def uuid_at(self, row: int) -> str | None:
        return self._rows[row].uuid if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        attribute = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, attribute) or ""
            # Lists show IDs masked (PIPL: minimum necessary); the form shows the full number.
            return mask(value) if attribute == "id_number" else value
        if role == UUID_ROLE:
            return row.uuid
        if role == Qt.ItemDataRole.ToolTipRole and attribute == "labels":
            return row.labels or None
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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-query in the new order; a column without a sort key keeps the current order."""
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column][2]
        if key is None or key not in SORTS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending and self._rows:
            return
        self.set_query(replace(self._query, sort=key, descending=descending))

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        # A rowsAboutToBeInserted listener (the model tester is one) may call back in here.
        self._fetching = True
        try:
            start = len(self._rows)
            batch = self._load_page(self._query, start, self.PAGE_SIZE)
            if not batch:
                self._total = start  # rows vanished meanwhile; stop asking
                return
            self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()
        finally:
            self._fetching = False
