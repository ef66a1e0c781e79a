"""Start of a session: first-run setup and choosing the worker, as modal steps tests can replace."""

from PySide6.QtWidgets import QDialog, QWidget

from relief_desktop.services import team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store


def run_first_run(store: Store, parent: QWidget | None = None) -> bool:
    """Ask for the street and team until set up; False when the user gives up."""
    from relief_desktop.services.district import edition
    from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog

    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start),
        parent,
        setup_district=lambda district, members: edition.setup_district(store, district, members),
    )
    return dialog.exec() == QDialog.DialogCode.Accepted


def sign_in(
    store: Store, preselect: str | None, parent: QWidget | None = None
) -> TeamMember | None:
    """The signed-in member, or None when the user gives up (tests monkeypatch this)."""
    from relief_desktop.ui.dialogs.sign_in_dialog import SignInDialog

    dialog = SignInDialog(store, preselect, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.member
