"""中心工作 (the district center's own lot-01 KPIs) and the district's 设置 · 合同与指标, in the
district edition's window. Screenshots at 1366×728 go to $DISTRICT_SHOTS when set."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem
from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.services.district import own_kpi
from relief_desktop.services.reporting import kpi
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.district.own_work_page import OwnWorkPage
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.pages.settings_page import SettingsPage
from relief_desktop.ui.widgets.contract_targets import ContractTargetsPanel
from tests.services.district.test_own_kpi import TODAY, fill


def _row(page: OwnWorkPage, label: str) -> list[str]:
    table = page.kpi_table
    for row in range(table.rowCount()):
        cells = [table.item(row, c) for c in range(table.columnCount())]
        if cells[0] is not None and cells[0].text() == label:
            return [c.text() if c is not None else "" for c in cells]
    raise AssertionError(label)


def test_the_dashboard_shows_each_lot_01_kpi_with_its_status(district: Store, qtbot: QtBot) -> None:
    fill(district)
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    assert isinstance(window.show_page("district_work"), OwnWorkPage)
    page = OwnWorkPage(window.context, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.refresh()
    assert page.kpi_table.rowCount() == len(own_kpi.DISTRICT_KPIS)
    assert _row(page, "实地督导（每街道每季度）")[2:4] == ["95.5%（21/22）", "100.0%"]
    assert _row(page, "实地督导（每街道每季度）")[5] == "需关注"
    assert _row(page, "市级媒体报道")[5] == "滞后"
    assert _row(page, "省级及以上媒体报道")[5] == "正常"
    bar = page.kpi_table.item(0, 4)
    assert bar is not None
    progress, marker, status = bar.data(Qt.ItemDataRole.UserRole)
    assert (round(progress, 3), marker, status) == (0.955, None, "amber")
    assert "保和" not in page.supervision_label.text().split("尚未督导：")[-1]
    page.kpi_table.setCurrentCell(8, 0)  # 市级媒体报道: nothing counted this year
    assert page.records_list.item(0).text() == "（本期没有计入的记录）"
    page.period_combo.setCurrentIndex(page.period_combo.findData("quarter"))
    assert "2026年第3季度" in page.period_label.text()
    assert _row(page, "实地督导（每街道每季度）")[5] == "未到期"
    folder = os.environ.get("DISTRICT_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / "district_work.png"))


def _cell(panel: ContractTargetsPanel, row: int, column: int) -> QTableWidgetItem:
    item = panel.table.item(row, column)
    assert item is not None
    return item


def test_the_lead_edits_the_district_targets_in_settings(district: Store, qtbot: QtBot) -> None:
    lead, officer = team.team(district)
    page = SettingsPage(AppContext(district, lead))
    qtbot.addWidget(page)
    panel = page.contract_panel
    labels = [_cell(panel, r, 0).text() for r in range(panel.table.rowCount())]
    assert labels == [k.label for k in own_kpi.DISTRICT_KPIS]
    assert page.street_label.text() == "成华区（区中心）"
    row = labels.index("救助社会工作专题培训")
    _cell(panel, row, 1).setText("6")
    assert panel.save()
    assert kpi.target(district, own_kpi.DISTRICT_KPI_BY_KEY["trainings"]) == 6

    other = ContractTargetsPanel(AppContext(district, officer))
    qtbot.addWidget(other)
    _cell(other, row, 1).setText("2")
    assert not other.save()
    assert "只有项目负责人" in other.message_label.text()
    assert kpi.target(district, own_kpi.DISTRICT_KPI_BY_KEY["trainings"]) == 6


def test_the_district_ledger_page_lists_the_district_ledgers(district: Store, qtbot: QtBot) -> None:
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    page = window.show_page("ledgers")
    assert isinstance(page, LedgersPage)
    items = [page.ledger_list.item(r).text().strip() for r in range(page.ledger_list.count())]
    assert {"培训台账", "督导台账", "个案研讨会", "微信推送台账", "主题活动台账"} <= set(items)
    assert "社区联络台账" not in items
    assert "资源发放台账" not in items
    page.show_ledger("supervision")
    assert "本季度" in page.summary.text()
