"""The district center edition in the GUI: first run makes a district store, the main window
shows the district's own pages, packets go in by the picker or a drop, the board and figures
show what was imported. Screenshots at 1366×728 go to $DISTRICT_SHOTS when set."""

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.district import edition
from relief_desktop.services.district import packets as received
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.first_run_dialog import FirstRunDialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.district import board_page, figures_page, intake_page
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)


def _text(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def _header(table: QTableWidget, column: int) -> str:
    item = table.horizontalHeaderItem(column)
    assert item is not None
    return item.text()


def _shot(window: MainWindow, name: str) -> None:
    folder = os.environ.get("DISTRICT_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / f"{name}.png"))


def test_first_run_can_make_a_district_store(tmp_path: Path, qtbot: QtBot) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    dialog = FirstRunDialog(
        lambda street, members, start: team.first_run(store, street, members, start),
        setup_district=lambda district, members: edition.setup_district(store, district, members),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.district_radio.setChecked(True)
    assert not dialog.street_box.isVisible()
    assert dialog.district_box.isVisible()
    dialog.member_edit(0).setText("陈静")
    dialog.member_edit(1).setText("赵敏")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()  # no street, no contract date
    assert dialog.result() == FirstRunDialog.DialogCode.Accepted
    assert edition.is_district(store)
    assert edition.district_name(store) == "成华区"
    assert team.current_street(store) is None
    store.close()


def test_the_district_window_has_its_own_pages(district: Store, qtbot: QtBot) -> None:
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    keys = ["district_intake", "district_board", "district_figures", "district_coverage",
            "district_overlaps", "district_work", "district_reports", "ledgers",
            "settings"]  # fmt: skip
    assert window.page_keys == keys
    assert "成华区（区中心）" in window.windowTitle()
    menus = [a.text() for a in window.menuBar().actions()]
    assert not any("登记" in m for m in menus)


def test_packets_go_in_by_picker_and_drop_and_show_on_board_and_figures(
    district: Store, packets: Packets, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    page = window.show_page("district_intake")
    assert isinstance(page, intake_page.IntakePage)
    plain = [p for paths in packets.shuangqiao.values() for p in paths]
    monkeypatch.setattr(intake_page, "choose_packets", lambda _parent: plain)
    page.choose_button.click()
    assert page.result_table.rowCount() == 4
    assert _text(page.result_table, 0, 1) == "已导入"

    locked = packets.mengzhuiwan["2026-08"][0]
    page.password_edit.setText(PACKET_PASSWORD)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(locked))])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data,
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    page.dropEvent(drop)
    assert _text(page.result_table, 0, 1) == "已导入"
    assert len(received.received(district)) == 5
    assert page.history_table.rowCount() == 5
    _shot(window, "district-intake")

    board = board_page.BoardPage(window.context, today=TODAY)
    qtbot.addWidget(board)
    board.month_combo.setCurrentIndex(board.month_combo.findData("2026-10"))
    header = [_header(board.table, c) for c in range(board.table.columnCount())]
    october = header.index("26-10")
    september = header.index("26-09")
    rows = [_text(board.table, r, 0) for r in range(board.table.rowCount())]
    shuangqiao = rows.index("双桥子街道")
    assert _text(board.table, shuangqiao, october).startswith("按时")
    assert _text(board.table, shuangqiao, september).startswith("逾期")
    assert _text(board.table, rows.index("猛追湾街道"), september) == "未报送"
    assert "全区按时率" in board.rate_label.text()

    figures = figures_page.FiguresPage(window.context, today=TODAY)
    qtbot.addWidget(figures)
    figures.period_combo.setCurrentIndex(figures.period_combo.findData("2026-10"))
    columns = [_header(figures.table, c)
               for c in range(figures.table.columnCount())]  # fmt: skip
    assert columns[-1] == "全区合计"
    missing = figures.missing_label.text()
    assert "2026-10：猛追湾、府青路" in missing  # the drop brought 猛追湾's August only
    assert "双桥子" not in missing


def test_screenshots_of_each_district_page(district: Store, packets: Packets, qtbot: QtBot) -> None:
    from relief_desktop.services.district import intake

    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    intake.import_files(district, team.team(district)[0].actor, files, PACKET_PASSWORD)
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    for key in window.page_keys:
        page = window.show_page(key)
        assert page.isVisible()
        _shot(window, key)


def test_cross_street_people_are_listed_with_masked_names(
    district: Store, packets: Packets, qtbot: QtBot
) -> None:
    from relief_desktop.services.district import intake, overlaps
    from relief_desktop.ui.pages.district.overlaps_page import OverlapsPage
    from tests.fixtures.street_packets import DISTRICT_KEY

    actor = team.team(district)[0].actor
    overlaps.set_key(district, actor, DISTRICT_KEY)
    files = [packets.shuangqiao["2026-10"][-1], packets.mengzhuiwan["2026-10"][0]]
    intake.import_files(district, actor, files)
    page = OverlapsPage(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(page)
    assert page.table.rowCount() == len(overlaps.overlaps(district)) > 0
    where = _text(page.table, 0, 2)
    assert "双桥子街道" in where
    assert "猛追湾街道" in where
    assert "*" in where
