"""The one home of the database driver: SQLCipher (SQLite with every page encrypted, AES-256).

Every module of the app imports `dbapi` from here instead of `sqlite3`. At run time it is
sqlcipher3's DB-API module; type checkers see the standard `sqlite3`, whose API it mirrors.
sqlcipher3's exceptions are its own classes (not sqlite3's): catch `dbapi.Error`, never
`sqlite3.Error`.

The store is opened with a raw 256-bit key (`PRAGMA key = "x'…'"`), so opening a connection
costs no key derivation; the key itself is unwrapped once per process at sign-in
(storage.keyring) and held here, in memory only, by the path of the store it opens.
"""

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3 as dbapi
else:
    from sqlcipher3 import dbapi2 as dbapi

from relief_desktop.domain.errors import RuleError

__all__ = ["dbapi"]

PLAIN_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
KEYRING_NAME = "keyring.json"  # storage.keyring.FILE_NAME, beside the store

_keys: dict[str, bytes] = {}
_latest: list[bytes] = []
_guard = threading.Lock()
_quiet: list[bool] = []


def _name(path: Path) -> str:
    return str(path.expanduser().resolve())


def remember_key(database: Path, key: bytes) -> None:
    """This process may open the store at `database` with `key` (after sign-in or setup)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a data key is 32 bytes")
    with _guard:
        _keys[_name(database)] = key
        _latest[:] = [key]


def forget_key(database: Path) -> None:
    """The store at `database` is locked again for this process (tests: a fresh process)."""
    with _guard:
        key = _keys.pop(_name(database), None)
        if key is not None and _latest == [key]:
            _latest.clear()


def key_of(database: Path) -> bytes | None:
    with _guard:
        return _keys.get(_name(database))


def adopt_known_key(database: Path) -> bool:
    """A copy of a store this process has unlocked (a data folder copied, a template in tests)
    opens with the key already in memory: try each one; True when one fits."""
    with _guard:
        known = list(dict.fromkeys(_keys.values()))
    for key in known:
        try:
            conn = connect(database, key)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except dbapi.DatabaseError:
            continue
        remember_key(database, key)
        return True
    return False


def latest_key() -> bytes | None:
    """The data key this process unlocked last: backups checked from anywhere use it."""
    with _guard:
        return _latest[0] if _latest else None


def is_plaintext(path: Path) -> bool:
    """True for an unencrypted SQLite file (a store of a version before encryption)."""
    try:
        with path.open("rb") as f:
            return f.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except OSError:
        return False


def is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except FileNotFoundError:
        return True


def store_key(database: Path) -> bytes | None:
    """The key to open the store at `database`: None for a plaintext (older) store; refused when
    the store is encrypted and this process has not unlocked it."""
    key = key_of(database)
    if key is not None or is_plaintext(database) or is_empty(database):
        return None if is_plaintext(database) else key
    if database.with_name(KEYRING_NAME).exists():
        raise RuleError("store_locked")
    return None  # no keyring: SQLite names what the file is not (storage.migrations)


def apply_key(conn: dbapi.Connection, key: bytes | None) -> None:
    if key is not None:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def connect(
    path: Path | str, key: bytes | None, *, readonly: bool = False, **kwargs: Any
) -> dbapi.Connection:
    """A connection to the file at `path`, keyed when `key` is given (None: plaintext)."""
    if not _quiet:  # SQLCipher would print to stderr on a wrong key: the app says it in Chinese
        _quiet.append(True)
        quiet = dbapi.connect(":memory:")
        quiet.execute("PRAGMA cipher_log_level = NONE")
        quiet.close()
    conn: dbapi.Connection
    if readonly:
        conn = dbapi.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, **kwargs)
    else:
        conn = dbapi.connect(str(path), **kwargs)
    try:
        apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def export(source: dbapi.Connection, target: Path, key: bytes | None) -> None:
    """Write the whole database of `source` to a new file `target`, encrypted with `key` (or
    plaintext when None), with SQLCipher's sqlcipher_export; the schema version goes along."""
    version = int(source.execute("PRAGMA user_version").fetchone()[0])
    literal = f"x'{key.hex()}'" if key is not None else ""
    source.execute(f'ATTACH DATABASE ? AS relief_export KEY "{literal}"', (str(target),))
    try:
        source.execute("SELECT sqlcipher_export('relief_export')")
        source.execute(f"PRAGMA relief_export.user_version = {version}")
    finally:
        source.execute("DETACH DATABASE relief_export")
