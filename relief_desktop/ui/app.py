"""Composition root of the GUI: open the store, set up or choose the worker, show the window."""

import contextlib
import os
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts, session
from relief_desktop.ui.assets import install_app_font, install_translations
from relief_desktop.ui.context import LAST_WORKER_KEY, AppContext, window_settings

APP_TITLE = "成华区街道社会关爱援助中心"


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("relief_desktop")
    app.setApplicationDisplayName(APP_TITLE)
    return app


def _pick_worker(store: Store, worker_name: str | None) -> TeamMember | None:
    """Sign in: with RELIEF_DESKTOP_PASSWORD and --worker (scripts, the benchmark) directly,
    otherwise through the sign-in dialog."""
    settings = window_settings(store)
    password = os.environ.get(accounts.ENV_PASSWORD)
    if worker_name is not None and password and accounts.sign_in_required(store):
        chosen: TeamMember | None = accounts.sign_in(store, password, worker_name)
    else:
        last = settings.value(LAST_WORKER_KEY)
        preselect = last if isinstance(last, str) else None
        if worker_name is not None:
            preselect = team.member_by_name(store, worker_name).uuid
        chosen = session.sign_in(store, preselect)
    if chosen is not None:
        settings.setValue(LAST_WORKER_KEY, chosen.uuid)
    return chosen


def main(paths: AppPaths, worker_name: str | None = None, quit_when_shown: bool = False) -> int:
    """Run the GUI on the store at `paths`; the exit code of the event loop."""
    app = _application()
    install_app_font(app)
    install_translations(app)
    try:
        store = Store.open(paths)
        if team.current_street(store) is None and not session.run_first_run(store):
            return 0
        worker = _pick_worker(store, worker_name)
    except RuleError as error:
        prompts.show_error(None, APP_TITLE, str(error))
        return 2
    if worker is None:
        return 0

    from relief_desktop.ui.main_window import MainWindow

    context = AppContext(store, worker)
    window = MainWindow(context)
    window.show()
    if quit_when_shown:
        # A loop of our own: app.quit() would leave the application flagged as quitting.
        loop = QEventLoop()
        QTimer.singleShot(0, loop.quit)
        run: Callable[[], int] = loop.exec
    else:
        # Saving needs SQLModel and pypinyin: import them off the main thread while the user
        # looks at the list, so the first save does not stall.
        warm_up = threading.Thread(target=_warm_up_writer, daemon=True)
        QTimer.singleShot(300, warm_up.start)
        # The day's backup copy, made quietly while the team works (SQLite's online backup).
        daily = threading.Thread(target=_daily_backup, args=(paths,), daemon=True)
        QTimer.singleShot(3000, daily.start)
        run = app.exec
    try:
        return run()
    finally:
        window.save_state()
        store.close()


def _daily_backup(paths: AppPaths) -> None:
    from relief_desktop.services import backup

    # A full disk must not stop the day's work; 设置 · 数据备份 shows the last copy made.
    with contextlib.suppress(RuleError, OSError):
        backup.daily_backup(paths)


def _warm_up_writer() -> None:
    import relief_desktop.storage.db  # noqa: F401
    from relief_desktop.services import search_text

    search_text.pinyin_of("张")
