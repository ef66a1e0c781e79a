"""锁屏: when the team steps away (idle for a set time, or Ctrl+L), every window's data is hidden
until the worker's password is typed again. Visitors at the counter see only this."""

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import accounts, team
from relief_desktop.ui.context import AppContext

LOCK_MINUTES_KEY = "lock_minutes"
DEFAULT_LOCK_MINUTES = 10
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.InputMethod,
}


def lock_minutes(context: AppContext) -> int:
    text = team.get_setting(context.store, LOCK_MINUTES_KEY)
    try:
        return max(1, min(int(text or DEFAULT_LOCK_MINUTES), 240))
    except ValueError:
        return DEFAULT_LOCK_MINUTES


class IdleWatcher(QObject):
    """Counts time since the last key or mouse input anywhere in the app; says when it is due."""

    idle = Signal()

    def __init__(self, minutes: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.minutes = minutes  # read at each check: a change in 设置 applies at once
        self.last_input = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(15_000)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.last_input = time.monotonic()
        return False

    def check(self) -> None:
        if time.monotonic() - self.last_input >= self.minutes() * 60:
            self.last_input = time.monotonic()
            self.idle.emit()


class LockScreen(QWidget):
    unlocked = Signal()
    switch_requested = Signal()  # a colleague signs in instead (the team shares the PC)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("lock_screen")
        self.title = QLabel(self)
        self.title.setStyleSheet("font-size: 20px;")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("输入密码解锁"))
        self.password_edit.setFixedWidth(260)
        self.unlock_button = QPushButton(self.tr("解锁"), self)
        self.switch_button = QPushButton(self.tr("换一位同事登录…"), self)
        self.message_label = QLabel(self)
        self.message_label.setStyleSheet("color: #c62828;")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.password_edit)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addSpacing(16)
        layout.addLayout(row)
        layout.addWidget(self.message_label)
        switch_row = QHBoxLayout()
        switch_row.addStretch(1)
        switch_row.addWidget(self.switch_button)
        switch_row.addStretch(1)
        layout.addLayout(switch_row)
        layout.addStretch(3)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.password_edit.returnPressed.connect(self.try_unlock)
        self.switch_button.clicked.connect(self.switch_requested)

    def prepare(self) -> None:
        worker = self.context.worker
        self.title.setText(self.tr("已锁定　·　{0}（{1}）").format(worker.name, worker.role))
        self.password_edit.clear()
        self.message_label.clear()
        self.password_edit.setFocus()

    def try_unlock(self) -> bool:
        try:
            accounts.check(self.context.store, self.context.worker, self.password_edit.text())
        except RuleError as error:
            self.message_label.setText(str(error))
            self.password_edit.clear()
            return False
        self.password_edit.clear()
        self.unlocked.emit()
        return True
