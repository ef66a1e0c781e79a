"""报送: the month's briefing text, the completeness check, the packet (off the UI thread, with
progress and cancel), the packets made so far, half-year/year reports and the WeChat disclosure."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain import periods
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.messages import describe
from relief_desktop.services import team
from relief_desktop.services.reporting import month_packet, narrative, packet
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.tables import read_only_table
from relief_desktop.ui.workers import Job

RED = "#c62828"
GREEN = "#2e7d32"
MONTHS_SHOWN = 18
MIN_PASSWORD = 6
SECTION_HINTS = {
    "work_by_area": "按工作板块写本月做了什么：个案服务、入户核查、资源链接、社区联络、宣传活动……",
    "case_story": "一个匿名的个案故事：不写姓名、身份证号、住址，用“某某”“王女士”等代称。",
    "problems": "本月遇到的困难和需要协调的问题。",
    "next_plan": "下月的重点工作安排。",
}


# --- what tests monkeypatch ------------------------------------------------------------------


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask where to save; None when the user cancels."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def choose_images(parent: QWidget | None) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(
        parent, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)"
    )
    return [Path(f) for f in files]


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# --- helpers -----------------------------------------------------------------------------------


def month_choices(today: date, count: int = MONTHS_SHOWN) -> list[Period]:
    """This month and the `count - 1` before it, newest first."""
    first = today.replace(day=1)
    return [periods.month_of(periods.add_months(first, -i)) for i in range(count)]


def password_problem(first: str, second: str) -> str | None:
    """The Chinese message for a bad password pair; None when blank (no password) or fine."""
    if not first and not second:
        return None
    if first != second:
        return "两次输入的密码不一致，请重新输入。"
    if len(first) < MIN_PASSWORD:
        return describe("packet_password_short")
    return None


def _month_combo(months: list[Period]) -> QComboBox:
    combo = QComboBox()
    for month in months:
        combo.addItem(month.label, packet.month_key(month))
    return combo


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
        self.job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_folder: Path | None = None
        self._loaded_month = ""
        self._dirty = False
        self._stale = True
        self.months = month_choices(today())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_month_tab(), self.tr("月度报送"))
        self.tabs.addTab(self._build_history_tab(), self.tr("报送记录与半年/年终报告"))
        self.tabs.addTab(self._build_disclosure_tab(), self.tr("“情动成华”信息公开"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.tabs)

        self.month_combo.currentIndexChanged.connect(self._on_month_changed)
        self.month_combo.setCurrentIndex(1)  # last month: the one due by the 5th

    # --- building --------------------------------------------------------------------------

    def _build_month_tab(self) -> QWidget:
        self.month_combo = _month_combo(self.months)
        self.month_combo.setObjectName("month_combo")
        self.due_label = QLabel()
        self.due_label.setObjectName("due_label")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报送月份：")))
        top.addWidget(self.month_combo)
        top.addSpacing(16)
        top.addWidget(self.due_label, 1)

        # The briefing text, section by section.
        self.section_edits: dict[str, QPlainTextEdit] = {}
        editor = QWidget()
        form = QVBoxLayout(editor)
        form.setContentsMargins(4, 4, 4, 4)
        for key, title in narrative.SECTIONS:
            edit = QPlainTextEdit()
            edit.setObjectName(f"narrative_{key}")
            edit.setPlaceholderText(self.tr(SECTION_HINTS[key]))
            edit.setMinimumHeight(92)
            edit.textChanged.connect(self._on_text_edited)
            self.section_edits[key] = edit
            heading = QLabel(self.tr(title))
            heading.setStyleSheet("font-weight: bold;")
            form.addWidget(heading)
            form.addWidget(edit, 1)
        self.photo_list = QListWidget()
        self.photo_list.setObjectName("photo_list")
        self.photo_list.setMaximumHeight(76)
        self.add_photo_button = QPushButton(self.tr("添加照片…"))
        self.remove_photo_button = QPushButton(self.tr("移除照片"))
        photo_buttons = QVBoxLayout()
        photo_buttons.addWidget(self.add_photo_button)
        photo_buttons.addWidget(self.remove_photo_button)
        photo_buttons.addStretch(1)
        photos = QHBoxLayout()
        photos.addWidget(self.photo_list, 1)
        photos.addLayout(photo_buttons)
        photo_heading = QLabel(self.tr("活动照片（可选，放在简报末尾）"))
        photo_heading.setStyleSheet("font-weight: bold;")
        form.addWidget(photo_heading)
        form.addLayout(photos)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(editor)
        self.save_button = QPushButton(self.tr("保存简报文字"))
        self.save_button.setObjectName("save_narrative_button")
        self.save_label = QLabel()
        self.save_label.setObjectName("save_label")
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_label, 1)
        save_row.addWidget(self.save_button)
        narrative_box = QGroupBox(self.tr("工作简报文字"))
        narrative_layout = QVBoxLayout(narrative_box)
        narrative_layout.addWidget(scroll, 1)
        narrative_layout.addLayout(save_row)

        # Completeness, options, generate.
        self.gap_list = QListWidget()
        self.gap_list.setObjectName("gap_list")
        self.gap_list.setWordWrap(True)
        gap_box = QGroupBox(self.tr("完整性检查"))
        gap_layout = QVBoxLayout(gap_box)
        gap_layout.addWidget(self.gap_list)

        self.mask_check = QCheckBox(self.tr("脱敏（身份证号、姓名部分隐去）"))
        self.mask_check.setObjectName("mask_check")
        self.mask_check.setChecked(True)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("不加密请留空；至少 6 位"))
        self.password_again_edit = QLineEdit()
        self.password_again_edit.setObjectName("password_again_edit")
        self.password_again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.option_error = QLabel()
        self.option_error.setObjectName("option_error")
        self.option_error.setStyleSheet(f"color: {RED};")
        self.option_error.setWordWrap(True)
        options = QGroupBox(self.tr("生成选项"))
        options_layout = QFormLayout(options)
        options_layout.addRow(self.mask_check)
        options_layout.addRow(self.tr("压缩包密码："), self.password_edit)
        options_layout.addRow(self.tr("再输一次："), self.password_again_edit)
        options_layout.addRow(self.option_error)

        self.generate_button = QPushButton(self.tr("生成资料包…"))
        self.generate_button.setObjectName("generate_button")
        self.generate_button.setMinimumHeight(36)
        self.generate_button.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.result_label = QLabel()
        self.result_label.setObjectName("result_label")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_folder_button.setObjectName("open_folder_button")
        self.open_folder_button.hide()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(gap_box, 1)
        side_layout.addWidget(options)
        side_layout.addWidget(self.generate_button)
        side_layout.addWidget(self.result_label)
        side_layout.addWidget(self.open_folder_button, 0, Qt.AlignmentFlag.AlignLeft)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(narrative_box)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.save_button.clicked.connect(self._on_save_clicked)
        self.add_photo_button.clicked.connect(self._on_add_photos)
        self.remove_photo_button.clicked.connect(self._on_remove_photo)
        self.mask_check.toggled.connect(self._on_mask_toggled)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder)
        return tab

    def _build_history_tab(self) -> QWidget:
        self.history_table = read_only_table(
            [self.tr("期间"), self.tr("版本"), self.tr("生成时间"), self.tr("生成人"),
             self.tr("文件"), self.tr("加密"), self.tr("脱敏"), self.tr("按时"),
             self.tr("SHA-256")]
        )  # fmt: skip
        self.history_table.setObjectName("history_table")
        header = self.history_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.half_button = QPushButton(self.tr("生成合同半年报告…"))
        self.half_button.setObjectName("half_report_button")
        self.year_button = QPushButton(self.tr("生成合同年终报告…"))
        self.year_button.setObjectName("year_report_button")
        self.report_label = QLabel()
        self.report_label.setObjectName("report_label")
        self.report_label.setWordWrap(True)
        self.report_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_report_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_report_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.half_button)
        buttons.addWidget(self.year_button)
        buttons.addWidget(self.report_label, 1)
        buttons.addWidget(self.open_report_button)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        note = QLabel(self.tr("每次生成的资料包都有记录；重新生成会产生新的版本。"))
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.history_table, 1)
        layout.addLayout(buttons)
        self.half_button.clicked.connect(lambda: self._on_periodic_clicked("half"))
        self.year_button.clicked.connect(lambda: self._on_periodic_clicked("year"))
        self.open_report_button.clicked.connect(self._on_open_folder)
        return tab

    def _build_disclosure_tab(self) -> QWidget:
        self.disclosure_combo = _month_combo(self.months)
        self.disclosure_combo.setObjectName("disclosure_combo")
        self.disclosure_text = QPlainTextEdit()
        self.disclosure_text.setObjectName("disclosure_text")
        self.disclosure_text.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("复制全文"))
        self.copy_button.setObjectName("copy_button")
        self.posted_edit = QDateEdit()
        self.posted_edit.setObjectName("posted_edit")
        self.posted_edit.setCalendarPopup(True)
        self.posted_edit.setDisplayFormat("yyyy-MM-dd")
        self.posted_button = QPushButton(self.tr("标记已发布"))
        self.posted_button.setObjectName("posted_button")
        self.disclosure_label = QLabel()
        self.disclosure_label.setObjectName("disclosure_label")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("公开期间：")))
        top.addWidget(self.disclosure_combo)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.copy_button)
        bottom.addSpacing(24)
        bottom.addWidget(QLabel(self.tr("发布日期：")))
        bottom.addWidget(self.posted_edit)
        bottom.addWidget(self.posted_button)
        bottom.addWidget(self.disclosure_label, 1)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        note = QLabel(
            self.tr("姓名已作隐私处理、不含身份证号；复制后粘贴到公众号编辑器，核对后发布。")
        )
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.disclosure_text, 1)
        layout.addLayout(bottom)
        self.disclosure_combo.currentIndexChanged.connect(self._show_disclosure)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.posted_button.clicked.connect(self._on_posted_clicked)
        return tab

    # --- state -----------------------------------------------------------------------------

    def period(self) -> Period:
        return self.months[max(self.month_combo.currentIndex(), 0)]

    def month_key(self) -> str:
        return packet.month_key(self.period())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.disclosure_combo.setCurrentIndex(1)
            self._show_disclosure()
            self.refresh_history()
            self.refresh_gaps()

    def save_state(self) -> None:
        """Called by the main window as it closes: stop a running job before its thread dies."""
        if self.job is not None:
            self.job.cancel()
            self.job.wait()
            # Deliver the job's last queued signals now, while the page is still alive.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.MetaCall)

    def _on_month_changed(self) -> None:
        key = self.month_key()
        if key == self._loaded_month:
            return
        if self._dirty and self._loaded_month:
            ask = self.tr("{0} 的工作简报文字还没有保存，现在保存吗？").format(self._loaded_month)
            if prompts.confirm(self, self.tr("保存简报文字"), ask):
                self.save_narrative(self._loaded_month)
        self.load_narrative()
        self.refresh_gaps()
        due = packet.due_date(key)
        self.due_label.setText(self.tr("报送截止日：{0}").format(f"{due:%Y年%m月%d日}"))

    def load_narrative(self) -> None:
        key = self.month_key()
        text = narrative.load(self.context.store, key)
        for section, _title in narrative.SECTIONS:
            edit = self.section_edits[section]
            edit.blockSignals(True)
            edit.setPlainText(str(getattr(text, section)))
            edit.blockSignals(False)
        self.photo_list.clear()
        for photo in text.photos:
            self._add_photo_item(Path(photo))
        self._loaded_month = key
        self._dirty = False
        self.save_label.setText("")

    def current_narrative(self, month: str | None = None) -> narrative.Narrative:
        texts = {k: e.toPlainText() for k, e in self.section_edits.items()}
        photos = tuple(
            str(self.photo_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.photo_list.count())
        )
        return narrative.Narrative(
            month or self.month_key(),
            texts["work_by_area"],
            texts["case_story"],
            texts["problems"],
            texts["next_plan"],
            photos,
        )

    def save_narrative(self, month: str | None = None) -> None:
        narrative.save(self.context.store, self.context.worker.actor, self.current_narrative(month))
        self._dirty = False
        self.save_label.setText(self.tr("已保存。"))
        self.save_label.setStyleSheet(f"color: {GREEN};")

    def refresh_gaps(self) -> None:
        self.gap_list.clear()
        gaps = month_packet.completeness(self.context.store, self.period())
        for gap in gaps:
            item = QListWidgetItem(("⚠ " if gap.serious else "· ") + gap.text)
            item.setData(Qt.ItemDataRole.UserRole, gap.serious)
            if gap.serious:
                item.setForeground(QBrush(QColor(RED)))
            self.gap_list.addItem(item)
        if not gaps:
            item = QListWidgetItem(self.tr("✓ 本月资料齐全，可以生成。"))
            item.setForeground(QBrush(QColor(GREEN)))
            self.gap_list.addItem(item)

    def gaps_shown(self) -> list[tuple[str, bool]]:
        """The check list as shown: (text, serious) of each gap."""
        items = (self.gap_list.item(i) for i in range(self.gap_list.count()))
        return [
            (item.text(), bool(item.data(Qt.ItemDataRole.UserRole)))
            for item in items
            if item.data(Qt.ItemDataRole.UserRole) is not None
        ]

    def refresh_history(self) -> None:
        records = packet.history(self.context.store)
        table = self.history_table
        table.setRowCount(len(records))
        for row, record in enumerate(records):
            yes, no = self.tr("是"), self.tr("否")
            cells = [
                record.period,
                f"v{record.version}",
                record.generated_at.replace("T", " ")[:16],
                record.worker_name,
                record.file_name,
                yes if record.encrypted else no,
                yes if record.masked else no,
                "✓" if record.on_time else "✗",
                record.sha256[:12],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setToolTip(record.path)
                if column == 8:
                    item.setToolTip(record.sha256)
                if column == 7:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    item.setForeground(QBrush(QColor(GREEN if record.on_time else RED)))
                table.setItem(row, column, item)

    # --- narrative slots -------------------------------------------------------------------

    def _on_text_edited(self) -> None:
        self._dirty = True
        self.save_label.setText(self.tr("有未保存的修改"))
        self.save_label.setStyleSheet("color: #a15c00;")

    def _on_save_clicked(self) -> None:
        self.save_narrative()
        self.refresh_gaps()

    def _add_photo_item(self, path: Path) -> None:
        item = QListWidgetItem(path.name if path.is_file() else f"{path.name}（文件不存在）")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        self.photo_list.addItem(item)

    def _on_add_photos(self) -> None:
        for path in choose_images(self):
            self._add_photo_item(path)
        self._on_text_edited()

    def _on_remove_photo(self) -> None:
        row = self.photo_list.currentRow()
        if row >= 0:
            self.photo_list.takeItem(row)
            self._on_text_edited()

    # --- packet ----------------------------------------------------------------------------

    def _on_mask_toggled(self, checked: bool) -> None:
        if checked:
            return
        text = self.tr(
            "关闭脱敏后，资料包将包含完整的身份证号和姓名。\n"
            "请确认接收方有权查看，并妥善保管文件（建议同时设置压缩包密码）。\n\n"
            "确定关闭脱敏吗？"
        )
        if not prompts.confirm(self, self.tr("包含完整身份信息"), text):
            self.mask_check.blockSignals(True)
            self.mask_check.setChecked(True)
            self.mask_check.blockSignals(False)

    def _on_generate_clicked(self) -> None:
        self.option_error.setText("")
        first, second = self.password_edit.text(), self.password_again_edit.text()
        problem = password_problem(first, second)
        if problem:
            self.option_error.setText(problem)
            return
        period = self.period()
        folder = choose_folder(self, self.tr("选择保存资料包的文件夹"))
        if folder is None:
            return
        if self._dirty:
            self.save_narrative()
        gaps = month_packet.completeness(self.context.store, period)
        self.refresh_gaps()
        if gaps:
            lines = "\n".join(("⚠ " if g.serious else "· ") + g.text for g in gaps)
            ask = self.tr("{0}的资料还不完整：\n\n{1}\n\n仍要生成吗？").format(period.label, lines)
            if not prompts.confirm(self, self.tr("资料不完整"), ask):
                return
        store, actor, today = self.context.store, self.context.worker.actor, self.today()
        password, masked = (first or None), self.mask_check.isChecked()

        def work(progress: packet.Progress) -> object:
            return month_packet.generate(
                store, actor, period, folder, password=password, masked=masked,
                progress=progress, today=today,
            )  # fmt: skip

        self.last_folder = folder
        self.result_label.setText("")
        self.open_folder_button.hide()
        self._start(work, self.tr("正在生成{0}资料包…").format(period.label), True)

    def _start(self, work: Callable[[packet.Progress], object], title: str, cancel: bool) -> None:
        job = Job(work, packet.CancelledError, self)
        dialog = QProgressDialog(title, self.tr("取消") if cancel else "", 0, 100, self)
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
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        job.done.connect(self._on_job_done)
        self.job, self.progress_dialog = job, dialog
        self._set_busy(True)
        dialog.show()
        job.start()

    def _set_busy(self, busy: bool) -> None:
        for button in (self.generate_button, self.half_button, self.year_button):
            button.setEnabled(not busy)

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

    def _on_job_finished(self, result: object) -> None:
        if isinstance(result, packet.PacketResult):
            state = [
                self.tr("已加密") if result.encrypted else self.tr("未加密"),
                self.tr("已脱敏") if result.masked else self.tr("含完整身份信息"),
            ]
            self.result_label.setText(
                self.tr("已生成第 {0} 版（{1}）：\n{2}").format(
                    result.version, "，".join(state), result.path
                )
            )
            self.result_label.setStyleSheet(f"color: {GREEN};")
            self.open_folder_button.show()
            self.refresh_history()
        else:
            from relief_desktop.services.reporting.periodic import PeriodicFiles

            if isinstance(result, PeriodicFiles):
                self.report_label.setText(
                    self.tr("已生成：{0}（{1} 页）和 {2}").format(
                        result.pdf.name, result.pages, result.xlsx.name
                    )
                )
                self.report_label.setStyleSheet(f"color: {GREEN};")
                self.open_report_button.show()

    def _on_job_failed(self, message: str) -> None:
        label = self.result_label if self.tabs.currentIndex() == 0 else self.report_label
        label.setText(self.tr("没有生成：{0}").format(message))
        label.setStyleSheet(f"color: {RED};")

    def _on_job_cancelled(self) -> None:
        self.result_label.setText(self.tr("已取消，没有留下任何文件。"))
        self.result_label.setStyleSheet("color: #555;")

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
        self._set_busy(False)

    def _on_open_folder(self) -> None:
        if self.last_folder is not None:
            open_folder(self.last_folder)

    def _on_periodic_clicked(self, kind: str) -> None:
        from relief_desktop.services.reporting import periodic

        store, today = self.context.store, self.today()
        start = team.contract_start(store, today)
        if kind == "half":
            period, title = periods.contract_half(start), self.tr("半年报告")
        else:
            period, title = periods.contract_year(start), self.tr("年终报告")
        folder = choose_folder(self, self.tr("选择保存{0}的文件夹").format(title))
        if folder is None:
            return
        self.last_folder = folder
        self.report_label.setText("")
        self.open_report_button.hide()

        def work(_progress: packet.Progress) -> object:
            return periodic.write(store, period, folder, title, today)

        self._start(work, self.tr("正在生成{0}…").format(title), False)

    # --- disclosure ------------------------------------------------------------------------

    def disclosure_period(self) -> Period:
        return self.months[max(self.disclosure_combo.currentIndex(), 0)]

    def _show_disclosure(self) -> None:
        from relief_desktop.services.reporting import disclosure

        text = disclosure.compose(self.context.store, self.disclosure_period())
        self.disclosure_text.setPlainText(text.text)
        self.disclosure_label.setText("")
        today = self.today()
        self.posted_edit.setDate(QDate(today.year, today.month, today.day))

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.disclosure_text.toPlainText())
        self.disclosure_label.setText(self.tr("已复制，可粘贴到公众号编辑器。"))
        self.disclosure_label.setStyleSheet(f"color: {GREEN};")

    def _on_posted_clicked(self) -> None:
        from relief_desktop.services.reporting import disclosure

        text = disclosure.compose(self.context.store, self.disclosure_period())
        posted = self.posted_edit.date().toPython()
        assert isinstance(posted, date)
        try:
            disclosure.record(self.context.store, self.context.worker.actor, text, posted)
        except RuleError as error:
            self.disclosure_label.setText(str(error))
            self.disclosure_label.setStyleSheet(f"color: {RED};")
            return
        self.disclosure_label.setText(
            self.tr("已记录：{0}的信息公开于 {1} 发布。").format(
                self.disclosure_period().label, f"{posted:%Y-%m-%d}"
            )
        )
        self.disclosure_label.setStyleSheet(f"color: {GREEN};")
