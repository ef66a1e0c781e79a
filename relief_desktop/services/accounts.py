"""Sign-in: each team member's own password (argon2id), a growing wait after wrong ones.

The password is never stored, only its argon2id hash (OWASP's minimum for argon2id: 19 MiB,
two passes, one lane — about 30 ms here, so signing in stays quick on an office PC), so a copied
data file does not give the passwords away. After three wrong passwords in
a row the next try waits 2 s, then 4, 8 … up to 5 minutes; a right password resets the count.
The wait is kept in the store, so closing and reopening the app does not reset it.

The store is encrypted (storage.keyring, services.vault): setting a password also wraps the data
key for it, and a member signing in with the store open whose wrap is missing gets it then.
"""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from relief_desktop.domain.errors import RuleError
from relief_desktop.services import passwords, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage import keyring
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import transaction
from relief_desktop.storage.store import Store

if TYPE_CHECKING:
    from argon2 import PasswordHasher

FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300
ENV_PASSWORD = "RELIEF_DESKTOP_PASSWORD"


def _hasher() -> "PasswordHasher":
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@dataclass(frozen=True)
class Account:
    member: TeamMember
    has_password: bool


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def accounts(store: Store) -> list[Account]:
    """Active team members and whether each has a password yet."""
    with_secret = {
        row[0]
        for row in store.reader().execute(
            "SELECT w.uuid FROM worker_secret s JOIN worker w ON w.id = s.worker_id"
        )
    }
    return [Account(m, m.uuid in with_secret) for m in team.team(store)]


def sign_in_required(store: Store) -> bool:
    """True once any member has a password: from then on every session signs in."""
    return store.reader().execute("SELECT 1 FROM worker_secret LIMIT 1").fetchone() is not None


def set_password(
    store: Store, actor: Actor, member_uuid: str, password: str, now: datetime | None = None
) -> None:
    """Set (or change) a member's password, after checking it is not easily guessed."""
    passwords.check_new(password)
    digest = _hasher().hash(password)
    conn = store.reader()
    stamp = _now(now).isoformat(timespec="seconds")
    with transaction(conn):
        row = conn.execute("SELECT id, name FROM worker WHERE uuid = ?", (member_uuid,)).fetchone()
        if row is None:
            raise RuleError("worker_unknown", value=member_uuid)
        conn.execute(
            "INSERT INTO worker_secret (worker_id, password_hash, failures, retry_after,"
            " changed_at) VALUES (?, ?, 0, NULL, ?) ON CONFLICT (worker_id) DO UPDATE SET"
            " password_hash = excluded.password_hash, failures = 0, retry_after = NULL,"
            " changed_at = excluded.changed_at",
            (row[0], digest, stamp),
        )
        conn.execute(
            "INSERT INTO change_log (at, worker_uuid, worker_name, table_name, record_uuid,"
            " action, changes) VALUES (?, ?, ?, 'worker_secret', ?, 'update', ?)",
            (stamp, actor.uuid, actor.name, member_uuid,
             json.dumps({"password": ["（不记录）", "（已更改）"]}, ensure_ascii=False)),
        )  # fmt: skip
    # The data key wrapped for the new password (an unencrypted older store: at encryption).
    keyring.add_holder(store.paths, member_uuid, str(row[1]), password)


def set_all(store: Store, actor: Actor, password: str) -> int:
    """One password for every active member without one (scripts, tests, first setup)."""
    missing = [a.member for a in accounts(store) if not a.has_password]
    for member in missing:
        set_password(store, actor, member.uuid, password)
    return len(missing)


@dataclass(frozen=True)
class _Secret:
    worker_id: int
    digest: str
    failures: int
    retry_after: datetime | None


def _secret(store: Store, member: TeamMember) -> _Secret:
    row = (
        store.reader()
        .execute(
            "SELECT s.worker_id, s.password_hash, s.failures, s.retry_after FROM worker_secret s"
            " JOIN worker w ON w.id = s.worker_id WHERE w.uuid = ?",
            (member.uuid,),
        )
        .fetchone()
    )
    if row is None:
        raise RuleError("signin_no_password", name=member.name)
    retry = datetime.fromisoformat(row[3]) if row[3] else None
    return _Secret(int(row[0]), str(row[1]), int(row[2]), retry)


def _matches(secret: _Secret, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(secret.digest, password))
    except (VerificationError, InvalidHashError):
        return False


def matches(store: Store, member: TeamMember, password: str) -> bool:
    """Whether `password` is the member's (no wrong-password count: encryption asks this)."""
    return _matches(_secret(store, member), password)


def _own_key(store: Store, member: TeamMember, password: str) -> None:
    """A member whose password could not wrap the data key when the store was encrypted (only
    its hash was known) gets the wrap now, on their first sign-in with the store open."""
    paths = store.paths
    if keyring.exists(paths) and not keyring.has_holder(paths, member.uuid):
        keyring.add_holder(paths, member.uuid, member.name, password)


def _wait(secret: _Secret, moment: datetime) -> None:
    if secret.retry_after is not None and secret.retry_after > moment:
        seconds = int((secret.retry_after - moment).total_seconds()) + 1
        raise RuleError("signin_wait", seconds=seconds)


def _record(store: Store, secrets: Sequence[_Secret], moment: datetime) -> int:
    """Count one wrong password against each secret; the longest wait now imposed, in s."""
    longest = 0
    conn = store.reader()
    with transaction(conn):
        for secret in secrets:
            failures = secret.failures + 1
            wait = 0
            if failures >= FREE_ATTEMPTS:
                wait = min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_SECONDS)
            until = moment + timedelta(seconds=wait)
            conn.execute(
                "UPDATE worker_secret SET failures = ?, retry_after = ? WHERE worker_id = ?",
                (failures, until.isoformat(timespec="seconds") if wait else None,
                 secret.worker_id),
            )  # fmt: skip
            longest = max(longest, wait)
    return longest


def _reset(store: Store, secret: _Secret) -> None:
    if secret.failures or secret.retry_after:
        conn = store.reader()
        with transaction(conn):
            conn.execute(
                "UPDATE worker_secret SET failures = 0, retry_after = NULL WHERE worker_id = ?",
                (secret.worker_id,),
            )


def check(store: Store, member: TeamMember, password: str, now: datetime | None = None) -> None:
    """Refuse a wrong password (and a try made too soon after wrong ones) with a message."""
    moment = _now(now)
    secret = _secret(store, member)
    _wait(secret, moment)
    if not _matches(secret, password):
        wait = _record(store, [secret], moment)
        if wait:
            raise RuleError("signin_wrong_wait", name=member.name, seconds=wait)
        raise RuleError("signin_wrong", name=member.name)
    _reset(store, secret)
    _own_key(store, member, password)


def sign_in(
    store: Store, password: str, name: str | None = None, now: datetime | None = None
) -> TeamMember:
    """The member whose password this is: the named one, or (for scripts) whoever's it is.

    Without a name a wrong password counts against every member, as it is tried on all."""
    if name is not None:
        member = team.member_by_name(store, name)
        check(store, member, password, now)
        return member
    moment = _now(now)
    found = [(a.member, _secret(store, a.member)) for a in accounts(store) if a.has_password]
    for member, secret in found:
        if _matches(secret, password):
            _wait(secret, moment)
            _reset(store, secret)
            _own_key(store, member, password)
            return member
    wait = _record(store, [secret for _m, secret in found], moment)
    if wait:
        raise RuleError("signin_wrong_wait", name="团队成员", seconds=wait)
    raise RuleError("signin_wrong_any")
