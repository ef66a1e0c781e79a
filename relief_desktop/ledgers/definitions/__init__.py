"""Every ledger, declared once. A new ledger: a module here, its table in a migration, one line
below: in ALL (a street center's), DISTRICT (the district center's) or both."""

from relief_desktop.ledgers.definitions.district import (
    CASE_CONFERENCES,
    DIFFICULT_CASES,
    SUPERVISION,
    TRAININGS,
)
from relief_desktop.ledgers.definitions.district_outreach import (
    DISTRICT_AID,
    JOURNAL,
    SURVEYS,
    WECHAT,
)
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

# The district center's (lot 01): its own duties, and the street declarations that fit unchanged.
DISTRICT: tuple[Ledger, ...] = (
    TRAININGS,
    SUPERVISION,
    CASE_CONFERENCES,
    DIFFICULT_CASES,
    ACTIVITIES,
    MEDIA_REPORTS,
    WECHAT,
    JOURNAL,
    POLICY,
    RESOURCES,
    PROVIDERS,
    DISTRICT_AID,
    SURVEYS,
    RECEPTION,
    SPACE_USE,
    EQUIPMENT,
)
