"""帮助 · 自检: the same check as `relief-desktop selftest`, off the UI thread, line by line.

It works in a temporary folder of its own; the team's data is not read or changed."""

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.services import selftest
from relief_desktop.ui import selfcheck
from relief_desktop.ui.workers import Job, Progress


class SelftestDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("自检"))
        self.resize(620, 360)
        self.status = QLabel(self.tr("正在自检（在临时文件夹中进行，不读写本机数据）…"))
        self.status.setObjectName("selftest_status")
        self.lines = QPlainTextEdit()
        self.lines.setObjectName("selftest_lines")
        self.lines.setReadOnly(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.buttons.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.lines)
        layout.addWidget(self.buttons)
        self.steps: list[selftest.Step] = []
        self.ui_steps: list[selftest.Step] = []
        self.job = Job(self._work, parent=self)
        self.job.progressed.connect(lambda line, _share: self.lines.appendPlainText(line))
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)

    def start(self) -> Job:
        # The font and translations belong to the window: checked first, on the UI thread.
        for title, action in selfcheck.steps():
            try:
                step = selftest.Step(title, True, action())
            except selftest.StepFailedError as error:
                step = selftest.Step(title, False, error.detail)
            self.ui_steps.append(step)
            self.lines.appendPlainText(step.line())
        self.job.start()
        return self.job

    @staticmethod
    def _work(progress: Progress) -> list[selftest.Step]:
        return selftest.run(lambda step: progress(step.line(), 0.0))

    def _on_finished(self, result: object) -> None:
        assert isinstance(result, list)
        self.steps = [*self.ui_steps, *result]
        ok = selftest.passed(self.steps)
        self.status.setText(
            self.tr("自检通过。") if ok else self.tr("自检未通过：请把下面的内容发给技术支持。")
        )
        self.buttons.setEnabled(True)

    def _on_failed(self, text: str) -> None:
        self.lines.appendPlainText(f"✗ {text}")
        self.status.setText(self.tr("自检未通过：请把下面的内容发给技术支持。"))
        self.buttons.setEnabled(True)

    def reject(self) -> None:
        if self.job.is_running():
            return  # the temporary folder is removed when the run ends; it takes seconds
        super().reject()
