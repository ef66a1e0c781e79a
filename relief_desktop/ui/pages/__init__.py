"""The pages of the main window, registered in one place: (key, title, factory). The first page
(登记) is imported with the window; the others when first opened (ui/lazy.py)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from relief_desktop.ui import lazy
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.registry_page import RegistryPage

if TYPE_CHECKING:  # imported when first opened, through _later
    from relief_desktop.ui.pages import (
        cases_page,
        inspections_page,
        ledgers_page,
        reports_page,
        settings_page,
        statistics_page,
    )
    from relief_desktop.ui.pages.district import (
        board_page,
        coverage_page,
        figures_page,
        intake_page,
        overlaps_page,
        own_work_page,
    )
    from relief_desktop.ui.pages.district import reports_page as district_reports_page

    _DISTRICT = (board_page, figures_page, intake_page, overlaps_page, own_work_page)
    _DISTRICT_TOO = (coverage_page, district_reports_page)

    _LATER = (cases_page, inspections_page, ledgers_page, reports_page, settings_page)
    _LATER_TOO = statistics_page


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def _tr(text: str) -> str:
    return QCoreApplication.translate("pages", text)


def _later(module: str, name: str) -> Callable[[AppContext], QWidget]:
    """A factory that imports relief_desktop.ui.pages.<module> when the page is first opened."""

    def factory(context: AppContext) -> QWidget:
        page: QWidget = lazy.load(f"relief_desktop.ui.pages.{module}", name)(context)
        return page

    return factory


def pages_for(context: AppContext) -> list[PageSpec]:
    """The pages of the store's edition: a street center's, or the district center's."""
    if context.district_name:
        return district_pages()
    return pages()


def pages() -> list[PageSpec]:
    """Navigation order. A new page is one line here: its key, title and factory."""
    return [
        PageSpec("registry", _tr("登记"), RegistryPage),
        PageSpec("cases", _tr("个案"), _later("cases_page", "CasesPage")),
        PageSpec("inspections", _tr("核查"), _later("inspections_page", "InspectionsPage")),
        PageSpec("ledgers", _tr("台账"), _later("ledgers_page", "LedgersPage")),
        PageSpec("reports", _tr("报送"), _later("reports_page", "ReportsPage")),
        PageSpec("statistics", _tr("统计"), _later("statistics_page", "StatisticsPage")),
        PageSpec("settings", _tr("设置"), _later("settings_page", "SettingsPage")),
    ]


def district_pages() -> list[PageSpec]:
    """Navigation order of the district edition."""
    return [
        PageSpec("district_intake", _tr("收包"), _later("district.intake_page", "IntakePage")),
        PageSpec("district_board", _tr("报送"), _later("district.board_page", "BoardPage")),
        PageSpec(
            "district_figures", _tr("全区数据"), _later("district.figures_page", "FiguresPage")
        ),
        PageSpec(
            "district_coverage", _tr("入户核查"), _later("district.coverage_page", "CoveragePage")
        ),
        PageSpec(
            "district_overlaps", _tr("跨街道"), _later("district.overlaps_page", "OverlapsPage")
        ),
        PageSpec("district_work", _tr("中心工作"), _later("district.own_work_page", "OwnWorkPage")),
        PageSpec("district_reports", _tr("报告"), _later("district.reports_page", "ReportsPage")),
        PageSpec("ledgers", _tr("台账"), _later("ledgers_page", "LedgersPage")),
        PageSpec("settings", _tr("设置"), _later("settings_page", "SettingsPage")),
    ]
