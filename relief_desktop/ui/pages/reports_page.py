"""报送: the month's briefing text, the completeness check, the packet (off the UI thread, with
progress and cancel), the packets made so far, half-year/year reports and the WeChat disclosure.

The tabs live in ui.pages.reports; the page puts them together, runs their one background job
(reports.job_runner) and keeps their widgets reachable as its own attributes."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QProgressDialog, QTabWidget, QVBoxLayout, QWidget

from relief_desktop.domain.periods import Period
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports.common import RED, month_choices
from relief_desktop.ui.pages.reports.disclosure_tab import DisclosureTab
from relief_desktop.ui.pages.reports.history_tab import HistoryTab
from relief_desktop.ui.pages.reports.job_runner import JobRunner
from relief_desktop.ui.pages.reports.month_tab import MonthTab
from relief_desktop.ui.workers import Job

__all__ = ["RED", "ReportsPage"]


class ReportsPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self._stale = True
        self.months = month_choices(today())
        self.runner = JobRunner(self)

        self.tabs = QTabWidget()
        self.month_tab = MonthTab(context, today, self.months, self.runner)
        self.history_tab = HistoryTab(context, today, self.runner)
        self.disclosure_tab = DisclosureTab(context, today, self.months)
        self.tabs.addTab(self.month_tab, self.tr("月度报送"))
        self.tabs.addTab(self.history_tab, self.tr("报送记录与半年/年终报告"))
        self.tabs.addTab(self.disclosure_tab, self.tr("“情动成华”信息公开"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.tabs)
        self.runner.failed.connect(self._on_job_failed)

        # The tabs' widgets, reachable from the page as before the split (tests use them).
        month = self.month_tab
        self.month_combo, self.due_label = month.month_combo, month.due_label
        self.section_edits, self.photo_list = month.section_edits, month.photo_list
        self.add_photo_button = month.add_photo_button
        self.remove_photo_button = month.remove_photo_button
        self.save_button, self.save_label = month.save_button, month.save_label
        self.gap_list, self.mask_check = month.gap_list, month.mask_check
        self.password_edit = month.password_edit
        self.strength_label = month.strength_label
        self.password_again_edit = month.password_again_edit
        self.option_error, self.generate_button = month.option_error, month.generate_button
        self.result_label, self.open_folder_button = month.result_label, month.open_folder_button
        history = self.history_tab
        self.history_table = history.history_table
        self.half_button, self.year_button = history.half_button, history.year_button
        self.report_label = history.report_label
        self.open_report_button = history.open_report_button
        disclosure = self.disclosure_tab
        self.disclosure_combo = disclosure.disclosure_combo
        self.disclosure_text = disclosure.disclosure_text
        self.copy_button, self.posted_edit = disclosure.copy_button, disclosure.posted_edit
        self.posted_button = disclosure.posted_button
        self.disclosure_label = disclosure.disclosure_label

    # --- state -----------------------------------------------------------------------------

    @property
    def job(self) -> Job | None:
        return self.runner.job

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self.runner.progress_dialog

    @property
    def last_folder(self) -> Path | None:
        return self.runner.last_folder

    def period(self) -> Period:
        return self.month_tab.period()

    def month_key(self) -> str:
        return self.month_tab.month_key()

    def gaps_shown(self) -> list[tuple[str, bool]]:
        return self.month_tab.gaps_shown()

    def _add_photo_item(self, path: Path) -> None:
        self.month_tab._add_photo_item(path)

    def refresh_gaps(self) -> None:
        self.month_tab.refresh_gaps()

    def refresh_history(self) -> None:
        self.history_tab.refresh_history()

    def reload_page(self) -> None:
        """F5 in the main window."""
        self.refresh_gaps()
        self.refresh_history()

    def disclosure_period(self) -> Period:
        return self.disclosure_tab.disclosure_period()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.disclosure_tab.show_last_month()
            self.refresh_history()
            self.refresh_gaps()

    def save_state(self) -> None:
        """Called by the main window as it closes: stop a running job before its thread dies."""
        self.runner.stop()

    def _on_job_failed(self, message: str) -> None:
        label = self.result_label if self.tabs.currentIndex() == 0 else self.report_label
        label.setText(self.tr("没有生成：{0}").format(message))
        label.setStyleSheet(f"color: {RED};")
