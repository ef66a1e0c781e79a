"""设置 · 合同结束移交: one encrypted archive of everything the team holds, for the next team."""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import handover, passwords
from relief_desktop.services.handover import HandoverResult
from relief_desktop.services.passwords import strength_hint
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.workers import Job


def choose_folder(parent: QWidget) -> Path | None:
    """Where to write the archive (tests monkeypatch this)."""
    name = QFileDialog.getExistingDirectory(
        parent, parent.tr("移交包保存到哪个文件夹（可选 U 盘）")
    )
    return Path(name) if name else None


class HandoverPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.made: Path | None = None
        intro = QLabel(
            self.tr(
                "合同结束时，把本中心的全部资料一次交给下一家运营机构或民政局：数据库、全部附件、"
                "基础数据库和各类台账（完整信息的 Excel）、每个个案的档案 PDF、全部变更记录，"
                "以及核对用的清单（每个文件的 SHA-256、每张表的行数）。\n"
                "移交包用下面的密码加密（AES-256）。密码请当面或另行告知接收人，不要和移交包放在一起。"
                "接收方用 relief-desktop handover import 导入到新的数据文件夹，数据与本机完全一致。"
            ),
            self,
        )
        intro.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("至少 8 位"))
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.password_edit, self.confirm_edit):
            edit.setMaximumWidth(360)
        self.strength_label = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("移交包密码"), self.password_edit)
        form.addRow(self.tr("再输入一次"), self.confirm_edit)
        form.addRow("", self.strength_label)
        self.export_button = QPushButton(self.tr("选择文件夹并生成移交包…"), self)
        self.open_button = QPushButton(self.tr("打开所在文件夹"), self)
        self.open_button.setEnabled(False)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(
            self.message_label.textInteractionFlags()
            | self.message_label.textInteractionFlags().TextSelectableByMouse
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.password_edit.textChanged.connect(self._on_password_changed)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self._on_password_changed(self.password_edit.text())

    def _on_password_changed(self, text: str) -> None:
        self.strength_label.setText(
            self.tr("密码强度：{0}").format(strength_hint(text)) if text else ""
        )

    def _on_export_clicked(self) -> None:
        password = self.password_edit.text()
        try:
            passwords.check_new(password)
            if password != self.confirm_edit.text():
                raise RuleError("password_mismatch")
        except RuleError as error:
            prompts.show_error(self, self.tr("密码不可用"), str(error))
            return
        folder = choose_folder(self)
        if folder is not None:
            self.export(folder, password)

    def export(self, folder: Path, password: str) -> Job:
        """Write the archive off the UI thread; progress and the result come back here."""

        store, actor = self.context.store, self.context.worker.actor
        job = Job(
            lambda progress: handover.export_archive(store, actor, folder, password, progress),
            parent=self,
        )
        self.job = job
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.show()
        self.message_label.setText(self.tr("正在生成移交包，请稍候…（资料多时需要几分钟）"))
        job.progressed.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.done.connect(self._on_done)
        job.start()
        return job

    def finish(self) -> None:
        """Let an archive under way complete before the app quits."""
        if self.job is not None and self.job.is_running():
            self.job.wait(600_000)

    def _on_progress(self, step: str, share: float) -> None:
        self.progress.setValue(round(share * 100))
        self.message_label.setText(self.tr("正在生成移交包：{0}").format(step))

    def _on_finished(self, result: object) -> None:
        assert isinstance(result, HandoverResult)
        self.made = result.path
        self.open_button.setEnabled(True)
        self.password_edit.clear()
        self.confirm_edit.clear()
        self.message_label.setText(
            self.tr(
                "已生成移交包：{0}\n共 {1} 个文件；SHA-256：{2}\n请把密码另行交给接收人。"
            ).format(result.path, result.files, result.sha256)
        )

    def _on_failed(self, text: str) -> None:
        self.message_label.setText(self.tr("移交包没有生成，文件夹中没有留下任何文件。"))
        prompts.show_error(self, self.tr("移交包生成失败"), text)

    def _on_done(self) -> None:
        self.export_button.setEnabled(True)
        self.progress.hide()

    def _on_open_clicked(self) -> None:
        if self.made is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.made.parent)))
