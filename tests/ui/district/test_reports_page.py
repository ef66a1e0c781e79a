"""报告 (district edition): pick a report and a period, choose a folder, get the xlsx and the
PDF; an empty district store is told why nothing was written. Screenshot to $DISTRICT_SHOTS."""

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from relief_desktop.services import team
from relief_desktop.services.district import intake
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.district import reports_page
from relief_desktop.ui.pages.reports import common
from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)


def _page(district: Store, qtbot: QtBot) -> tuple[MainWindow, reports_page.ReportsPage]:
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    page = window.show_page("district_reports")
    assert isinstance(page, reports_page.ReportsPage)
    page.today = TODAY
    return window, page


def test_the_reports_page_writes_the_monthly_report(
    district: Store,
    packets: Packets,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    intake.import_files(district, team.team(district)[0].actor, files, PACKET_PASSWORD)
    window, page = _page(district, qtbot)
    year = page.findChild(QRadioButton, "district_report_year")
    assert year is not None
    year.setChecked(True)
    assert page.texts_button.isVisible()  # the half-year and year-end reports carry texts
    opened: list[str] = []
    monkeypatch.setattr(ReportTextsDialog, "exec", lambda self: opened.append(self.windowTitle()))
    page.texts_button.click()
    assert opened == ["填写半年/年终报告文字"]
    if folder := os.environ.get("DISTRICT_SHOTS"):
        window.grab().save(str(Path(folder) / "district-reports-year.png"))
    month = page.findChild(QRadioButton, "district_report_month")
    assert month is not None
    month.setChecked(True)
    assert not page.texts_button.isVisible()
    page.period_combo.setCurrentIndex(page.period_combo.findText("2026年10月"))
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(common, "choose_folder", lambda _parent, _title: out)
    page.write_button.click()
    qtbot.waitUntil(lambda: "已生成" in page.result_label.text(), timeout=30000)
    written = sorted(p.suffix for p in out.iterdir())
    assert written == [".pdf", ".xlsx"]
    assert "月度工作报告" in page.result_label.text()
    assert page.open_button.isVisible()
    folder = os.environ.get("DISTRICT_SHOTS")
    if folder:
        window.grab().save(str(Path(folder) / "district-reports.png"))


def test_an_empty_district_store_is_told_why_no_report_is_written(
    district: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, page = _page(district, qtbot)
    asked: list[str] = []
    monkeypatch.setattr(common, "choose_folder", lambda _parent, title: asked.append(title))
    page.write_button.click()
    assert "还没有导入任何街道的资料包" in page.result_label.text()
    assert asked == []
