"""The team's packet password (报送资料包密码): entered once (设置 · 报送 or the packet screen),
kept in the store's settings — the store itself is encrypted at rest — and used by every packet
run, GUI and CLI, so packets are AES-256 encrypted by default. `packet --password-file` still
overrides it for one run.

The change log records that the password was set, changed or cleared and by whom, never the
password itself: the row is written with SQL, not through the ORM's logging, and the log entry
carries a placeholder instead of the value.
"""

from relief_desktop.services import passwords
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.settings import SECRET_HIDDEN, set_secret_setting
from relief_desktop.storage.store import Store

KEY = "packet_password"
HIDDEN = SECRET_HIDDEN


def get(store: Store) -> str | None:
    """The team's packet password, or None when none is set."""
    row = store.reader().execute("SELECT value FROM setting WHERE key = ?", (KEY,)).fetchone()
    return str(row[0]) if row and row[0] else None


def is_set(store: Store) -> bool:
    return get(store) is not None


def save(store: Store, actor: Actor, password: str) -> None:
    """Keep `password` as the team's packet password (≥ 8 characters, not a common one)."""
    passwords.check_new(password)
    _write(store, actor, password)


def clear(store: Store, actor: Actor) -> None:
    """No team password: packets are made unencrypted unless a password is given for the run."""
    _write(store, actor, None)


def _write(store: Store, actor: Actor, password: str | None) -> None:
    set_secret_setting(store, actor, KEY, password)
