"""Files kept beside the store (consent forms, photos): copied in whole, named by their content,
encrypted with the store's data key (AES-256-GCM) when the store is encrypted.

An encrypted attachment is MAGIC, a 12-byte nonce and the sealed content; its name and the
sha256 recorded for it are those of the original content. Opening one decrypts it into a
private work folder (`reveal`), never beside the original.
"""

import hashlib
import os
import secrets
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import private_file
from relief_desktop.storage import sqldb

MAGIC = b"RDENC1\x00"
_NONCE = 12
DATABASE_NAME = "relief.sqlite3"  # paths.AppPaths.database, beside the attachments folder


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


def _store_key(attachments: Path) -> bytes | None:
    """The data key of the store beside the attachments folder (None: an unencrypted store)."""
    database = attachments.parent / DATABASE_NAME
    if sqldb.is_plaintext(database):
        return None
    return sqldb.key_of(database)


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(len(MAGIC)) == MAGIC


def seal(content: bytes, key: bytes) -> bytes:
    # deferred: cryptography (OpenSSL) is loaded only when a key or attachment is sealed
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, content, MAGIC)


def read(path: Path, key: bytes | None = None) -> bytes:
    """The original content of a kept file (decrypted with `key`, by default the data key this
    process unlocked)."""
    raw = path.read_bytes()
    if not raw.startswith(MAGIC):
        return raw
    # deferred: cryptography (OpenSSL) is loaded only when a key or attachment is sealed
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = key or sqldb.latest_key()
    if key is None:
        raise RuleError("store_locked")
    body = raw[len(MAGIC) :]
    try:
        return AESGCM(key).decrypt(body[:_NONCE], body[_NONCE:], MAGIC)
    except InvalidTag:
        raise RuleError("attachment_unreadable", file=path.name) from None


def content_sha256(path: Path, key: bytes | None = None) -> str:
    """sha256 of the original content (what was recorded when the file was kept)."""
    if not is_encrypted(path):
        return sha256_of(path)
    return hashlib.sha256(read(path, key)).hexdigest()


def _write_whole(target: Path, content: bytes) -> None:
    """Write to a temporary name first, so a crash never leaves half a photo behind."""
    temp = target.with_name(target.name + ".part")
    try:
        with temp.open("wb") as out:
            out.write(content)
        private_file(temp)  # a consent form or a photo: the user's eyes only
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)  # a full disk or a pulled USB drive leaves no half file
        raise


def keep(attachments: Path, source: Path, folder: str) -> StoredFile:
    """Copy `source` to attachments/<folder>/<hash><suffix>, encrypted when the store is;
    the same file is kept once."""
    digest = sha256_of(source)
    name = f"{folder}/{digest[:20]}{source.suffix.lower()}"
    target = attachments / name
    created = not target.exists()
    if created:
        target.parent.mkdir(parents=True, exist_ok=True)
        key = _store_key(attachments)
        if key is None:
            temp = target.with_name(target.name + ".part")
            try:
                shutil.copyfile(source, temp)
                private_file(temp)
                os.replace(temp, target)
            except OSError:
                temp.unlink(missing_ok=True)
                raise
        else:
            _write_whole(target, seal(source.read_bytes(), key))
    return StoredFile(name, digest, source.stat().st_size, created)


def encrypt_folder(attachments: Path, key: bytes) -> int:
    """Encrypt in place every file an older version kept unencrypted; how many."""
    done = 0
    if not attachments.is_dir():
        return done
    for path in sorted(attachments.rglob("*")):
        if path.is_file() and not path.name.endswith(".part") and not is_encrypted(path):
            _write_whole(path, seal(path.read_bytes(), key))
            done += 1
    return done


def reveal(data_dir: Path, path: Path, key: bytes | None = None) -> Path:
    """The original content of a kept file, decrypted into a new private work folder (removed
    at the next start or run, like every work folder)."""
    folder = private_workdir(data_dir, "open")
    target = folder / path.name
    _write_whole(target, read(path, key))
    return target


def open_copy(attachments: Path, name: str, original_name: str = "") -> Path:
    """A kept file (`name` as a record stores it: folder/file) decrypted into a private work
    folder, to open in the system's viewer; named as the user added it when that is known. A
    name that leads outside the attachments folder (an edited store or import) is refused as
    missing, never followed."""
    root = attachments.resolve()
    path = (attachments / name).resolve()
    if not name or root not in path.parents or not path.is_file():
        raise RuleError("attachment_file_gone", file=Path(name).name or name)
    copy = reveal(attachments.parent, path)
    wanted = Path(original_name).name
    if wanted and Path(wanted).suffix.lower() == path.suffix.lower():
        copy = copy.rename(copy.with_name(wanted))
    return copy


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
