"""Wire the intake dialog to the services for the current worker, and open it."""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.casework import cases
from relief_desktop.ui import lazy
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog


def make_beneficiary_dialog(
    context: AppContext, uuid: str | None, parent: QWidget | None = None
) -> BeneficiaryDialog:
    """A dialog saving through the real services as the current worker."""
    store = context.store
    communities = team.communities(store, include_inactive=uuid is not None)
    if uuid is None:

        def save_new(data: BeneficiaryInput) -> str:
            return beneficiaries.register(store, context.worker.actor, data)

        dialog = BeneficiaryDialog(
            communities,
            save_new,
            find_similar=lambda data: beneficiaries.find_similar(store, data),
            parent=parent,
        )
    else:
        record = beneficiaries.load(store, uuid)

        def save_changes(data: BeneficiaryInput) -> str:
            beneficiaries.update(store, context.worker.actor, uuid, data)
            return uuid

        dialog = BeneficiaryDialog(
            communities,
            save_changes,
            record=record,
            history=beneficiaries.history(store, uuid),
            parent=parent,
        )
    dialog.beneficiary_saved.connect(context.beneficiary_saved)
    _add_case_button(context, dialog, uuid, parent)
    dialog.existing_record_requested.connect(
        lambda existing: open_beneficiary_dialog(context, existing, parent)
    )
    return dialog


def _add_case_button(
    context: AppContext, dialog: BeneficiaryDialog, uuid: str | None, parent: QWidget | None
) -> None:
    """The next step from a person: 新建个案 (or 打开个案) beside 保存; for a new person,
    保存并新建个案 saves first."""

    role = QDialogButtonBox.ButtonRole.ActionRole
    if uuid is not None:
        has_case = cases.open_case_of(context.store, uuid) is not None
        button = dialog.buttons.addButton(
            dialog.tr("打开个案") if has_case else dialog.tr("新建个案…"), role
        )
        # Over this dialog: closing the case window comes back to the person.
        button.clicked.connect(lambda: _open_case()(context, uuid, dialog))
    else:
        button = dialog.buttons.addButton(dialog.tr("保存并新建个案…"), role)
        wanted: list[bool] = []

        def save_then_open() -> None:
            wanted.append(True)
            try:
                dialog.save_button().click()
            finally:
                wanted.clear()

        def saved(new_uuid: str) -> None:
            if wanted:
                dialog.setProperty("case_form", _open_case()(context, new_uuid, parent))

        button.clicked.connect(save_then_open)
        dialog.beneficiary_saved.connect(saved)
    button.setObjectName("person_case_button")
    button.setAutoDefault(False)


def open_beneficiary_dialog(
    context: AppContext, uuid: str | None, parent: QWidget | None = None
) -> BeneficiaryDialog:
    """Show the dialog window-modal and return at once (tests find it as the return value)."""
    dialog = make_beneficiary_dialog(context, uuid, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.show()
    return dialog


def _open_case() -> Any:
    """open_case.open_case_for_person; the case forms load when first opened (ui/lazy.py)."""
    return lazy.load("relief_desktop.ui.dialogs.open_case", "open_case_for_person")
