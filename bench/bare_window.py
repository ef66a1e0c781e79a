"""Baseline: a bare PySide6 QMainWindow shown and closed, as the app with --quit-when-shown."""

import sys

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1200, 800)
    window.show()
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    code = loop.exec()
    window.close()
    del app
    return code


if __name__ == "__main__":
    sys.exit(main())
