"""The front door: starting the window skips the command line's areas; everything else, and
anything the door does not recognise, goes to the full command line."""

import subprocess
import sys
from pathlib import Path

from relief_desktop import launch


def test_a_window_start_is_recognised_with_its_options() -> None:
    assert launch.gui_request([]) == (None, None, False)
    assert launch.gui_request(
        ["--data-dir", "/d", "gui", "--worker", "王芳", "--quit-when-shown"]
    ) == (
        Path("/d"),
        "王芳",
        True,
    )


def test_every_other_command_help_and_typos_go_to_the_command_line() -> None:
    for argv in (
        ["kpi"],
        ["--data-dir", "/d", "packet", "--month", "2026-10"],
        ["--help"],
        ["--version"],
        ["gui", "--help"],
        ["gui", "--wroker", "王芳"],
        ["--data-dir"],
    ):
        assert launch.gui_request(argv) is None, argv


def test_the_front_door_does_not_load_the_command_line_areas() -> None:
    code = (
        "import sys; from relief_desktop import launch; "
        "print(sorted(m for m in sys.modules if m.startswith(('relief_desktop.cli', "
        "'relief_desktop.services', 'relief_desktop.demo'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
