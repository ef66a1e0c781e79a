"""设置 · 数据备份: the copies made each day, a copy now (to a USB drive), where they are."""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import read_only_table
from relief_desktop.ui.workers import Job

KIND_TEXT = {"daily": "每日自动", "manual": "手动", "before-restore": "恢复前"}


def choose_folder(parent: QWidget) -> Path | None:
    """Where to put a copy (tests monkeypatch this)."""
    name = QFileDialog.getExistingDirectory(parent, parent.tr("备份到哪个文件夹（可选 U 盘）"))
    return Path(name) if name else None


class BackupPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None
        self.table = read_only_table(
            [self.tr("时间"), self.tr("方式"), self.tr("大小"), self.tr("文件")], self
        )
        self.backup_here = QPushButton(self.tr("立即备份"), self)
        self.backup_elsewhere = QPushButton(self.tr("备份到 U 盘或其他文件夹…"), self)
        self.open_folder = QPushButton(self.tr("打开备份文件夹"), self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "程序每天第一次打开时自动备份一份，保留最近 {0} 天；升级前也会自动备份。"
                "建议每月把备份另存到 U 盘。恢复备份请在程序关闭后运行："
                "relief-desktop restore 备份文件 --yes"
            ).format(_keep()),
            self,
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.backup_here, self.backup_elsewhere, self.open_folder):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        self.backup_here.clicked.connect(lambda: self.back_up(None))
        self.backup_elsewhere.clicked.connect(self._on_elsewhere)
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self.context.store.paths.backups))
            )
        )
        self.reload()

    def reload(self) -> None:
        from relief_desktop.services import backup

        found = backup.backups(self.context.store.paths)
        self.table.setRowCount(len(found))
        for row, item in enumerate(found):
            kind = KIND_TEXT.get(item.kind, self.tr("升级前"))
            values = (f"{item.made_at:%Y-%m-%d %H:%M}", kind, f"{item.size / 1e6:.1f} MB",
                      item.path.name)  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))

    def back_up(self, folder: Path | None) -> Job:
        """Copy the store off the UI thread (a big store takes a while); the list follows."""
        from relief_desktop.services import backup

        paths = self.context.store.paths
        job = Job(lambda _progress: backup.make_backup(paths, folder), parent=self)
        self.job = job
        for button in (self.backup_here, self.backup_elsewhere):
            button.setEnabled(False)
        self.message_label.setText(self.tr("正在备份，请稍候…"))
        job.finished.connect(self._on_backed_up)
        job.failed.connect(lambda text: prompts.show_error(self, self.tr("备份失败"), text))
        job.failed.connect(lambda _text: self.message_label.setText(self.tr("备份没有完成。")))
        job.done.connect(self._on_done)
        job.start()
        return job

    def finish(self) -> None:
        """Let a copy under way complete before the app quits (its thread must not die)."""
        if self.job is not None and self.job.is_running():
            self.job.wait(600_000)

    def _on_backed_up(self, made: object) -> None:
        self.message_label.setText(self.tr("已备份到：{0}").format(made))
        self.reload()

    def _on_done(self) -> None:
        for button in (self.backup_here, self.backup_elsewhere):
            button.setEnabled(True)

    def _on_elsewhere(self) -> None:
        folder = choose_folder(self)
        if folder is not None:
            self.back_up(folder)


def _keep() -> int:
    from relief_desktop.services.backup import DAILY_KEEP

    return DAILY_KEEP
