"""设置 of the district edition (区中心): the current worker, the district id key (身份摘要密钥) and
the streets' packet passwords (街道报送密码)."""

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.district_key_panel import DistrictKeyPanel
from relief_desktop.ui.widgets.street_passwords_panel import StreetPasswordsPanel


class DistrictSettingsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.worker_label = QLabel()
        self.switch_worker_button = QPushButton(self.tr("切换当前人员"))
        top = QGroupBox(self.tr("本中心"))
        top_layout = QHBoxLayout(top)
        top_layout.addWidget(QLabel(self.tr("{0}社会关爱援助中心（区中心）").format(
            context.district_name)))  # fmt: skip
        top_layout.addSpacing(40)
        top_layout.addWidget(QLabel(self.tr("当前人员：")))
        top_layout.addWidget(self.worker_label)
        top_layout.addWidget(self.switch_worker_button)
        top_layout.addStretch(1)
        self.key_panel = DistrictKeyPanel(context, district=True)
        self.passwords_panel = StreetPasswordsPanel(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.key_panel, self.tr("身份摘要密钥"))
        self.tabs.addTab(self.passwords_panel, self.tr("街道报送密码"))
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.tabs, 1)
        self.switch_worker_button.clicked.connect(context.worker_switch_requested)
        context.worker_changed.connect(self._show_worker)
        self._show_worker()

    def _show_worker(self) -> None:
        worker = self.context.worker
        self.worker_label.setText(f"{worker.name}（{worker.role}）")

    def reload_page(self) -> None:
        """F5 in the main window."""
        self.key_panel.refresh()
        self.passwords_panel.refresh()
