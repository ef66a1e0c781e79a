"""帮助 · 关于: the version, the data folder (click to open it) and the licences of what ships
inside the program (the Chinese font, Qt and PySide6 under the LGPL)."""

from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QLibraryInfo, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from relief_desktop import __version__
from relief_desktop.resources import resource_path

FONT_LICENCE = resource_path("fonts", "LICENSE-wqy-microhei.txt")
QT_NOTICE = resource_path("licenses", "QT-NOTICE.txt")
LGPL = resource_path("licenses", "LGPL-3.txt")


def open_location(url: str) -> None:
    """Open a folder or a licence file with the system's file manager or viewer."""
    QDesktopServices.openUrl(QUrl(url))


def _link(path: Path, text: str) -> str:
    return f'<a href="{QUrl.fromLocalFile(str(path)).toString()}">{text}</a>'


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("关于"))
        qt = QLibraryInfo.version().toString()
        rows = [
            f"<h3>{self.tr('成华区街道社会关爱援助中心 离线桌面工作台')}</h3>",
            f"<p>{self.tr('版本')} {__version__}</p>",
            f"<p>{self.tr('数据只保存在本机，存放在：')}<br>"
            f"{_link(data_dir, str(data_dir))}"
            f"<br><small>{self.tr('（点击打开文件夹；备份在其中的 backups 文件夹）')}</small></p>",
            f"<p><b>{self.tr('内置中文字体')}</b>：文泉驿微米黑 WenQuanYi Micro Hei，"
            f"Apache-2.0 或 GPL-3.0+（含字体例外）。"
            f"{_link(FONT_LICENCE, self.tr('许可证全文'))}</p>",
            f"<p><b>Qt {qt} / PySide6 {pyside_version}</b>："
            + self.tr(
                "依照 GNU 宽通用公共许可证第 3 版（LGPL-3.0）使用，以动态链接库形式随程序提供，"
            )
            + self.tr("可以替换为兼容的版本；源代码见 download.qt.io。")
            + f"{_link(QT_NOTICE, self.tr('说明'))} · {_link(LGPL, 'LGPL-3.0')}</p>",
        ]
        self.text = QLabel("".join(rows))
        self.text.setObjectName("about_text")
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.text.linkActivated.connect(open_location)
        self.text.setMinimumWidth(520)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
