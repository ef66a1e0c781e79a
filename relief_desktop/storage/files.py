"""Files kept beside the store (consent forms, photos): copied in whole, named by their content."""

import hashlib
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from relief_desktop.paths import private_file


@dataclass(frozen=True)
class StoredFile:
    name: str  # relative to the attachments folder, with '/' separators
    sha256: str
    size: int
    created: bool  # False when the same file was kept before


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep(attachments: Path, source: Path, folder: str) -> StoredFile:
    """Copy `source` to attachments/<folder>/<hash><suffix>; the same file is kept once.

    The copy goes to a temporary name first, so a crash never leaves half a photo behind.
    """
    digest = sha256_of(source)
    name = f"{folder}/{digest[:20]}{source.suffix.lower()}"
    target = attachments / name
    created = not target.exists()
    if created:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(source, temp)
            private_file(temp)  # a consent form or a photo: the user's eyes only
            os.replace(temp, target)
        except OSError:
            temp.unlink(missing_ok=True)  # a full disk or a pulled USB drive leaves no half file
            raise
    return StoredFile(name, digest, target.stat().st_size, created)


# -- private work folders ------------------------------------------------------------------

WORK_PREFIX = ".work-"
_STALE_SECONDS = 12 * 3600  # where a process cannot be asked whether it still runs


def private_workdir(data_dir: Path, purpose: str) -> Path:
    """A new folder inside the data folder, readable by this user only, for files that must
    never sit unencrypted in an output folder (a packet or handover being assembled).

    Folders left by a run that was killed are removed first."""
    clean_workdirs(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    folder = data_dir / f"{WORK_PREFIX}{purpose}-{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(mode=0o700)
    return folder


def clean_workdirs(data_dir: Path) -> None:
    """Remove the work folders of processes that have ended (at start and before each run)."""
    if not data_dir.is_dir():
        return
    for folder in data_dir.glob(WORK_PREFIX + "*"):
        parts = folder.name.split("-")
        pid = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 0
        if pid == os.getpid() or _running(pid, folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int, folder: Path) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":  # no cheap check without extra libraries: trust recent folders
        try:
            return time.time() - folder.stat().st_mtime < _STALE_SECONDS
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
