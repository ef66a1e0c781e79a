"""Filling the intake form in tests, the way a user would with setters."""

from datetime import date
from typing import TypeVar

from PySide6.QtWidgets import QLineEdit, QWidget

from relief_desktop.domain import idcard
from relief_desktop.domain.beneficiary import BeneficiaryInput, MemberInput
from relief_desktop.services import team
from relief_desktop.storage.store import Store
from relief_desktop.ui.dialogs.beneficiary_dialog import BeneficiaryDialog
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo

W = TypeVar("W", bound=QWidget)


def make_id(birth: date, seq: int) -> str:
    first17 = f"510108{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


FATHER_ID = make_id(date(1975, 6, 1), 11)
MOTHER_ID = make_id(date(1978, 3, 8), 22)
CHILD_ID = make_id(date(2012, 9, 15), 32)


def cell(dialog: BeneficiaryDialog, row: int, field: str, kind: type[W]) -> W:
    widget = dialog.form.household.rows[row][field]
    assert isinstance(widget, kind)
    return widget


def fill_person(
    dialog: BeneficiaryDialog, name: str, id_number: str, community_row: int = 1
) -> None:
    form = dialog.form
    form.name_edit.setText(name)
    form.id_edit.setText(id_number)
    form.id_edit.editingFinished.emit()
    form.community_combo.setCurrentIndex(community_row)
    form.phone_edit.setText("138 0000 1234")


def add_member(dialog: BeneficiaryDialog, relation: str, name: str, id_number: str) -> None:
    dialog.form.household.add_row()
    row = len(dialog.form.household.rows) - 1
    cell(dialog, row, "relation", ChoiceCombo).set_value(relation)
    cell(dialog, row, "name", QLineEdit).setText(name)
    cell(dialog, row, "id_number", QLineEdit).setText(id_number)


def fill_family(dialog: BeneficiaryDialog) -> None:
    """赵建国 with his wife and their daughter, all with valid ID numbers."""
    fill_person(dialog, "赵建国", FATHER_ID)
    dialog.form.income_edit.setText("1,850.50")
    add_member(dialog, "配偶", "钱秀英", MOTHER_ID)
    add_member(dialog, "子女", "赵小雨", CHILD_ID)


def count_rows(store: Store, table: str) -> int:
    return int(store.reader().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def person(store: Store, name: str, id_number: str = "", community: int = 0) -> BeneficiaryInput:
    communities = team.communities(store)
    return BeneficiaryInput(
        name=name,
        community_id=communities[community].id,
        id_type="居民身份证" if id_number else "无证件",
        id_number=id_number,
        sex="" if id_number else "男",
        members=(MemberInput("配偶", "孙丽"),),
    )
