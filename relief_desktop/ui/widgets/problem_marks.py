"""The problems a form shows: red frames on the widgets they concern and the lines listed on top.

A problem belongs to its widgets: when they go (a table row deleted), its frame and its line go
with them, and nothing ever touches a widget Qt has already deleted.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

INVALID_STYLE = "border: 2px solid #d32f2f; border-radius: 3px;"


# A line's text, or a function giving it now (a row's number changes when a row above goes).
Text = str | Callable[[], str]


@dataclass
class _Line:
    text: Text
    widgets: set[int] = field(default_factory=set)  # ids of the widgets it concerns
    general: bool = False  # about the form as a whole: stays until the next save


class ProblemMarks(QObject):
    """`show()` marks; `lines()` is what is still to be fixed; `changed` when lines go."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[_Line] = []
        self._marked: dict[int, QWidget] = {}  # id -> widget, only while it lives
        self._hooked: set[int] = set()

    def show(self, entries: Sequence[tuple[Text, Sequence[QWidget]]]) -> None:
        """(message, the widgets it concerns); a message with no widget is about the whole form."""
        self.clear()
        tips: dict[int, list[str]] = {}
        for message, widgets in entries:
            text = _text(message)
            line = next((ln for ln in self._lines if _text(ln.text) == text), None)
            if line is None:
                line = _Line(message, general=not widgets)
                self._lines.append(line)
            for widget in widgets:
                key = id(widget)
                line.widgets.add(key)
                self._marked[key] = widget
                tips.setdefault(key, [])
                if text not in tips[key]:
                    tips[key].append(text)
        for key, widget in self._marked.items():
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip("\n".join(tips[key]))
            self._hook(widget)
        self.changed.emit()

    def lines(self) -> list[str]:
        return list(dict.fromkeys(_text(line.text) for line in self._lines))

    def marked(self) -> list[QWidget]:
        return list(self._marked.values())

    def clear(self) -> None:
        for widget in self._marked.values():
            if shiboken6.isValid(widget):
                widget.setStyleSheet("")
                widget.setToolTip("")
        self._marked.clear()
        self._lines.clear()
        self.changed.emit()

    def forget(self, widgets: Iterable[QObject]) -> None:
        """These widgets are going away: so do their frames and the lines only they explained."""
        keys = set()
        for widget in widgets:
            keys.add(id(widget))
            keys.update(id(child) for child in widget.findChildren(QWidget))
        self._drop(keys)

    def _drop(self, keys: set[int]) -> None:
        if not keys & ({k for ln in self._lines for k in ln.widgets} | set(self._marked)):
            return
        for key in keys:
            self._marked.pop(key, None)
        for line in self._lines:
            line.widgets -= keys
        self._lines = [ln for ln in self._lines if ln.general or ln.widgets]
        self.changed.emit()

    def _hook(self, widget: QWidget) -> None:
        """Touching a red field takes its frame off (its line stays until the next save);
        deleting it takes both."""
        key = id(widget)
        if key in self._hooked:
            return
        self._hooked.add(key)
        widget.destroyed.connect(lambda *_: self._on_destroyed(key))

        def unmark() -> None:
            found = self._marked.pop(key, None)
            if found is not None and shiboken6.isValid(found):
                found.setStyleSheet("")

        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(unmark)
        elif isinstance(widget, QComboBox):
            widget.activated.connect(unmark)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(unmark)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(unmark)

    def _on_destroyed(self, key: int) -> None:
        if not shiboken6.isValid(self):
            return  # the whole form is going away
        self._hooked.discard(key)
        self._drop({key})


def _text(text: Text) -> str:
    return text if isinstance(text, str) else text()
