"""Wire the intake dialog to the services for the current worker, and open it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.services import beneficiaries, team
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
    dialog.existing_record_requested.connect(
        lambda existing: open_beneficiary_dialog(context, existing, parent)
    )
    return dialog


def open_beneficiary_dialog(
    context: AppContext, uuid: str | None, parent: QWidget | None = None
) -> BeneficiaryDialog:
    """Show the dialog window-modal and return at once (tests find it as the return value)."""
    dialog = make_beneficiary_dialog(context, uuid, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setModal(True)
    dialog.show()
    return dialog
