"""Resources the UI loads: the app's own CJK font, so Chinese never depends on the PC's fonts."""

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from relief_desktop.resources import font_path

FONT_POINT_SIZE = 10

_loaded: list[str] = []
_translators: list[QTranslator] = []


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


def install_translations(app: QApplication) -> bool:
    """Qt's own words (保存, 取消, month names …) in Simplified Chinese; Chinese dates."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    if _translators:
        return True
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(QLocale.Language.Chinese, QLocale.Country.China), "qtbase", "_",
                           folder):  # fmt: skip
        return False
    app.installTranslator(translator)
    _translators.append(translator)
    return True
