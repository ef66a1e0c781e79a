"""收包: the streets' packet zips in (file picker or drag-and-drop), every check's result shown,
and every version ever imported listed."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.vocab import STREETS
from relief_desktop.services.district import intake, packets
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import street_password_dialog
from relief_desktop.ui.widgets.tables import fit_columns, read_only_table

RESULT_TEXT = {"imported": "已导入", "duplicate": "已有，未改动", "refused": "未导入"}
RESULT_COLOUR = {"imported": "#1e7b34", "duplicate": "#555555", "refused": "#b3261e"}


def choose_packets(parent: QWidget) -> list[Path]:
    """The file picker (tests monkeypatch it)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, parent.tr("选择街道报送资料包"), "", parent.tr("报送资料包") + " (*.zip)"
    )
    return [Path(n) for n in names]


class IntakePage(QWidget):
    imported = Signal()

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setAcceptDrops(True)
        self._opened: set[str | None] = set()  # streets whose password was typed this session
        intro = QLabel(
            self.tr(
                "把各街道发来的月度报送资料包（zip）拖到这里，或点“选择资料包”。每个资料包都会核对"
                "清单中的校验值、街道、月份、版本和数据版本；有问题的不导入，并说明原因。"
            )
        )
        intro.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("选择资料包…"))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("加密资料包的密码（打开后按街道保存）"))
        self.password_edit.setMinimumWidth(280)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(self.tr("密码：")))
        top.addWidget(self.password_edit)
        top.addStretch(1)

        self.drop_label = QLabel(self.tr("将资料包拖放到此处"))
        self.drop_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_label.setMinimumHeight(56)
        self.drop_label.setStyleSheet(
            "border: 2px dashed #9aa5b1; border-radius: 6px; color: #52606d; font-size: 15px;"
        )
        self.result_table = read_only_table(
            [self.tr("文件"), self.tr("结果"), self.tr("说明")], stretch_column=2
        )
        self.result_table.setMinimumHeight(90)
        self.result_table.setMaximumHeight(150)
        self.history_caption = QLabel()
        self.history_table = read_only_table(
            [
                self.tr("街道"),
                self.tr("月份"),
                self.tr("版本"),
                self.tr("生成时间"),
                self.tr("导入时间"),
                self.tr("文件"),
            ],
            stretch_column=5,
        )
        self.history_table.setMinimumHeight(140)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.drop_label)
        layout.addWidget(QLabel(self.tr("本次导入结果")))
        layout.addWidget(self.result_table)
        layout.addWidget(self.history_caption)
        layout.addWidget(self.history_table, 1)
        self.choose_button.clicked.connect(self._on_choose_clicked)
        self.refresh()

    def _on_choose_clicked(self) -> None:
        files = choose_packets(self)
        if files:
            self.import_files(files)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt override)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt override)
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    def import_files(self, files: list[Path]) -> list[intake.Outcome]:
        """Check and import the files (one transaction for the good ones); show each result."""

        password = self.password_edit.text() or None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            outcomes = intake.import_files(
                self.context.store, self.context.worker.actor, files, password
            )
        finally:
            QGuiApplication.restoreOverrideCursor()
        outcomes = [self._with_password(o) for o in outcomes]
        self.result_table.setRowCount(len(outcomes))
        for row, outcome in enumerate(outcomes):
            status = QTableWidgetItem(self.tr(RESULT_TEXT[outcome.status]))
            status.setForeground(QColor(RESULT_COLOUR[outcome.status]))
            self.result_table.setItem(row, 0, QTableWidgetItem(outcome.path.name))
            self.result_table.setItem(row, 1, status)
            self.result_table.setItem(row, 2, QTableWidgetItem(outcome.message))
        fit_columns(self.result_table, 420)
        if any(o.status == "imported" for o in outcomes):
            self.imported.emit()
        self.refresh()
        return outcomes

    def _with_password(self, outcome: intake.Outcome) -> intake.Outcome:
        """A packet refused for its password: ask for the street's password (the one kept
        did not open it, or none is kept) and try again until it opens or the user cancels."""
        tries = 0
        if outcome.password and outcome.street_code in self._opened:
            # a password typed for an earlier file of the same street may open this one too
            outcome = self._retry(outcome.path, None)
        while outcome.password:
            code = outcome.street_code
            street = f"{STREETS[code]}街道" if code else self.tr("该街道")
            name = outcome.path.name
            if tries:
                text = self.tr("输入的密码也打不开“{0}”。请向{1}核对报送密码后重新输入：")
            elif outcome.password == "wrong":
                text = self.tr(
                    "本机保存的{1}报送密码打不开“{0}”（街道可能更换了密码）。\n"
                    "请输入{1}现在的报送密码，打开后替换保存的密码："
                )
            else:
                text = self.tr(
                    "“{0}”已加密，本机还没有保存{1}的报送密码。\n"
                    "请输入{1}告知的报送密码，打开后为该街道保存，以后自动使用："
                )
            given = street_password_dialog.ask_street_password(
                self, street, text.format(name, street)
            )
            if given is None:
                return outcome
            tries += 1
            outcome = self._retry(outcome.path, given)
        if outcome.status == "imported" and outcome.packet is not None:
            self._opened.add(outcome.packet.street_code)
        return outcome

    def _retry(self, path: Path, password: str | None) -> intake.Outcome:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return intake.import_files(
                self.context.store, self.context.worker.actor, [path], password
            )[0]
        finally:
            QGuiApplication.restoreOverrideCursor()

    def refresh(self) -> None:
        rows = list(reversed(packets.received(self.context.store)))
        rows.sort(key=lambda r: r.imported_at, reverse=True)
        self.history_caption.setText(self.tr("已导入的资料包（共 {0} 个版本）").format(len(rows)))
        self.history_table.setRowCount(len(rows))
        for row, item in enumerate(rows):
            cells = [
                f"{STREETS.get(item.street_code, item.street_code)}街道",
                item.period,
                self.tr("第 {0} 版").format(item.version),
                item.generated_at[:16].replace("T", " "),
                item.imported_at[:16].replace("T", " "),
                item.file_name,
            ]
            for column, text in enumerate(cells):
                self.history_table.setItem(row, column, QTableWidgetItem(text))
        fit_columns(self.history_table)
