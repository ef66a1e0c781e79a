"""家庭成员: one row per household member; an ID number fills in sex and birth date."""

from typing import cast

from PySide6.QtWidgets import QLineEdit, QWidget

from relief_desktop.domain import idcard
from relief_desktop.domain.beneficiary import MemberInput
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.money import format_yuan, parse_yuan
from relief_desktop.domain.vocab import RELATIONS, SEXES
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from relief_desktop.ui.widgets.row_table import CheckCell, RowTable


class HouseholdTable(RowTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                ("relation", self.tr("与本人关系"), 100),
                ("name", self.tr("姓名"), 90),
                ("id_number", self.tr("身份证号码"), 180),
                ("sex", self.tr("性别"), 80),
                ("birth_date", self.tr("出生日期"), 160),
                ("lives_together", self.tr("共同生活"), 70),
                ("legal_supporter", self.tr("法定赡养/抚养义务人"), 150),
                ("health", self.tr("健康状况"), 100),
                ("disability", self.tr("残疾情况"), 100),
                ("occupation", self.tr("工作/学习"), 110),
                ("income", self.tr("月收入（元）"), 100),
            ],
            self.tr("添加家庭成员"),
            parent,
        )

    def make_cells(self, value: object | None) -> dict[str, QWidget]:
        member = value if isinstance(value, MemberInput) else MemberInput(relation="", name="")
        relation = ChoiceCombo(RELATIONS)
        relation.set_value(member.relation)
        name = QLineEdit(member.name)
        id_number = QLineEdit(member.id_number)
        id_number.setPlaceholderText(self.tr("可不填"))
        sex = ChoiceCombo(SEXES)
        sex.set_value(member.sex)
        birth = OptionalDateEdit(member.birth_date)
        health, disability, occupation = (
            QLineEdit(member.health),
            QLineEdit(member.disability),
            QLineEdit(member.occupation),
        )
        income = QLineEdit(format_yuan(member.income_fen))
        income.setPlaceholderText(self.tr("元"))
        cells: dict[str, QWidget] = {
            "relation": relation,
            "name": name,
            "id_number": id_number,
            "sex": sex,
            "birth_date": birth,
            "lives_together": CheckCell(member.lives_together),
            "legal_supporter": CheckCell(member.legal_supporter),
            "health": health,
            "disability": disability,
            "occupation": occupation,
            "income": income,
        }
        id_number.editingFinished.connect(lambda: self._fill_from_id(cells))
        return cells

    def _fill_from_id(self, cells: dict[str, QWidget]) -> None:
        edit = cast(QLineEdit, cells["id_number"])
        if not edit.text().strip():
            return
        try:
            info = idcard.parse(edit.text())
        except RuleError:
            return  # the save lists what is wrong
        edit.setText(info.number)
        cast(ChoiceCombo, cells["sex"]).set_value(info.sex)
        cast(OptionalDateEdit, cells["birth_date"]).set_value(info.birth_date)

    def set_members(self, members: tuple[MemberInput, ...]) -> None:
        self.clear_rows()
        for member in members:
            self.add_row(member)

    def members(self) -> tuple[tuple[MemberInput, ...], list[Problem]]:
        """The rows as inputs, and problems only the form can see (income that is not money)."""
        members: list[MemberInput] = []
        problems: list[Problem] = []
        for i, cells in enumerate(self.rows):
            income_text = cast(QLineEdit, cells["income"]).text().strip()
            income: int | None = None
            if income_text:
                try:
                    income = parse_yuan(income_text)
                except RuleError as error:
                    problems.append(Problem(f"members[{i}].income", error.code, error.details))
            members.append(
                MemberInput(
                    relation=cast(ChoiceCombo, cells["relation"]).value(),
                    name=cast(QLineEdit, cells["name"]).text(),
                    id_number=cast(QLineEdit, cells["id_number"]).text(),
                    sex=cast(ChoiceCombo, cells["sex"]).value(),
                    birth_date=cast(OptionalDateEdit, cells["birth_date"]).value(),
                    lives_together=cast(CheckCell, cells["lives_together"]).box.isChecked(),
                    legal_supporter=cast(CheckCell, cells["legal_supporter"]).box.isChecked(),
                    health=cast(QLineEdit, cells["health"]).text().strip(),
                    disability=cast(QLineEdit, cells["disability"]).text().strip(),
                    occupation=cast(QLineEdit, cells["occupation"]).text().strip(),
                    income_fen=income,
                )
            )
        return tuple(members), problems

    def field_widgets(self) -> dict[str, QWidget]:
        """'members[1].id_number' -> that cell, as Problem.field names them."""
        found: dict[str, QWidget] = {}
        for i, cells in enumerate(self.rows):
            for key, widget in cells.items():
                found[f"members[{i}].{key}"] = widget
            found[f"members[{i}].income_fen"] = cells["income"]
        return found
