"""设置 · 数据备份: every backup with what it holds and whether it checks out, a copy now (to a
USB drive too), and a restore of any backup — or of a file from a USB drive — after showing what
it holds and asking once. The restore itself is done by the app session (ui/app.py): it closes
the store, swaps the file and reopens the main window on the restored store."""

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services import backup
from relief_desktop.services.backup import DAILY_KEEP, BackupSummary
from relief_desktop.storage.migrations import LATEST
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import read_only_table
from relief_desktop.ui.workers import Job, Progress

KIND_TEXT = {"daily": "每日自动", "manual": "手动", "before-restore": "恢复前"}
COLUMNS = ("时间", "方式", "大小", "登记人数", "个案数", "检查结果", "文件")
PEOPLE, CASES, VERDICT, FILE = 3, 4, 5, 6


def choose_folder(parent: QWidget) -> Path | None:
    """Where to put a copy (tests monkeypatch this)."""
    name = QFileDialog.getExistingDirectory(parent, parent.tr("备份到哪个文件夹（可选 U 盘）"))
    return Path(name) if name else None


def choose_backup_file(parent: QWidget) -> Path | None:
    """A backup file to restore from, e.g. on a USB drive (tests monkeypatch this)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("选择要恢复的备份文件"), "", parent.tr("数据备份") + " (*.sqlite3)"
    )
    return Path(name) if name else None


def summary_lines(summary: BackupSummary) -> list[str]:
    newest = f"{summary.newest:%Y-%m-%d}" if summary.newest else "无"
    version = f"{summary.version}"
    if summary.needs_upgrade:
        version += f"（较旧，恢复后自动升级到 {LATEST}）"
    return [
        f"文件：{summary.file}",
        f"街道：{summary.street}街道",
        f"数据版本：{version}",
        f"登记人数：{summary.people} 人",
        f"个案：{summary.cases} 个",
        f"最新记录：{newest}",
    ]


def restore_question(parent: QWidget | None, summary: BackupSummary) -> QMessageBox:
    """The one question before a restore, showing what the backup holds."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("恢复备份"))
    box.setText(box.tr("用这份备份替换当前的全部数据吗？"))
    box.setInformativeText(
        "\n".join(summary_lines(summary))
        + "\n\n"
        + box.tr(
            "恢复前，当前数据会先另存一份到 backups 文件夹（方式为“恢复前”），"
            "需要时可以再恢复回来。恢复后程序会在恢复的数据上重新打开。"
        )
    )
    restore = box.addButton(box.tr("恢复"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(box.tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    restore.setObjectName("confirm_restore")
    return box


def confirm_restore(parent: QWidget | None, summary: BackupSummary) -> bool:
    """Ask once (tests monkeypatch this)."""
    box = restore_question(parent, summary)
    box.exec()
    return box.clickedButton() is box.findChild(QPushButton, "confirm_restore")


class BackupPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job: Job | None = None  # a copy or a check before a restore
        self.check_job: Job | None = None  # checking the listed backups
        self._check_again = False
        self._checking = False
        self._busy = False  # a copy or a check before a restore is under way
        self._shown: list[Path] = []
        self.table = read_only_table([self.tr(c) for c in COLUMNS], self)
        for column, width in enumerate((130, 70, 70, 70, 60, 150)):
            self.table.setColumnWidth(column, width)
        self.backup_here = QPushButton(self.tr("立即备份"), self)
        self.backup_elsewhere = QPushButton(self.tr("备份到 U 盘或其他文件夹…"), self)
        self.open_folder = QPushButton(self.tr("打开备份文件夹"), self)
        self.restore_selected = QPushButton(self.tr("恢复所选备份…"), self)
        self.restore_file = QPushButton(self.tr("从 U 盘或其他文件恢复…"), self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "程序每天第一次打开时自动备份一份，保留最近 {0} 天；升级前、恢复前也会自动备份。"
                "建议每月把备份另存到 U 盘。恢复时先显示备份里的内容，确认后当前数据另存一份，"
                "程序在恢复的数据上重新打开。"
            ).format(_keep()),
            self,
        )
        note.setWordWrap(True)
        backup_buttons = QHBoxLayout()
        for button in (self.backup_here, self.backup_elsewhere, self.open_folder):
            backup_buttons.addWidget(button)
        backup_buttons.addStretch(1)
        restore_buttons = QHBoxLayout()
        for button in (self.restore_selected, self.restore_file):
            restore_buttons.addWidget(button)
        restore_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(backup_buttons)
        layout.addWidget(self.table, 1)
        layout.addLayout(restore_buttons)
        layout.addWidget(self.message_label)
        self.backup_here.clicked.connect(lambda: self.back_up(None))
        self.backup_elsewhere.clicked.connect(self._on_elsewhere)
        self.restore_selected.clicked.connect(self._on_restore_selected)
        self.restore_file.clicked.connect(self._on_restore_file)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(
                QUrl.fromLocalFile(str(self.context.store.paths.backups))
            )
        )
        self.reload()

    # --- the list --------------------------------------------------------------------------

    def reload(self) -> None:
        found = backup.backups(self.context.store.paths)
        self._shown = [item.path for item in found]
        self.table.setRowCount(len(found))
        for row, item in enumerate(found):
            kind = KIND_TEXT.get(item.kind, self.tr("升级前"))
            values = (f"{item.made_at:%Y-%m-%d %H:%M}", kind, f"{item.size / 1e6:.1f} MB",
                      "", "", self.tr("正在检查…"), item.path.name)  # fmt: skip
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
            self._show_check(item.path)
        self._update_buttons()
        self._start_checks()

    def _start_checks(self) -> None:
        """Check every listed backup off the UI thread (each is copied and checked whole)."""

        if self._checking:
            self._check_again = True
            return
        todo = [path for path in self._shown if backup.cached(path) is None]
        if not todo:
            return

        def work(progress: Progress) -> None:
            for path in todo:
                backup.checked(path)
                progress(str(path), 1.0)

        job = Job(work, parent=self)
        self.check_job = job
        job.progressed.connect(lambda text, _share: self._show_check(Path(text)))
        job.done.connect(self._on_checks_done)
        self._checking = True
        job.start()

    def _on_checks_done(self) -> None:
        self._checking = False
        if self._check_again:
            self._check_again = False
            self._start_checks()

    def _show_check(self, path: Path) -> None:
        if path not in self._shown:
            return
        row = self._shown.index(path)
        result = backup.cached(path)
        if result is None:
            return
        if isinstance(result, str):
            cells = {PEOPLE: "", CASES: "", VERDICT: self.tr("✗ 不可用")}
            tip = result
        else:
            cells = {
                PEOPLE: str(result.people),
                CASES: str(result.cases),
                VERDICT: self.tr("✓ 完好")
                + (self.tr("（旧版本）") if result.needs_upgrade else ""),
            }
            tip = "\n".join(summary_lines(result))
        for column, text in cells.items():
            item = QTableWidgetItem(text)
            item.setToolTip(tip)
            self.table.setItem(row, column, item)

    def selected_backup(self) -> Path | None:
        row = self.table.currentRow()
        selected = self.table.selectionModel().hasSelection()
        return self._shown[row] if selected and 0 <= row < len(self._shown) else None

    def _update_buttons(self) -> None:
        busy = self._busy
        for button in (self.backup_here, self.backup_elsewhere, self.restore_file):
            button.setEnabled(not busy)
        self.restore_selected.setEnabled(not busy and self.selected_backup() is not None)

    # --- a copy now ------------------------------------------------------------------------

    def back_up(self, folder: Path | None) -> Job:
        """Copy the store off the UI thread (a big store takes a while); the list follows."""

        paths = self.context.store.paths
        job = Job(lambda _progress: backup.make_backup(paths, folder), parent=self)
        self._run(job, self.tr("正在备份，请稍候…"))
        job.finished.connect(self._on_backed_up)
        job.failed.connect(lambda text: prompts.show_error(self, self.tr("备份失败"), text))
        job.failed.connect(lambda _text: self.message_label.setText(self.tr("备份没有完成。")))
        return job

    def _run(self, job: Job, text: str) -> None:
        self.job = job
        self._busy = True
        self.message_label.setText(text)
        job.done.connect(self._on_job_done)
        job.start()
        self._update_buttons()

    def _on_job_done(self) -> None:
        # `done` arrives while the job's thread is still winding down: track it ourselves.
        self._busy = False
        self._update_buttons()

    def finish(self) -> None:
        """Let a copy under way complete before the app quits (its thread must not die)."""
        if self.check_job is not None:
            self.check_job.cancel()  # checking the list can start again next time
        for job in (self.job, self.check_job):
            if job is not None and job.is_running():
                job.wait(600_000)

    def _on_backed_up(self, made: object) -> None:
        self.message_label.setText(self.tr("已备份到：{0}").format(made))
        self.reload()

    def _on_elsewhere(self) -> None:
        folder = choose_folder(self)
        if folder is not None:
            self.back_up(folder)

    # --- a restore -------------------------------------------------------------------------

    def _on_restore_selected(self) -> None:
        chosen = self.selected_backup()
        if chosen is not None:
            self.prepare_restore(chosen)

    def _on_restore_file(self) -> None:
        chosen = choose_backup_file(self)
        if chosen is not None:
            self.prepare_restore(chosen)

    def prepare_restore(self, source: Path) -> Job:
        """Check `source` on a private copy (off the UI thread), show what it holds, ask once;
        on yes the app session restores it and reopens the window."""

        job = Job(lambda _progress: backup.inspect_backup(source), parent=self)
        self._run(job, self.tr("正在检查备份文件，请稍候…"))
        job.finished.connect(lambda summary: self._on_checked(source, summary))
        job.failed.connect(self._on_not_restorable)
        return job

    def _on_checked(self, source: Path, summary: object) -> None:
        assert isinstance(summary, BackupSummary)
        if not confirm_restore(self, summary):
            self.message_label.setText(self.tr("已取消恢复，数据未改动。"))
            return
        self.message_label.setText(self.tr("正在恢复，请稍候…"))
        self.context.restore_requested.emit(source)

    def _on_not_restorable(self, text: str) -> None:
        self.message_label.setText(text)
        prompts.show_error(self, self.tr("不能用这份备份恢复"), text)


def _keep() -> int:
    return DAILY_KEEP
