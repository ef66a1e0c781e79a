"""What the tabs of the 报送 page share: colours, the month choices, the folder picker and
opening a folder. Tabs call `common.choose_folder` / `common.open_folder` through the module so
tests can monkeypatch them here."""

from datetime import date
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

from relief_desktop.domain import periods
from relief_desktop.domain.periods import Period
from relief_desktop.services.reporting import packet

RED = "#c62828"
GREEN = "#2e7d32"
MONTHS_SHOWN = 18


# --- what tests monkeypatch ------------------------------------------------------------------


def choose_folder(parent: QWidget | None, title: str) -> Path | None:
    """Ask where to save; None when the user cancels."""
    folder = QFileDialog.getExistingDirectory(parent, title)
    return Path(folder) if folder else None


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


# --- helpers -----------------------------------------------------------------------------------


def month_choices(today: date, count: int = MONTHS_SHOWN) -> list[Period]:
    """This month and the `count - 1` before it, newest first."""
    first = today.replace(day=1)
    return [periods.month_of(periods.add_months(first, -i)) for i in range(count)]


def month_combo(months: list[Period]) -> QComboBox:
    combo = QComboBox()
    for month in months:
        combo.addItem(month.label, packet.month_key(month))
    return combo
