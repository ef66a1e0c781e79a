"""A street's packet password at the district center (区中心): asked when an encrypted packet does
not open with what is kept, and from 设置 · 街道报送密码. The password is what the street told
the district (by phone or in person); it is kept encrypted, never shown again."""

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class StreetPasswordDialog(QDialog):
    def __init__(self, street: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("报送密码 · {0}").format(street))
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumWidth(420)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("street_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("{0}告知的资料包密码").format(street))
        self.show_box = QCheckBox(self.tr("显示密码"))
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message_label)
        layout.addWidget(self.password_edit)
        layout.addWidget(self.show_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.show_box.toggled.connect(self._on_show_toggled)
        self.buttons.accepted.connect(self._on_accepted)
        self.buttons.rejected.connect(self.reject)

    def _on_show_toggled(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)

    def _on_accepted(self) -> None:
        if not self.password_edit.text().strip():
            self.error_label.setText(self.tr("请填写密码；不知道密码请先打电话问该街道。"))
            return
        self.accept()

    def password(self) -> str:
        return self.password_edit.text()


def ask_street_password(parent: QWidget | None, street: str, message: str) -> str | None:
    """The password typed, or None when cancelled (tests monkeypatch this)."""
    dialog = StreetPasswordDialog(street, message, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password()
