"""Any ledger as a paged table: its columns come from the declaration, rows a page at a time."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt

from relief_desktop.domain.money import format_yuan
from relief_desktop.ledgers.service import LedgerQuery, Record
from relief_desktop.ledgers.spec import Ledger
from relief_desktop.ui.models.paged_table_model import Index as _Index
from relief_desktop.ui.models.paged_table_model import PagedTableModel

PageLoader = Callable[[LedgerQuery, int, int], list[Record]]
Counter = Callable[[LedgerQuery], int]

UUID_ROLE = Qt.ItemDataRole.UserRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NUMBER_KINDS = ("int", "money", "decimal", "minutes")


class LedgerTableModel(PagedTableModel[LedgerQuery, Record]):
    PAGE_SIZE = 200

    def __init__(self, ledger: Ledger, load_page: PageLoader, count: Counter) -> None:
        super().__init__(LedgerQuery(), load_page, count)
        self.ledger = ledger
        # (key, header, kind); extra columns (a balance) come last.
        self.columns: list[tuple[str, str, str]] = [
            (f.key, f.label, f.kind) for f in ledger.fields if f.in_list
        ] + [(c.key, c.label, "extra_" + c.kind) for c in ledger.extra_columns]

    def record_at(self, row: int) -> Record | None:
        return self.row_at(row)

    def headers(self) -> Sequence[str]:
        return [header for _key, header, _kind in self.columns]

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

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        key = self.columns[column][0]
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self._query.sort and descending == self._query.descending and self._rows:
            return
        self.set_query(replace(self._query, sort=key, descending=descending))
