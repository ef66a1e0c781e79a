"""设置 · 报送密码 (also opened from the packet screen): the team's packet password, entered once
and kept in the store, so every packet is AES-256 encrypted by default."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services.passwords import strength_hint
from relief_desktop.services.reporting import packet_password
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext

GREEN, GREY, RED = "#2e7d32", "#555", "#c62828"


class PacketPasswordPanel(QWidget):
    changed = Signal()  # the team password was set, changed or cleared

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.status_label = QLabel(self)
        self.status_label.setObjectName("packet_password_status")
        self.status_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "团队报送密码只需设置一次，保存在本机加密的数据中；以后生成月度资料包时默认用它"
                "加密（AES-256）。请把密码当面或用电话、短信告诉区中心，不要写在邮件里。"
            ),
            self,
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("team_password_edit")
        self.again_edit = QLineEdit(self)
        self.again_edit.setObjectName("team_password_again_edit")
        for edit in (self.password_edit, self.again_edit):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setMaximumWidth(300)
        self.password_edit.setPlaceholderText(self.tr("至少 8 位"))
        self.strength_label = QLabel(self)
        self.password_edit.textChanged.connect(self._on_text_changed)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("team_password_error")
        self.error_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存为团队报送密码"), self)
        self.save_button.setObjectName("save_team_password_button")
        self.clear_button = QPushButton(self.tr("清除（以后默认不加密）"), self)
        self.clear_button.setObjectName("clear_team_password_button")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("新密码"), self.password_edit)
        form.addRow(self.tr("再输入一次"), self.again_edit)
        form.addRow("", self.strength_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.refresh()

    def refresh(self) -> None:
        if packet_password.is_set(self.context.store):
            self.status_label.setText(self.tr("已设置团队报送密码：资料包默认加密。"))
            self.status_label.setStyleSheet(f"color: {GREEN};")
        else:
            self.status_label.setText(self.tr("还没有设置团队报送密码：资料包默认不加密。"))
            self.status_label.setStyleSheet(f"color: {RED};")
        self.clear_button.setEnabled(packet_password.is_set(self.context.store))

    def _on_text_changed(self, text: str) -> None:
        self.strength_label.setText(
            self.tr("密码强度：{0}").format(strength_hint(text)) if text else ""
        )

    def save(self) -> bool:
        """Keep the typed password; False (with the reason shown) when it is refused."""
        first, second = self.password_edit.text(), self.again_edit.text()
        try:
            if first != second:
                raise RuleError("password_mismatch")
            packet_password.save(self.context.store, self.context.worker.actor, first)
        except RuleError as error:
            self.error_label.setText(str(error))
            self.error_label.setStyleSheet(f"color: {RED};")
            return False
        self.password_edit.clear()
        self.again_edit.clear()
        self.error_label.setText(self.tr("已保存。"))
        self.error_label.setStyleSheet(f"color: {GREEN};")
        self.refresh()
        self.changed.emit()
        return True

    def _on_clear_clicked(self) -> None:
        text = self.tr("清除后，生成资料包时默认不再加密。确定清除团队报送密码吗？")
        if not prompts.confirm(self, self.tr("清除团队报送密码"), text):
            return
        packet_password.clear(self.context.store, self.context.worker.actor)
        self.error_label.setText("")
        self.refresh()
        self.changed.emit()


class PacketPasswordDialog(QDialog):
    """The panel in a dialog, from the packet screen."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("团队报送密码"))
        self.panel = PacketPasswordPanel(context, self)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(close)
        self.resize(480, 300)
