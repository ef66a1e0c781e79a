"""建档/打开个案 from a person: open the existing case, or open a new one (never two at once)."""

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from relief_desktop.services import beneficiaries
from relief_desktop.services.casework import cases
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_dialog import CaseDialog, open_case_window
from relief_desktop.ui.dialogs.case_forms import OpenCaseDialog


def _tr(text: str) -> str:
    return QCoreApplication.translate("open_case", text)


def open_case_for_person(
    context: AppContext, beneficiary_uuid: str, parent: QWidget | None = None
) -> QDialog:
    """The person's open case if there is one, else the 分类建档 form leading to the new case."""
    store = context.store
    existing = cases.open_case_of(store, beneficiary_uuid)
    if existing is not None:
        return open_case_window(context, existing.uuid, parent)
    person = beneficiaries.load(store, beneficiary_uuid).data

    def save(category: str, priority: str, source: str, opened_on: date | None) -> str:
        data = cases.OpenCaseInput(beneficiary_uuid, category, priority, source, opened_on)
        return cases.open_case(store, context.worker.actor, data)

    dialog = OpenCaseDialog(person.name, save, parent)
    dialog.source.set_value(person.source or "社区")
    dialog.priority.set_value(person.priority or "一般")
    if person.labels:
        dialog.category.set_value(person.labels[0].label)

    def opened(case_uuid: str) -> None:
        context.beneficiary_saved.emit(beneficiary_uuid)
        window: CaseDialog = open_case_window(context, case_uuid, parent)
        dialog.setProperty("case_window", window)

    dialog.saved.connect(opened)
    dialog.setModal(True)
    dialog.show()
    return dialog
