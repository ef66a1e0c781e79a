"""One frame for every form window: the fields scroll inside it, the message line and 保存/取消
stay in view below them, the window never opens taller or wider than the screen (a street
center's 1366×768 PC with its taskbar, at 100 % or 125 % scaling), Ctrl+S saves and Esc closes."""

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

# Room a window needs beyond its own size: the title bar above it, a border around it.
TITLE_BAR = 40
BORDER = 16
# A form sized to its fields is still at least this wide: short fields look cramped otherwise.
FORM_WIDTH = 440


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize to `width` × `height`, or to as much as the screen has room for."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(width, height)
        return
    room = screen.availableGeometry()
    window.resize(min(width, room.width() - BORDER), min(height, room.height() - TITLE_BAR))


class _FitOnShow(QObject):
    """Sizes a window just before it is first shown (and positioned): as asked by resize(),
    else to its content; either way no larger than the screen."""

    def __init__(self, window: QWidget, scroll: QScrollArea | None) -> None:
        super().__init__(window)
        self.scroll = scroll

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            if watched.testAttribute(Qt.WidgetAttribute.WA_Resized):
                fit_to_screen(watched, watched.width(), watched.height())
            else:
                width, height = _content_size(watched, self.scroll)
                fit_to_screen(watched, width, height)
        return False


def _content_size(window: QWidget, scroll: QScrollArea | None) -> tuple[int, int]:
    hint = window.sizeHint()
    width, height = hint.width(), hint.height()
    body = scroll.widget() if scroll is not None else None
    if scroll is not None and body is not None:
        # A scroll area asks for a modest size; the form wants all its rows in view.
        full = body.sizeHint()
        asked = scroll.sizeHint().expandedTo(scroll.minimumSizeHint())  # what the layout gave it
        bar = scroll.verticalScrollBar().sizeHint().width()
        width += max(0, full.width() + bar - asked.width())
        height += max(0, full.height() + 2 - asked.height())
    return max(width, window.minimumSizeHint().width(), FORM_WIDTH), height


def keep_on_screen(window: QWidget, scroll: QScrollArea | None = None) -> None:
    """Before `window` is first shown, shrink it to the screen if it would not fit."""
    window.installEventFilter(_FitOnShow(window, scroll))


def scrolling(content: QWidget | QLayout, parent: QWidget | None = None) -> QScrollArea:
    """`content` in a frameless scroll area; spare height stays below it, never between rows."""
    body = QWidget()
    box = QVBoxLayout(body)
    box.setContentsMargins(0, 0, 0, 0)
    if isinstance(content, QLayout):
        box.addLayout(content)
    else:
        box.addWidget(content)
    box.addStretch(1)
    scroll = QScrollArea(parent)
    scroll.setObjectName("form_scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll


def save_cancel(dialog: QDialog, save_text: str = "", cancel_text: str = "") -> QDialogButtonBox:
    """保存 / 取消 (or other words), with Ctrl+S on the first and Esc on the second."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    save.setText(save_text or dialog.tr("保存"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or dialog.tr("取消"))
    add_save_shortcut(dialog, save)
    return buttons


def add_save_shortcut(dialog: QWidget, button: QPushButton) -> QShortcut:
    """Ctrl+S presses `button` (when it is enabled), wherever the focus is in the dialog."""
    shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Save), dialog)
    shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
    shortcut.activated.connect(lambda: button.click() if button.isEnabled() else None)
    if not button.toolTip():
        button.setToolTip(dialog.tr("Ctrl+S"))
    return shortcut


def accept_button(buttons: QDialogButtonBox) -> QPushButton | None:
    """The box's saving button (保存, or 确定 / 完成设置 …), if it has one."""
    for button in buttons.buttons():
        role = buttons.buttonRole(button)
        if role in (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole):
            return button if isinstance(button, QPushButton) else None
    return None


def frame_form(
    dialog: QDialog,
    content: QWidget | QLayout,
    buttons: QDialogButtonBox,
    *,
    above: Sequence[QWidget] = (),
    below: Sequence[QWidget] = (),
    size: tuple[int, int] | None = None,
) -> QScrollArea:
    """Lay `dialog` out as: `above` (a header, a message), the scrolling `content`, `below`
    (an error line), then the buttons; Ctrl+S saves. `size` is the size wanted on a big screen;
    without it the window takes what its fields need. Either way it fits the screen."""
    layout = QVBoxLayout(dialog)
    for widget in above:
        layout.addWidget(widget)
    scroll = scrolling(content, dialog)
    layout.addWidget(scroll, 1)
    for widget in below:
        layout.addWidget(widget)
    layout.addWidget(buttons)
    save = accept_button(buttons)
    has_shortcut = any(
        isinstance(s, QShortcut) and s.key() == QKeySequence(QKeySequence.StandardKey.Save)
        for s in dialog.children()
    )
    if save is not None and not has_shortcut:
        add_save_shortcut(dialog, save)
    if size is not None:
        dialog.resize(*size)
    keep_on_screen(dialog, scroll)
    return scroll
