"""Table models of the 核查 page: the quarter's work list, feedback items, import preview rows."""

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from relief_desktop.domain.idcard import mask
from relief_desktop.services.inspection import roll_facts
from relief_desktop.services.inspection.feedback import FeedbackRow
from relief_desktop.services.inspection.roll_facts import Fact, facts_of
from relief_desktop.services.inspection.worklist import WorkItem

_Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole
DONE_GREEN = QColor("#2e7d32")
TODO_RED = QColor("#c62828")


def _tr(text: str) -> str:
    return QCoreApplication.translate("inspection_models", text)


class ListTableModel(QAbstractTableModel):
    """Rows already in memory, shown a page at a time as the view scrolls (fetchMore)."""

    PAGE_SIZE = 200
    HEADERS: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self._all: Sequence[Any] = []
        self._shown = 0
        self._fetching = False

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = rows
        self._shown = min(len(rows), self.PAGE_SIZE)
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> Any:
        return self._all[row] if 0 <= row < self._shown else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.HEADERS):
            return _tr(self.HEADERS[section])
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._fetching and self._shown < len(self._all)

    def fetchMore(self, parent: _Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._fetching = True  # a rowsAboutToBeInserted listener may call back in here
        try:
            start = self._shown
            last = min(len(self._all), start + self.PAGE_SIZE) - 1
            self.beginInsertRows(QModelIndex(), start, last)
            self._shown = last + 1
            self.endInsertRows()
        finally:
            self._fetching = False

    def cell(self, item: Any, column: int) -> object:
        raise NotImplementedError

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown:
            return None
        item = self._all[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.cell(item, index.column())
            return "" if value is None else str(value)
        if role == ID_ROLE:
            return getattr(item, "entry_id", getattr(item, "id", None))
        return self.extra(item, index.column(), role)

    def extra(self, item: Any, column: int, role: int) -> Any:
        return None


class WorkListModel(ListTableModel):
    """The quarter's work list; between the person's columns and the inspection columns sit the
    roll's facts of the category shown (guardian, 保障人数 and amount, 供养方式 …)."""

    LEAD = ("状态", "社区", "姓名", "身份证号", "家庭住址", "联系电话", "家庭人口")
    TAIL = ("本季度核查", "最近核查", "登记档案")
    HEADERS: tuple[str, ...] = LEAD + TAIL
    STATUS_COLUMN = 0
    ADDRESS_COLUMN = 4
    LEAD_WIDTHS = (80, 90, 70, 150, 180, 110, 60)
    TAIL_WIDTHS = (90, 90, 120)
    FACT_WIDTHS: ClassVar[dict[str, int]] = {
        "name": 70,
        "phone": 110,
        "int": 70,
        "money": 110,
        "date": 90,
        "text": 100,
    }

    def __init__(self) -> None:
        super().__init__()
        self.category = ""
        self.facts: tuple[Fact, ...] = ()

    def set_category(self, category: str) -> None:
        """Show the columns of `category`; the rows are cleared until set_rows."""
        if category == self.category:
            return
        self.beginResetModel()
        self.category = category
        # A guardian's ID is in the tooltip of the guardian's name, masked: not a column of its own.
        self.facts = tuple(f for f in facts_of(category) if f.kind != "id")
        self.HEADERS = self.LEAD + tuple(f.label for f in self.facts) + self.TAIL
        self._all = []
        self._shown = 0
        self.endResetModel()

    def widths(self) -> tuple[int, ...]:
        facts = tuple(self.FACT_WIDTHS[f.kind] for f in self.facts)
        return self.LEAD_WIDTHS + facts + self.TAIL_WIDTHS

    def cell(self, item: WorkItem, column: int) -> object:
        if column == 0:
            if item.done:
                return _tr("已核查")
            return _tr("已尝试 {0} 次").format(item.attempts) if item.attempts else _tr("待核查")
        lead: tuple[object, ...] = (
            None,
            item.community,
            item.name,
            mask(item.id_number),  # lists show IDs masked; the form shows the full number
            item.address,
            item.phone,
            item.household_size,
        )
        if column < len(lead):
            return lead[column]
        column -= len(lead)
        if column < len(self.facts):
            return roll_facts.text(item.facts, self.facts[column])
        column -= len(self.facts)
        tail: tuple[object, ...] = (
            item.done_on,
            item.last_inspected,
            item.file_no or _tr("未登记"),
        )
        return tail[column]

    def extra(self, item: WorkItem, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return DONE_GREEN if item.done else TODO_RED
        if role == Qt.ItemDataRole.ToolTipRole and column == self.ADDRESS_COLUMN:
            return item.address or None
        fact = column - len(self.LEAD)
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= fact < len(self.facts):
            return self._fact_tip(item, self.facts[fact])
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and 0 <= fact < len(self.facts)
            and self.facts[fact].kind in ("int", "money")
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _fact_tip(self, item: WorkItem, fact: Fact) -> str | None:
        shown = roll_facts.text(item.facts, fact)
        if fact.key == "guardian_name":
            number = mask(item.facts.guardian_id_number)
            parts = [shown, _tr("身份证号 {0}").format(number) if number else ""]
            return "　".join(p for p in parts if p) or None
        return shown or None


class FeedbackModel(ListTableModel):
    HEADERS = ("发现日期", "类别", "社区", "姓名", "反馈内容", "状态", "报送日期", "民政局回复")

    def cell(self, item: FeedbackRow, column: int) -> object:
        values: tuple[object, ...] = (
            item.found_on,
            item.category,
            item.community,
            item.name,
            item.summary,
            item.status,
            item.reported_on,
            item.reply,
        )
        return values[column]

    def extra(self, item: FeedbackRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return item.summary
        return None


class RowsModel(ListTableModel):
    """Plain rows of text (the import preview's tabs); headers given per instance."""

    def __init__(
        self, headers: Sequence[str], highlight: Callable[[Sequence[object]], bool] | None = None
    ) -> None:
        super().__init__()
        self._headers = tuple(headers)
        self._highlight = highlight

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return super().headerData(section, orientation, role)

    def cell(self, item: Sequence[object], column: int) -> object:
        return item[column]

    def extra(self, item: Sequence[object], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and self._highlight and self._highlight(item):
            return TODO_RED
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item[column]) or None
        return None
