"""Backups of the store: a copy every day the app is used, on demand (e.g. to a USB drive), and a
checked restore. The store is one file on one PC; these copies are what stands between a broken
disk and a year of a team's work.

Every byte of a store that leaves or enters the data folder goes through two functions:
`_write_copy` (the live store → a backup file) and `_private_copy` (a backup file → a private
working copy that is checked and, on restore, swapped in). A backup is encrypted with the
store's own data key (SQLCipher's backup API copies encrypted pages), so it is restorable on
this data folder's keyring and unreadable anywhere else; a plaintext backup of an older version
is encrypted on its way in.

A backup is never opened where it lies: SQLite would leave -wal/-shm files beside it (on a USB
drive, in the backups folder). It is copied to a private folder and the copy is opened.
"""

import contextlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from relief_desktop import faults
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths, private_file
from relief_desktop.storage import chain, sqldb
from relief_desktop.storage.lock import hold_exclusive, hold_shared
from relief_desktop.storage.migrations import LATEST, tables_at
from relief_desktop.storage.sqldb import dbapi

DAILY_KEEP = 14
_NAME = re.compile(
    r"relief-(\d{8})-(\d{6})(?:-\d+)?-(daily|manual|before-restore|before-encryption|schema\d+)"
)
_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    kind: str  # daily / manual / before-restore / schemaN (before an upgrade)
    size: int


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, read from a checked private copy."""

    file: str
    street: str  # 双桥子
    street_code: str
    version: int  # schema version (PRAGMA user_version)
    people: int
    cases: int
    newest: date | None  # the newest change recorded in it

    @property
    def needs_upgrade(self) -> bool:
        return self.version < LATEST


@dataclass(frozen=True)
class Restored:
    summary: BackupSummary
    kept: Path | None  # the store as it was before the restore (None when there was none)


def _discard(path: Path) -> None:
    """Remove a partial file and the journals SQLite may have left beside it."""
    for name in (str(path), *(str(path) + suffix for suffix in _SIDE_FILES)):
        with contextlib.suppress(OSError):
            Path(name).unlink(missing_ok=True)


def _fault(error: BaseException, where: Path) -> RuleError:
    """A fault of the disk as the user's message; anything else is re-raised as a bug."""
    if isinstance(error, OSError):
        return faults.from_os_error(error, where)
    if isinstance(error, dbapi.Error):
        found = faults.from_sqlite_error(error, where)
        if found is not None:
            return found
    raise error


# --- the two seams every copy goes through -------------------------------------------------


def _write_copy(source: dbapi.Connection, target: Path, key: bytes | None) -> Path:
    """Copy the open store `source` to `target` completely or not at all.

    SQLite's backup API gives a consistent copy while the app writes, encrypted with `key` (the
    store's own: None only for a plaintext store of an older version). The copy is a plain
    (rollback-journal) file, so opening it never creates -wal/-shm files; it is checked and
    flushed to disk under a temporary name, then renamed. On any failure the partial file is
    removed and the fault named (a full disk, a USB drive pulled out).
    """
    temp = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = sqldb.connect(temp, key, isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode = OFF")  # a failed copy is thrown away whole
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            ok = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
        if ok != "ok":
            raise RuleError("backup_check_failed", detail=str(ok))
        with temp.open("rb+") as written:
            os.fsync(written.fileno())
        private_file(temp)
        os.replace(temp, target)
    except BaseException as error:
        _discard(temp)
        if isinstance(error, OSError | dbapi.Error):
            raise _fault(error, target) from None
        raise
    return target


def _private_copy(source: Path, folder: Path) -> Path:
    """Copy the backup file `source` (and a -wal beside it, if any) into `folder`, which only
    this process uses; reading `source` never writes beside it."""
    target = folder / "store.sqlite3"
    try:
        shutil.copyfile(source, target)
        wal = Path(str(source) + "-wal")
        if wal.is_file():
            shutil.copyfile(wal, Path(str(target) + "-wal"))
    except OSError as error:
        _discard(target)
        if error.filename is not None and Path(error.filename) == target:
            raise _fault(error, folder) from None
        raise _fault(error, source) from None
    return target


# --- making and listing backups -------------------------------------------------------------


def _name(kind: str, now: datetime) -> str:
    return f"relief-{now:%Y%m%d-%H%M%S}-{kind}.sqlite3"


def _new_target(folder: Path, kind: str) -> Path:
    now = datetime.now()
    target = folder / _name(kind, now)
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(_name(f"{n}-{kind}", now))
    return target


def make_backup(paths: AppPaths, folder: Path | None = None, kind: str = "manual") -> Path:
    """Copy the store into `folder` (the backups folder when None); returns the new file."""
    target = _new_target(folder or paths.backups, kind)
    lock = hold_shared(paths.database)  # a restore does not swap the file mid-copy
    try:
        key = sqldb.store_key(paths.database)
        try:
            source = sqldb.connect(paths.database, key)
        except dbapi.Error as error:
            raise _fault(error, paths.database) from None
        try:
            return _write_copy(source, target, key)
        except RuleError as error:
            if error.code != "disk_full":
                raise
            need = f"{paths.database.stat().st_size / 1e6:.1f} MB"
            raise RuleError("backup_no_space", need=need, **error.details) from None
        finally:
            source.close()
    finally:
        lock.release()


def backups(paths: AppPaths) -> list[BackupFile]:
    """The copies in the backups folder, newest first."""
    found: list[BackupFile] = []
    if not paths.backups.is_dir():
        return found
    for path in paths.backups.glob("relief-*.sqlite3"):
        match = _NAME.match(path.name)
        if match:
            made = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            with contextlib.suppress(OSError):
                found.append(BackupFile(path, made, match[3], path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def daily_backup(paths: AppPaths, today: date | None = None) -> Path | None:
    """The day's copy, once a day; keeps the last DAILY_KEEP daily copies (others stay)."""
    today = today or date.today()
    # A copy cut short when the app was closed mid-way leaves only its temporary file.
    for partial in paths.backups.glob("relief-*.sqlite3.part*"):
        partial.unlink(missing_ok=True)
    # Private copies of a check or restore cut short (a day old: none is still in use).
    for stale in paths.data_dir.glob(".relief-check-*"):
        with contextlib.suppress(OSError):
            if datetime.now().timestamp() - stale.stat().st_mtime > 86_400:
                shutil.rmtree(stale, ignore_errors=True)
    daily = [b for b in backups(paths) if b.kind == "daily"]
    made = None
    if not any(b.made_at.date() == today for b in daily):
        made = make_backup(paths, kind="daily")
        daily = [b for b in backups(paths) if b.kind == "daily"]
    for old in daily[DAILY_KEEP:]:
        old.path.unlink(missing_ok=True)
    return made


# --- checking a backup ----------------------------------------------------------------------


@contextlib.contextmanager
def _work_folder(parent: Path | None) -> Iterator[Path]:
    try:
        folder = Path(tempfile.mkdtemp(prefix=".relief-check-", dir=parent))
    except OSError as error:
        raise _fault(error, parent or Path(tempfile.gettempdir())) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _key_for(copy: Path, key: bytes | None, shown: str) -> bytes | None:
    """The key to read the backup `copy`: None for a plaintext one (of an older version)."""
    if sqldb.is_plaintext(copy):
        return None
    key = key or sqldb.latest_key()
    if key is None:
        raise RuleError("backup_needs_sign_in", file=shown)
    return key


def _summarise(copy: Path, shown: str, key: bytes | None = None) -> BackupSummary:
    """Refuse what is not a whole store this app can open; what it holds otherwise."""
    from relief_desktop.domain.vocab import STREETS

    key = _key_for(copy, key, shown)
    try:
        conn = sqldb.connect(copy, key, isolation_level=None)
    except dbapi.Error:
        raise RuleError("restore_unreadable", file=shown, detail="打不开这个文件") from None
    try:
        conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except dbapi.DatabaseError:
            detail = "文件已损坏，或是用另一份数据的密钥加密的"
            raise RuleError("restore_unreadable", file=shown, detail=detail) from None
        verdict = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
        if verdict != ["ok"]:
            raise RuleError("restore_unreadable", file=shown, detail="完整性检查未通过")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > LATEST:
            raise RuleError("schema_newer", found=version, supported=LATEST)
        if version < 1:
            raise RuleError("restore_schema_unknown", file=shown, found=version, supported=LATEST)
        present = {
            str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        missing = sorted(tables_at(version) - present)
        if missing:
            listed = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
            raise RuleError("restore_tables_missing", file=shown, count=len(missing), tables=listed)
        row = conn.execute("SELECT value FROM setting WHERE key = 'street_code'").fetchone()
        code = str(row[0]) if row and row[0] else ""
        if code not in STREETS:
            raise RuleError("restore_no_street", file=shown)
        people = int(conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0])
        cases = (
            int(conn.execute("SELECT count(*) FROM aid_case").fetchone()[0]) if version >= 2 else 0
        )
        newest_at = conn.execute("SELECT max(at) FROM change_log").fetchone()[0]
    except (dbapi.Error, UnicodeDecodeError, ValueError):
        raise RuleError("restore_unreadable", file=shown, detail="文件不完整或内容损坏") from None
    finally:
        conn.close()
    newest = None
    if newest_at:
        with contextlib.suppress(ValueError):
            newest = datetime.fromisoformat(str(newest_at)).date()
    return BackupSummary(shown, STREETS[code], code, version, people, cases, newest)


def inspect_backup(source: Path, key: bytes | None = None) -> BackupSummary:
    """Check a backup file (in the backups folder or on a USB drive) on a private copy and say
    what it holds; RuleError with the reason when it is not a whole store of this app.

    An encrypted backup is read with `key`, by default the data key this process unlocked."""
    if not source.is_file():
        raise RuleError("import_missing", file=str(source))
    with _work_folder(None) as folder:
        return _summarise(_private_copy(source, folder), source.name, key)


def check_backup(source: Path) -> int:
    """Refuse what is not a whole store of this app; returns its schema version."""
    return inspect_backup(source).version


# --- restoring ------------------------------------------------------------------------------


def _set_aside(paths: AppPaths) -> Path:
    """Copy the current store to backups/…-before-restore; the write lock is held meanwhile, so
    no write of this process lands after the copy, and the WAL is folded into the file."""
    try:
        key = sqldb.store_key(paths.database)
        guard = sqldb.connect(paths.database, key, isolation_level=None, timeout=30)
        source = sqldb.connect(paths.database, key, isolation_level=None, timeout=30)
        try:
            guard.execute("BEGIN IMMEDIATE")  # writers wait; readers (the copy) go on
            try:
                kept = _write_copy(source, _new_target(paths.backups, "before-restore"), key)
            finally:
                if guard.in_transaction:
                    guard.execute("ROLLBACK")
            source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            source.close()
            guard.close()
    except dbapi.Error as error:
        raise _fault(error, paths.database) from None
    return kept


def _keep_aside(paths: AppPaths) -> Path:
    """The before-restore copy; a store too broken for SQLite to copy is kept byte for byte."""
    try:
        return _set_aside(paths)
    except RuleError as error:
        if error.code != "store_corrupt":
            raise
    target = _new_target(paths.backups, "before-restore")
    temp = target.with_name(target.name + ".part")
    try:
        shutil.copyfile(paths.database, temp)
        os.replace(temp, target)
    except OSError as error:
        _discard(temp)
        raise _fault(error, target) from None
    return target


def restore(
    paths: AppPaths, source: Path, before_swap: Callable[[BackupSummary], None] | None = None
) -> Restored:
    """Put a backup in place of the store, the current store copied aside first.

    Holds the store lock exclusively from the check to the swap: refused while any other window
    or command has the store open (close this process's own Store first). What is swapped in is
    the very private copy that was checked. Nothing is replaced unless every check passed.
    An older schema is upgraded at the next open. `before_swap` lets tests step in.
    """
    if not source.is_file():
        raise RuleError("import_missing", file=str(source))
    database = paths.database
    if database.exists() and source.resolve() == database.resolve():
        raise RuleError("restore_same_file", file=source.name)
    try:
        paths.ensure()
    except OSError as error:
        raise _fault(error, paths.data_dir) from None
    # The private copy sits in the data folder, so the swap is a rename on the same disk.
    with _work_folder(paths.data_dir) as folder:
        copy = _private_copy(source, folder)
        key = sqldb.key_of(database)
        summary = _summarise(copy, source.name, key)
        if key is not None and sqldb.is_plaintext(copy):
            copy = _encrypted(copy, key, source)  # a backup of the version before encryption
        try:
            lock = hold_exclusive(database)
        except OSError as error:
            raise _fault(error, database) from None
        try:
            kept = _keep_aside(paths) if database.exists() else None
            if before_swap is not None:
                before_swap(summary)
            for suffix in _SIDE_FILES:
                Path(str(database) + suffix).unlink(missing_ok=True)
            try:
                os.replace(copy, database)
            except OSError as error:
                raise RuleError("restore_failed", detail=str(_fault(error, database))) from None
            # The change-log head noted outside the store belonged to the store replaced.
            chain.head_file(paths.config_dir).unlink(missing_ok=True)
        finally:
            lock.release()
    return Restored(summary, kept)


def _encrypted(copy: Path, key: bytes, source: Path) -> Path:
    """The plaintext private copy `copy` written again, encrypted with `key` (then removed)."""
    target = copy.with_name("encrypted.sqlite3")
    try:
        plain = sqldb.connect(copy, None, isolation_level=None)
        try:
            sqldb.export(plain, target, key)
        finally:
            plain.close()
    except dbapi.Error as error:
        raise _fault(error, source) from None
    _discard(copy)
    return target


# --- what each backup holds, for 设置 · 数据备份 and `backup list` ----------------------------

_checked: dict[tuple[str, int, int], BackupSummary | str] = {}


def checked(path: Path) -> BackupSummary | str:
    """What the backup at `path` holds, or the Chinese reason it does not check out.

    Checking copies the whole file, so results are kept for the session (by path, size and
    modification time): call it off the UI thread.
    """
    try:
        stat = path.stat()
    except OSError as error:
        return str(faults.from_os_error(error, path))
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    found = _checked.get(key)
    if found is None:
        try:
            found = inspect_backup(path)
        except RuleError as error:
            found = str(error)
        _checked[key] = found
    return found


def cached(path: Path) -> BackupSummary | str | None:
    """The result of `checked(path)` if it was computed already this session, else None."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _checked.get((str(path), stat.st_size, stat.st_mtime_ns))
