"""The pages of the main window, registered in one place: (key, title, factory)."""

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.cases_page import CasesPage
from relief_desktop.ui.pages.inspections_page import InspectionsPage
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from relief_desktop.ui.pages.registry_page import RegistryPage
from relief_desktop.ui.pages.reports_page import ReportsPage
from relief_desktop.ui.pages.settings_page import SettingsPage
from relief_desktop.ui.pages.statistics_page import StatisticsPage


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    factory: Callable[[AppContext], QWidget]


def _tr(text: str) -> str:
    return QCoreApplication.translate("pages", text)


def _registry(context: AppContext) -> QWidget:
    return RegistryPage(context)


def _cases(context: AppContext) -> QWidget:
    return CasesPage(context)


def _ledgers(context: AppContext) -> QWidget:
    return LedgersPage(context)


def _settings(context: AppContext) -> QWidget:
    return SettingsPage(context)


def _inspections(context: AppContext) -> QWidget:
    return InspectionsPage(context)


def _statistics(context: AppContext) -> QWidget:
    return StatisticsPage(context)


def _reports(context: AppContext) -> QWidget:
    return ReportsPage(context)


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
