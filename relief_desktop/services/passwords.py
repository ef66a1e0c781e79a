"""Passwords a person chooses for a file that leaves the PC (the handover archive, packets):
how long they must be, a plain-language hint, and how a script hands one over safely."""

import os
import stat
from pathlib import Path

from relief_desktop.domain.errors import RuleError

MIN_LENGTH = 8
MAX_FILE_BYTES = 4096
_COMMON = {
    "12345678", "123456789", "1234567890", "11111111", "88888888", "00000000", "password",
    "password1", "qwertyui", "abcdefgh", "abc12345", "a1234567", "woaini1314", "iloveyou",
}  # fmt: skip


def check_new(password: str) -> None:
    """Refuse a password a stranger could guess; the message says what to do instead."""
    if len(password) < MIN_LENGTH:
        raise RuleError("password_short", min=MIN_LENGTH)
    if password.lower() in _COMMON or len(set(password)) <= 2:
        raise RuleError("password_common")


def strength_hint(password: str) -> str:
    """A few words for the form: 太短 / 较弱 / 一般 / 较强."""
    if len(password) < MIN_LENGTH:
        return f"太短：至少 {MIN_LENGTH} 位"
    kinds = sum(
        any(test(c) for c in password)
        for test in (str.isdigit, str.islower, str.isupper, lambda c: not c.isascii())
    ) + any(not c.isalnum() for c in password)
    if password.lower() in _COMMON or len(set(password)) <= 2:
        return "较弱：这是常见密码，请换一个"
    if len(password) >= 12 and kinds >= 2:
        return "较强"
    return "一般：可再加长，或混用字母、数字和符号"


def read_file(path: Path) -> str:
    """The first line of a small regular file (a script's password file), without its newline.

    A device, a pipe, a folder or anything over 4 KB is refused before it is read, so a
    mistyped path such as /dev/zero cannot hang or fill memory."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise RuleError("password_file_missing", file=str(path)) from None
    except OSError as error:
        raise RuleError("password_file_unreadable", file=str(path), detail=error.strerror) from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        raise RuleError("password_file_kind", file=str(path), max=MAX_FILE_BYTES)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise RuleError("password_file_unreadable", file=str(path), detail=error.strerror) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("password_file_encoding", file=str(path)) from None
    first = text.splitlines()[0] if text else ""
    if not first:
        raise RuleError("password_file_empty", file=str(path))
    return first
