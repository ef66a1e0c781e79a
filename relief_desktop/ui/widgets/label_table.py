"""救助标签: each assistance label held by the person, from a start date to an optional end."""

from typing import cast

from PySide6.QtWidgets import QLineEdit, QWidget

from relief_desktop.domain.beneficiary import LabelInput
from relief_desktop.domain.errors import Problem
from relief_desktop.domain.vocab import LABELS
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit
from relief_desktop.ui.widgets.row_table import RowTable


class LabelTable(RowTable):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                ("label", self.tr("救助标签"), 160),
                ("start_date", self.tr("开始日期"), 170),
                ("end_date", self.tr("结束日期（未填表示至今）"), 200),
                ("note", self.tr("备注"), 200),
            ],
            self.tr("添加救助标签"),
            parent,
        )

    def make_cells(self, value: object | None) -> dict[str, QWidget]:
        item = value if isinstance(value, LabelInput) else LabelInput("", None)
        label = ChoiceCombo(LABELS)
        label.set_value(item.label)
        return {
            "label": label,
            "start_date": OptionalDateEdit(item.start_date),
            "end_date": OptionalDateEdit(item.end_date),
            "note": QLineEdit(item.note),
        }

    def set_labels(self, labels: tuple[LabelInput, ...]) -> None:
        self.clear_rows()
        for item in labels:
            self.add_row(item)

    def labels(self) -> tuple[LabelInput, ...]:
        return tuple(
            LabelInput(
                label=cast(ChoiceCombo, cells["label"]).value(),
                start_date=cast(OptionalDateEdit, cells["start_date"]).value(),
                end_date=cast(OptionalDateEdit, cells["end_date"]).value(),
                note=cast(QLineEdit, cells["note"]).text().strip(),
            )
            for cells in self.rows
        )

    def problems(self) -> list[Problem]:
        """A row whose label was never chosen: say so plainly, not "'' is not a choice"."""
        return [
            Problem(f"labels[{i}]", "required", {"label": "救助标签"})
            for i, item in enumerate(self.labels())
            if not item.label
        ]

    def field_widgets(self) -> dict[str, list[QWidget]]:
        """'labels[0]' -> the cells of that row (a label problem concerns the whole row);
        'labels[0].start_date' -> that date alone (a date typed wrong)."""
        found: dict[str, list[QWidget]] = {}
        for i, cells in enumerate(self.rows):
            found[f"labels[{i}]"] = [cells["label"], cells["start_date"], cells["end_date"]]
            for key in ("start_date", "end_date"):
                found[f"labels[{i}].{key}"] = [cells[key]]
        return found
