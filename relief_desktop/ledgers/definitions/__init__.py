"""Every ledger, declared once. A new ledger: a module here, its table in m0004, one line below."""

from relief_desktop.ledgers.definitions.liaison import LIAISON
from relief_desktop.ledgers.definitions.office import BUREAU_TASKS, EQUIPMENT, RECEPTION, SPACE_USE
from relief_desktop.ledgers.definitions.publicity import ACTIVITIES, MEDIA_REPORTS, POLICY
from relief_desktop.ledgers.definitions.resources import HANDOVERS, PROVIDERS, RESOURCES
from relief_desktop.ledgers.definitions.volunteers import VOLUNTEER_SERVICE, VOLUNTEERS
from relief_desktop.ledgers.spec import Ledger

# Display order of the ledger list.
ALL: tuple[Ledger, ...] = (
    RESOURCES,
    HANDOVERS,
    PROVIDERS,
    VOLUNTEERS,
    VOLUNTEER_SERVICE,
    LIAISON,
    ACTIVITIES,
    MEDIA_REPORTS,
    POLICY,
    RECEPTION,
    SPACE_USE,
    EQUIPMENT,
    BUREAU_TASKS,
)
