"""设置 · 登录与密码: change one's own password, give a colleague a first password, and choose
after how many idle minutes the screen locks."""

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import accounts, team
from relief_desktop.services.passwords import strength_hint
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.lock_screen import LOCK_MINUTES_KEY, lock_minutes


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaximumWidth(300)
    return edit


class AccountPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

        own = QGroupBox(self.tr("修改我的密码"), self)
        self.current_edit = _password_edit(own)
        self.new_edit = _password_edit(own)
        self.again_edit = _password_edit(own)
        self.strength_label = QLabel(own)
        self.change_button = QPushButton(self.tr("修改密码"), own)
        own_form = QFormLayout(own)
        own_form.addRow(self.tr("当前密码"), self.current_edit)
        own_form.addRow(self.tr("新密码"), self.new_edit)
        own_form.addRow(self.tr("再输入一次"), self.again_edit)
        own_form.addRow("", self.strength_label)
        own_form.addRow("", self.change_button)

        colleague = QGroupBox(self.tr("为同事设置初始密码"), self)
        self.member_combo = QComboBox(colleague)
        self.member_password_edit = _password_edit(colleague)
        self.member_again_edit = _password_edit(colleague)
        self.member_button = QPushButton(self.tr("设置初始密码"), colleague)
        note = QLabel(
            self.tr(
                "新来的同事，或忘记密码的同事：在这里设一个临时密码当面告诉他，登录后请他马上改掉。"
            ),
            colleague,
        )
        note.setWordWrap(True)
        colleague_form = QFormLayout(colleague)
        colleague_form.addRow(note)
        colleague_form.addRow(self.tr("同事"), self.member_combo)
        colleague_form.addRow(self.tr("初始密码"), self.member_password_edit)
        colleague_form.addRow(self.tr("再输入一次"), self.member_again_edit)
        colleague_form.addRow("", self.member_button)

        lock = QGroupBox(self.tr("自动锁屏"), self)
        self.minutes_spin = QSpinBox(lock)
        self.minutes_spin.setRange(1, 240)
        self.minutes_spin.setSuffix(self.tr(" 分钟"))
        self.minutes_spin.setValue(lock_minutes(context))
        self.minutes_button = QPushButton(self.tr("保存"), lock)
        lock_row = QHBoxLayout(lock)
        lock_row.addWidget(QLabel(self.tr("无人操作多久后锁屏（随时可按 Ctrl+L 锁屏）"), lock))
        lock_row.addWidget(self.minutes_spin)
        lock_row.addWidget(self.minutes_button)
        lock_row.addStretch(1)

        for widget in (self.change_button, self.member_button, self.member_combo):
            widget.setMaximumWidth(300)  # not stretched across a wide window
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(own)
        layout.addWidget(colleague)
        layout.addWidget(lock)
        layout.addWidget(self.message_label)
        layout.addStretch(1)

        self.new_edit.textChanged.connect(
            lambda text: self.strength_label.setText(
                self.tr("密码强度：{0}").format(strength_hint(text)) if text else ""
            )
        )
        self.change_button.clicked.connect(self.change_own)
        self.member_button.clicked.connect(self.set_colleague)
        self.minutes_button.clicked.connect(self.save_minutes)
        context.team_changed.connect(self.reload)
        context.worker_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.member_combo.clear()
        for account in accounts.accounts(self.context.store):
            if account.member.uuid == self.context.worker.uuid:
                continue
            state = "" if account.has_password else self.tr("（还没有密码）")
            self.member_combo.addItem(f"{account.member.name}{state}", account.member.uuid)

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #c62828;" if error else "color: #2e7d32;")
        self.message_label.setText(text)

    def change_own(self) -> bool:
        store, worker = self.context.store, self.context.worker
        try:
            if accounts.sign_in_required(store) and any(
                a.member.uuid == worker.uuid and a.has_password for a in accounts.accounts(store)
            ):
                accounts.check(store, worker, self.current_edit.text())
            if self.new_edit.text() != self.again_edit.text():
                raise RuleError("password_mismatch")
            accounts.set_password(store, worker.actor, worker.uuid, self.new_edit.text())
        except RuleError as error:
            self._say(str(error), error=True)
            return False
        for edit in (self.current_edit, self.new_edit, self.again_edit):
            edit.clear()
        self._say(self.tr("密码已修改。下次登录和解锁请用新密码。"))
        return True

    def set_colleague(self) -> bool:
        uuid = self.member_combo.currentData()
        if not isinstance(uuid, str):
            return False
        try:
            if self.member_password_edit.text() != self.member_again_edit.text():
                raise RuleError("password_mismatch")
            accounts.set_password(
                self.context.store,
                self.context.worker.actor,
                uuid,
                self.member_password_edit.text(),
            )
        except RuleError as error:
            self._say(str(error), error=True)
            return False
        self.member_password_edit.clear()
        self.member_again_edit.clear()
        self.reload()
        self._say(self.tr("已设置初始密码，请当面告诉同事，并请他登录后马上修改。"))
        return True

    def save_minutes(self) -> None:
        minutes = self.minutes_spin.value()
        team.set_setting(
            self.context.store, self.context.worker.actor, LOCK_MINUTES_KEY, str(minutes)
        )
        self._say(self.tr("已保存：无人操作 {0} 分钟后自动锁屏。").format(minutes))
