"""`relief-desktop selftest`: the installed copy checks itself in a temporary data folder."""

import argparse
import sys
from typing import TYPE_CHECKING, Any

from relief_desktop.cli import command
from relief_desktop.paths import AppPaths

if TYPE_CHECKING:
    from relief_desktop.services.selftest import Action


def add_commands(sub: Any) -> None:
    sub.add_parser(
        "selftest",
        help="自检：在临时目录中建街道、登记、评估、生成并核对报送包，然后删除（不碰本机数据）",
    )


@command("selftest")
def _selftest(args: argparse.Namespace, paths: AppPaths) -> int:
    from pathlib import Path

    import relief_desktop
    from relief_desktop.services import selftest

    print(f"关爱援助工作台 {relief_desktop.__version__} 自检（临时目录，不读写本机数据）")
    print(f"程序文件夹：{Path(relief_desktop.__file__).resolve().parent.parent}", flush=True)
    steps = selftest.run(lambda step: print(step.line(), flush=True), extra=_ui_steps())
    if selftest.passed(steps):
        print("自检通过。")
        return 0
    print("自检未通过：请把以上内容发给技术支持。", file=sys.stderr)
    return 1


def _ui_steps() -> "list[tuple[str, Action]]":
    """The window's font and translations, checked without a screen; a Qt that cannot load (a
    system library missing) is a failed step, not a crash."""
    from relief_desktop.services.selftest import StepFailedError

    try:
        from relief_desktop.ui import selfcheck
    except ImportError as error:
        problem = f"Qt 无法加载（{error}），请安装缺少的系统组件"

        def broken() -> str:
            raise StepFailedError(problem)

        return [("界面：中文字体和 Qt 中文翻译", broken)]
    return selfcheck.steps()
