"""Resources the UI loads: the app's own CJK font, so Chinese never depends on the PC's fonts."""

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from relief_desktop.resources import font_path

FONT_POINT_SIZE = 10

_loaded: list[str] = []


def install_app_font(app: QApplication) -> str | None:
    """Load the shipped WenQuanYi Micro Hei and make it the application font; its family name."""
    if not _loaded:
        font_id = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if not families:
            return None
        _loaded.append(families[0])
    app.setFont(QFont(_loaded[0], FONT_POINT_SIZE))
    return _loaded[0]
