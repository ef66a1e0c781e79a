"""设置 · 合同与指标: contract start and targets saved together, or not at all."""

from datetime import date

from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.services.inspection import common as inspection
from relief_desktop.services.reporting import kpi
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.widgets.contract_targets import ContractTargetsPanel


def row_of(panel: ContractTargetsPanel, key: str) -> int:
    return [k.key for k in panel._kpis].index(key)


def type_target(panel: ContractTargetsPanel, key: str, text: str) -> None:
    cell = panel.table.item(row_of(panel, key), 1)
    assert cell is not None
    cell.setText(text)


def test_saving_changes_the_contract_year_and_the_targets(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    panel = ContractTargetsPanel(context)
    qtbot.addWidget(panel)
    panel.start_edit.set_value(date(2025, 12, 16))
    assert "2026-12-15" in panel.span_label.text()
    assert "2026-06-15" in panel.span_label.text()  # the mid-term evaluation
    type_target(panel, "satisfaction", "85%")
    type_target(panel, "resource_value", "100000")
    type_target(panel, "inspection_dibao", "40")
    assert panel.save()
    assert team.contract_start(store) == date(2025, 12, 16)
    assert kpi.target(store, kpi.KPI_BY_KEY["satisfaction"]) == 0.85
    assert kpi.target(store, kpi.KPI_BY_KEY["resource_value"]) == 10_000_000  # fen
    # The dashboard and the inspection work list read the same target.
    assert kpi.target(store, kpi.KPI_BY_KEY["inspection_dibao"]) == 0.4
    assert inspection.target(store, "低保") == 0.4


def test_a_bad_target_is_named_and_nothing_is_saved(
    context: AppContext, store: Store, qtbot: QtBot
) -> None:
    panel = ContractTargetsPanel(context)
    qtbot.addWidget(panel)
    before = team.contract_start(store)
    panel.start_edit.set_value(date(2025, 12, 16))
    type_target(panel, "media", "两次")
    assert not panel.save()
    assert "区级及以上媒体报道" in panel.message_label.text()
    assert team.contract_start(store) == before
    assert kpi.target(store, kpi.KPI_BY_KEY["media"]) == 2
