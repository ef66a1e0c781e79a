"""Composition root of the GUI: open the store, set up or choose the worker, show the window."""

import contextlib
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog

from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.resources import resource_path
from relief_desktop.services import accounts, backup, search_text, team, vault
from relief_desktop.services.district import edition
from relief_desktop.services.team import TeamMember
from relief_desktop.storage import faults, keyring, orm
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui import lazy, prompts, session
from relief_desktop.ui.assets import install_app_font, install_translations
from relief_desktop.ui.context import LAST_WORKER_KEY, AppContext, window_settings
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.workers import Job

if TYPE_CHECKING:
    from relief_desktop.ui.main_window import MainWindow

APP_TITLE = "成华区街道社会关爱援助中心"


def _application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("relief_desktop")
    app.setApplicationDisplayName(APP_TITLE)

    app.setWindowIcon(QIcon(str(resource_path("icons", "relief-desktop.png"))))
    return app


def _unlock(paths: AppPaths, worker_name: str | None) -> str | None:
    """An encrypted store not yet unlocked: the password unwraps its data key first (scripts
    and the benchmark through RELIEF_DESKTOP_PASSWORD and --worker). The member's uuid, or None
    when the user gives up; "" when the store needs no unlocking."""
    if not keyring.locked(paths):
        return ""
    password = os.environ.get(accounts.ENV_PASSWORD)
    if worker_name is not None and password:
        return vault.unlock(paths, password, worker_name)
    return session.unlock(paths, worker_name)


def _pick_worker(store: Store, worker_name: str | None, unlocked: str = "") -> TeamMember | None:
    """Sign in: with RELIEF_DESKTOP_PASSWORD and --worker (scripts, the benchmark) directly,
    otherwise through the sign-in dialog; a member whose password unlocked the store is in."""
    settings = window_settings(store)
    password = os.environ.get(accounts.ENV_PASSWORD)
    chosen: TeamMember | None
    if unlocked:
        chosen = vault.signed_in_member(store, unlocked)
    elif worker_name is not None and password:
        if not accounts.sign_in_required(store):  # as the CLI: a script's first run sets it
            accounts.set_all(store, SYSTEM, password)
        chosen = accounts.sign_in(store, password, worker_name)
        session.encrypt_if_plain(store, password, chosen)
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
    install_error_path()
    try:
        unlocked = _unlock(paths, worker_name)
        if unlocked is None:
            return 0
        store = Store.open(paths)
        if not edition.is_set_up(store) and not session.run_first_run(store):
            return 0
        worker = _pick_worker(store, worker_name, unlocked)
        session.show_recovery_key(paths)
    except (RuleError, OSError) as error:
        fault = faults.translate(error, paths.database)
        if fault is None:
            raise
        if fault.code == "store_corrupt" and offer_restore(paths, str(fault)):
            return main(paths, worker_name, quit_when_shown)
        prompts.show_error(None, APP_TITLE, str(fault))
        return 2
    if worker is None:
        return 0

    running = AppSession(paths, store, worker)
    running.show()
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
        running.close()


class AppSession(QObject):
    """The open store and its main window. A restore from 设置 · 数据备份 closes the store, swaps
    the file (services.backup.restore, off the UI thread) and opens a new main window on the
    restored store; the old window stays up, disabled, until then."""

    restored = Signal(object)  # services.backup.Restored, after the new window is shown
    restore_failed = Signal(str)

    def __init__(self, paths: AppPaths, store: Store, worker: TeamMember) -> None:
        super().__init__()
        self.paths = paths
        self.store = store
        self.worker = worker
        self.window = self._build(store, worker)
        self.job: Job | None = None

    def _build(self, store: Store, worker: TeamMember) -> "MainWindow":
        context = AppContext(store, worker)
        context.restore_requested.connect(self.restore)
        return MainWindow(context)

    def show(self) -> None:
        self.window.show()

    def close(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.wait(600_000)
        self.window.save_state()
        self.store.close()

    def restore(self, source: object) -> Job:
        """Put the backup `source` in place of the store and reopen the window on it."""

        assert isinstance(source, Path)
        old = self.window
        old.save_state()  # also lets a backup under way finish
        old.setEnabled(False)
        old.statusBar().showMessage(old.tr("正在恢复备份，请稍候…"))
        self.store.close()
        paths = self.paths
        job = Job(lambda _progress: backup.restore(paths, source), parent=self)
        self.job = job
        job.finished.connect(self._on_restored)
        job.failed.connect(self._on_restore_failed)
        job.start()
        return job

    def _reopen(self) -> "MainWindow":
        """A new store and window; the worker stays if the restored store knows them."""
        old = self.window
        self.store = Store.open(self.paths)
        uuid = self.worker.uuid
        worker = next((m for m in team.team(self.store) if m.uuid == uuid), None)
        if worker is None:
            # The restored store does not know this worker: whoever works on signs in to it.
            chosen = session.sign_in(self.store, None)
            if chosen is None:
                QApplication.quit()
                chosen = self.worker
            worker = chosen
        self.worker = worker
        self.window = self._build(self.store, worker)
        self.window.show()
        old.close()
        old.deleteLater()
        return self.window

    def _on_restored(self, result: object) -> None:
        window = self._reopen()
        settings = window.show_page("settings")

        # show_page has just loaded the settings page (pages are imported when first opened).
        if isinstance(settings, lazy.load("relief_desktop.ui.pages.settings_page", "SettingsPage")):
            settings.show_backups()
        self.restored.emit(result)

    def _on_restore_failed(self, text: str) -> None:
        window = self._reopen()
        prompts.show_error(window, window.tr("恢复没有完成"), text)
        self.restore_failed.emit(text)


def choose_restore_file(paths: AppPaths) -> Path | None:
    """A backup to restore a broken store from (tests monkeypatch this)."""

    name, _ = QFileDialog.getOpenFileName(
        None, "选择要恢复的备份文件", str(paths.backups), "数据备份 (*.sqlite3)"
    )
    return Path(name) if name else None


def offer_restore(paths: AppPaths, problem: str) -> bool:
    """The store cannot be opened: offer to restore a backup from here, without the CLI.
    True when a backup was put in place (the app then opens on it)."""

    question = problem + "\n\n现在选择一份备份来恢复吗？（损坏的数据文件会先另存一份）"
    if not prompts.confirm(None, APP_TITLE, question):
        return False
    source = choose_restore_file(paths)
    if source is None:
        return False
    try:
        summary = backup.inspect_backup(source)
        confirm = lazy.load("relief_desktop.ui.widgets.backup_panel", "confirm_restore")
        if not confirm(None, summary):
            return False
        backup.restore(paths, source)
    except RuleError as error:
        prompts.show_error(None, APP_TITLE, str(error))
        return False
    return True


def install_error_path() -> None:
    """A fault of the PC that no page caught (a full disk while saving, a folder gone) is shown
    as its Chinese message instead of a traceback on the console."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not show_fault(error):
            previous(kind, error, trace)

    sys.excepthook = hook


def show_fault(error: BaseException) -> bool:
    """Show `error` as a message when it is a RuleError or a fault of the PC; False for a bug."""
    fault = faults.translate(error)
    if fault is None:
        return False
    prompts.show_error(QApplication.activeWindow(), APP_TITLE, str(fault))
    return True


def _daily_backup(paths: AppPaths) -> None:

    # A full disk must not stop the day's work; 设置 · 数据备份 shows the last copy made.
    with contextlib.suppress(RuleError, OSError):
        backup.daily_backup(paths)


def _warm_up_writer() -> None:
    orm.load()

    search_text.pinyin_of("张")
