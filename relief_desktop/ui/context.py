"""What every page shares: the open store, the street, the current worker, window state."""

from PySide6.QtCore import QObject, QSettings, Signal

from relief_desktop.services import team
from relief_desktop.services.district import edition
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store

LAST_WORKER_KEY = "session/last_worker"


def window_settings(store: Store) -> QSettings:
    """Window state lives in an INI file in the config dir, never in the registry."""
    return QSettings(str(store.paths.window_state), QSettings.Format.IniFormat)


class AppContext(QObject):
    worker_changed = Signal()
    team_changed = Signal()
    communities_changed = Signal()
    beneficiary_saved = Signal(str)
    worker_switch_requested = Signal()
    restore_requested = Signal(object)  # the backup file (Path) to put in place of the store
    page_requested = Signal(str)  # a page's key: an empty state's "go there first" button

    def __init__(self, store: Store, worker: TeamMember, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.worker = worker
        self.settings = window_settings(store)
        self.street_code = team.current_street(store) or ""
        self.street_name = team.street_name(store)

        self.district_name = edition.district_name(store) if edition.is_district(store) else ""
        # Where the window says it is: "双桥子街道", or the district center's "成华区（区中心）".
        self.place = (
            f"{self.district_name}（区中心）" if self.district_name else f"{self.street_name}街道"
        )

    def set_worker(self, worker: TeamMember) -> None:
        self.worker = worker
        self.settings.setValue(LAST_WORKER_KEY, worker.uuid)
        self.worker_changed.emit()
