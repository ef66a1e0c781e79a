"""首次设置: the edition (街道中心 or 区中心), then the street (its communities are created from the
shipped list) or the district, and the team."""

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.vocab import ROLES, STREETS
from relief_desktop.services import team
from relief_desktop.services.district import edition
from relief_desktop.services.team import TeamMember, default_communities
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.form_frame import add_save_shortcut, keep_on_screen
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit

Setup = Callable[[str, Sequence[tuple[str, str]], date | None], list[TeamMember]]
SetupDistrict = Callable[[str, Sequence[tuple[str, str]]], list[TeamMember]]


class FirstRunDialog(QDialog):
    def __init__(
        self,
        setup: Setup,
        parent: QWidget | None = None,
        setup_district: SetupDistrict | None = None,
    ) -> None:
        super().__init__(parent)
        self._setup = setup
        self._setup_district = setup_district
        self.created: list[TeamMember] = []
        self.setWindowTitle(self.tr("首次设置 · 成华区街道社会关爱援助中心"))
        self.resize(760, 560)
        keep_on_screen(self)

        intro = QLabel(
            self.tr(
                "欢迎使用。请选择本中心所在的街道，并填写团队成员。"
                "社区列表按成华区行政区划自动创建，以后可在“设置”中增改。"
            )
        )
        intro.setWordWrap(True)
        self.street_radio = QRadioButton(self.tr("街道中心（街道社会关爱援助中心）"))
        self.district_radio = QRadioButton(self.tr("区中心（收取各街道报送、全区汇总）"))
        self.street_radio.setChecked(True)
        edition_row = QHBoxLayout()
        edition_row.addWidget(QLabel(self.tr("本机用于：")))
        edition_row.addWidget(self.street_radio)
        edition_row.addWidget(self.district_radio)
        edition_row.addStretch(1)
        self.district_combo = QComboBox()
        for name in edition.DISTRICTS:
            self.district_combo.addItem(name, name)
        self.district_box = QGroupBox(self.tr("区"))
        district_layout = QVBoxLayout(self.district_box)
        district_layout.addWidget(self.district_combo)
        district_note = QLabel(
            self.tr(
                "区中心导入成华区 11 个街道的月度报送资料包，查看报送及时情况和全区数据；"
                "不登记个人信息。"
            )
        )
        district_note.setWordWrap(True)
        district_layout.addWidget(district_note)
        district_layout.addStretch(1)
        self.district_box.setVisible(False)
        self.district_radio.setVisible(setup_district is not None)

        self.street_combo = QComboBox()
        self.street_combo.addItem(self.tr("请选择街道"), None)
        for code, name in STREETS.items():
            self.street_combo.addItem(self.tr("{0}街道").format(name), code)
        self.community_list = QListWidget()
        self.community_list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.community_caption = QLabel()
        street_box = QGroupBox(self.tr("街道与社区"))
        street_layout = QVBoxLayout(street_box)
        street_layout.addWidget(self.street_combo)
        street_layout.addWidget(self.community_caption)
        street_layout.addWidget(self.community_list, 1)
        # No default: today would make every contract-year KPI count from the wrong day.
        self.contract_edit = OptionalDateEdit(None, label=self.tr("合同开始日期"))
        self.contract_edit.setObjectName("contract_start")
        self.contract_edit.edit.setPlaceholderText(self.tr("例如 2025-12-16"))
        self.contract_edit.edit.setMinimumWidth(140)
        contract_row = QHBoxLayout()
        contract_row.addWidget(QLabel(self.tr("合同开始日期 *：")))
        contract_row.addWidget(self.contract_edit)
        contract_row.addStretch(1)
        street_layout.addLayout(contract_row)

        self.member_table = QTableWidget(0, 2)
        self.member_table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("角色")])
        self.member_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.member_table.setColumnWidth(1, 130)
        self.member_table.verticalHeader().setDefaultSectionSize(34)
        self.member_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_member_button = QPushButton(self.tr("添加成员"))
        self.remove_member_button = QPushButton(self.tr("删除所选成员"))
        team_box = QGroupBox(self.tr("团队成员（项目负责人、项目专员各至少一人）"))
        team_layout = QVBoxLayout(team_box)
        member_buttons = QHBoxLayout()
        member_buttons.addWidget(self.add_member_button)
        member_buttons.addWidget(self.remove_member_button)
        member_buttons.addStretch(1)
        team_layout.addLayout(member_buttons)
        team_layout.addWidget(self.member_table, 1)

        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b3261e;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("完成设置"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        add_save_shortcut(self, self.buttons.button(QDialogButtonBox.StandardButton.Ok))

        self.street_box = street_box
        columns = QHBoxLayout()
        columns.addWidget(street_box, 1)
        columns.addWidget(self.district_box, 1)
        columns.addWidget(team_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(edition_row)
        layout.addLayout(columns, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        self.street_combo.currentIndexChanged.connect(self._on_street_changed)
        self.district_radio.toggled.connect(self._on_edition_changed)
        self.add_member_button.clicked.connect(lambda: self.add_member())
        self.remove_member_button.clicked.connect(self._on_remove_member_clicked)
        self.buttons.accepted.connect(self._on_finish_clicked)
        self.buttons.rejected.connect(self.reject)
        self.add_member("", ROLES[0])
        self.add_member("", ROLES[1])
        self._on_street_changed()
        # After a refused finish, every change re-checks: a message goes as soon as it is fixed.
        self._checked = False
        self.street_combo.currentIndexChanged.connect(self._recheck)
        self.contract_edit.changed.connect(self._recheck)

    def add_member(self, name: str = "", role: str = ROLES[1]) -> None:
        row = self.member_table.rowCount()
        self.member_table.insertRow(row)
        edit = QLineEdit(name)
        edit.setPlaceholderText(self.tr("姓名"))
        combo = ChoiceCombo(ROLES, blank=False)
        combo.set_value(role)
        self.member_table.setCellWidget(row, 0, edit)
        self.member_table.setCellWidget(row, 1, combo)
        edit.textChanged.connect(self._recheck)
        combo.currentIndexChanged.connect(self._recheck)

    def member_edit(self, row: int) -> QLineEdit:
        widget = self.member_table.cellWidget(row, 0)
        assert isinstance(widget, QLineEdit)
        return widget

    def role_combo(self, row: int) -> ChoiceCombo:
        widget = self.member_table.cellWidget(row, 1)
        assert isinstance(widget, ChoiceCombo)
        return widget

    def members(self) -> list[tuple[str, str]]:
        """Rows with a name; empty rows are ignored."""
        rows = [
            (self.member_edit(row).text().strip(), self.role_combo(row).value())
            for row in range(self.member_table.rowCount())
        ]
        return [(name, role) for name, role in rows if name]

    def _on_remove_member_clicked(self) -> None:
        row = self.member_table.currentRow()
        if row >= 0:
            self.member_table.removeRow(row)
            self._recheck()

    def _on_street_changed(self) -> None:
        self.community_list.clear()
        code = self.street_combo.currentData()
        if not isinstance(code, str):
            self.community_caption.setText(self.tr("选择街道后，这里列出将要创建的社区。"))
            return
        found = default_communities(code)
        self.community_caption.setText(self.tr("将创建以下 {0} 个社区：").format(len(found)))
        for community_code, name in found:
            self.community_list.addItem(f"{name}　{community_code}")

    def is_district(self) -> bool:
        return self.district_radio.isChecked()

    def _on_edition_changed(self) -> None:
        self.street_box.setVisible(not self.is_district())
        self.district_box.setVisible(self.is_district())
        self._recheck()

    def problems(self) -> list[Problem]:
        """What first run still needs (the service's rules), with a date typed that is not one."""
        if self.is_district():
            return edition.check_setup(self.district_combo.currentData(), self.members())
        code = self.street_combo.currentData()
        street = STREETS[code] if isinstance(code, str) else None
        typed = self.contract_edit.problem("contract_start")
        found = team.check_first_run(street, self.members(), self.contract_edit.value())
        if typed is not None:
            found = [p for p in found if p.field != "contract_start"] + [typed]
        return found

    def _show(self, problems: list[Problem]) -> None:
        self.error_label.setText("\n".join(p.message() for p in problems))
        self.error_label.setVisible(bool(problems))

    def _recheck(self) -> None:
        if self._checked:
            self._show(self.problems())

    def _on_finish_clicked(self) -> None:
        self._checked = True
        problems = self.problems()
        if problems:
            self._show(problems)
            return
        code = self.street_combo.currentData()
        try:
            if self.is_district():
                assert self._setup_district is not None
                district = str(self.district_combo.currentData())
                self.created = self._setup_district(district, self.members())
            else:
                assert isinstance(code, str)
                self.created = self._setup(code, self.members(), self.contract_edit.value())
        except ValidationFailedError as error:
            self._show(error.problems)
            return
        except RuleError as error:
            self._show([Problem("", error.code, error.details)])
            return
        self.accept()
