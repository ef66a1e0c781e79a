"""The edit form of any ledger, built from its declaration; problems show under their fields."""

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.ledgers import values as cells
from relief_desktop.ledgers.spec import Field, Ledger
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.files_edit import FilesEdit
from relief_desktop.ui.widgets.form_frame import frame_form, save_cancel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit

Save = Callable[[dict[str, object]], str]
ERROR_STYLE = "color: #c62828;"


class LedgerForm(QDialog):
    record_saved = Signal(str)

    def __init__(
        self,
        ledger: Ledger,
        save: Save,
        *,
        start: Mapping[str, Any],
        ref_choices: Mapping[str, list[tuple[int, str]]],
        team: Sequence[str],
        attachments: Path,
        details: Sequence[str] = (),
        shown: Mapping[str, str] | None = None,
        editing: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self._save = save
        self.setObjectName(f"ledger_form_{ledger.key}")
        verb = self.tr("编辑") if editing else self.tr("新增")
        self.setWindowTitle(f"{verb}{ledger.record_label} · {ledger.title}")
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in ledger.fields:
            widget = self._widget(spec, ref_choices.get(spec.key, []), team, attachments)
            widget.setObjectName(f"field_{spec.key}")
            self.widgets[spec.key] = widget
            error = QLabel(self)
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            self.errors[spec.key] = error
            cell = QWidget(self)
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            label = spec.label + (" *" if spec.required and not spec.computed else "")
            form.addRow(label, cell)
            self._set(spec, start.get(spec.key), (shown or {}).get(spec.key, ""))
        self.message = QLabel(self)
        self.message.setObjectName("form_message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.details = QLabel("\n".join(details), self)
        self.details.setObjectName("form_details")
        self.details.setWordWrap(True)
        self.details.setStyleSheet("color: #37474f; background: #eef3f7; padding: 6px;")
        self.details.setVisible(bool(details))
        self.buttons = save_cancel(self)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        frame_form(self, form, self.buttons, above=[self.message], below=[self.details])
        self.setMinimumWidth(560)

    def _widget(
        self,
        spec: Field,
        choices: list[tuple[int, str]],
        team: Sequence[str],
        attachments: Path,
    ) -> QWidget:
        if spec.computed:
            return QLabel(self)
        if spec.kind == "longtext":
            edit = QPlainTextEdit(self)
            edit.setFixedHeight(70)
            return edit
        if spec.kind == "choice":
            return ChoiceCombo(spec.choices, blank=not spec.required, parent=self)
        if spec.kind == "multi":
            box = QWidget(self)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            for choice in spec.choices:
                check = QCheckBox(choice, box)
                check.setObjectName(f"choice_{choice}")
                row.addWidget(check)
            row.addStretch(1)
            return box
        if spec.kind == "worker":
            combo = QComboBox(self)
            combo.setEditable(True)
            combo.addItems(list(team))
            return combo
        if spec.kind == "date":
            return OptionalDateEdit(parent=self, label=spec.label)
        if spec.kind == "bool":
            return QCheckBox(self)
        if spec.kind == "ref":
            combo = QComboBox(self)
            combo.setEditable(len(choices) > 15)  # type to find among many people
            combo.addItem(self.tr("（请选择）"), None)
            for ref_id, text in choices:
                combo.addItem(text, ref_id)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            return combo
        if spec.kind == "files":
            return FilesEdit(attachments, self.ledger.table, self)
        line = QLineEdit(self)
        line.setPlaceholderText(spec.placeholder or _placeholder(spec))
        return line

    def _set(self, spec: Field, value: Any, shown: str) -> None:
        widget = self.widgets[spec.key]
        if isinstance(widget, QLabel):
            widget.setText(cells.display(spec, value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value or ""))
        elif isinstance(widget, ChoiceCombo):
            widget.set_value(str(value or ""))
        elif isinstance(widget, OptionalDateEdit):
            widget.set_value(date.fromisoformat(value) if isinstance(value, str) else value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, FilesEdit):
            widget.set_names(str(value or "").split(cells.FILE_SEPARATOR))
        elif isinstance(widget, QComboBox) and spec.kind == "ref":
            index = widget.findData(value)
            if index < 0 and value is not None:
                # A record no longer offered (a spent receipt) still shows as it is.
                widget.addItem(shown or str(value), value)
                index = widget.count() - 1
            widget.setCurrentIndex(max(index, 0))
        elif isinstance(widget, QComboBox):
            widget.setCurrentText(str(value or ""))
        elif spec.kind == "multi":
            chosen = str(value or "").split(cells.MULTI_SEPARATOR)
            for check in widget.findChildren(QCheckBox):
                check.setChecked(check.text() in chosen)
        elif isinstance(widget, QLineEdit):
            if spec.kind in ("money", "decimal", "minutes") and value is not None:
                widget.setText(cells.display(spec, value).replace(",", ""))
            else:
                widget.setText("" if value is None else str(value))

    def raw_values(self) -> dict[str, object]:
        """What the form holds, as the service takes it (text, dates, ids, flags)."""
        raw: dict[str, object] = {}
        for spec in self.ledger.input_fields:
            widget = self.widgets[spec.key]
            if isinstance(widget, QPlainTextEdit):
                raw[spec.key] = widget.toPlainText()
            elif isinstance(widget, ChoiceCombo | OptionalDateEdit):
                raw[spec.key] = widget.value()
            elif isinstance(widget, QCheckBox):
                raw[spec.key] = widget.isChecked()
            elif isinstance(widget, FilesEdit):
                raw[spec.key] = cells.FILE_SEPARATOR.join(widget.names())
            elif isinstance(widget, QComboBox) and spec.kind == "ref":
                raw[spec.key] = self._ref_value(widget)
            elif isinstance(widget, QComboBox):
                raw[spec.key] = widget.currentText()
            elif spec.kind == "multi":
                checks = widget.findChildren(QCheckBox)
                raw[spec.key] = cells.MULTI_SEPARATOR.join(
                    c.text() for c in checks if c.isChecked()
                )
            elif isinstance(widget, QLineEdit):
                raw[spec.key] = widget.text()
        return raw

    @staticmethod
    def _ref_value(combo: QComboBox) -> object:
        data = combo.currentData()
        if data is None and combo.isEditable() and combo.currentText().strip():
            index = combo.findText(combo.currentText().strip())
            data = combo.itemData(index) if index >= 0 else combo.currentText().strip()
        return data

    def show_problems(self, problems: Sequence[tuple[str, str]]) -> None:
        for label in self.errors.values():
            label.hide()
        for key, text in problems:
            if key not in self.errors:
                continue
            label = self.errors[key]
            label.setText((label.text() + "\n" if not label.isHidden() else "") + text)
            label.show()

    def _on_save(self) -> None:
        typed = [
            (key, problem.message())
            for key, widget in self.widgets.items()
            if isinstance(widget, OptionalDateEdit) and (problem := widget.problem()) is not None
        ]
        if typed:  # a date that is not one is refused as typed, never read as 未填
            self.message.setText("\n".join(text for _, text in typed))
            self.message.show()
            self.show_problems(typed)
            return
        try:
            uuid = self._save(self.raw_values())
        except ValidationFailedError as error:
            self.message.setText(str(error))
            self.message.show()
            self.show_problems([(p.field, p.message()) for p in error.problems])
            unplaced = [p.message() for p in error.problems if p.field not in self.errors]
            if unplaced:
                self.message.setText(str(error) + "\n" + "\n".join(unplaced))
            return
        except RuleError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.record_saved.emit(uuid)
        self.accept()


def _placeholder(spec: Field) -> str:
    return {
        "money": "元，例如 1200.50",
        "decimal": "例如 10 或 2.5",
        "int": "整数",
        "time": "例如 09:30",
    }.get(spec.kind, "")


def problem_text(dialog: LedgerForm, key: str) -> str:
    label = dialog.errors[key]
    return "" if label.isHidden() else label.text()
