"""入户核查 in the district edition: the quarter's table per street × category, colours by status,
a street without packets 未报送 (never 0%), the district total row.
Screenshot to $DISTRICT_SHOTS."""

import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.services.district import coverage, intake
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.district import coverage_page
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _colour(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return str(item.background().color().name())


def test_the_quarter_table_shows_rates_missing_streets_and_the_total(
    district: Store, packets: Packets, qtbot: QtBot
) -> None:
    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    intake.import_files(district, team.team(district)[0].actor, files, PACKET_PASSWORD)
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    assert "district_coverage" in window.page_keys
    page = coverage_page.CoveragePage(window.context, today=TODAY)
    qtbot.addWidget(page)
    page.quarter_combo.setCurrentIndex(page.quarter_combo.findData("2026Q3"))
    table = page.table
    rows = [_text(table, r, 0) for r in range(table.rowCount())]
    assert rows[-1] == "全区合计"
    expected = coverage.coverage(district, page.quarter(), TODAY)

    shuangqiao = rows.index("双桥子街道")
    assert _text(table, shuangqiao, 1) == "2026-09"
    dibao = expected.streets[shuangqiao].cells["inspection_dibao"]
    assert dibao.numerator is not None
    assert f"{dibao.numerator}/{dibao.denominator}" in _text(table, shuangqiao, 2)
    assert _colour(table, shuangqiao, 2) == coverage_page.COLOURS[dibao.status]
    assert _text(table, shuangqiao, 6) == "07月"  # July never sent

    mengzhuiwan = rows.index("猛追湾街道")
    assert _text(table, mengzhuiwan, 1) == "2026-08（季度未完）"

    fuqing = rows.index("府青路街道")
    assert _text(table, fuqing, 2) == "未报送"
    assert "%" not in _text(table, fuqing, 2)
    assert _colour(table, fuqing, 2) == coverage_page.COLOURS[coverage.MISSING]
    assert "府青路" in page.missing_label.text()

    total = expected.total["inspection_dibao"]
    assert f"{total.numerator}/{total.denominator}" in _text(table, len(rows) - 1, 2)
    assert _text(table, len(rows) - 1, 1) == "2/11 个街道"

    window.show_page("district_coverage")
    shown = window.show_page("district_coverage")
    assert isinstance(shown, coverage_page.CoveragePage)
    folder = os.environ.get("DISTRICT_SHOTS")
    if folder:
        shown.quarter_combo.setCurrentIndex(shown.quarter_combo.findData("2026Q3"))
        window.grab().save(str(Path(folder) / "district-coverage.png"))
