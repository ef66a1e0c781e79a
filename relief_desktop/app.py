"""Entry point of the GUI. Qt lives in relief_desktop.ui; this module only hands over to it.

The one deferred import of relief_desktop's own code: the command line (demo, backup, reports,
self-test) must run where Qt cannot load, so relief_desktop.ui (and PySide6 with it) is imported
only when a window is wanted. Import-linter still sees app → ui as the layer below.
"""

import importlib
from pathlib import Path
from types import ModuleType

from relief_desktop.paths import AppPaths


def ui(name: str) -> ModuleType:
    """relief_desktop.ui.<name>, imported now. deferred: PySide6 stays off the command line."""
    return importlib.import_module(f"relief_desktop.ui.{name}")


def main(paths: AppPaths, worker_name: str | None = None, quit_when_shown: bool = False) -> int:
    """Run the GUI on the store at `paths`; the exit code of the event loop."""
    code: int = ui("app").main(paths, worker_name=worker_name, quit_when_shown=quit_when_shown)
    return code


def crash_notice(log: Path) -> None:
    """Tell the worker an operation failed and where the (cleaned) details are."""
    ui("prompts").show_error(
        None,
        ui("app").APP_TITLE,
        "程序内部错误，操作未完成。\n"
        f"详细信息已保存到 {log}（已去除身份证号、电话等个人信息），可发给技术支持。",
    )
