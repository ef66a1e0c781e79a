"""设置 · 街道报送密码 (区中心): each street's packet password, kept encrypted in the store so its
encrypted packets open by themselves at intake. Set, change (asks first) or clear (asks first);
the change log records who did it, never the password."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.vocab import STREETS
from relief_desktop.services.district import intake
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import street_password_dialog
from relief_desktop.ui.widgets.tables import read_only_table

GREEN, GREY, RED = "#2e7d32", "#555", "#c62828"
LEADER = "项目负责人"


class StreetPasswordsPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.codes = list(STREETS)
        note = QLabel(
            self.tr(
                "各街道的报送资料包可以加密（AES-256）。在这里保存每个街道告知的报送密码，收包时"
                "自动使用；密码保存在本机加密的数据中，不会显示，也不记入变更记录。街道更换密码后，"
                "请在这里修改（收包时若密码不对，也会提示输入新密码）。"
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        self.table = read_only_table([self.tr("街道"), self.tr("报送密码")], stretch_column=1)
        self.table.setColumnWidth(0, 160)
        self.set_button = QPushButton(self.tr("设置/修改密码…"))
        self.clear_button = QPushButton(self.tr("清除密码"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        self.role_label = QLabel()
        self.role_label.setStyleSheet(f"color: {GREY};")
        self.message_label = QLabel()
        self.message_label.setObjectName("street_passwords_message")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.role_label)
        layout.addWidget(self.message_label)
        self.set_button.clicked.connect(self._on_set_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.table.currentCellChanged.connect(self._enable)
        context.worker_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        kept = intake.streets_with_password(self.context.store)
        self.table.setRowCount(len(self.codes))
        for row, code in enumerate(self.codes):
            self.table.setItem(row, 0, QTableWidgetItem(f"{STREETS[code]}街道"))
            state = QTableWidgetItem(self.tr("已保存") if code in kept else self.tr("未保存"))
            state.setForeground(QColor(GREEN if code in kept else GREY))
            state.setData(Qt.ItemDataRole.UserRole, code in kept)
            self.table.setItem(row, 1, state)
        worker = self.context.worker
        leader = worker.role == LEADER
        self.role_label.setText(
            ""
            if leader
            else self.tr("只有项目负责人可以设置密码（当前人员：{0}，{1}）。").format(
                worker.name, worker.role
            )
        )
        self._enable()

    def _enable(self) -> None:
        leader = self.context.worker.role == LEADER
        code = self.selected()
        kept = code is not None and code in intake.streets_with_password(self.context.store)
        self.set_button.setEnabled(leader and code is not None)
        self.clear_button.setEnabled(leader and kept)

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.codes[row] if 0 <= row < len(self.codes) else None

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet(f"color: {RED if error else GREEN};")
        self.message_label.setText(text)

    def _on_set_clicked(self) -> None:
        code = self.selected()
        if code is None:
            return
        street = f"{STREETS[code]}街道"
        kept = intake.saved_password(self.context.store, code) is not None
        if kept:
            text = self.tr("已保存{0}的报送密码。确定要改成新的密码吗？").format(street)
            if not prompts.confirm(self, self.tr("修改报送密码"), text):
                return
        message = self.tr("请输入{0}告知的报送资料包密码（区分大小写）：").format(street)
        password = street_password_dialog.ask_street_password(self, street, message)
        if password is None:
            return
        try:
            intake.save_password(self.context.store, self.context.worker.actor, code, password)
        except RuleError as error:
            self._say(str(error), error=True)
            return
        self.refresh()
        self._say(self.tr("已保存{0}的报送密码。").format(street))

    def _on_clear_clicked(self) -> None:
        code = self.selected()
        if code is None:
            return
        street = f"{STREETS[code]}街道"
        text = self.tr("清除后，{0}的加密资料包要在收包时重新输入密码。确定清除吗？").format(street)
        if not prompts.confirm(self, self.tr("清除报送密码"), text):
            return
        intake.clear_password(self.context.store, self.context.worker.actor, code)
        self.refresh()
        self._say(self.tr("已清除{0}的报送密码。").format(street))
