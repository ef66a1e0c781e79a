"""The store lock that the GUI and the CLI both honour: every process with the store open holds a
shared lock on `relief.sqlite3.lock`; a restore needs it exclusively. So a restore is refused
while another window (or a running import) has the store open, and nothing opens the store while
a restore swaps the file. The OS drops the lock when a process dies, so a crash never leaves the
store locked. Linux/macOS: flock; Windows: LockFileEx on one byte. The file also records the pid
of the last holder, for support."""

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import IO

from relief_desktop.domain.errors import RuleError


def lock_file(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


if sys.platform == "win32":
    import ctypes
    import msvcrt
    from ctypes import wintypes

    class _Overlapped(ctypes.Structure):
        _fields_ = [
            ("Internal", ctypes.c_void_p),
            ("InternalHigh", ctypes.c_void_p),
            ("Offset", wintypes.DWORD),
            ("OffsetHigh", wintypes.DWORD),
            ("hEvent", wintypes.HANDLE),
        ]

    _kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    _FAIL_IMMEDIATELY = 0x1
    _EXCLUSIVE = 0x2

    def _overlapped() -> "_Overlapped":
        # The locked byte lies far beyond the end of the file, so reading the pid is not blocked.
        ov = _Overlapped()
        ov.Offset = 0
        ov.OffsetHigh = 1
        return ov

    def _try_lock(f: IO[bytes], exclusive: bool) -> bool:
        handle = msvcrt.get_osfhandle(f.fileno())
        flags = _FAIL_IMMEDIATELY | (_EXCLUSIVE if exclusive else 0)
        ov = _overlapped()
        return bool(_kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(ov)))

    def _unlock(f: IO[bytes]) -> None:
        handle = msvcrt.get_osfhandle(f.fileno())
        ov = _overlapped()
        _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(ov))

else:
    import fcntl

    def _try_lock(f: IO[bytes], exclusive: bool) -> bool:
        try:
            fcntl.flock(f.fileno(), (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(f: IO[bytes]) -> None:
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)


class StoreLock:
    """A held lock on one store; release() (or the end of the process) lets it go."""

    def __init__(self, handle: IO[bytes] | None, exclusive: bool) -> None:
        self._handle = handle
        self.exclusive = exclusive

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                _unlock(handle)
            handle.close()

    @property
    def held(self) -> bool:
        return self._handle is not None


def _open(path: Path) -> IO[bytes] | None:
    """The lock file, created if need be; None where it cannot even be read (no lock possible:
    such a folder cannot hold a writable store either, and opening it will say so)."""
    try:
        return path.open("a+b")
    except OSError:
        try:
            return path.open("rb")
        except OSError:
            return None


def _note_pid(handle: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()).encode())
        handle.flush()


def hold_shared(database: Path, wait_seconds: float = 30.0) -> StoreLock:
    """The lock of a process that opens the store; waits while a restore is swapping the file."""
    handle = _open(lock_file(database))
    if handle is None:
        return StoreLock(None, exclusive=False)
    deadline = time.monotonic() + wait_seconds
    while not _try_lock(handle, exclusive=False):
        if time.monotonic() >= deadline:
            handle.close()
            raise RuleError("store_restoring")
        time.sleep(0.1)
    return StoreLock(handle, exclusive=False)


def hold_exclusive(database: Path) -> StoreLock:
    """The lock of a restore: refused at once while any other holder has the store open."""
    path = lock_file(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+b")
    if not _try_lock(handle, exclusive=True):
        handle.close()
        raise RuleError("store_in_use")
    _note_pid(handle)
    return StoreLock(handle, exclusive=True)
