"""The registry list (登记): pages of beneficiaries fetched as the view scrolls, never all rows."""

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from relief_desktop.domain.idcard import mask
from relief_desktop.services.registry_query import SORTS, RegistryQuery, RegistryRow
from relief_desktop.ui.models.paged_table_model import Index as _Index
from relief_desktop.ui.models.paged_table_model import PagedTableModel

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


class RegistryTableModel(PagedTableModel[RegistryQuery, RegistryRow]):
    PAGE_SIZE = 200

    def __init__(self, load_page: PageLoader, count: Counter) -> None:
        super().__init__(RegistryQuery(), load_page, count)

    def headers(self) -> Sequence[str]:
        return [_tr(header) for _attribute, header, _sort in COLUMNS]

    def uuid_at(self, row: int) -> str | None:
        found = self.row_at(row)
        return found.uuid if found is not None else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        attribute = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, attribute) or ""
            if attribute == "name" and row.member_match:
                # Found through a relative, not by the person's own name: say whom.
                return _tr("{name}（家属：{member}）").format(name=value, member=row.member_match)
            # Lists show IDs masked (PIPL: minimum necessary); the form shows the full number.
            return mask(value) if attribute == "id_number" else value
        if role == UUID_ROLE:
            return row.uuid
        if role == Qt.ItemDataRole.ToolTipRole and attribute == "labels":
            return row.labels or None
        if role == Qt.ItemDataRole.ToolTipRole and attribute == "name" and row.member_match:
            return _tr("家庭成员{member}与搜索内容相符").format(member=row.member_match)
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
