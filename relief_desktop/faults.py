"""Faults of the PC, not of the program: a full disk, a read-only or missing folder, a file held
open by WPS, a USB drive pulled out mid-copy. One translation of OSError and SQLite errors into
RuleError codes, used by the CLI, the GUI's error path and the backup service, so every such
fault is named in Chinese with its next step instead of a traceback or "程序内部错误"."""

import errno
import os
import shutil
import tempfile
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.storage.sqldb import dbapi

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.EIO, errno.ENODEV, errno.ENXIO, getattr(errno, "ESTALE", errno.EIO)}
_IN_USE = {errno.EBUSY, errno.ETXTBSY}
# Windows: ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, ERROR_USER_MAPPED_FILE
_WIN_IN_USE = {32, 33, 1224}
# Windows: ERROR_NOT_READY, ERROR_DEV_NOT_EXIST, ERROR_DEVICE_REMOVED, ERROR_NO_MEDIA_IN_DRIVE
_WIN_GONE = {21, 55, 1617, 1112}
# Windows: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
_WIN_FULL = {39, 112}


def free_text(folder: Path) -> str:
    """Free space of the disk holding `folder`, for a message ("剩余 0 字节")."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return "未知"
    if free < 1024:
        return f"{free} 字节"
    if free < 1024 * 1024:
        return f"{free / 1024:.0f} KB"
    return f"{free / 1024 / 1024:.0f} MB"


def _where(error: OSError, fallback: Path | None) -> Path | None:
    name = error.filename
    if isinstance(name, str | os.PathLike) and str(name):
        return Path(name)
    return fallback


def from_os_error(error: OSError, path: Path | None = None) -> RuleError:
    """Name what went wrong with a file or folder and what to do next."""
    where = _where(error, path)
    shown = str(where) if where is not None else "所选位置"
    folder = where.parent if where is not None and where.suffix else where
    code = error.errno
    winerror = getattr(error, "winerror", None)
    if code in _FULL or winerror in _WIN_FULL:
        return RuleError(
            "disk_full", folder=str(folder or shown), free=free_text(folder or Path("."))
        )
    if winerror in _WIN_IN_USE or code in _IN_USE:
        return RuleError("file_in_use", file=shown)
    if winerror in _WIN_GONE or code in _GONE:
        return RuleError("device_gone", file=shown)
    if code == errno.ENOENT:
        return RuleError("path_missing", file=shown)
    if code in _READ_ONLY:
        return RuleError("folder_read_only", folder=str(folder or shown))
    return RuleError("file_error", file=shown, detail=error.strerror or str(error))


def _probe(folder: Path) -> RuleError | None:
    """What keeps SQLite from using `folder`: missing, full or read-only (None when writable)."""
    if not folder.is_dir():
        return RuleError("path_missing", file=str(folder))
    try:
        if shutil.disk_usage(folder).free == 0:
            return RuleError("disk_full", folder=str(folder), free=free_text(folder))
    except OSError:
        pass
    try:
        fd, name = tempfile.mkstemp(prefix=".relief-probe-", dir=folder)
    except OSError as error:
        error.filename = str(folder)  # name the folder, not the probe file
        return from_os_error(error, folder)
    os.close(fd)
    Path(name).unlink(missing_ok=True)
    return None


def from_sqlite_error(error: dbapi.Error, database: Path) -> RuleError | None:
    """A SQLite error on the store at `database` that is a fault of the PC, or None (a bug)."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return RuleError("disk_full", folder=str(database.parent), free=free_text(database.parent))
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return RuleError("store_busy_window")
    if primary == _SQLITE_NOMEM:
        return RuleError("out_of_memory")
    pc_fault = primary in (_SQLITE_IOERR, _SQLITE_CANTOPEN, _SQLITE_READONLY, _SQLITE_PERM) or any(
        word in text for word in ("disk i/o", "unable to open", "readonly", "read-only")
    )
    if pc_fault:
        found = _probe(database.parent)
        if found is not None:
            return found
        if primary == _SQLITE_READONLY or "readonly" in text:
            return RuleError("folder_read_only", folder=str(database.parent))
        return RuleError("device_gone", file=str(database))
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return RuleError("store_corrupt", detail=str(error))
    return None


# The store this process opened last (Store.open notes it): named when SQLite fails without
# saying which file, e.g. in a background job of the GUI.
_store_in_use: list[Path] = []


def note_store(database: Path) -> None:
    _store_in_use[:] = [database]


def translate(error: BaseException, database: Path | None = None) -> RuleError | None:
    """The RuleError a user should see for `error`, or None when it is a bug of the program.

    `database` is the store in use (default: the one this process opened last).
    """
    if database is None and _store_in_use:
        database = _store_in_use[0]
    if isinstance(error, RuleError):
        return error
    if isinstance(error, OSError):
        return from_os_error(error, None)
    if isinstance(error, dbapi.Error) and database is not None:
        return from_sqlite_error(error, database)
    # SQLAlchemy wraps the driver's error; its cause is the sqlite3 one.
    original = getattr(error, "orig", None)
    if isinstance(original, dbapi.Error) and database is not None:
        return from_sqlite_error(original, database)
    cause = error.__cause__
    if isinstance(cause, OSError | dbapi.Error):
        return translate(cause, database)
    return None
