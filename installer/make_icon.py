"""Draw the app icon once: resources/icons/relief-desktop.png (256 px) and .ico (Windows).

`.venv/bin/python installer/make_icon.py` from the repo root; the files are committed."""

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPainter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"


def draw(size: int, family: str) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#c8402f"))
    margin = size * 0.04
    box = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    painter.drawRoundedRect(box, size * 0.18, size * 0.18)
    painter.setPen(QColor("#ffffff"))
    font = QFont(family)
    font.setPixelSize(int(size * 0.62))
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "援")
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    font_id = QFontDatabase.addApplicationFont(str(ROOT / "resources/fonts/wqy-microhei.ttc"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256, family).save(str(OUT / "relief-desktop.png"))
    # An .ico whose entries are PNGs (Windows Vista and later read them): 16 to 256 px.
    sizes = (16, 24, 32, 48, 64, 128, 256)
    images = [png_bytes(draw(s, family)) for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    for size, data in zip(sizes, images, strict=True):
        side = 0 if size == 256 else size
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    (OUT / "relief-desktop.ico").write_bytes(header + entries + b"".join(images))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
