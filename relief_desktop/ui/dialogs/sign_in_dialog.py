"""登录: who works now, proved by their own password. The first member on a new (or upgraded)
store sets theirs here; later members get a first password from a colleague in 设置."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import accounts, team
from relief_desktop.services.passwords import strength_hint
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui.widgets.form_frame import keep_on_screen


class SignInDialog(QDialog):
    def __init__(
        self, store: Store, preselect: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.member: TeamMember | None = None
        self._accounts = accounts.accounts(store)
        self._anyone = any(a.has_password for a in self._accounts)
        self.setWindowTitle(self.tr("登录"))
        self.setMinimumWidth(400)
        self.combo = QComboBox(self)
        for account in self._accounts:
            self.combo.addItem(f"{account.member.name}（{account.member.role}）")
        chosen = next((i for i, a in enumerate(self._accounts) if a.member.uuid == preselect), 0)
        self.combo.setCurrentIndex(chosen)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_label = QLabel(self.tr("再输入一次"), self)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setStyleSheet("color: #c62828;")
        form = QFormLayout()
        form.addRow(self.tr("工作人员"), self.combo)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        heading = QLabel(
            self.tr("成华区街道社会关爱援助中心 · {0}街道").format(team.street_name(store)), self
        )
        heading.setStyleSheet("font-size: 16px; padding-bottom: 6px;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.combo.currentIndexChanged.connect(self._show_mode)
        self.password_edit.textChanged.connect(self._on_typed)
        self._show_mode()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        keep_on_screen(self)

    def _account(self) -> accounts.Account:
        return self._accounts[self.combo.currentIndex()]

    def _setting_first(self) -> bool:
        """No member has a password yet: the one signing in now sets theirs."""
        return not self._anyone and not self._account().has_password

    def _show_mode(self) -> None:
        account = self._account()
        first = self._setting_first()
        self.confirm_edit.setVisible(first)
        self.confirm_label.setVisible(first)
        self.message_label.clear()
        self.password_edit.clear()
        self.confirm_edit.clear()
        if account.has_password:
            self.ok_button.setText(self.tr("登录"))
            self.ok_button.setEnabled(True)
            self.hint_label.setText("")
        elif first:
            self.ok_button.setText(self.tr("设置密码并登录"))
            self.ok_button.setEnabled(True)
            self.hint_label.setText(
                self.tr(
                    "本机数据还没有登录密码。请为 {0} 设置一个至少 8 位、别人猜不到的密码；"
                    "其他成员的初始密码，登录后在“设置 · 登录与密码”中设置。"
                ).format(account.member.name)
            )
        else:
            self.ok_button.setEnabled(False)
            self.hint_label.setText(
                self.tr(
                    "{0} 还没有登录密码。请已登录的同事在“设置 · 登录与密码”中为您设置初始密码，"
                    "登录后再改成您自己的。"
                ).format(account.member.name)
            )

    def _on_typed(self, text: str) -> None:
        if self._setting_first():
            self.hint_label.setText(self.tr("密码强度：{0}").format(strength_hint(text)))

    def _on_ok(self) -> None:
        member = self._account().member
        password = self.password_edit.text()
        try:
            if self._setting_first():
                if password != self.confirm_edit.text():
                    raise RuleError("password_mismatch")
                accounts.set_password(self.store, SYSTEM, member.uuid, password)
            else:
                accounts.check(self.store, member, password)
        except RuleError as error:
            self.message_label.setText(str(error))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        from relief_desktop.ui import session

        problem = session.encrypt_if_plain(self.store, password, member)  # an older store
        if problem is not None:
            self.message_label.setText(problem)
        self.member = member
        self.accept()
