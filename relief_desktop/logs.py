"""Logs without personal data: crash reports and warnings a worker may send to support as they are.

What is written is cleaned first:
* SQL parameters are dropped (SQLAlchemy puts `[parameters: (...)]` — the very IDs, phones and
  addresses being saved — into its exception text; the engine also runs with hide_parameters);
* quoted values in exception messages become '…' (KeyError('张三'), "invalid literal: '…'"),
  and Chinese words in them — or in the values a log line is given — are masked as names (张**);
* every ID-shaped and phone-shaped number left is masked by domain/masking.scrub.
Each log gets a name of its own (time, process id and a counter), created exclusively, so two
crashes in one second never overwrite each other; the logs folder is user-only (paths.py).
"""

import io
import itertools
import logging
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from types import TracebackType

from relief_desktop import __version__
from relief_desktop.domain import masking
from relief_desktop.paths import PRIVATE_FILE, AppPaths, private_dir, private_file

_SQL_PARAMETERS = re.compile(r"\[parameters: .*?\](?=\s*(?:\n|\(Background|$))", re.DOTALL)
_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.){1,200}'|\"(?:[^\"\\\n]|\\.){1,200}\"")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_counter = itertools.count(1)
_lock = threading.Lock()


def clean(text: str) -> str:
    """A log line or exception message with SQL parameters, quoted values, IDs and phones gone."""
    text = _SQL_PARAMETERS.sub("[parameters: hidden]", text)
    return masking.scrub(text)


def clean_value(value: object) -> str:
    """A value a message carries (a name, a number): masked whatever it is."""
    return clean(_CJK_RUN.sub(lambda m: masking.name(m[0]), str(value)))


def clean_message(error: BaseException) -> str:
    """What an exception says, without the values it carries."""
    return clean_value(_QUOTED.sub("'…'", str(error)))


def describe(error: BaseException) -> str:
    """The traceback of `error` and its causes, each message cleaned. Source lines and
    locations stay (they hold code, not data)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    chain: list[BaseException] = []
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    for index, item in enumerate(reversed(chain)):
        if index:
            parts.append(
                "\n在处理上述异常时发生了另一个异常 / During handling, another exception:\n"
            )
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(item.__traceback__))
        parts.append(f"{type(item).__module__}.{type(item).__qualname__}: {clean_message(item)}\n")
    return "".join(parts)


def _unique(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """A new file of its own: time, process id and a counter; never an existing one."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    while True:
        with _lock:
            n = next(_counter)
        path = folder / f"{prefix}-{stamp}-{os.getpid()}-{n}{suffix}"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        except FileExistsError:
            continue
        return path, fd


def write_crash_log(paths: AppPaths, error: BaseException) -> Path | None:
    """Write the cleaned traceback of `error` into logs/; returns the new file, or None when
    the folder cannot be written (a read-only or full disk must not add a second error)."""
    try:
        return _write_crash_log(paths, error)
    except OSError:
        return None


def _write_crash_log(paths: AppPaths, error: BaseException) -> Path:
    folder = private_dir(paths.logs)
    path, fd = _unique(folder, "error", ".txt")

    header = (
        f"relief_desktop {__version__} · Python {sys.version.split()[0]} · {sys.platform}\n"
        f"{datetime.now().isoformat(timespec='seconds')}\n"
        "身份证号、电话和 SQL 参数已去除 / IDs, phones and SQL parameters removed.\n\n"
    )
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(header + describe(error))
    private_file(path)
    return path


def _arg(value: object) -> object:
    return value if isinstance(value, int | float) else clean_value(value)


class ScrubFilter(logging.Filter):
    """Cleans every record before any handler writes it: the message with its arguments merged,
    and the exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        try:
            if isinstance(args, Mapping):
                text = str(record.msg) % {k: _arg(v) for k, v in args.items()}
            elif args:
                text = str(record.msg) % tuple(_arg(v) for v in args)
            else:
                text = str(record.msg)
        except (TypeError, ValueError):
            text = clean_value(record.getMessage())
        record.msg = clean(text)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = describe(record.exc_info[1])
            record.exc_info = None
        return True


class _PrivateFileHandler(logging.FileHandler):
    """A log file created on the first record only, user-only, under a name of its own."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        super().__init__(folder / "unused.log", encoding="utf-8", delay=True)

    def _open(self) -> io.TextIOWrapper:
        private_dir(self._folder)
        path, fd = _unique(self._folder, "app", ".log")
        self.baseFilename = str(path)
        return os.fdopen(fd, "a", encoding="utf-8")


def install(paths: AppPaths, on_crash: Callable[[Path], None] | None = None) -> None:
    """For the GUI: warnings and errors of every module go, cleaned, to a log of this run;
    an exception nobody caught (UI thread or another) becomes a cleaned crash log."""
    handler = _PrivateFileHandler(paths.logs)
    handler.setLevel(logging.WARNING)
    handler.addFilter(ScrubFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        if error.__traceback__ is None:
            error = error.with_traceback(tb)
        path = write_crash_log(paths, error)
        where = f"详细信息已保存到 {path}" if path else "日志无法写入"
        sys.stderr.write(f"程序内部错误（{kind.__name__}），{where}\n")
        if on_crash is not None and path is not None:
            on_crash(path)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
