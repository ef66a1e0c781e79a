"""Files kept beside the store (consent forms, photos): copied in whole, named by their content."""

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


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
            os.replace(temp, target)
        except OSError:
            temp.unlink(missing_ok=True)  # a full disk or a pulled USB drive leaves no half file
            raise
    return StoredFile(name, digest, target.stat().st_size, created)
