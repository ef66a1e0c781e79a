"""The UI's part of 自检: the shipped Chinese font and Qt's Chinese words load (in a bundle too)."""

import os

from PySide6.QtCore import QLibraryInfo
from PySide6.QtWidgets import QApplication

from relief_desktop.services.selftest import Action, StepFailedError
from relief_desktop.ui.assets import install_app_font, install_translations

TITLE = "界面：中文字体和 Qt 中文翻译"


def _check() -> str:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        # The command line has no window: check without a screen (the offscreen plugin ships).
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["relief-desktop"])
    family = install_app_font(app)
    if family is None:
        raise StepFailedError("内置中文字体（文泉驿微米黑）没有加载")
    if not install_translations(app):
        raise StepFailedError("Qt 的中文翻译文件没有找到")
    return f"{family}，Qt {QLibraryInfo.version().toString()}"


def steps() -> list[tuple[str, Action]]:
    return [(TITLE, _check)]
