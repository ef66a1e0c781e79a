"""“情动成华”信息公开: the month's disclosure text for the WeChat account, copied to paste, and
the day it was posted recorded."""

from collections.abc import Callable
from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.services.reporting import disclosure
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports import common
from relief_desktop.ui.pages.reports.common import GREEN, RED
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit


class DisclosureTab(QWidget):
    def __init__(
        self,
        context: AppContext,
        today: Callable[[], date],
        months: list[Period],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today
        self.months = months
        self.disclosure_combo = common.month_combo(months)
        self.disclosure_combo.setObjectName("disclosure_combo")
        self.disclosure_text = QPlainTextEdit()
        self.disclosure_text.setObjectName("disclosure_text")
        self.disclosure_text.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("复制全文"))
        self.copy_button.setObjectName("copy_button")
        self.posted_edit = OptionalDateEdit(None, label=self.tr("发布日期"))
        self.posted_edit.setObjectName("posted_edit")
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
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        note = QLabel(
            self.tr("姓名已作隐私处理、不含身份证号；复制后粘贴到公众号编辑器，核对后发布。")
        )
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        layout.addWidget(self.disclosure_text, 1)
        layout.addLayout(bottom)
        self.disclosure_combo.currentIndexChanged.connect(self.show_disclosure)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.posted_button.clicked.connect(self._on_posted_clicked)

    def disclosure_period(self) -> Period:
        return self.months[max(self.disclosure_combo.currentIndex(), 0)]

    def show_last_month(self) -> None:
        """What the page shows first: last month's text."""
        self.disclosure_combo.setCurrentIndex(1)
        self.show_disclosure()

    def show_disclosure(self) -> None:
        text = disclosure.compose(self.context.store, self.disclosure_period())
        self.disclosure_text.setPlainText(text.text)
        self.disclosure_label.setText("")
        today = self.today()
        self.posted_edit.set_value(today)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.disclosure_text.toPlainText())
        self.disclosure_label.setText(self.tr("已复制，可粘贴到公众号编辑器。"))
        self.disclosure_label.setStyleSheet(f"color: {GREEN};")

    def _on_posted_clicked(self) -> None:
        text = disclosure.compose(self.context.store, self.disclosure_period())
        typed = self.posted_edit.required_problem()
        posted = self.posted_edit.value()
        if typed is not None or posted is None:  # refused as typed, never another day
            self.disclosure_label.setText(typed.message() if typed else "")
            self.disclosure_label.setStyleSheet(f"color: {RED};")
            return
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
