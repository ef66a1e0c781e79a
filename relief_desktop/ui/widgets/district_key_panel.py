"""设置 · 身份摘要密钥 (cross-street people, issue 15 item 5), in both editions. The district center
generates the key once, exports it to a file for its 11 streets, or imports one; a street imports
the district's file. Only the key's fingerprint is ever shown (to compare on the phone), never the
key. Replacing a key asks first; the change log records who set it, never the key."""

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services.district import overlaps
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext

GREEN, GREY, RED = "#2e7d32", "#555", "#c62828"
LEADER = "项目负责人"


def choose_key_file(parent: QWidget) -> Path | None:
    """The key file to import (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("选择身份摘要密钥文件"), "", parent.tr("密钥文件") + " (*.txt);;(*)"
    )
    return Path(name) if name else None


def choose_export_path(parent: QWidget, suggested: str) -> Path | None:
    """Where to write the key file (tests monkeypatch this)."""
    name, _ = QFileDialog.getSaveFileName(
        parent, parent.tr("导出身份摘要密钥"), suggested, parent.tr("密钥文件") + " (*.txt)"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == ".txt" else path.with_suffix(".txt")


class DistrictKeyPanel(QWidget):
    changed = Signal()

    def __init__(self, context: AppContext, district: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.district = district
        self.status_label = QLabel()
        self.status_label.setObjectName("district_key_status")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("font-size: 15px;")
        if district:
            text = self.tr(
                "身份摘要密钥用于发现在两个及以上街道接受服务的同一人，而区中心看不到身份证号：各街道"
                "生成脱敏资料包时，用这把密钥为每个身份证号计算摘要（HMAC-SHA256）。区中心生成一次"
                "密钥，导出为文件，当面或用 U 盘交给 11 个街道，各街道在“设置 · 身份摘要密钥”导入。"
                "这里只显示密钥的指纹，供电话核对；更换密钥后，各街道须重新导入新文件。"
            )
        else:
            text = self.tr(
                "区中心下发的身份摘要密钥文件：导入后，脱敏月度资料包会带上每个身份证号的密钥摘要"
                "（不含身份证号），供区中心发现跨街道重复服务的对象。导入后请与区中心电话核对指纹。"
            )
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {GREY};")
        self.generate_button = QPushButton(self.tr("生成新密钥"))
        self.export_button = QPushButton(self.tr("导出密钥文件…"))
        self.import_button = QPushButton(self.tr("从文件导入密钥…"))
        self.generate_button.setVisible(district)
        self.export_button.setVisible(district)
        buttons = QHBoxLayout()
        for button in (self.generate_button, self.export_button, self.import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.role_label = QLabel()
        self.role_label.setStyleSheet(f"color: {GREY};")
        self.message_label = QLabel()
        self.message_label.setObjectName("district_key_message")
        self.message_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.role_label)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        context.worker_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        found = overlaps.key_fingerprint(self.context.store)
        if found:
            self.status_label.setText(self.tr("已设置身份摘要密钥，指纹 {0}").format(found))
            self.status_label.setStyleSheet(f"color: {GREEN}; font-size: 15px;")
        else:
            self.status_label.setText(self.tr("还没有设置身份摘要密钥"))
            self.status_label.setStyleSheet(f"color: {RED}; font-size: 15px;")
        leader = self.context.worker.role == LEADER
        for button in (self.generate_button, self.import_button):
            button.setEnabled(leader)
        self.export_button.setEnabled(leader and found is not None)
        worker = self.context.worker
        self.role_label.setText(
            ""
            if leader
            else self.tr("只有项目负责人可以设置密钥（当前人员：{0}，{1}）。").format(
                worker.name, worker.role
            )
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet(f"color: {RED if error else GREEN};")
        self.message_label.setText(text)

    def _replace_ok(self) -> bool:
        """Asks before a key already set is replaced."""
        if overlaps.key(self.context.store) is None:
            return True
        text = self.tr(
            "已有身份摘要密钥（指纹 {0}）。替换后，各街道必须导入新的密钥文件；用旧密钥生成的"
            "资料包，其身份摘要与新密钥的不能比对。确定替换吗？"
        ).format(overlaps.key_fingerprint(self.context.store))
        return prompts.confirm(self, self.tr("替换身份摘要密钥"), text)

    def _set(self, secret: str, done: str) -> None:
        try:
            overlaps.set_key(self.context.store, self.context.worker.actor, secret)
        except RuleError as error:
            self._say(str(error), error=True)
            return
        self.refresh()
        self._say(done.format(overlaps.fingerprint(secret)))
        self.changed.emit()

    def _on_generate_clicked(self) -> None:
        if not self._replace_ok():
            return
        self._set(
            overlaps.generate_key(),
            self.tr("已生成新密钥，指纹 {0}。请点“导出密钥文件…”，把文件交给各街道。"),
        )

    def _on_import_clicked(self) -> None:
        path = choose_key_file(self)
        if path is None:
            return
        try:
            secret = overlaps.read_key_file(path)
        except RuleError as error:
            self._say(str(error), error=True)
            return
        if secret == overlaps.key(self.context.store):
            self._say(self.tr("这就是已设置的密钥（指纹 {0}），未改动。").format(
                overlaps.fingerprint(secret)))  # fmt: skip
            return
        if not self._replace_ok():
            return
        self._set(secret, self.tr("已导入身份摘要密钥，指纹 {0}。请与区中心电话核对指纹。"))

    def _on_export_clicked(self) -> None:
        store = self.context.store
        found = overlaps.key_fingerprint(store)
        name = self.context.district_name or ""
        path = choose_export_path(self, f"身份摘要密钥-{name}-{found}.txt")
        if path is None:
            return
        try:
            overlaps.write_key_file(store, path)
        except (RuleError, OSError) as error:
            self._say(self.tr("没有导出：{0}").format(error), error=True)
            return
        self._say(
            self.tr("已导出到 {0}。请当面或用 U 盘交给各街道，不要通过邮件或微信群发送。").format(
                path
            )
        )
