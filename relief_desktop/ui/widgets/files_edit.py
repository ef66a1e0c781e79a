"""Photos and screenshots of a record: picked files are kept under attachments/<folder>/."""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.storage.files import keep, open_copy
from relief_desktop.ui.prompts import show_error


def choose_files(parent: QWidget | None) -> list[Path]:
    """Pick photos or screenshots (tests monkeypatch this)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, parent.tr("选择照片") if parent else "选择照片", "", "图片 (*.jpg *.jpeg *.png)"
    )
    return [Path(n) for n in names]


def open_in_viewer(path: Path) -> None:
    """Hand a file to the system's viewer (tests monkeypatch this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def open_kept_file(parent: QWidget, attachments: Path, name: str, original_name: str = "") -> None:
    """Open a photo or document the app keeps (decrypted into a private work folder, removed
    at the next start); a file that is gone is said so in Chinese."""
    try:
        copy = open_copy(attachments, name, original_name)
    except RuleError as error:
        show_error(parent, parent.tr("无法打开附件"), str(error))
        return
    except OSError as error:  # the data folder full or not writable
        text = parent.tr("附件无法取出到数据目录的临时文件夹：{0}").format(error.strerror or error)
        show_error(parent, parent.tr("无法打开附件"), text)
        return
    open_in_viewer(copy)


class FilesEdit(QWidget):
    """The names of a record's files; an added file is copied in, named by its content."""

    def __init__(self, attachments: Path, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attachments = attachments
        self.folder = folder
        self.list = QListWidget(self)
        self.list.setMaximumHeight(80)
        self.add_button = QPushButton(self.tr("添加…"), self)
        self.remove_button = QPushButton(self.tr("移除"), self)
        self.open_button = QPushButton(self.tr("打开"), self)
        self.open_button.setToolTip(self.tr("用系统的看图程序打开选中的文件（也可双击）"))
        self.list.setToolTip(self.tr("双击打开"))
        buttons = QVBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)
        self.open_button.clicked.connect(self.open_current)
        self.list.itemDoubleClicked.connect(
            lambda item: open_kept_file(self, self.attachments, item.text())
        )

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def set_names(self, names: Sequence[str]) -> None:
        self.list.clear()
        self.list.addItems([n for n in names if n])

    def _on_add(self) -> None:
        present = set(self.names())
        for source in choose_files(self):
            name = keep(self.attachments, source, self.folder).name
            if name not in present:
                self.list.addItem(name)
                present.add(name)

    def open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            open_kept_file(self, self.attachments, item.text())

    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
