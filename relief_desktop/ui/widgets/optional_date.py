"""A date field the user can type into or pick from a calendar, with a clear "未填" state.

What is typed stays as typed: a date that cannot be read, or lies outside the field's range, is
never corrected silently (a QDateEdit drops the keystrokes it does not like, so "2027-06-01" could
become 2026-06-01). `problem()` says what is wrong; the dialogs refuse to save while it does.
"""

import re
import unicodedata
from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from relief_desktop.domain.errors import Problem

EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
_PARTS = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_typed_date(text: str) -> date | None:
    """'2026-06-01', '2026/6/1', '2026.6.1', '2026年6月1日', '20260601' (full-width too)."""
    text = unicodedata.normalize("NFKC", text).strip()
    match = _PARTS.match(text)
    if match is not None:
        year, month, day = (int(part) for part in match.groups())
    elif len(text) == 8 and text.isdigit():
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


class OptionalDateEdit(QWidget):
    """`value()` is a `date` or None (未填, or typed text that is not a date: see `problem()`)."""

    changed = Signal()  # on every keystroke
    committed = Signal()  # the user is done: left the field, picked a day or cleared it

    def __init__(
        self,
        value: date | None = None,
        parent: QWidget | None = None,
        minimum: date = EARLIEST,
        maximum: date = LATEST,
        label: str = "",
    ) -> None:
        super().__init__(parent)
        self.minimum, self.maximum, self.label = minimum, maximum, label
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("未填"))
        self.edit.setToolTip(self.tr("按 2026-01-31 的格式输入，或点右侧 ▾（Alt+↓）从日历选择"))
        self.edit.setMinimumWidth(110)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setDateRange(_qdate(minimum), _qdate(maximum))
        self.calendar_menu = QMenu(self)
        action = QWidgetAction(self.calendar_menu)
        action.setDefaultWidget(self.calendar)
        self.calendar_menu.addAction(action)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip(self.tr("从日历选择"))
        self.calendar_button.setAutoRaise(True)
        self.calendar_button.clicked.connect(self._open_calendar)
        self.clear_button = QToolButton(self)
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("清除日期（未填）"))
        self.clear_button.setAutoRaise(True)
        # Tab goes from field to field; the calendar opens from the keyboard with Alt+↓ or F4.
        for button in (self.calendar_button, self.clear_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        open_calendar = QAction(self.edit)
        open_calendar.setShortcuts([QKeySequence("Alt+Down"), QKeySequence("F4")])
        open_calendar.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        open_calendar.triggered.connect(self._open_calendar)
        self.edit.addAction(open_calendar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.calendar_button)
        layout.addWidget(self.clear_button)
        self.clear_button.clicked.connect(self._on_cleared)
        self.calendar.clicked.connect(self._on_picked)
        self.calendar.activated.connect(self._on_picked)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.editingFinished.connect(self._tidy)
        self.set_value(value)

    def value(self) -> date | None:
        """The date typed or picked; None when empty or not a readable date in range."""
        typed = parse_typed_date(self.edit.text())
        if typed is None or not self.minimum <= typed <= self.maximum:
            return None
        return typed

    def set_value(self, value: date | None) -> None:
        self.edit.setText("" if value is None else value.isoformat())

    def text(self) -> str:
        return self.edit.text().strip()

    def problem(self, field: str = "") -> Problem | None:
        """What is wrong with the typed text, worded with this field's label; None if nothing."""
        text = self.text()
        if not text:
            return None
        label = self.label or form_label(self) or "日期"
        typed = parse_typed_date(text)
        if typed is None:
            return Problem(field, "date_format", {"label": label, "value": text})
        if not self.minimum <= typed <= self.maximum:
            details = {
                "label": label,
                "value": typed.isoformat(),
                "min": self.minimum.isoformat(),
                "max": self.maximum.isoformat(),
            }
            return Problem(field, "date_out_of_range", details)
        return None

    def required_problem(self, field: str = "") -> Problem | None:
        """`problem()`, or "…不能为空" when nothing is typed (a date the form cannot do without)."""
        if not self.text():
            label = self.label or form_label(self) or "日期"
            return Problem(field, "required", {"label": label})
        return self.problem(field)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.calendar_button.setVisible(not read_only)
        self.clear_button.setVisible(not read_only)

    def _open_calendar(self) -> None:
        shown = self.value() or min(max(date.today(), self.minimum), self.maximum)
        self.calendar.setSelectedDate(_qdate(shown))
        self.calendar_menu.popup(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))

    def _on_picked(self, picked: QDate) -> None:
        self.set_value(date(picked.year(), picked.month(), picked.day()))
        self.calendar_menu.hide()
        self.edit.setFocus()
        self.committed.emit()

    def _on_cleared(self) -> None:
        self.set_value(None)
        self.committed.emit()

    def _tidy(self) -> None:
        """A readable date is shown the one way (2026/6/1 -> 2026-06-01); nothing else changes."""
        typed = parse_typed_date(self.edit.text())
        if typed is not None and typed.isoformat() != self.edit.text():
            self.edit.setText(typed.isoformat())
        self.committed.emit()

    def _on_text_changed(self, _text: str) -> None:
        self.clear_button.setEnabled(bool(self.text()))
        self.changed.emit()


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def form_label(widget: QWidget) -> str:
    """The text of the label a QFormLayout row shows for `widget` ("登记日期"), if any."""
    parent = widget.parentWidget()
    while parent is not None:
        for form in parent.findChildren(QFormLayout):
            label = form.labelForField(widget)
            if isinstance(label, QLabel) and label.text().strip():
                return label.text().replace("*", "").replace("：", "").strip()
        parent = parent.parentWidget()
    return ""


def typed_date_problems(root: QWidget) -> list[tuple[OptionalDateEdit, Problem]]:
    """Every date field under `root` whose text is not a date it can take, with the problem."""
    found: list[tuple[OptionalDateEdit, Problem]] = []
    for edit in root.findChildren(OptionalDateEdit):
        problem = edit.problem()
        if problem is not None:
            found.append((edit, problem))
    return found
