"""登录 to an encrypted store: the worker's password unwraps the data key (services.vault);
"忘记密码？" sets a new password with the printed recovery key. And the recovery key, shown once."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import vault

RECOVERY_NOTE = "这是忘记全部密码时唯一的找回方式，请打印后锁好保存"


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _message_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    return label


class UnlockDialog(QDialog):
    def __init__(
        self, paths: AppPaths, preselect: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.member_uuid: str | None = None
        self._holders = vault.holder_names(paths)
        self.setWindowTitle(self.tr("登录"))
        self.setMinimumWidth(420)
        self.combo = QComboBox(self)
        for _uuid, name in self._holders:
            self.combo.addItem(name)
        names = [name for _uuid, name in self._holders]
        if preselect in names:
            self.combo.setCurrentIndex(names.index(preselect))
        self.password_edit = _password_edit(self)
        self.message_label = _message_label(self)
        form = QFormLayout()
        form.addRow(self.tr("工作人员"), self.combo)
        form.addRow(self.tr("密码"), self.password_edit)
        self.forgot_button = QPushButton(self.tr("忘记密码？使用恢复密钥"), self)
        self.forgot_button.setFlat(True)
        self.forgot_button.clicked.connect(self._recover)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        heading = QLabel(self.tr("成华区街道社会关爱援助中心 · 本机数据已加密"), self)
        heading.setStyleSheet("font-size: 16px; padding-bottom: 6px;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        hint = QLabel(
            self.tr(
                "列表里是密码能解开本机加密数据的成员。不在列表里的成员，请先由列出的同事登录，"
                "再在锁屏处或“设置 · 登录与密码”中用自己的密码登录一次。"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        layout.addWidget(hint)
        layout.addWidget(self.message_label)
        layout.addWidget(self.forgot_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_ok(self) -> None:
        name = self.combo.currentText() or None
        try:
            self.member_uuid = vault.unlock(self.paths, self.password_edit.text(), name)
        except RuleError as error:
            self.message_label.setText(str(error))
            self.password_edit.clear()
            self.password_edit.setFocus()
            return
        self.accept()

    def _recover(self) -> None:
        dialog = RecoverDialog(self.paths, self.combo.currentText(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.member_uuid = dialog.member_uuid
            self.accept()


class RecoverDialog(QDialog):
    """The printed recovery key and a new password for one member."""

    def __init__(self, paths: AppPaths, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.member_uuid: str | None = None
        self.setWindowTitle(self.tr("使用恢复密钥"))
        self.key_edit = QLineEdit(self)
        self.key_edit.setPlaceholderText("ABCD-EFGH-…")
        self.name_edit = QLineEdit(name, self)
        self.new_edit = _password_edit(self)
        self.confirm_edit = _password_edit(self)
        self.message_label = _message_label(self)
        form = QFormLayout()
        form.addRow(self.tr("恢复密钥"), self.key_edit)
        form.addRow(self.tr("工作人员"), self.name_edit)
        form.addRow(self.tr("新密码"), self.new_edit)
        form.addRow(self.tr("再输入一次"), self.confirm_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("设置新密码并登录"))
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("输入设置时打印保存的恢复密钥，为一位成员设置新密码。")))
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def _on_ok(self) -> None:
        try:
            if self.new_edit.text() != self.confirm_edit.text():
                raise RuleError("password_mismatch")
            member = vault.recover(
                self.paths,
                self.key_edit.text(),
                self.name_edit.text().strip(),
                self.new_edit.text(),
            )
        except RuleError as error:
            self.message_label.setText(str(error))
            return
        self.member_uuid = member.uuid
        self.accept()


class RecoveryKeyDialog(QDialog):
    """The recovery key of a new (or newly encrypted) store, shown once, for printing."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("恢复密钥（只显示这一次）"))
        self.key_label = QLabel(recovery_key, self)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet("font-family: monospace; font-size: 20px; padding: 8px;")
        note = QLabel(
            self.tr(
                "本机数据已加密。下面是恢复密钥——{0}。一位成员忘记密码时，可请同事登录后在"
                "“设置 · 登录与密码”中为其重设；所有成员都忘记密码时，只能用它找回数据，"
                "它也丢了，数据就再也打不开。"
            ).format(RECOVERY_NOTE),
            self,
        )
        note.setWordWrap(True)
        copy_button = QPushButton(self.tr("复制"), self)
        copy_button.clicked.connect(lambda: QGuiApplication.clipboard().setText(recovery_key))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("我已打印并锁好保存"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.key_label, alignment=Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(copy_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
