"""The district center edition's pages (区中心): packet intake, on-time board, district figures,
cross-street people."""

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages import PageSpec


def _tr(text: str) -> str:
    return QCoreApplication.translate("pages", text)


def _intake(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.district.intake_page import IntakePage

    return IntakePage(context)


def _board(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.district.board_page import BoardPage

    return BoardPage(context)


def _figures(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.district.figures_page import FiguresPage

    return FiguresPage(context)


def _overlaps(context: AppContext) -> QWidget:
    from relief_desktop.ui.pages.district.overlaps_page import OverlapsPage

    return OverlapsPage(context)


def district_pages() -> list[PageSpec]:
    """Navigation order of the district edition."""
    return [
        PageSpec("district_intake", _tr("收包"), _intake),
        PageSpec("district_board", _tr("报送"), _board),
        PageSpec("district_figures", _tr("全区数据"), _figures),
        PageSpec("district_overlaps", _tr("跨街道"), _overlaps),
    ]
