"""Start of a session: first-run setup and choosing the worker, as modal steps tests can replace."""

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import team, vault
from relief_desktop.services.district import edition
from relief_desktop.services.team import TeamMember
from relief_desktop.storage import keyring
from relief_desktop.storage.store import Store
from relief_desktop.ui import lazy

if TYPE_CHECKING:  # the dialogs load when first shown (ui/lazy.py)
    from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
    from relief_desktop.ui.dialogs.sign_in_dialog import SignInDialog
    from relief_desktop.ui.dialogs.unlock_dialog import UnlockDialog


def _dialog(module: str, name: str) -> Any:
    """relief_desktop.ui.dialogs.<module>.<name>, loaded when first shown (ui/lazy.py)."""
    return lazy.load(f"relief_desktop.ui.dialogs.{module}", name)


def run_first_run(store: Store, parent: QWidget | None = None) -> bool:
    """Ask for the street and team until set up; False when the user gives up."""

    dialog: FirstRunDialog = _dialog("first_run_dialog", "FirstRunDialog")(
        lambda street, members, start: team.first_run(store, street, members, start),
        parent,
        setup_district=lambda district, members: edition.setup_district(store, district, members),
    )
    return dialog.exec() == QDialog.DialogCode.Accepted


def sign_in(
    store: Store, preselect: str | None, parent: QWidget | None = None
) -> TeamMember | None:
    """The signed-in member, or None when the user gives up (tests monkeypatch this)."""

    dialog: SignInDialog = _dialog("sign_in_dialog", "SignInDialog")(store, preselect, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.member


def unlock(paths: AppPaths, worker_name: str | None, parent: QWidget | None = None) -> str | None:
    """The encrypted store unlocked by a member's password: their uuid, or None when the user
    gives up (tests monkeypatch this)."""

    dialog: UnlockDialog = _dialog("unlock_dialog", "UnlockDialog")(paths, worker_name, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.member_uuid


def encrypt_if_plain(store: Store, password: str, member: TeamMember | None) -> str | None:
    """An older, unencrypted store is encrypted at its first sign-in; the reason in Chinese
    when the check failed (the store stays as it was and usable)."""
    if member is None:
        return None
    try:
        vault.encrypt_store(store, password, member)
    except RuleError as error:
        return str(error)
    return None


def show_recovery_key(paths: AppPaths, parent: QWidget | None = None) -> None:
    """The recovery key made in this session (a new or newly encrypted store), shown once."""
    recovery_key = keyring.take_recovery_key(paths)
    if recovery_key is None:
        return

    _dialog("unlock_dialog", "RecoveryKeyDialog")(recovery_key, parent).exec()
