"""Start of a session: first-run setup and choosing the worker, as modal steps tests can replace."""

from PySide6.QtWidgets import QDialog, QWidget

from relief_desktop.services import team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
from relief_desktop.ui.dialogs.sign_in_dialog import SignInDialog


def run_first_run(store: Store, parent: QWidget | None = None) -> bool:
    """Ask for the street and team until set up; False when the user gives up."""

    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start), parent
    )
    return dialog.exec() == QDialog.DialogCode.Accepted


def sign_in(
    store: Store, preselect: str | None, parent: QWidget | None = None
) -> TeamMember | None:
    """The signed-in member, or None when the user gives up (tests monkeypatch this)."""

    dialog = SignInDialog(store, preselect, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.member
