"""Any ledger as a paged table: its columns come from the declaration, rows a page at a time."""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from relief_desktop.domain.money import format_yuan
from relief_desktop.ledgers.service import LedgerQuery, Record
from relief_desktop.ledgers.spec import Ledger

_Index = QModelIndex | QPersistentModelIndex

PageLoader = Callable[[LedgerQuery, int, int], list[Record]]
Counter = Callable[[LedgerQuery], int]

UUID_ROLE = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NUMBER_KINDS = ("int", "money", "decimal", "minutes")


class LedgerTableModel(QAbstractTableModel):
    PAGE_SIZE = 200

    def __init__(self, ledger: Ledger, load_page: PageLoader, count: Counter) -> None:
        super().__init__()
        self.ledger = ledger
        self._load_page = load_page
        self._count = count
        self._query = LedgerQuery()
        self._rows: list[Record] = []
        self._total = 0
        self._fetching = False
        # (key, header, kind); extra columns (a balance) come last.
        self.columns: list[tuple[str, str, str]] = [
            (f.key, f.label, f.kind) for f in ledger.fields if f.in_list
        ] + [(c.key, c.label, "extra_" + c.kind) for c in ledger.extra_columns]

    @property
    def query(self) -> LedgerQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    def set_query(self, query: LedgerQuery) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = []
        self._total = self._count(self._query)
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def record_at(self, row: int) -> Record | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def _text(self, record: Record, key: str, kind: str) -> str:
        if kind.startswith("extra_"):
            value = record.values.get(key)
            return format_yuan(int(value)) if kind == "extra_money" and value is not None else ""
        return record.text(self.ledger, key)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        record = self._rows[index.row()]
        key, _header, kind = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._text(record, key, kind)
            # Lists keep one line; the form shows the whole text.
            return text.replace("\n", " ⏎ ") if len(text) < 200 else text[:200] + "…"
        if role == Qt.ItemDataRole.ToolTipRole and kind == "longtext":
            return self._text(record, key, kind) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            kind in _NUMBER_KINDS or kind.startswith("extra_")
        ):
            return int(_RIGHT.value)
        if role == UUID_ROLE:
            return record.uuid
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][1]
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column][0]
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
                self._total = start
                return
            self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
            self._rows.extend(batch)
            self.endInsertRows()
        finally:
            self._fetching = False
