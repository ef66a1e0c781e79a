"""A date edit with a calendar popup and a clear "未填" state for optional dates."""

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QToolButton, QWidget

# One day before the earliest date we accept stands for "not filled in".
_UNSET = QDate(1899, 12, 31)


class OptionalDateEdit(QWidget):
    """`value()` is a `date` or None; the clear button (×) returns it to 未填."""

    changed = Signal()

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(_UNSET)
        self.edit.setMaximumDate(QDate(2100, 12, 31))
        self.edit.setSpecialValueText(self.tr("未填"))
        self.edit.setMinimumWidth(120)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("清除日期（未填）"))
        self.clear_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.clear_button.clicked.connect(lambda: self.set_value(None))
        self.edit.dateChanged.connect(self._on_date_changed)
        # The popup opens on the edit's date: for 未填 show this month, not December 1899.
        self.edit.calendarWidget().installEventFilter(self)
        self.set_value(value)

    def value(self) -> date | None:
        current = self.edit.date()
        if current <= _UNSET:
            return None
        return date(current.year(), current.month(), current.day())

    def set_value(self, value: date | None) -> None:
        self.edit.setDate(_UNSET if value is None else QDate(value.year, value.month, value.day))

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.edit.setCalendarPopup(not read_only)
        self.clear_button.setVisible(not read_only)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.value() is None:
            today = QDate.currentDate()
            self.edit.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _on_date_changed(self, _value: QDate) -> None:
        self.clear_button.setEnabled(self.value() is not None)
        self.changed.emit()
