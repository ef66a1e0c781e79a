"""Read-only lists built from a few rows (history, contacts, coverage): one look everywhere."""

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QWidget


def read_only_table(
    headers: Sequence[str],
    parent: QWidget | None = None,
    *,
    stretch_column: int | None = None,
) -> QTableWidget:
    """Whole rows selected one at a time, no editing, alternating rows, no row numbers."""
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    if stretch_column is None:
        table.horizontalHeader().setStretchLastSection(True)
    else:
        table.horizontalHeader().setSectionResizeMode(
            stretch_column, QHeaderView.ResizeMode.Stretch
        )
    return table


def fit_columns(table: QTableView, widest: int = 360) -> None:
    """Each column as wide as its header and its cells (the first 200 rows are measured, so a
    long list costs no more than a short one), but no column wider than `widest`; the last one
    still takes the spare width."""
    table.horizontalHeader().setResizeContentsPrecision(200)
    table.resizeColumnsToContents()
    for column in range(table.horizontalHeader().count()):
        if table.columnWidth(column) > widest:
            table.setColumnWidth(column, widest)
