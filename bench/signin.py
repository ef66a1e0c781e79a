"""Helper processes of the benchmark sign in as a script would (RELIEF_DESKTOP_PASSWORD), so the
encrypted store's data key is unlocked before `Store.open`."""

import os

from relief_desktop.paths import AppPaths
from relief_desktop.services import vault
from relief_desktop.storage import keyring


def unlock(paths: AppPaths, password: str | None = None) -> AppPaths:
    if keyring.locked(paths):
        vault.unlock(paths, password or os.environ["RELIEF_DESKTOP_PASSWORD"])
    return paths
