"""The keyring beside the store: one random data key, wrapped once per worker and once for the
recovery key.

`keyring.json` (0600, next to relief.sqlite3) holds, for each worker with a password: their uuid
and name, a random salt, the argon2id parameters, and the data key encrypted (AES-256-GCM) with a
key derived from their password; the same for the recovery key (a random 160-bit secret printed
once at setup). Nothing in it opens the store without a password or the recovery key. The count
of wrong passwords (for the growing wait) sits here too, since the store cannot be read before
sign-in.

Until the first password of a new store is set, the data key lies here unwrapped (`open_key`),
as the store had no protection before passwords either; setting the first password removes it.
"""

import base64
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths, private_file
from relief_desktop.storage import lock, sqldb

FORMAT = 1
FILE_NAME = sqldb.KEYRING_NAME
# As accounts' password hashes (OWASP's minimum for argon2id): about 30 ms on an office PC.
TIME_COST = 2
MEMORY_KIB = 19 * 1024
LANES = 1
RECOVERY_BYTES = 20  # 160 bits: 32 letters and digits, printed in 8 groups of 4
_ALPHABET_FIX = str.maketrans({"0": "O", "1": "I", "8": "B"})

_pending_recovery: dict[str, str] = {}


def path_of(paths: AppPaths) -> Path:
    return paths.data_dir / FILE_NAME


@dataclass
class Wrap:
    """The data key encrypted under a key derived from one secret."""

    salt: str
    nonce: str
    ciphertext: str
    time_cost: int = TIME_COST
    memory_kib: int = MEMORY_KIB
    lanes: int = LANES


@dataclass
class Holder:
    uuid: str
    name: str
    wrap: Wrap
    failures: int = 0
    retry_after: str | None = None


@dataclass
class Keyring:
    holders: list[Holder] = field(default_factory=list)
    recovery: Wrap | None = None
    open_key: str | None = None

    def holder(self, uuid: str) -> Holder | None:
        return next((h for h in self.holders if h.uuid == uuid), None)


# --- crypto -----------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _raw(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _password_kek(password: str, salt: bytes, wrap: Wrap | None = None) -> bytes:
    # deferred: argon2 is loaded only when a password is set or checked
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=wrap.time_cost if wrap else TIME_COST,
        memory_cost=wrap.memory_kib if wrap else MEMORY_KIB,
        parallelism=wrap.lanes if wrap else LANES,
        hash_len=32,
        type=Type.ID,
    )


def _recovery_kek(secret: bytes, salt: bytes) -> bytes:
    # The recovery secret is 160 random bits: no slow derivation is needed to resist guessing.
    return hashlib.sha256(b"relief-desktop recovery\x00" + salt + secret).digest()


def _seal(kek: bytes, data_key: bytes, label: str, salt: bytes, **params: int) -> Wrap:
    # deferred: cryptography (OpenSSL) is loaded only when a key or attachment is sealed
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(12)
    sealed = AESGCM(kek).encrypt(nonce, data_key, label.encode("utf-8"))
    return Wrap(_b64(salt), _b64(nonce), _b64(sealed), **params)


def _open(kek: bytes, wrap: Wrap, label: str) -> bytes | None:
    # deferred: cryptography (OpenSSL) is loaded only when a key or attachment is sealed
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(_raw(wrap.nonce), _raw(wrap.ciphertext), label.encode())
    except (InvalidTag, ValueError):
        return None


def wrap_for_password(data_key: bytes, uuid: str, password: str) -> Wrap:
    salt = secrets.token_bytes(16)
    return _seal(_password_kek(password, salt), data_key, f"worker:{uuid}", salt)


def unwrap_with_password(holder: Holder, password: str) -> bytes | None:
    kek = _password_kek(password, _raw(holder.wrap.salt), holder.wrap)
    return _open(kek, holder.wrap, f"worker:{holder.uuid}")


def new_recovery_key() -> str:
    """A random recovery key as 8 groups of 4 characters (A–Z, 2–7), easy to print and type."""
    text = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _recovery_secret(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_ALPHABET_FIX)
    try:
        raw = base64.b32decode(cleaned)
    except ValueError:
        raise RuleError("recovery_key_malformed") from None
    if len(raw) != RECOVERY_BYTES:
        raise RuleError("recovery_key_malformed")
    return raw


def wrap_for_recovery(data_key: bytes, recovery_key: str) -> Wrap:
    salt = secrets.token_bytes(16)
    kek = _recovery_kek(_recovery_secret(recovery_key), salt)
    return _seal(kek, data_key, "recovery", salt, time_cost=0, memory_kib=0, lanes=0)


def unwrap_with_recovery(wrap: Wrap, recovery_key: str) -> bytes | None:
    kek = _recovery_kek(_recovery_secret(recovery_key), _raw(wrap.salt))
    return _open(kek, wrap, "recovery")


# --- the file ---------------------------------------------------------------------------------


def exists(paths: AppPaths) -> bool:
    return path_of(paths).is_file()


def load(paths: AppPaths) -> Keyring:
    try:
        data: dict[str, Any] = json.loads(path_of(paths).read_text(encoding="utf-8"))
        holders = [
            Holder(h["uuid"], h["name"], Wrap(**h["wrap"]), h.get("failures", 0), h.get("retry"))
            for h in data.get("holders", [])
        ]
        recovery = Wrap(**data["recovery"]) if data.get("recovery") else None
        return Keyring(holders, recovery, data.get("open_key"))
    except FileNotFoundError:
        raise RuleError("keyring_missing", file=str(path_of(paths))) from None
    except (OSError, ValueError, KeyError, TypeError):
        raise RuleError("keyring_broken", file=str(path_of(paths))) from None


@contextlib.contextmanager
def editing(paths: AppPaths) -> Iterator[Keyring]:
    """The keyring to change and save, held against every other process's change meanwhile
    (two windows, or a window and a command): no change is lost to a save made from an older
    copy. Nothing is saved when the block raises."""
    with lock.held_exclusively(_lock_path(paths)):
        ring = load(paths)
        yield ring
        save(paths, ring)


def put(paths: AppPaths, ring: Keyring) -> None:
    """Write a whole new keyring (a new store's, or an older store's encrypted at last), held
    against another process's change meanwhile."""
    with lock.held_exclusively(_lock_path(paths)):
        save(paths, ring)


def _lock_path(paths: AppPaths) -> Path:
    return path_of(paths).with_name(FILE_NAME + ".lock")


def save(paths: AppPaths, ring: Keyring) -> None:
    """Write the keyring whole (a temporary file renamed over the old one), user-only."""
    data = {
        "format": FORMAT,
        "note": "relief_desktop 数据密钥（已用各成员的密码和恢复密钥分别加密）",
        "holders": [
            {"uuid": h.uuid, "name": h.name, "wrap": vars(h.wrap), "failures": h.failures,
             "retry": h.retry_after}
            for h in ring.holders
        ],
        "recovery": vars(ring.recovery) if ring.recovery else None,
        "open_key": ring.open_key,
    }  # fmt: skip
    target = path_of(paths)
    # Its own temporary name: two processes signing in at once never share one.
    temp = target.with_name(f"{target.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    try:
        with temp.open("w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        private_file(temp)
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise


# --- what the process knows -------------------------------------------------------------------


def locked(paths: AppPaths) -> bool:
    """The store is encrypted and this process has not unlocked it yet (sign in first)."""
    database = paths.database
    if sqldb.key_of(database) is not None:
        return False
    if not sqldb.is_empty(database) and sqldb.is_plaintext(database):
        return False  # an older, unencrypted store: encrypted at its first sign-in
    if not exists(paths):
        return not sqldb.is_empty(database) and not sqldb.adopt_known_key(database)
    ring = load(paths)
    if ring.open_key is not None:
        sqldb.remember_key(database, bytes.fromhex(ring.open_key))
        return False
    # An empty store beside a keyring (the file deleted, a restore to come) keeps that key:
    # the backups are encrypted with it.
    return sqldb.is_empty(database) or not sqldb.adopt_known_key(database)


def prepare(paths: AppPaths) -> None:
    """Before the store is opened: a new store gets its data key (and a recovery key, to be
    shown once: `take_recovery_key`); an encrypted one needs the key unlocked at sign-in."""
    database = paths.database
    if sqldb.key_of(database) is not None:
        return
    if exists(paths):
        if locked(paths):
            raise RuleError("store_locked")
        return
    if sqldb.is_empty(database):
        data_key = secrets.token_bytes(sqldb.KEY_BYTES)
        recovery_key = new_recovery_key()
        ring = Keyring([], wrap_for_recovery(data_key, recovery_key), data_key.hex())
        put(paths, ring)
        sqldb.remember_key(database, data_key)
        _pending_recovery[str(database)] = recovery_key
    elif not sqldb.is_plaintext(database):
        sqldb.adopt_known_key(database)  # a copy of a store this process unlocked
    # Without a keyring an unreadable file is named by SQLite: not a store (or its keyring.json
    # was lost: the message to restore a backup fits both).


def take_recovery_key(paths: AppPaths) -> str | None:
    """The recovery key made for this store in this process, once (to show and print)."""
    return _pending_recovery.pop(str(paths.database), None)


def give_recovery_key(paths: AppPaths, recovery_key: str) -> None:
    _pending_recovery[str(paths.database)] = recovery_key


def add_holder(paths: AppPaths, uuid: str, name: str, password: str) -> bool:
    """Wrap the data key for a worker's (new) password; False when this store is not encrypted
    (an older store: its first sign-in encrypts it and wraps then)."""
    data_key = sqldb.key_of(paths.database)
    if data_key is None or sqldb.is_plaintext(paths.database) or not exists(paths):
        return False
    wrap = wrap_for_password(data_key, uuid, password)
    with editing(paths) as ring:
        ring.holders = [h for h in ring.holders if h.uuid != uuid] + [Holder(uuid, name, wrap)]
        ring.open_key = None  # a worker's password protects the key from now on
    return True


def has_holder(paths: AppPaths, uuid: str) -> bool:
    return exists(paths) and load(paths).holder(uuid) is not None


def keep_only(paths: AppPaths, members: dict[str, str]) -> None:
    """Holders as the team stands (uuid → name): a member who left loses their wrap, a renamed
    one is listed under the new name (sign-in by name)."""
    if not exists(paths) or not _follow(load(paths), members):
        return  # every sign-in asks: most find nothing to change, and write nothing
    with editing(paths) as ring:
        _follow(ring, members)


def _follow(ring: Keyring, members: dict[str, str]) -> bool:
    """Make `ring`'s holders follow the team; whether anything changed."""
    kept = [h for h in ring.holders if h.uuid in members]
    changed = len(kept) != len(ring.holders)
    for holder in kept:
        if holder.name != members[holder.uuid]:
            holder.name, changed = members[holder.uuid], True
    if not kept:  # never the last wrap: the store would be lost with it
        return False
    ring.holders = kept
    return changed
