"""设置 · 合同与指标: the contract start date and every KPI target, saved together."""

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import contract_half, contract_year
from relief_desktop.services import team
from relief_desktop.services.district import own_kpi
from relief_desktop.services.reporting import kpi
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.optional_date import OptionalDateEdit

UNIT_HINT = {"count": "个数", "fen": "元", "ratio": "百分比"}


class ContractTargetsPanel(QWidget):
    saved = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)

        self.context = context
        # The district center's store edits its own lot-01 targets (项目负责人 only).
        self._district = bool(context.district_name)
        self._kpis = own_kpi.DISTRICT_KPIS if self._district else kpi.KPIS
        self.start_edit = OptionalDateEdit(None, self, label=self.tr("合同开始日期"))
        self.start_edit.setObjectName("contract_start")
        self.start_edit.setMaximumWidth(180)
        self.span_label = QLabel(self)
        self.table = QTableWidget(len(self._kpis), 3, self)
        self.table.setObjectName("kpi_targets")
        self.table.setHorizontalHeaderLabels(
            [self.tr("合同指标"), self.tr("年度目标"), self.tr("说明")]
        )
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存合同与指标"), self)
        self.save_button.setObjectName("save_contract")

        form = QFormLayout()
        form.addRow(self.tr("合同开始日期："), self.start_edit)
        form.addRow("", self.span_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        intro = (
            self.tr("目标默认取自合同（01 包）；只有项目负责人可以修改。")
            if self._district
            else self.tr("目标默认取自合同（02/03 包）；如区中心另有要求，可在此修改。")
        )
        layout.addWidget(QLabel(intro, self))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.start_edit.changed.connect(self._show_span)
        self.save_button.clicked.connect(self.save)
        self.reload()

    def reload(self) -> None:
        start = team.contract_start(self.context.store)
        self.start_edit.set_value(start)
        for row, item in enumerate(self._kpis):
            label = QTableWidgetItem(item.label)
            label.setFlags(label.flags() & ~Qt.ItemFlag.ItemIsEditable)
            value = QTableWidgetItem(kpi.target_text(item, kpi.target(self.context.store, item)))
            note = QTableWidgetItem(f"{UNIT_HINT[item.unit]}　{item.note}".strip())
            note.setFlags(note.flags() & ~Qt.ItemFlag.ItemIsEditable)
            for column, cell in enumerate((label, value, note)):
                self.table.setItem(row, column, cell)
        self._show_span()

    def start_date(self) -> date | None:
        return self.start_edit.value()

    def _show_span(self) -> None:
        start = self.start_date()
        if start is None:
            self.span_label.setText(self.tr("请按 2025-12-16 的格式填写合同开始日期。"))
            return
        year, half = contract_year(start), contract_half(start)
        self.span_label.setText(
            self.tr("合同年度 {0} 至 {1}；中期评估截至 {2}").format(year.start, year.end, half.end)
        )

    def save(self) -> bool:
        typed = self.start_edit.required_problem()
        if typed is not None:  # never saved as some other day than the one typed
            self.message_label.setStyleSheet("color: #c62828;")
            self.message_label.setText(typed.message())
            return False
        texts = {}
        for row, item in enumerate(self._kpis):
            cell = self.table.item(row, 1)
            texts[item.key] = cell.text() if cell is not None else ""
        try:
            save = own_kpi.save_targets if self._district else kpi.save_contract
            save(self.context.store, self.context.worker.actor, texts, self.start_date())
        except RuleError as error:
            self.message_label.setStyleSheet("color: #c62828;")
            self.message_label.setText(str(error))
            return False
        self.message_label.setStyleSheet("color: #2e7d32;")
        self.message_label.setText(self.tr("已保存。统计和报送按新的合同年度与目标计算。"))
        self.reload()
        self.saved.emit()
        return True
