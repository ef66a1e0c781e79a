"""Backups of the store: a copy every day the app is used, on demand (e.g. to a USB drive), and a
checked restore. The store is one file on one PC; these copies are what stands between a broken
disk and a year of a team's work."""

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths, private_file
from relief_desktop.storage import chain
from relief_desktop.storage.migrations import LATEST

DAILY_KEEP = 14
_NAME = re.compile(r"relief-(\d{8})-(\d{6})(?:-\d+)?-(daily|manual|before-restore|schema\d+)")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    made_at: datetime
    kind: str  # daily / manual / before-restore / schemaN (before an upgrade)
    size: int


def _copy(database: Path, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while the app writes), checked."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(target.name + ".part")
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            ok = copy.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            copy.close()
    finally:
        source.close()
    if ok != "ok":
        temp.unlink(missing_ok=True)
        raise RuleError("backup_check_failed", detail=str(ok))
    private_file(temp)
    os.replace(temp, target)
    return target


def _name(kind: str, now: datetime) -> str:
    return f"relief-{now:%Y%m%d-%H%M%S}-{kind}.sqlite3"


def make_backup(paths: AppPaths, folder: Path | None = None, kind: str = "manual") -> Path:
    """Copy the store into `folder` (the backups folder when None); returns the new file."""
    now = datetime.now()
    target = (folder or paths.backups) / _name(kind, now)
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(_name(f"{n}-{kind}", now))
    try:
        return _copy(paths.database, target)
    except OSError as error:
        raise RuleError("backup_write", folder=str(target.parent), detail=error.strerror) from None


def backups(paths: AppPaths) -> list[BackupFile]:
    """The copies in the backups folder, newest first."""
    found: list[BackupFile] = []
    for path in paths.backups.glob("relief-*.sqlite3"):
        match = _NAME.match(path.name)
        if match:
            made = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            found.append(BackupFile(path, made, match[3], path.stat().st_size))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def daily_backup(paths: AppPaths, today: date | None = None) -> Path | None:
    """The day's copy, once a day; keeps the last DAILY_KEEP daily copies (others stay)."""
    today = today or date.today()
    # A copy cut short when the app was closed mid-way leaves only its temporary file.
    for partial in paths.backups.glob("relief-*.sqlite3.part"):
        partial.unlink(missing_ok=True)
    daily = [b for b in backups(paths) if b.kind == "daily"]
    made = None
    if not any(b.made_at.date() == today for b in daily):
        made = make_backup(paths, kind="daily")
        daily = [b for b in backups(paths) if b.kind == "daily"]
    for old in daily[DAILY_KEEP:]:
        old.path.unlink(missing_ok=True)
    return made


def check_backup(source: Path) -> int:
    """Refuse what is not a whole store of this app; returns its schema version."""
    if not source.is_file():
        raise RuleError("import_missing", file=str(source))
    try:
        conn = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA quick_check").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            street = conn.execute("SELECT value FROM setting WHERE key = 'street_code'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise RuleError("restore_not_a_store", file=source.name) from None
    if ok != "ok" or street is None:
        raise RuleError("restore_not_a_store", file=source.name)
    if version > LATEST:
        raise RuleError("schema_newer", found=version, supported=LATEST)
    return version


def restore(paths: AppPaths, source: Path) -> Path:
    """Put a backup in place of the store; the current store is copied aside first.

    Only while the app is closed (the CLI): open connections would keep the old file.
    Returns the copy of what was replaced. An older schema is upgraded at the next start.
    """
    check_backup(source)
    safety = make_backup(paths, kind="before-restore") if paths.database.exists() else None
    for suffix in ("-wal", "-shm"):
        Path(str(paths.database) + suffix).unlink(missing_ok=True)
    temp = paths.database.with_name(paths.database.name + ".restore")
    shutil.copyfile(source, temp)
    os.replace(temp, paths.database)
    # The change-log head noted outside the store belongs to the store just replaced.
    chain.head_file(paths.config_dir).unlink(missing_ok=True)
    return safety or paths.database
