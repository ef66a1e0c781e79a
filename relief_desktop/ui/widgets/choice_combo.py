"""A combo over a closed vocabulary whose stored value is the Chinese word itself."""

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget


class ChoiceCombo(QComboBox):
    """`value()` is the chosen word, or "" for the optional blank entry shown as 未填."""

    def __init__(
        self, choices: Sequence[str], blank: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if blank and "" not in choices:
            self.addItem(self.tr("（未填）"), "")
        for choice in choices:
            self.addItem(choice if choice else self.tr("（未填）"), choice)

    def value(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index < 0 and value:
            # An old or imported value outside today's list still shows as it is.
            self.addItem(value, value)
            index = self.count() - 1
        self.setCurrentIndex(max(index, 0))
