"""The one paging mechanism behind every long list: rows fetched a page at a time as the view
scrolls, never all in memory; filters and sorting re-query instead of sorting loaded rows."""

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
Q = TypeVar("Q")  # the query: filters and sort order
R = TypeVar("R")  # one row as the service returns it


class PagedTableModel(QAbstractTableModel, Generic[Q, R]):
    PAGE_SIZE = 200

    def __init__(
        self,
        query: Q,
        load_page: Callable[[Q, int, int], list[R]],
        count: Callable[[Q], int],
    ) -> None:
        super().__init__()
        self._query = query
        self._load_page = load_page
        self._count = count
        self._rows: list[R] = []
        self._total = 0
        self._fetching = False

    def headers(self) -> Sequence[str]:
        """Column titles; subclasses say what their columns are."""
        raise NotImplementedError

    @property
    def query(self) -> Q:
        return self._query

    @property
    def total(self) -> int:
        """How many rows match the query, fetched or not."""
        return self._total

    def set_query(self, query: Q) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        """Re-count and show the first page again (after a save, a new filter or sort)."""
        self.beginResetModel()
        self._rows = []
        self._total = self._count(self._query)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def row_at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = self.headers()
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(headers):
            return headers[section]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self._fetching and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
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
