"""The SQLModel tables and engine, loaded on first use.

SQLModel/SQLAlchemy take a noticeable share of start-up, and the first window reads through
sqlite3 alone. Services write through `orm.<Table>` (`from relief_desktop.storage import orm` at
the top of the module); the first attribute access imports the table modules. This module is the
one place the ORM is deferred, so no service needs a function-local import of its own tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from relief_desktop.storage.db import (
        open_engine as open_engine,
    )
    from relief_desktop.storage.db import (
        unit_of_work as unit_of_work,
    )
    from relief_desktop.storage.db import (
        utc_now as utc_now,
    )
    from relief_desktop.storage.tables import (
        Audited as Audited,
    )
    from relief_desktop.storage.tables import (
        Beneficiary as Beneficiary,
    )
    from relief_desktop.storage.tables import (
        BeneficiaryLabel as BeneficiaryLabel,
    )
    from relief_desktop.storage.tables import (
        ChangeLog as ChangeLog,
    )
    from relief_desktop.storage.tables import (
        Community as Community,
    )
    from relief_desktop.storage.tables import (
        HouseholdMember as HouseholdMember,
    )
    from relief_desktop.storage.tables import (
        Setting as Setting,
    )
    from relief_desktop.storage.tables import (
        Worker as Worker,
    )
    from relief_desktop.storage.tables import (
        new_uuid as new_uuid,
    )
    from relief_desktop.storage.tables_casework import (
        AidCase as AidCase,
    )
    from relief_desktop.storage.tables_casework import (
        AidMeasure as AidMeasure,
    )
    from relief_desktop.storage.tables_casework import (
        AidPlan as AidPlan,
    )
    from relief_desktop.storage.tables_casework import (
        AidPlanVersion as AidPlanVersion,
    )
    from relief_desktop.storage.tables_casework import (
        AssessmentRating as AssessmentRating,
    )
    from relief_desktop.storage.tables_casework import (
        CaseAttachment as CaseAttachment,
    )
    from relief_desktop.storage.tables_casework import (
        CaseEvent as CaseEvent,
    )
    from relief_desktop.storage.tables_casework import (
        NeedsAssessment as NeedsAssessment,
    )
    from relief_desktop.storage.tables_casework import (
        PlanReview as PlanReview,
    )
    from relief_desktop.storage.tables_casework import (
        SatisfactionSurvey as SatisfactionSurvey,
    )
    from relief_desktop.storage.tables_casework import (
        ServiceRecord as ServiceRecord,
    )
    from relief_desktop.storage.tables_casework import (
        ServiceRecordWorker as ServiceRecordWorker,
    )
    from relief_desktop.storage.tables_district import (
        DistrictPacket as DistrictPacket,
    )
    from relief_desktop.storage.tables_district import (
        DistrictPerson as DistrictPerson,
    )
    from relief_desktop.storage.tables_inspection import (
        FeedbackItem as FeedbackItem,
    )
    from relief_desktop.storage.tables_inspection import (
        Inspection as Inspection,
    )
    from relief_desktop.storage.tables_inspection import (
        RollEntry as RollEntry,
    )
    from relief_desktop.storage.tables_inspection import (
        RollImport as RollImport,
    )
    from relief_desktop.storage.tables_reporting import (
        Disclosure as Disclosure,
    )
    from relief_desktop.storage.tables_reporting import (
        MonthlyNarrative as MonthlyNarrative,
    )
    from relief_desktop.storage.tables_reporting import (
        Packet as Packet,
    )
    from relief_desktop.storage.tables_reporting import (
        PeriodReportText as PeriodReportText,
    )

_HOMES: dict[str, str] = {
    "AidCase": "relief_desktop.storage.tables_casework",
    "AidMeasure": "relief_desktop.storage.tables_casework",
    "AidPlan": "relief_desktop.storage.tables_casework",
    "AidPlanVersion": "relief_desktop.storage.tables_casework",
    "AssessmentRating": "relief_desktop.storage.tables_casework",
    "Audited": "relief_desktop.storage.tables",
    "Beneficiary": "relief_desktop.storage.tables",
    "BeneficiaryLabel": "relief_desktop.storage.tables",
    "CaseAttachment": "relief_desktop.storage.tables_casework",
    "CaseEvent": "relief_desktop.storage.tables_casework",
    "ChangeLog": "relief_desktop.storage.tables",
    "Community": "relief_desktop.storage.tables",
    "Disclosure": "relief_desktop.storage.tables_reporting",
    "DistrictPacket": "relief_desktop.storage.tables_district",
    "DistrictPerson": "relief_desktop.storage.tables_district",
    "FeedbackItem": "relief_desktop.storage.tables_inspection",
    "HouseholdMember": "relief_desktop.storage.tables",
    "Inspection": "relief_desktop.storage.tables_inspection",
    "MonthlyNarrative": "relief_desktop.storage.tables_reporting",
    "NeedsAssessment": "relief_desktop.storage.tables_casework",
    "Packet": "relief_desktop.storage.tables_reporting",
    "PeriodReportText": "relief_desktop.storage.tables_reporting",
    "PlanReview": "relief_desktop.storage.tables_casework",
    "RollEntry": "relief_desktop.storage.tables_inspection",
    "RollImport": "relief_desktop.storage.tables_inspection",
    "SatisfactionSurvey": "relief_desktop.storage.tables_casework",
    "ServiceRecord": "relief_desktop.storage.tables_casework",
    "ServiceRecordWorker": "relief_desktop.storage.tables_casework",
    "Setting": "relief_desktop.storage.tables",
    "Worker": "relief_desktop.storage.tables",
    "new_uuid": "relief_desktop.storage.tables",
    "open_engine": "relief_desktop.storage.db",
    "unit_of_work": "relief_desktop.storage.db",
    "utc_now": "relief_desktop.storage.db",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)


def load() -> None:
    """Import the ORM now (a background warm-up after the first window shows)."""
    for home in sorted(set(_HOMES.values())):
        importlib.import_module(home)
