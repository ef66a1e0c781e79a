"""The pages of the main window, registered in one place: (key, title, factory)."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from relief_desktop.ui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def _tr(text: str) -> str:
    return QCoreApplication.translate("pages", text)


def _registry(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.registry_page import RegistryPage

    return RegistryPage(context)


def _cases(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.cases_page import CasesPage

    return CasesPage(context)


def _ledgers(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.ledgers_page import LedgersPage

    return LedgersPage(context)


def _settings(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.settings_page import SettingsPage

    return SettingsPage(context)


def _inspections(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.inspections_page import InspectionsPage

    return InspectionsPage(context)


def _statistics(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.statistics_page import StatisticsPage

    return StatisticsPage(context)


def _reports(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.reports_page import ReportsPage

    return ReportsPage(context)


def pages_for(context: AppContext) -> list[PageSpec]:
    """The pages of the store's edition: a street center's, or the district center's."""
    if context.district_name:
        from relief_desktop.ui.pages.district import district_pages

        return district_pages()
    return pages()


def pages() -> list[PageSpec]:
    """Navigation order. A new page is one line here: its key, title and factory."""
    return [
        PageSpec("registry", _tr("登记"), _registry),
        PageSpec("cases", _tr("个案"), _cases),
        PageSpec("inspections", _tr("核查"), _inspections),
        PageSpec("ledgers", _tr("台账"), _ledgers),
        PageSpec("reports", _tr("报送"), _reports),
        PageSpec("statistics", _tr("统计"), _statistics),
        PageSpec("settings", _tr("设置"), _settings),
    ]
