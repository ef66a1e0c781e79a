"""Zip archives the app writes: AES-256 (WinZip AES, which 7-Zip, WinRAR and Bandizip open) when
a password is given, written whole or not at all."""

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from relief_desktop.exports.atomic import atomic_path

Entry = tuple[Path, str]  # (file on disk, name inside the archive)


def write_zip(
    target: Path,
    entries: Sequence[Entry],
    password: str | None,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Zip `entries` into `target` atomically; `progress` gets the count written (may raise)."""
    with atomic_path(target) as temp:
        if password:
            # deferred: pyzipper is loaded only for an encrypted zip
            import pyzipper

            with pyzipper.AESZipFile(
                temp, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            ) as archive:
                archive.setpassword(password.encode("utf-8"))
                archive.setencryption(pyzipper.WZ_AES, nbits=256)
                for done, (path, name) in enumerate(entries, start=1):
                    archive.write(path, name)
                    if progress is not None:
                        progress(done)
        else:
            with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as plain:
                for done, (path, name) in enumerate(entries, start=1):
                    plain.write(path, name)
                    if progress is not None:
                        progress(done)
