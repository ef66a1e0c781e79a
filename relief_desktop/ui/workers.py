"""Slow work off the UI thread: a Qt-free function runs in a QThread, its progress comes back.

The function gets a `progress(step, share)` callback. When the user cancels, the next call of
that callback raises the job's cancel error (the service's own `CancelledError`), so the service
unwinds and cleans up its temporary files itself. Results and failures arrive as queued signals.
"""

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from relief_desktop.domain.errors import RuleError
from relief_desktop.storage import faults

Progress = Callable[[str, float], None]
Work = Callable[[Progress], object]

log = logging.getLogger(__name__)


class JobCancelledError(Exception):
    """Raised by the progress callback when no service-specific cancel error was given."""


class _Thread(QThread):
    def __init__(self, job: "Job") -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()


class Job(QObject):
    """One run of `work`: connect its signals, then start(); cancel() from the UI thread."""

    progressed = Signal(str, float)
    finished = Signal(object)  # the function's result
    failed = Signal(str)  # a Chinese message for the user
    cancelled = Signal()
    done = Signal()  # after any of the three above

    def __init__(
        self,
        work: Work,
        cancel_error: type[Exception] = JobCancelledError,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel_error = cancel_error
        self._cancel = threading.Event()
        self._thread = _Thread(self)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, msecs: int = 30_000) -> bool:
        return self._thread.wait(msecs)

    def _progress(self, step: str, share: float) -> None:
        if self._cancel.is_set():
            raise self._cancel_error()
        self.progressed.emit(step, share)

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except self._cancel_error:
            self.cancelled.emit()
        except RuleError as error:
            self.failed.emit(str(error))
        except Exception as error:
            fault = faults.translate(error)
            if fault is not None:  # a full disk, a read-only folder, a file held open …
                self.failed.emit(str(fault))
                return
            # a bug: say so plainly, keep the trace for the log
            log.exception("background job failed")
            self.failed.emit(
                f"操作没有完成：{type(error).__name__}。请重试；如仍失败请联系技术支持。"
            )
        else:
            if self._cancel.is_set():
                # Cancel pressed after the last progress step: the work is done and kept.
                log.info("cancel requested after the job had finished")
            self.finished.emit(result)
        finally:
            self.done.emit()
