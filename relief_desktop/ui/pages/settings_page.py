"""设置: the street, its communities, the team and the current worker (the district center:
its team, its own lot-01 targets, backups, sign-in, the id key it hands out, the streets' packet
passwords and the access log)."""

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.vocab import ROLES
from relief_desktop.services import team
from relief_desktop.services.team import CommunityRow, TeamMember
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.access_panel import AccessPanel
from relief_desktop.ui.widgets.account_panel import AccountPanel
from relief_desktop.ui.widgets.backup_panel import BackupPanel
from relief_desktop.ui.widgets.choice_combo import ChoiceCombo
from relief_desktop.ui.widgets.contract_targets import ContractTargetsPanel
from relief_desktop.ui.widgets.district_key_panel import DistrictKeyPanel
from relief_desktop.ui.widgets.handover_panel import HandoverPanel
from relief_desktop.ui.widgets.packet_password_panel import PacketPasswordPanel
from relief_desktop.ui.widgets.street_passwords_panel import StreetPasswordsPanel
from relief_desktop.ui.widgets.tables import read_only_table


class SettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._communities: list[CommunityRow] = []
        self._members: list[TeamMember] = []

        self.street_label = QLabel(
            self.tr("{0}街道（{1}）").format(context.street_name, context.street_code)
        )
        self.street_label.setObjectName("street_label")
        self.worker_label = QLabel()
        self.switch_worker_button = QPushButton(self.tr("切换当前人员"))
        top = QGroupBox(self.tr("本中心"))
        top_layout = QHBoxLayout(top)
        top_layout.addWidget(
            QLabel(self.tr("区：") if context.district_name else self.tr("街道："))
        )
        top_layout.addWidget(self.street_label)
        top_layout.addSpacing(40)
        top_layout.addWidget(QLabel(self.tr("当前人员：")))
        top_layout.addWidget(self.worker_label)
        top_layout.addWidget(self.switch_worker_button)
        top_layout.addStretch(1)

        self.community_table = read_only_table(
            [self.tr("社区"), self.tr("代码"), self.tr("状态")], stretch_column=0
        )
        self.community_table.setColumnWidth(1, 130)
        self.community_table.setColumnWidth(2, 70)
        self.community_name_edit = QLineEdit()
        self.community_name_edit.setPlaceholderText(self.tr("社区名称"))
        self.add_community_button = QPushButton(self.tr("添加"))
        self.rename_community_button = QPushButton(self.tr("改名"))
        self.retire_community_button = QPushButton(self.tr("停用/启用"))
        community_box = QGroupBox(self.tr("本街道的社区"))
        community_buttons = QHBoxLayout()
        for button in (
            self.add_community_button,
            self.rename_community_button,
            self.retire_community_button,
        ):
            community_buttons.addWidget(button)
        community_buttons.addStretch(1)
        community_layout = QVBoxLayout(community_box)
        community_layout.addWidget(self.community_table, 1)
        community_layout.addWidget(self.community_name_edit)
        community_layout.addLayout(community_buttons)

        self.member_table = read_only_table(
            [self.tr("姓名"), self.tr("角色"), self.tr("状态")], stretch_column=0
        )
        self.member_table.setColumnWidth(1, 110)
        self.member_table.setColumnWidth(2, 70)
        self.member_name_edit = QLineEdit()
        self.member_name_edit.setPlaceholderText(self.tr("姓名"))
        self.member_role_combo = ChoiceCombo(ROLES, blank=False)
        self.add_member_button = QPushButton(self.tr("添加"))
        self.change_role_button = QPushButton(self.tr("修改角色"))
        self.retire_member_button = QPushButton(self.tr("停用/启用"))
        team_box = QGroupBox(self.tr("团队成员"))
        member_form = QHBoxLayout()
        member_form.addWidget(self.member_name_edit, 1)
        member_form.addWidget(self.member_role_combo)
        member_buttons = QHBoxLayout()
        for button in (self.add_member_button, self.change_role_button, self.retire_member_button):
            member_buttons.addWidget(button)
        member_buttons.addStretch(1)
        team_layout = QVBoxLayout(team_box)
        team_layout.addWidget(self.member_table, 1)
        team_layout.addLayout(member_form)
        team_layout.addLayout(member_buttons)

        self.message_label = QLabel()
        self.message_label.setObjectName("settings_message")
        self.message_label.setWordWrap(True)

        people = QWidget()
        columns = QHBoxLayout(people)
        columns.addWidget(community_box, 1)
        columns.addWidget(team_box, 1)
        self.contract_panel = ContractTargetsPanel(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(people, self.tr("社区与团队"))
        self.tabs.addTab(self.contract_panel, self.tr("合同与指标"))
        self.backup_panel = BackupPanel(context)
        self.tabs.addTab(self.backup_panel, self.tr("数据备份"))
        self.handover_panel = HandoverPanel(context)
        self.tabs.addTab(self.handover_panel, self.tr("合同结束移交"))
        self.account_panel = AccountPanel(context)
        self.tabs.addTab(self.account_panel, self.tr("登录与密码"))
        self.packet_password_panel = PacketPasswordPanel(context)
        self.tabs.addTab(self.packet_password_panel, self.tr("报送密码"))
        district = bool(context.district_name)
        # The street imports the district's key; the district makes it and hands it out.
        self.district_key_panel = DistrictKeyPanel(context, district=district)
        self.tabs.addTab(self.district_key_panel, self.tr("身份摘要密钥"))
        self.street_passwords_panel: StreetPasswordsPanel | None = None
        if district:  # the 11 streets' packet passwords, kept to open their packets
            self.street_passwords_panel = StreetPasswordsPanel(context)
            self.tabs.addTab(self.street_passwords_panel, self.tr("街道报送密码"))
        self.access_panel = AccessPanel(context)
        self.tabs.addTab(self.access_panel, self.tr("访问记录"))
        if district:  # the district center: no communities, no packet of its own to send
            self.street_label.setText(self.tr("{0}（区中心）").format(context.district_name))
            community_box.hide()
            for panel in (self.handover_panel, self.packet_password_panel):
                self.tabs.removeTab(self.tabs.indexOf(panel))
            self.tabs.setTabText(0, self.tr("团队"))
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message_label)

        self.add_community_button.clicked.connect(self._on_add_community_clicked)
        self.rename_community_button.clicked.connect(self._on_rename_community_clicked)
        self.retire_community_button.clicked.connect(self._on_retire_community_clicked)
        self.add_member_button.clicked.connect(self._on_add_member_clicked)
        self.change_role_button.clicked.connect(self._on_change_role_clicked)
        self.retire_member_button.clicked.connect(self._on_retire_member_clicked)
        self.community_table.currentCellChanged.connect(self._on_community_selected)
        self.member_table.currentCellChanged.connect(self._on_member_selected)
        self.switch_worker_button.clicked.connect(context.worker_switch_requested)
        context.worker_changed.connect(self._show_worker)
        self.reload()

    def reload_page(self) -> None:
        """F5 in the main window."""
        self.reload()
        self.district_key_panel.refresh()
        if self.street_passwords_panel is not None:
            self.street_passwords_panel.refresh()

    def reload(self) -> None:
        store = self.context.store
        self._communities = team.communities(store, include_inactive=True)
        self._fill(
            self.community_table,
            [(c.name, c.code, self._state(c.active)) for c in self._communities],
        )
        self._members = team.team(store, include_inactive=True)
        self._fill(
            self.member_table, [(m.name, m.role, self._state(m.active)) for m in self._members]
        )
        self._show_worker()

    def _state(self, active: bool) -> str:
        return self.tr("在用") if active else self.tr("已停用")

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[str, str, str]]) -> None:
        table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))

    def _show_worker(self) -> None:
        worker = self.context.worker
        self.worker_label.setText(f"{worker.name}（{worker.role}）")

    def _say(self, text: str, error: bool = False) -> None:
        self.message_label.setStyleSheet("color: #b3261e;" if error else "color: #1b5e20;")
        self.message_label.setText(text)

    def _selected_community(self) -> CommunityRow | None:
        row = self.community_table.currentRow()
        return self._communities[row] if 0 <= row < len(self._communities) else None

    def _selected_member(self) -> TeamMember | None:
        row = self.member_table.currentRow()
        return self._members[row] if 0 <= row < len(self._members) else None

    def _on_community_selected(self) -> None:
        found = self._selected_community()
        if found is not None:
            self.community_name_edit.setText(found.name)

    def _on_member_selected(self) -> None:
        found = self._selected_member()
        if found is not None:
            self.member_name_edit.setText(found.name)
            self.member_role_combo.set_value(found.role)

    def _save_community(self, community: CommunityRow | None, name: str, active: bool) -> None:
        code = community.code if community else ""
        community_id = community.id if community else None
        try:
            team.save_community(
                self.context.store, self.context.worker.actor, community_id, name, code, active
            )
        except RuleError as error:
            self._say(str(error), error=True)
            return
        self.reload()
        self.context.communities_changed.emit()
        self._say(self.tr("已保存社区“{0}”。").format(name.strip()))

    def _on_add_community_clicked(self) -> None:
        name = self.community_name_edit.text().strip()
        if any(c.name == name for c in self._communities):
            self._say(self.tr("社区“{0}”已在列表中。").format(name), error=True)
            return
        self._save_community(None, name, True)

    def _on_rename_community_clicked(self) -> None:
        found = self._selected_community()
        if found is None:
            self._say(self.tr("请先在列表中选中要改名的社区。"), error=True)
            return
        self._save_community(found, self.community_name_edit.text(), found.active)

    def _on_retire_community_clicked(self) -> None:
        found = self._selected_community()
        if found is None:
            self._say(self.tr("请先在列表中选中社区。"), error=True)
            return
        self._save_community(found, found.name, not found.active)

    def _save_member(self, uuid: str | None, name: str, role: str, active: bool) -> None:
        try:
            team.save_member(
                self.context.store, self.context.worker.actor, uuid, name, role, active
            )
        except RuleError as error:
            self._say(str(error), error=True)
            return
        self.reload()
        self.context.team_changed.emit()
        self._say(self.tr("已保存团队成员“{0}”。").format(name.strip()))

    def _on_add_member_clicked(self) -> None:
        self._save_member(None, self.member_name_edit.text(), self.member_role_combo.value(), True)

    def _on_change_role_clicked(self) -> None:
        found = self._selected_member()
        if found is None:
            self._say(self.tr("请先在列表中选中团队成员。"), error=True)
            return
        self._save_member(found.uuid, found.name, self.member_role_combo.value(), found.active)

    def _on_retire_member_clicked(self) -> None:
        found = self._selected_member()
        if found is None:
            self._say(self.tr("请先在列表中选中团队成员。"), error=True)
            return
        if found.uuid == self.context.worker.uuid and found.active:
            self._say(self.tr("不能停用当前工作人员，请先切换到其他人员。"), error=True)
            return
        self._save_member(found.uuid, found.name, found.role, not found.active)

    def show_backups(self) -> None:
        """Bring 数据备份 to the front (after a restore the window opens on it)."""
        self.tabs.setCurrentWidget(self.backup_panel)

    def save_state(self) -> None:
        """Called by the main window as it closes: a backup under way is finished first."""
        self.backup_panel.finish()
        self.handover_panel.finish()
