"""Where the app keeps its files: built once in main, passed down; nothing computed at import."""

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "relief_desktop"
ENV_DATA_DIR = "RELIEF_DESKTOP_DATA_DIR"


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
        import platformdirs

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
    def window_state(self) -> Path:
        return self.config_dir / "window.ini"

    def ensure(self) -> None:
        for folder in (self.data_dir, self.config_dir, self.backups, self.attachments):
            folder.mkdir(parents=True, exist_ok=True)
