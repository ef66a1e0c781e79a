"""统计: every KPI with its status color, the deadline banner, records behind a KPI, coverage."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from relief_desktop.domain import periods
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi, month_packet, packet
from relief_desktop.storage.store import Store
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages import pages
from relief_desktop.ui.pages.reports_page import ReportsPage
from relief_desktop.ui.pages.statistics_page import StatisticsPage, deadline_text
from relief_desktop.ui.widgets.kpi_bar import STATUS_COLORS, STATUS_TEXT, STATUS_TINTS
from tests.services.reporting.data import TODAY, add_liaisons, fill_demo


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


def make_page(qtbot: QtBot, context: AppContext, today: date = TODAY) -> StatisticsPage:
    page = StatisticsPage(context, today=lambda: today)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()  # computes on first show
    return page


@pytest.fixture
def demo_context(store: Store, context: AppContext) -> AppContext:
    fill_demo(store)
    return context


def test_the_dashboard_shows_every_kpi_with_its_status_color(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    store = demo_context.store
    # A target far out of reach: at least one KPI is behind whatever the demo street did.
    lead = team.team(store)[0].actor
    team.set_setting(store, lead, kpi.target_key(kpi.KPI_BY_KEY["media"]), "1000")
    page = make_page(qtbot, demo_context)
    page.period_combo.setCurrentIndex(page.period_combo.findText("合同年度"))
    year = periods.contract_year(team.contract_start(store, TODAY))
    expected = kpi.compute(store, year, today=TODAY)
    table = page.kpi_table

    assert [cell(table, r, 0).text() for r in range(table.rowCount())] == [
        k.label for k in kpi.KPIS
    ]
    for row, result in enumerate(expected):
        status = cell(table, row, 5)
        assert status.text() == STATUS_TEXT[result.status], result.kpi.label
        assert status.background().color() == QColor(STATUS_TINTS[result.status])
        assert status.foreground().color() == QColor(STATUS_COLORS[result.status])
        progress, marker, bar_status = cell(table, row, 4).data(Qt.ItemDataRole.UserRole)
        assert bar_status == result.status
        assert progress == pytest.approx(result.progress)
        assert cell(table, row, 1).text() == result.value_text()
        if result.kpi.cumulative:
            assert marker == pytest.approx(year.elapsed_share(TODAY))
        else:
            assert marker is None
    # The demo street is ahead on some KPIs and behind on others: both colors show.
    assert {"green", "red"} <= {r.status for r in expected}
    media = [k.key for k in kpi.KPIS].index("media")
    assert cell(table, media, 3).text() == "1000"
    assert cell(table, media, 5).text() == "滞后"


def test_clicking_a_kpi_lists_the_records_behind_it(qtbot: QtBot, demo_context: AppContext) -> None:
    page = make_page(qtbot, demo_context)
    row = [k.key for k in kpi.KPIS].index("key_cases")
    result = page.results[row]
    assert result.measure.records, "the demo street has key cases with services"

    page.kpi_table.setCurrentCell(row, 0)

    shown = [page.records_list.item(i).text() for i in range(page.records_list.count())]
    assert shown == [f"{r.day}　{r.text}" for r in result.measure.records]
    assert f"（{len(shown)} 条）" in page.records_title.text()


def test_a_month_is_shown_against_the_contract_year_to_date(
    qtbot: QtBot, demo_context: AppContext
) -> None:
    page = make_page(qtbot, demo_context)
    page.period_combo.setCurrentIndex(page.period_combo.findText("合同年度"))
    year = {r.kpi.key: r for r in page.results}

    page.period_combo.setCurrentIndex(page.period_combo.findText("本月"))

    month = {r.kpi.key: r for r in page.results}
    assert month["key_cases"].period == periods.month(2026, 11)
    assert "2026年11月" in page.period_label.text()
    row = [k.key for k in kpi.KPIS].index("activities")
    # The month's own figure, the contract year to the month's end, the FULL yearly target.
    assert cell(page.kpi_table, row, 1).text() == month["activities"].value_text()
    assert cell(page.kpi_table, row, 2).text() == year["activities"].value_text()
    assert cell(page.kpi_table, row, 3).text() == "4"
    for key in ("key_cases", "activities", "community_meetings", "providers", "media"):
        assert month[key].target == kpi.KPI_BY_KEY[key].default_target  # never pro-rated
        assert month[key].judged.value == year[key].measure.value  # year to date (today)
        assert month[key].status == year[key].status
    # Inspection coverage of a month: judged on the quarter to date, with the quarterly target.
    dibao = month["inspection_dibao"]
    assert dibao.to_date_period is not None
    assert dibao.to_date_period.start == date(2026, 10, 1)
    assert dibao.target == 0.30


@pytest.mark.parametrize(
    ("today", "text", "urgent"),
    [
        (date(2026, 11, 3), "2026年10月资料包报送截止日：11月5日，还有 2 天", False),
        (date(2026, 11, 5), "今天是报送截止日（2026年10月资料包，11月5日）", True),
        (date(2026, 11, 8), "2026年10月资料包已逾期 3 天（截止日 11月5日）", True),
        (date(2027, 1, 2), "2026年12月资料包报送截止日：1月5日，还有 3 天", False),
    ],
)
def test_banner_counts_the_days_to_the_fifth(today: date, text: str, urgent: bool) -> None:
    assert deadline_text(today) == (text, urgent)


def test_banner_says_whether_last_months_packet_exists(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    page = make_page(qtbot, context, date(2026, 11, 8))
    assert "已逾期 3 天" in page.deadline_label.text()
    assert RED_STYLE in page.deadline_label.styleSheet()
    assert page.packet_label.text() == "上月资料包：尚未生成"
    assert page.go_reports_button.isVisibleTo(page)

    actor = team.team(context.store)[0].actor
    month_packet.generate(context.store, actor, periods.month(2026, 10), tmp_path)
    page.refresh()

    assert page.packet_label.text().startswith("已生成第 1 版：")
    [made] = packet.history(context.store, "month", "2026-10")  # generated today, for real
    timing = "（按时）" if made.on_time else "（首版晚于截止日）"
    assert page.packet_label.text().endswith(f"张三{timing}")
    assert page.deadline_label.text() == "2026年10月资料包报送截止日：11月5日"
    assert RED_STYLE not in page.deadline_label.styleSheet()
    assert not page.go_reports_button.isVisibleTo(page)


RED_STYLE = "color: #c62828"


def test_not_generated_button_opens_the_reports_page(qtbot: QtBot, context: AppContext) -> None:
    specs = [spec for spec in pages() if spec.key in ("statistics", "reports")]
    window = MainWindow(context, specs)
    qtbot.addWidget(window)
    window.show_page("statistics")
    page = window.pages["statistics"]
    assert isinstance(page, StatisticsPage)

    page.go_reports_button.click()

    assert isinstance(window.current_page(), ReportsPage)


def test_coverage_this_quarter_and_the_year(qtbot: QtBot, demo_context: AppContext) -> None:
    from relief_desktop.domain.inspection import Quarter
    from relief_desktop.services.inspection.coverage import quarter_summary

    page = make_page(qtbot, demo_context)
    summary = quarter_summary(demo_context.store, Quarter.of(TODAY), TODAY)
    table = page.coverage_table

    assert page.coverage_box.title() == "入户核查覆盖率（2026年第四季度）"
    assert [cell(table, r, 0).text() for r in range(table.rowCount())] == [
        s.category for s in summary
    ]
    for row, s in enumerate(summary):
        assert (
            cell(table, row, 1)
            .text()
            .startswith(f"{s.in_quarter.numerator}/{s.in_quarter.denominator}")
        )
        assert (
            cell(table, row, 3).text().startswith(f"{s.in_year.numerator}/{s.in_year.denominator}")
        )
    assert any(s.in_year.denominator for s in summary), "the demo street has rolls"


def test_communities_contacted_this_month(qtbot: QtBot, context: AppContext) -> None:
    communities = team.communities(context.store)
    add_liaisons(context.store, date(2026, 11, 2), [c.id for c in communities[:3]])
    add_liaisons(context.store, date(2026, 10, 30), [communities[3].id])  # last month
    page = make_page(qtbot, context)

    assert page.contact_box.title() == "社区工作联络（2026年11月）"
    assert page.contact_label.text() == f"已联络 3 个社区，共 {len(communities)} 个"
    missing = page.missing_label.text().removeprefix("尚未联络：").split("、")
    assert missing == [c.name for c in communities[3:]]


def test_last_month_is_the_default_until_its_packet_is_made(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    page = make_page(qtbot, context, date(2026, 11, 3))
    assert page.period_combo.currentText() == "上月"
    assert page.results[0].period == periods.month(2026, 10)

    actor = team.team(context.store)[0].actor
    month_packet.generate(context.store, actor, periods.month(2026, 10), tmp_path)
    after = make_page(qtbot, context, date(2026, 11, 3))
    assert after.period_combo.currentText() == "合同年度"
    assert after.period_combo.findText("上月") >= 0  # still a choice


@pytest.mark.parametrize(
    ("today", "text", "value"),
    [
        (date(2026, 11, 1), "未到期", "—"),  # the 1st: October's packet is due on the 5th
        (date(2026, 11, 5), "未到期", "—"),  # the deadline day itself is still in time
        (date(2026, 11, 6), "滞后", "0.0%"),  # passed, nothing made
    ],
)
def test_the_packet_kpi_is_not_due_before_its_deadline(
    qtbot: QtBot, context: AppContext, today: date, text: str, value: str
) -> None:
    page = make_page(qtbot, context, today)
    assert page.period_combo.currentText() == "上月"
    row = [k.key for k in kpi.KPIS].index("monthly_packet")
    assert cell(page.kpi_table, row, 1).text() == value
    assert cell(page.kpi_table, row, 5).text() == text
