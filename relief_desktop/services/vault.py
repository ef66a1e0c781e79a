"""Opening the encrypted store: sign-in that unwraps the data key, the recovery key, and the
one-time encryption of a store an older version left unencrypted.

Signing in before the store is open tries the worker's password on their wrap of the data key
in keyring.json (storage.keyring); a wrong password counts there, with the same growing wait as
services.accounts. Once unwrapped, the key stays in this process's memory (storage.sqldb), so
`Store.open(paths)` works as before.
"""

import contextlib
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths, private_file
from relief_desktop.services import accounts, passwords, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage import files, keyring, sqldb
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.connection import apply_pragmas
from relief_desktop.storage.lock import hold_exclusive
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

Check = Callable[[Path], None]
_SIDE_FILES = ("-wal", "-shm", "-journal")


# --- sign-in before the store is open ---------------------------------------------------------


def _wait(holder: keyring.Holder, moment: datetime) -> None:
    if holder.retry_after:
        until = datetime.fromisoformat(holder.retry_after)
        if until > moment:
            raise RuleError("signin_wait", seconds=int((until - moment).total_seconds()) + 1)


def _count_wrong(paths: AppPaths, uuids: list[str], moment: datetime) -> int:
    longest = 0
    with keyring.editing(paths) as ring:  # two windows counting at once both count
        for holder in ring.holders:
            if holder.uuid not in uuids:
                continue
            holder.failures += 1
            wait = 0
            if holder.failures >= accounts.FREE_ATTEMPTS:
                wait = min(
                    2 ** (holder.failures - accounts.FREE_ATTEMPTS + 1), accounts.MAX_WAIT_SECONDS
                )
            holder.retry_after = (
                (moment + timedelta(seconds=wait)).isoformat(timespec="seconds") if wait else None
            )
            longest = max(longest, wait)
    return longest


def unlock(
    paths: AppPaths, password: str, name: str | None = None, now: datetime | None = None
) -> str:
    """Unwrap the data key with a worker's password (the named worker's, or whoever's it is);
    the uuid of that worker. Wrong passwords wait longer and longer, as in services.accounts."""
    moment = now or datetime.now(UTC)
    ring = keyring.load(paths)
    holders = [h for h in ring.holders if name is None or h.name == name]
    if name is not None and not holders:
        raise RuleError("signin_no_key", name=name)
    for holder in holders:
        if name is not None:
            _wait(holder, moment)
        key = keyring.unwrap_with_password(holder, password)
        if key is not None:
            if name is None:
                _wait(holder, moment)
            if holder.failures or holder.retry_after:
                with keyring.editing(paths) as fresh:
                    for kept in fresh.holders:
                        if kept.uuid == holder.uuid:
                            kept.failures, kept.retry_after = 0, None
            sqldb.remember_key(paths.database, key)
            return holder.uuid
    wait = _count_wrong(paths, [h.uuid for h in holders], moment)
    shown = name or "团队成员"
    if wait:
        raise RuleError("signin_wrong_wait", name=shown, seconds=wait)
    if name is None:
        raise RuleError("signin_wrong_any")
    raise RuleError("signin_wrong", name=shown)


def signed_in_member(store: Store, uuid: str) -> TeamMember:
    """The active member whose password unlocked the store; the keyring follows the team (who
    left loses their wrap, a new name is listed). One who left is refused."""

    members = team.team(store)
    keyring.keep_only(store.paths, {m.uuid: m.name for m in members})
    member = next((m for m in members if m.uuid == uuid), None)
    if member is None:
        sqldb.forget_key(store.paths.database)
        raise RuleError("signin_departed")
    return member


def holder_names(paths: AppPaths) -> list[tuple[str, str]]:
    """(uuid, name) of each worker whose password opens the store, for the sign-in dialog."""
    return [(h.uuid, h.name) for h in keyring.load(paths).holders]


def recover(paths: AppPaths, recovery_key: str, name: str, new_password: str) -> TeamMember:
    """Unlock with the printed recovery key and give `name` the new password (its wrap too)."""

    passwords.check_new(new_password)
    ring = keyring.load(paths)
    key = keyring.unwrap_with_recovery(ring.recovery, recovery_key) if ring.recovery else None
    if key is None:
        raise RuleError("recovery_key_wrong")
    sqldb.remember_key(paths.database, key)
    store = Store.open(paths)
    try:
        member = team.member_by_name(store, name)
        accounts.set_password(store, SYSTEM, member.uuid, new_password)
    finally:
        store.close()
    return member


# --- encrypting a store an older version left unencrypted -------------------------------------


def _counts(conn: dbapi.Connection) -> dict[str, int]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names}


def _discard(path: Path) -> None:
    for name in (str(path), *(str(path) + suffix for suffix in _SIDE_FILES)):
        with contextlib.suppress(OSError):
            Path(name).unlink(missing_ok=True)


def _check(target: Path, key: bytes, expected: dict[str, int], version: int) -> None:
    conn = sqldb.connect(target, key, isolation_level=None)
    try:
        apply_pragmas(conn)
        verdict = [str(row[0]) for row in conn.execute("PRAGMA integrity_check(5)")]
        if verdict != ["ok"]:
            raise RuleError("encryption_check_failed", detail="完整性检查未通过")
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) != version:
            raise RuleError("encryption_check_failed", detail="版本号不一致")
        if _counts(conn) != expected:
            raise RuleError("encryption_check_failed", detail="记录条数不一致")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _encrypt_copy(source: Path, target: Path, key: bytes, check: Check | None = None) -> None:
    """Write the plaintext SQLite file `source` to `target` encrypted with `key`, and check it:
    integrity, schema version and the rows of every table. Nothing is left on failure."""
    _discard(target)
    try:
        plain = sqldb.connect(source, None, isolation_level=None)
        try:
            apply_pragmas(plain)  # the change-log seal function, should a trigger call it
            version = int(plain.execute("PRAGMA user_version").fetchone()[0])
            expected = _counts(plain)
            sqldb.export(plain, target, key)
        finally:
            plain.close()
        _check(target, key, expected, version)
        if check is not None:
            check(target)
        private_file(target)
    except BaseException:
        _discard(target)
        raise


def _plain_backup(paths: AppPaths) -> Path:
    """A plaintext copy of the store before it is encrypted (removed once encryption checked
    out); SQLite's backup API, so the -wal is folded in."""
    paths.backups.mkdir(parents=True, exist_ok=True)
    target = paths.backups / f"relief-{datetime.now():%Y%m%d-%H%M%S}-before-encryption.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = target.with_name(
            f"relief-{datetime.now():%Y%m%d-%H%M%S}-{n}-before-encryption.sqlite3"
        )
    source = sqldb.connect(paths.database, None)
    try:
        copy = sqldb.connect(target, None)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    private_file(target)
    return target


def _holders_for(store: Store, password: str, member: TeamMember) -> list[tuple[str, str]]:
    """(uuid, name) of the signed-in member and every colleague whose password is the same (an
    older store's members all got one password); others are wrapped at their next sign-in."""
    found = [(member.uuid, member.name)]
    for account in accounts.accounts(store):
        other = account.member
        same = other.uuid != member.uuid and account.has_password
        if same and accounts.matches(store, other, password):
            found.append((other.uuid, other.name))
    return found


def encrypt_store(
    store: Store, password: str, member: TeamMember, check: Check | None = None
) -> str | None:
    """Encrypt the plaintext store `store` (an older version's), signed in as `member` with
    `password`; the new recovery key (to show once), or None when it was encrypted already.

    A plaintext backup is taken first; the encrypted copy is checked (integrity, version, rows of
    every table; `check` lets tests fail it) before it replaces the store in one rename; then the
    backup, the other plaintext backups and the attachments are encrypted or removed. When any
    check fails, the plaintext store is left as it was, usable, and RuleError says so.
    """
    paths = store.paths
    if not sqldb.is_plaintext(paths.database):
        key = sqldb.key_of(paths.database)
        if key is not None and _leftovers(paths):
            _finish(paths, key)  # an encryption cut short after the swap: finish it
        return None
    holders = _holders_for(store, password, member)
    with store.set_aside():
        lock = hold_exclusive(paths.database)
        try:
            return _encrypt(paths, password, holders, check)
        finally:
            lock.release()


def _encrypt(
    paths: AppPaths, password: str, holders: list[tuple[str, str]], check: Check | None
) -> str:
    database = paths.database
    key = secrets.token_bytes(sqldb.KEY_BYTES)
    backup = _plain_backup(paths)
    target = database.with_name(database.name + ".encrypting")
    try:
        _encrypt_copy(database, target, key, check)
    except BaseException:
        backup.unlink(missing_ok=True)  # the store itself was not touched
        raise
    recovery_key = keyring.new_recovery_key()
    ring = keyring.Keyring(
        [keyring.Holder(uuid, name, keyring.wrap_for_password(key, uuid, password))
         for uuid, name in holders],
        keyring.wrap_for_recovery(key, recovery_key),
    )  # fmt: skip
    keyring.put(paths, ring)  # first: a swapped store without its keyring would be lost
    for suffix in _SIDE_FILES:
        Path(str(database) + suffix).unlink(missing_ok=True)
    os.replace(target, database)
    sqldb.remember_key(database, key)
    paths.make_store_private()
    _finish(paths, key)
    keyring.give_recovery_key(paths, recovery_key)
    return recovery_key


_BEFORE = "-before-encryption.sqlite3"


def _leftovers(paths: AppPaths) -> list[Path]:
    """Plaintext backups taken before an encryption; one left means it was cut short."""
    if not paths.backups.is_dir():
        return []
    return sorted(paths.backups.glob(f"relief-*{_BEFORE}"))


def _finish(paths: AppPaths, key: bytes) -> None:
    """After the swap: older plaintext backups and attachments encrypted, then the plaintext
    backup of the store removed (last, so that a run cut short is finished next time)."""
    _encrypt_backups(paths, key)
    files.encrypt_folder(paths.attachments, key)
    for plain in _leftovers(paths):
        _discard(plain)


def _encrypt_backups(paths: AppPaths, key: bytes) -> None:
    """Every plaintext backup in the backups folder, encrypted in place (checked first); one
    that does not check out is left as it was."""
    if not paths.backups.is_dir():
        return
    for path in sorted(paths.backups.glob("relief-*.sqlite3")):
        if not sqldb.is_plaintext(path) or path.name.endswith(_BEFORE):
            continue
        target = path.with_name(path.name + ".part")
        try:
            _encrypt_copy(path, target, key)
            os.replace(target, path)
        except (RuleError, dbapi.Error, OSError):
            _discard(target)
            continue
        _discard_sides(path)


def _discard_sides(path: Path) -> None:
    for suffix in _SIDE_FILES:
        with contextlib.suppress(OSError):
            Path(str(path) + suffix).unlink(missing_ok=True)
