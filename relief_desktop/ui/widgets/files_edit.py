"""Photos and screenshots of a record: picked files are kept under attachments/<folder>/."""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.storage.files import keep


def choose_files(parent: QWidget | None) -> list[Path]:
    """Pick photos or screenshots (tests monkeypatch this)."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, parent.tr("选择照片") if parent else "选择照片", "", "图片 (*.jpg *.jpeg *.png)"
    )
    return [Path(n) for n in names]


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
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)

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

    def _on_remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
