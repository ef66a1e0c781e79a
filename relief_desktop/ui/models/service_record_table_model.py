"""Service records of a case (个案服务台账), newest first, fetched a page at a time."""

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from relief_desktop.services.casework.service_records import ServiceRow
from relief_desktop.ui.models.paged_table_model import Index as _Index
from relief_desktop.ui.models.paged_table_model import PagedTableModel

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


class ServiceRecordTableModel(PagedTableModel[None, ServiceRow]):
    PAGE_SIZE = 100

    def __init__(self, load_page: PageLoader, count: Counter) -> None:
        super().__init__(None, lambda _query, offset, limit: load_page(offset, limit),
                         lambda _query: count())  # fmt: skip

    def headers(self) -> Sequence[str]:
        return [_tr(header) for _attribute, header in COLUMNS]

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
