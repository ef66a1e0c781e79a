"""A list that, while it has nothing to show, says what to do first and offers a button for it."""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget


class EmptyState(QStackedWidget):
    """`view` (a table), or in its place a hint with one button while `show_empty(True)`."""

    def __init__(self, view: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.hint = QLabel(self)
        self.hint.setObjectName("empty_hint")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: #37474f; font-size: 15px;")
        self.button = QPushButton(self)
        self.button.setObjectName("empty_action")
        self.button.setMinimumHeight(34)
        self._action: Callable[[], object] | None = None
        self.button.clicked.connect(self._on_clicked)
        page = QWidget(self)
        page.setObjectName("empty_page")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.hint)
        layout.addSpacing(8)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.empty_page = page
        self.addWidget(view)
        self.addWidget(page)

    def set_hint(self, text: str, button_text: str, action: Callable[[], object]) -> None:
        self.hint.setText(text)
        self.button.setText(button_text)
        self._action = action

    def show_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty_page if empty else self.view)

    @property
    def is_empty_shown(self) -> bool:
        return self.currentWidget() is self.empty_page

    def _on_clicked(self) -> None:
        if self._action is not None:
            self._action()
