"""月度报送: the month's briefing text, the completeness check, the packet options, and
generating the packet off the UI thread (through the page's JobRunner: progress and cancel)."""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.services import audit, passwords
from relief_desktop.services.reporting import (
    month_packet,
    narrative,
    packet,
    packet_mail,
    packet_password,
)
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports import common
from relief_desktop.ui.pages.reports.common import GREEN, RED
from relief_desktop.ui.pages.reports.job_runner import JobRunner
from relief_desktop.ui.pages.reports.packet_mail_box import PacketMailBox
from relief_desktop.ui.widgets.packet_password_panel import PacketPasswordDialog

SECTION_HINTS = {
    "work_by_area": "按工作板块写本月做了什么：个案服务、入户核查、资源链接、社区联络、宣传活动……",
    "case_story": "一个匿名的个案故事：不写姓名、身份证号、住址，用“某某”“王女士”等代称。",
    "problems": "本月遇到的困难和需要协调的问题。",
    "next_plan": "下月的重点工作安排。",
}


def choose_images(parent: QWidget | None) -> list[Path]:
    files, _ = QFileDialog.getOpenFileNames(
        parent, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)"
    )
    return [Path(f) for f in files]


def password_problem(first: str, second: str) -> str | None:
    """The Chinese message for a bad password pair; None when blank (no password) or fine."""
    if not first and not second:
        return None
    if first != second:
        return "两次输入的密码不一致，请重新输入。"
    try:
        passwords.check_new(first)
    except RuleError as error:
        return str(error)
    return None


class MonthTab(QWidget):
    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        months: list[Period],
        runner: JobRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.months = months
        self.runner = runner
        self._loaded_month = ""
        self._dirty = False
        self._packet_period = months[0]
        self._build()
        self.month_combo.currentIndexChanged.connect(self.on_month_changed)
        self.month_combo.setCurrentIndex(1)  # last month: the one due by the 5th

    def _build(self) -> None:
        self.month_combo = common.month_combo(self.months)
        self.month_combo.setObjectName("month_combo")
        self.due_label = QLabel()
        self.due_label.setObjectName("due_label")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("报送月份：")))
        top.addWidget(self.month_combo)
        top.addSpacing(16)
        top.addWidget(self.due_label, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_narrative())
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.save_button.clicked.connect(self._on_save_clicked)
        self.add_photo_button.clicked.connect(self._on_add_photos)
        self.remove_photo_button.clicked.connect(self._on_remove_photo)
        self.mask_check.toggled.connect(self._on_mask_toggled)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.open_folder_button.clicked.connect(self._on_open_folder)
        self.runner.busy_changed.connect(self._on_busy_changed)
        self.runner.finished.connect(self._on_job_finished)
        self.runner.cancelled.connect(self._on_job_cancelled)

    def _build_narrative(self) -> QGroupBox:
        """The briefing text, section by section, and the photos."""
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
        return narrative_box

    def _build_side(self) -> QWidget:
        """Completeness, options, generate."""
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
        self.team_password_label = QLabel()
        self.team_password_label.setObjectName("team_password_label")
        self.team_password_label.setWordWrap(True)
        self.team_password_button = QPushButton(self.tr("设置…"))
        self.team_password_button.setObjectName("team_password_button")
        team_row = QHBoxLayout()
        team_row.addWidget(self.team_password_label, 1)
        team_row.addWidget(self.team_password_button)
        self.strength_label = QLabel()
        self.password_edit.textChanged.connect(
            lambda text: self.strength_label.setText(
                self.tr("密码强度：{0}").format(passwords.strength_hint(text)) if text else ""
            )
        )
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
        options_layout.addRow(self.tr("团队报送密码："), team_row)
        options_layout.addRow(self.tr("本次另用密码："), self.password_edit)
        options_layout.addRow(self.tr("再输一次："), self.password_again_edit)
        options_layout.addRow("", self.strength_label)
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
        self.mail_box = PacketMailBox()
        self.mail_box.setObjectName("mail_box")
        self.mail_box.hide()
        side_layout.addWidget(self.mail_box, 1)
        self.team_password_button.clicked.connect(self._on_team_password_clicked)
        self.refresh_team_password()
        return side

    def refresh_team_password(self) -> None:
        """Say whether the team's packet password is set: packets are then encrypted with it."""
        if packet_password.is_set(self.context.store):
            self.team_password_label.setText(self.tr("已设置，资料包默认加密"))
            self.team_password_label.setStyleSheet(f"color: {GREEN};")
            self.password_edit.setPlaceholderText(self.tr("留空则用团队报送密码"))
        else:
            self.team_password_label.setText(self.tr("未设置，资料包不加密"))
            self.team_password_label.setStyleSheet(f"color: {RED};")
            self.password_edit.setPlaceholderText(self.tr("不加密请留空；至少 8 位"))

    def _on_team_password_clicked(self) -> None:
        dialog = PacketPasswordDialog(self.context, self)
        dialog.exec()
        self.refresh_team_password()

    def packet_password(self) -> str | None:
        """This run's password: the one typed for it, else the team's, else none."""
        return self.password_edit.text() or packet_password.get(self.context.store)

    # --- state -----------------------------------------------------------------------------

    def period(self) -> Period:
        return self.months[max(self.month_combo.currentIndex(), 0)]

    def month_key(self) -> str:
        return packet.month_key(self.period())

    def on_month_changed(self) -> None:
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
        folder = common.choose_folder(self, self.tr("选择保存资料包的文件夹"))
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
        password, masked = self.packet_password(), self.mask_check.isChecked()
        reason = ""
        if not masked:
            asked = prompts.ask_reason(self, self.tr("包含完整身份信息"), prompts.FULL_EXPORT_TEXT)
            if asked is None:
                return
            reason = asked

        def work(progress: packet.Progress) -> object:
            result = month_packet.generate(
                store, actor, period, folder, password=password, masked=masked,
                progress=progress, today=today,
            )  # fmt: skip
            if not masked:
                audit.record_access(
                    store, actor, "export_full", f"{period.label}资料包 → {result.path.name}",
                    sum(result.row_counts.values()), reason,
                )  # fmt: skip
            return result

        self.result_label.setText("")
        self.open_folder_button.hide()
        self.mail_box.hide()
        self._packet_period = period
        self.runner.start(work, self.tr("正在生成{0}资料包…").format(period.label), True, folder)

    def _on_busy_changed(self, busy: bool) -> None:
        self.generate_button.setEnabled(not busy)

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
            self.mail_box.show_mail(
                packet_mail.compose(
                    street=f"{self.context.street_name}街道",
                    period_label=self._packet_period.label,
                    file_name=result.path.name, version=result.version,
                    encrypted=result.encrypted, masked=result.masked,
                    sender=self.context.worker.name, today=self.today(),
                )
            )  # fmt: skip

    def _on_job_cancelled(self) -> None:
        self.result_label.setText(self.tr("已取消，没有留下任何文件。"))
        self.result_label.setStyleSheet("color: #555;")

    def _on_open_folder(self) -> None:
        if self.runner.last_folder is not None:
            common.open_folder(self.runner.last_folder)
