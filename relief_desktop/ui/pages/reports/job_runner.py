"""The 报送 page's one background job at a time — a packet or a half-year/year report — behind a
progress dialog (with or without cancel). Tabs start work here and listen to what it reports."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from relief_desktop.services.reporting import packet
from relief_desktop.ui.workers import Job


class JobRunner(QObject):
    busy_changed = Signal(bool)
    finished = Signal(object)  # the work's result
    failed = Signal(str)  # a Chinese message for the user
    cancelled = Signal()

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.owner = owner  # the parent of the job and of its progress dialog
        self.job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_folder: Path | None = None  # where the last job was asked to write

    def start(
        self,
        work: Callable[[packet.Progress], object],
        title: str,
        cancel: bool,
        folder: Path,
    ) -> None:
        self.last_folder = folder
        job = Job(work, packet.CancelledError, self.owner)
        dialog = QProgressDialog(title, self.tr("取消") if cancel else "", 0, 100, self.owner)
        dialog.setObjectName("progress_dialog")
        dialog.setWindowTitle(self.tr("请稍候"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        if not cancel:
            dialog.setCancelButton(None)
            dialog.setRange(0, 0)
        dialog.setValue(0)
        dialog.canceled.connect(self._on_cancel_requested)
        job.progressed.connect(self._on_progress)
        job.finished.connect(self.finished)
        job.failed.connect(self.failed)
        job.cancelled.connect(self.cancelled)
        job.done.connect(self._on_job_done)
        self.job, self.progress_dialog = job, dialog
        self.busy_changed.emit(True)
        dialog.show()
        job.start()

    def stop(self) -> None:
        """Cancel a running job and wait for it (the window is closing)."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
            # Deliver the job's last queued signals now, while the page is still alive.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def _on_cancel_requested(self) -> None:
        if self.job is not None:
            self.job.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(self.tr("正在取消，正在清理临时文件…"))

    def _on_progress(self, step: str, share: float) -> None:
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled() and dialog.maximum() > 0:
            dialog.setLabelText(step)
            dialog.setValue(int(share * 100))

    def _on_job_done(self) -> None:
        if self.job is not None:
            self.job.wait()
            self.job.deleteLater()
        self.job = None
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._on_cancel_requested)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
        self.progress_dialog = None
        self.busy_changed.emit(False)
