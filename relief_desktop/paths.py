"""Where the app keeps its files: built once in main, passed down; nothing computed at import.

The data folder holds the files of people in hardship: on POSIX every folder the app keeps is
user-only (0700) and every file it writes there user-only (0600); on Windows the per-user profile
(%LOCALAPPDATA%) already keeps other users out, and chmod is left alone.
"""

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "relief_desktop"
ENV_DATA_DIR = "RELIEF_DESKTOP_DATA_DIR"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


def private_umask() -> None:
    """From now on the process creates files 0600 and folders 0700 (POSIX): the data folder,
    SQLite's -wal and -shm files, backups, attachments, logs and exports alike."""
    if POSIX:
        os.umask(0o077)


def private_dir(folder: Path) -> Path:
    """Create `folder` (and its parents) and make it user-only; an existing one is tightened."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if POSIX and folder.stat().st_mode & 0o077:
        with contextlib.suppress(PermissionError):  # a USB stick's FAT has no modes to set
            folder.chmod(PRIVATE_DIR)
    return folder


def private_file(path: Path) -> None:
    """Make a file the app wrote user-only (nothing when it is missing)."""
    if not POSIX:
        return
    # Missing: nothing to do; a USB stick's FAT has no modes to set.
    with contextlib.suppress(FileNotFoundError, PermissionError):
        if path.stat().st_mode & 0o077:
            path.chmod(PRIVATE_FILE)


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    config_dir: Path

    @classmethod
    def for_user(cls) -> "AppPaths":
        """The per-user dirs of the platform, unless RELIEF_DESKTOP_DATA_DIR points elsewhere."""
        override = os.environ.get(ENV_DATA_DIR)
        if override:
            return cls.under(Path(override))

        return cls(
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def under(cls, root: Path) -> "AppPaths":
        """Everything below one folder: `--data-dir` and tests."""
        root = root.expanduser().resolve()
        return cls(root, root / "config")

    @property
    def database(self) -> Path:
        return self.data_dir / "relief.sqlite3"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def attachments(self) -> Path:
        return self.data_dir / "attachments"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def window_state(self) -> Path:
        return self.config_dir / "window.ini"

    def ensure(self) -> None:
        """Create the app's folders user-only, and tighten those an older version made 0755."""
        for folder in (self.data_dir, self.config_dir, self.backups, self.attachments, self.logs):
            private_dir(folder)
        self.make_store_private()

    def make_store_private(self) -> None:
        """The store and SQLite's files beside it, user-only (0644 before this version)."""
        for suffix in ("", "-wal", "-shm"):
            private_file(self.database.with_name(self.database.name + suffix))
