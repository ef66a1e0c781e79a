"""The district center writes the texts of each half-year report and of the year-end report."""

from pytestqt.qtbot import QtBot

from relief_desktop.domain import periods
from relief_desktop.services import team
from relief_desktop.services.reporting import report_texts
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog
from tests.ui.test_report_texts_dialog import HALF, START, TODAY, YEAR


def test_the_district_writes_the_texts_of_either_half_and_opens_on_the_current_one(
    qtbot: QtBot, district: Store
) -> None:
    team.set_setting(district, SYSTEM, "contract_start", START.isoformat())
    context = AppContext(district, team.team(district)[0])
    made = ReportTextsDialog(context, TODAY, kind="half")
    qtbot.addWidget(made)
    second = periods.contract_half(START, second=True)
    assert [period for _label, period in made.choices] == [HALF, second, YEAR]
    assert made.period == second  # 2026-12-01 is in the second half
    made.edits["problems"].setPlainText("二是督导记录不全。")
    made._on_save()
    assert report_texts.load(district, second).problems == "二是督导记录不全。"
    assert report_texts.load(district, HALF) == report_texts.ReportTexts()
