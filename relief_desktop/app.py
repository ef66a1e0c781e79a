"""Entry point of the GUI. Qt lives in relief_desktop.ui; this module only hands over to it."""

from pathlib import Path

from relief_desktop.paths import AppPaths


def main(paths: AppPaths, worker_name: str | None = None, quit_when_shown: bool = False) -> int:
    """Run the GUI on the store at `paths`; the exit code of the event loop."""
    from relief_desktop.ui.app import main as run

    return run(paths, worker_name=worker_name, quit_when_shown=quit_when_shown)


def crash_notice(log: Path) -> None:
    """Tell the worker an operation failed and where the (cleaned) details are."""
    from relief_desktop.ui import prompts
    from relief_desktop.ui.app import APP_TITLE

    prompts.show_error(
        None,
        APP_TITLE,
        "程序内部错误，操作未完成。\n"
        f"详细信息已保存到 {log}（已去除身份证号、电话等个人信息），可发给技术支持。",
    )
