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
from collections.abc import Iterator
from pathlib import Path

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
    _kernel32.LockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.LockFileEx.restype = wintypes.BOOL
    _kernel32.UnlockFileEx.argtypes = [
        wintypes.HANDLE,
        wintypes.DWORD,
        wintypes.DWORD,
        wintypes.DWORD,
        ctypes.POINTER(_Overlapped),
    ]
    _kernel32.UnlockFileEx.restype = wintypes.BOOL
    _FAIL_IMMEDIATELY = 0x1
    _EXCLUSIVE = 0x2

    def _overlapped() -> "_Overlapped":
        # The locked byte lies far beyond the end of the file, so reading the pid is not blocked.
        ov = _Overlapped()
        ov.Offset = 0
        ov.OffsetHigh = 1
        return ov

    def _try_lock(fd: int, exclusive: bool) -> bool:
        handle = msvcrt.get_osfhandle(fd)
        flags = _FAIL_IMMEDIATELY | (_EXCLUSIVE if exclusive else 0)
        ov = _overlapped()
        return bool(_kernel32.LockFileEx(handle, flags, 0, 1, 0, ctypes.byref(ov)))

    def _unlock(fd: int) -> None:
        handle = msvcrt.get_osfhandle(fd)
        ov = _overlapped()
        _kernel32.UnlockFileEx(handle, 0, 1, 0, ctypes.byref(ov))

else:
    import fcntl

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class StoreLock:
    """A held lock on one store; release() (or the end of the process) lets it go."""

    def __init__(self, handle: int | None, exclusive: bool) -> None:
        self._handle = handle
        self.exclusive = exclusive

    def release(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            with contextlib.suppress(OSError):
                _unlock(handle)
            with contextlib.suppress(OSError):
                os.close(handle)

    def __del__(self) -> None:
        # A Store dropped without close(): the lock goes with it, quietly.
        with contextlib.suppress(Exception):
            self.release()

    @property
    def held(self) -> bool:
        return self._handle is not None


_BINARY = getattr(os, "O_BINARY", 0)
_NO_INHERIT = getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_CLOEXEC", 0)


def _open(path: Path) -> int | None:
    """The lock file, created if need be; None where it cannot even be read (no lock possible:
    such a folder cannot hold a writable store either, and opening it will say so)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | _BINARY | _NO_INHERIT, 0o600)
    except OSError:
        try:
            return os.open(path, os.O_RDONLY | _BINARY | _NO_INHERIT)
        except OSError:
            return None


def _note_pid(handle: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(handle, 0)
        os.lseek(handle, 0, os.SEEK_SET)
        os.write(handle, str(os.getpid()).encode())


def hold_shared(database: Path, wait_seconds: float = 30.0) -> StoreLock:
    """The lock of a process that opens the store; waits while a restore is swapping the file."""
    handle = _open(lock_file(database))
    if handle is None:
        return StoreLock(None, exclusive=False)
    deadline = time.monotonic() + wait_seconds
    while not _try_lock(handle, exclusive=False):
        if time.monotonic() >= deadline:
            os.close(handle)
            raise RuleError("store_restoring")
        time.sleep(0.1)
    return StoreLock(handle, exclusive=False)


def hold_exclusive(database: Path) -> StoreLock:
    """The lock of a restore: refused at once while any other holder has the store open."""
    path = lock_file(database)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | _BINARY | _NO_INHERIT, 0o600)
    if not _try_lock(handle, exclusive=True):
        os.close(handle)
        raise RuleError("store_in_use")
    _note_pid(handle)
    return StoreLock(handle, exclusive=True)


@contextlib.contextmanager
def held_exclusively(path: Path, wait_seconds: float = 15.0) -> Iterator[None]:
    """A short exclusive lock on `path` for a read-modify-write of a small file that two
    processes may change at once (the keyring: a password set in one window while a wrong
    password is counted in another). Waits for the other holder; then store_busy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = _open(path)
    if handle is None:  # a read-only folder: nothing there can be written either
        yield
        return
    deadline = time.monotonic() + wait_seconds
    try:
        while not _try_lock(handle, exclusive=True):
            if time.monotonic() >= deadline:
                raise RuleError("store_busy", seconds=int(wait_seconds))
            time.sleep(0.05)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                _unlock(handle)
    finally:
        os.close(handle)
