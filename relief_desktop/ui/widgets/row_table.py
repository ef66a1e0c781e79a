"""A table of editable rows built from widgets, with 添加 / 删除 buttons (household, labels)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.ui.widgets.optional_date import OptionalDateEdit


class CheckCell(QWidget):
    """A check box centred in its table cell."""

    def __init__(self, checked: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.setChecked(checked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignCenter)


class RowTable(QWidget):
    """Each row is a dict of cell widgets keyed by field name, in `columns` order; the column of
    `stretch` (else the last) takes the spare width."""

    rows_changed = Signal()
    # The cell widgets of rows about to be deleted (what a problem shown on them must let go of).
    cells_removed = Signal(object)

    def __init__(
        self,
        columns: list[tuple[str, str, int]],
        add_text: str,
        parent: QWidget | None = None,
        stretch: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns  # (field, header, width)
        self.rows: list[dict[str, QWidget]] = []
        self.table = QTableWidget(0, len(columns), self)
        self.table.setHorizontalHeaderLabels([header for _, header, _ in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # One column (the free text) takes the spare width, so the last one is never cut off.
        self.table.horizontalHeader().setStretchLastSection(stretch is None)
        for column, (field, _, width) in enumerate(columns):
            self.table.setColumnWidth(column, width)
            if field == stretch:
                self.table.horizontalHeader().setSectionResizeMode(
                    column, QHeaderView.ResizeMode.Stretch
                )
        self.add_button = QPushButton(add_text, self)
        self.remove_button = QPushButton(self.tr("删除所选行"), self)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def make_cells(self, value: object | None) -> dict[str, QWidget]:
        raise NotImplementedError

    def add_row(self, value: object | None = None) -> dict[str, QWidget]:
        cells = self.make_cells(value)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, (field, header, _) in enumerate(self.columns):
            cell = cells[field]
            self.table.setCellWidget(row, column, cell)
            if isinstance(cell, OptionalDateEdit) and not cell.label:
                cell.label = header.split("（")[0]  # a date typed wrong names its column
        self.rows.append(cells)
        self.table.setCurrentCell(row, 0)
        self.rows_changed.emit()
        return cells

    def remove_current_row(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.remove_row(row)

    def remove_row(self, row: int) -> None:
        self.cells_removed.emit(list(self.rows[row].values()))
        self.table.removeRow(row)
        del self.rows[row]
        self.rows_changed.emit()

    def clear_rows(self) -> None:
        self.cells_removed.emit([cell for cells in self.rows for cell in cells.values()])
        self.table.setRowCount(0)
        self.rows = []
        self.rows_changed.emit()

    def row_of(self, widget: QWidget) -> int:
        for row, cells in enumerate(self.rows):
            for cell in cells.values():
                if cell is widget or cell.isAncestorOf(widget):
                    return row
        return -1
