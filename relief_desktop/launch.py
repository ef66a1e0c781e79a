"""`relief-desktop` and `python -m relief_desktop`: the front door.

Starting the window (no command, or `gui`) goes straight to relief_desktop.app, so the first
window never loads the command line's areas (every report, import and district command with
their services: about 0.4 s on the office PC). Any other command, `--help` or `--version`, and
anything this door does not recognise goes to the full command line, which parses and reports
errors as always. The command line is imported by name (the one deferred import of our own
code here, declared under TYPE_CHECKING so lint-imports sees it).
"""

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from relief_desktop import app, logs
from relief_desktop.paths import AppPaths, private_umask

if TYPE_CHECKING:
    from relief_desktop import cli  # noqa: F401  (loaded by name in _cli)


def _front() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--password-file", dest="signin_password_file", type=Path)
    return parser


def _gui_options() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--worker")
    parser.add_argument("--quit-when-shown", action="store_true")
    return parser


def gui_request(argv: Sequence[str]) -> tuple[Path | None, str | None, bool] | None:
    """(data dir, worker, quit when shown) when `argv` asks only for the window; else None."""
    try:
        front, rest = _front().parse_known_args(list(argv))
        if rest and rest[0] != "gui":
            return None
        options, left = _gui_options().parse_known_args(rest[1:])
    except SystemExit:  # a malformed option: the full command line says what is wrong
        return None
    if left:
        return None
    return front.data_dir, options.worker, options.quit_when_shown


def _cli(argv: Sequence[str]) -> int:
    code: int = importlib.import_module("relief_desktop.cli").main(argv)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    request = gui_request(args)
    if request is None:
        return _cli(args)
    data_dir, worker, quit_when_shown = request
    paths = AppPaths.under(data_dir) if data_dir else AppPaths.for_user()
    private_umask()  # the store, backups, logs and exports: user-only (POSIX)
    # Warnings and uncaught errors of this run go, cleaned of personal data, to logs/.
    logs.install(paths, on_crash=app.crash_notice)
    return app.main(paths, worker_name=worker, quit_when_shown=quit_when_shown)
