"""入户核查记录: the DOMAIN.md §3 inspection form for one roll entry, two inspectors, conclusion."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.domain.inspection import CONCLUSIONS, MODES, SUPPORT_MODES, on_roll_until
from relief_desktop.domain.vocab import SELF_CARE
from relief_desktop.services import team
from relief_desktop.services.inspection import records, roll_facts
from relief_desktop.services.inspection.records import InspectionInput
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.files_edit import FilesEdit
from relief_desktop.ui.widgets.form_frame import frame_form, save_cancel
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit


class InspectionDialog(QDialog):
    inspection_saved = Signal(int)

    def __init__(
        self,
        context: AppContext,
        entry_id: int,
        inspection_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.entry = records.load_entry(context.store, entry_id)
        self.inspection_id = inspection_id
        self.setWindowTitle(self.tr("入户核查记录 · {0}").format(self.entry.category))
        self.setMinimumWidth(900)
        entry = self.entry

        head = self._roll_box()
        self.date_edit = OptionalDateEdit(date.today(), self, label=self.tr("核查日期"))
        members = team.team(context.store)
        self.inspector1 = QComboBox(self)
        self.inspector2 = QComboBox(self)
        for combo in (self.inspector1, self.inspector2):
            for member in members:
                combo.addItem(member.name, member.uuid)
        self.inspector1.setCurrentIndex(max(0, self.inspector1.findData(context.worker.uuid)))
        others = [m for m in members if m.uuid != context.worker.uuid]
        if others:
            self.inspector2.setCurrentIndex(self.inspector2.findData(others[0].uuid))
        self.mode_combo = ChoiceCombo(MODES, blank=False, parent=self)
        self.size_spin = QSpinBox(self)
        self.size_spin.setRange(0, 30)
        self.size_spin.setSpecialValueText(self.tr("未填"))
        self.health_edit = QLineEdit(self)
        self.work_edit = QLineEdit(self)
        self.income_edit = QLineEdit(self)
        self.housing_edit = QLineEdit(self)
        self.vehicles_edit = QLineEdit(self)
        self.assets_edit = QLineEdit(self)
        self.self_care_combo = ChoiceCombo(SELF_CARE, parent=self)
        self.support_combo = ChoiceCombo(SUPPORT_MODES, parent=self)
        self.guardian_edit = QLineEdit(self)
        self.living_edit = QPlainTextEdit(self)
        self.living_edit.setMaximumHeight(60)
        self.policy_check = QCheckBox(self.tr("已宣传救助政策"), self)
        self.issues_edit = QPlainTextEdit(self)
        self.issues_edit.setObjectName("issues_edit")
        self.issues_edit.setMaximumHeight(70)
        self.issues_edit.setPlaceholderText(self.tr("发现的问题会进入“问题反馈”清单，报民政局"))
        self.conclusion_combo = ChoiceCombo(CONCLUSIONS, parent=self)
        self.conclusion_combo.setObjectName("conclusion_combo")
        self.reported_edit = OptionalDateEdit(None, self)
        self.signed_check = QCheckBox(self.tr("对象已签字确认"), self)
        self.photos_edit = FilesEdit(context.store.paths.attachments, "inspection", self)
        self.error_label = QLabel(self)
        self.error_label.setObjectName("inspection_errors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")

        basics = QFormLayout()
        basics.addRow(self.tr("核查日期"), self.date_edit)
        basics.addRow(self.tr("核查人员 1"), self.inspector1)
        basics.addRow(self.tr("核查人员 2"), self.inspector2)
        basics.addRow(self.tr("核查方式"), self.mode_combo)
        basics.addRow(self.tr("家庭人口"), self.size_spin)
        changes = QGroupBox(self.tr("家庭情况"), self)
        grid = QGridLayout(changes)
        for row, (label, widget) in enumerate(
            (
                (self.tr("健康变化"), self.health_edit),
                (self.tr("就业变化"), self.work_edit),
                (self.tr("收入变化"), self.income_edit),
                (self.tr("住房"), self.housing_edit),
                (self.tr("车辆"), self.vehicles_edit),
                (self.tr("其他财产"), self.assets_edit),
            )
        ):
            grid.addWidget(QLabel(label), row // 2, (row % 2) * 2)
            grid.addWidget(widget, row // 2, (row % 2) * 2 + 1)
        special = QFormLayout()
        if entry.category == "特困":
            special.addRow(self.tr("自理能力"), self.self_care_combo)
            special.addRow(self.tr("供养方式"), self.support_combo)
        else:
            # Fields of another category stay unshown (not stray at the dialog's corner).
            self.self_care_combo.hide()
            self.support_combo.hide()
        if entry.category == "特殊困难群体儿童":
            special.addRow(self.tr("监护人情况"), self.guardian_edit)
        else:
            self.guardian_edit.hide()
        special.addRow(self.tr("生活状况"), self.living_edit)
        special.addRow("", self.policy_check)
        special.addRow(self.tr("发现的问题"), self.issues_edit)
        special.addRow(self.tr("核查结论"), self.conclusion_combo)
        special.addRow(self.tr("报送民政局日期"), self.reported_edit)
        special.addRow("", self.signed_check)
        special.addRow(self.tr("照片"), self.photos_edit)
        self.buttons = save_cancel(self)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        # Two columns under the roll's facts, so the whole form fits a 1366×768 screen.
        left = QVBoxLayout()
        left.addLayout(basics)
        left.addWidget(changes)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(special, 1)
        frame_form(self, columns, self.buttons, above=[head], below=[self.error_label])
        if inspection_id is not None:
            self.load(records.load(context.store, inspection_id).data)
        else:
            self._prefill(records.prefill(entry))

    def _roll_box(self) -> QGroupBox:
        """What the bureau's roll says about this person, read-only, above the form."""
        entry = self.entry
        box = QGroupBox(self.tr("民政局在册名单信息（只读）"), self)
        box.setObjectName("inspection_head")
        on_roll = f"{entry.started_on} 起" + (
            f"，{on_roll_until(entry.ended_on)}" if entry.ended_on else ""
        )
        pairs: list[tuple[str, str]] = [
            (self.tr("姓名"), entry.name),
            (self.tr("身份证号"), entry.id_number),
            (self.tr("联系电话"), entry.phone or "—"),
            (self.tr("社区"), entry.community or "—"),
            (self.tr("家庭人口"), f"{entry.household_size} 人" if entry.household_size else "—"),
            (self.tr("在册"), on_roll),
            *roll_facts.lines(entry.facts, entry.category),
        ]
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.roll_labels: dict[str, QLabel] = {}
        for index, (label, shown) in enumerate(pairs):
            row, col = divmod(index, 3)
            name = QLabel(label + "：", box)
            name.setStyleSheet("color: #555;")
            value = QLabel(shown, box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.roll_labels[label] = value
            grid.addWidget(name, row, col * 2)
            grid.addWidget(value, row, col * 2 + 1)
        address = QLabel(entry.address or "—", box)
        address.setWordWrap(True)
        address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.roll_labels[self.tr("家庭住址")] = address
        last = (len(pairs) + 2) // 3
        address_name = QLabel(self.tr("家庭住址") + "：", box)
        address_name.setStyleSheet("color: #555;")
        grid.addWidget(address_name, last, 0)
        grid.addWidget(address, last, 1, 1, 5)
        for col in (1, 3, 5):
            grid.setColumnStretch(col, 1)
        return box

    def _prefill(self, start: records.Prefill) -> None:
        self.size_spin.setValue(start.household_size or 0)
        if start.self_care:
            self.self_care_combo.set_value(start.self_care)
        if start.support_mode:
            self.support_combo.set_value(start.support_mode)
        if start.guardian:
            self.guardian_edit.setText(start.guardian)

    def load(self, data: InspectionInput) -> None:
        d = data.inspected_on
        self.date_edit.set_value(d)
        self.inspector1.setCurrentIndex(max(0, self.inspector1.findData(data.inspector1)))
        self.inspector2.setCurrentIndex(max(0, self.inspector2.findData(data.inspector2)))
        self.mode_combo.set_value(data.mode)
        self.size_spin.setValue(data.household_size or 0)
        self.health_edit.setText(data.health_change)
        self.work_edit.setText(data.work_change)
        self.income_edit.setText(data.income_change)
        self.housing_edit.setText(data.housing)
        self.vehicles_edit.setText(data.vehicles)
        self.assets_edit.setText(data.assets)
        self.self_care_combo.set_value(data.self_care)
        self.support_combo.set_value(data.support_mode)
        self.guardian_edit.setText(data.guardian)
        self.living_edit.setPlainText(data.living_notes)
        self.policy_check.setChecked(data.policy_publicised)
        self.issues_edit.setPlainText(data.issues)
        self.conclusion_combo.set_value(data.conclusion)
        self.reported_edit.set_value(data.reported_on)
        self.signed_check.setChecked(data.signed)
        self.photos_edit.set_names(data.photos)

    def data(self) -> InspectionInput:
        """The form's input; only once `date_edit` holds a date (`_on_save` checks first)."""
        inspected_on = self.date_edit.value()
        assert inspected_on is not None
        return InspectionInput(
            roll_entry_id=self.entry.id,
            inspected_on=inspected_on,
            inspector1=str(self.inspector1.currentData() or ""),
            inspector2=str(self.inspector2.currentData() or ""),
            conclusion=self.conclusion_combo.value(),
            mode=self.mode_combo.value(),
            household_size=self.size_spin.value() or None,
            health_change=self.health_edit.text().strip(),
            work_change=self.work_edit.text().strip(),
            income_change=self.income_edit.text().strip(),
            housing=self.housing_edit.text().strip(),
            vehicles=self.vehicles_edit.text().strip(),
            assets=self.assets_edit.text().strip(),
            self_care=self.self_care_combo.value(),
            support_mode=self.support_combo.value(),
            guardian=self.guardian_edit.text().strip(),
            living_notes=self.living_edit.toPlainText().strip(),
            policy_publicised=self.policy_check.isChecked(),
            issues=self.issues_edit.toPlainText().strip(),
            reported_on=self.reported_edit.value(),
            signed=self.signed_check.isChecked(),
            photos=tuple(self.photos_edit.names()),
        )

    def _on_save(self) -> None:
        typed = [
            problem
            for edit in (self.date_edit, self.reported_edit)
            if (problem := edit.problem()) is not None
        ]
        missing = self.date_edit.required_problem()
        if missing is not None and missing not in typed:
            typed.insert(0, missing)
        if typed:  # a date typed wrong is refused as typed, never changed
            self.error_label.setText("\n".join(p.message() for p in typed))
            return
        try:
            saved = records.save(
                self.context.store, self.context.worker.actor, self.data(), self.inspection_id
            )
        except ValidationFailedError as error:
            self.error_label.setText("\n".join(p.message() for p in error.problems))
            return
        except RuleError as error:
            self.error_label.setText(str(error))
            return
        self.inspection_id = saved
        self.inspection_saved.emit(saved)
        self.accept()
