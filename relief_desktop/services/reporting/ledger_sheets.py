"""Figures the monthly packet and the KPI page need from the ledgers (DOMAIN.md §5–6).

Every period is (start, end), both ends inclusive, on the record's own date.
"""

from dataclasses import dataclass
from datetime import date

from relief_desktop.exports.xlsx import Sheet
from relief_desktop.ledgers import resource_account
from relief_desktop.ledgers.definitions.resources import HANDOVERS, RESOURCES
from relief_desktop.ledgers.definitions.volunteers import VOLUNTEER_SERVICE, VOLUNTEERS
from relief_desktop.ledgers.exchange import sheet
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.ledgers.spec import Ledger
from relief_desktop.storage.store import Store

MEDIA_LEVELS = ("区级", "市级", "省级", "国家级")


@dataclass(frozen=True)
class VolunteerFigures:
    volunteers: int  # distinct volunteers who served in the period
    minutes: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


def _one(store: Store, sql: str, params: tuple[object, ...]) -> int:
    return int(store.reader().execute(sql, params).fetchone()[0] or 0)


def providers_with_receipt(store: Store, start: date, end: date) -> int:
    """Distinct providers with at least one receipt dated in the period."""
    return _one(
        store,
        "SELECT count(DISTINCT provider_id) FROM resource_receipt"
        " WHERE received_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )


def receipt_value_fen(store: Store, start: date, end: date) -> int:
    """Σ receipt values (money + goods + services) in fen."""
    return _one(
        store,
        "SELECT COALESCE(SUM(value_fen), 0) FROM resource_receipt"
        " WHERE received_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )


def handover_recipients(store: Store, start: date, end: date) -> int:
    """Distinct persons who received at least one handover in the period."""
    return _one(
        store,
        "SELECT count(DISTINCT beneficiary_id) FROM resource_handover"
        " WHERE handed_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )


def volunteer_figures(store: Store, start: date, end: date) -> VolunteerFigures:
    row = (
        store.reader()
        .execute(
            "SELECT count(DISTINCT volunteer_id), COALESCE(SUM(minutes), 0) FROM volunteer_service"
            " WHERE served_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        .fetchone()
    )
    return VolunteerFigures(int(row[0]), int(row[1]))


def community_meetings(store: Store, start: date, end: date) -> int:
    return _one(
        store,
        "SELECT count(*) FROM community_liaison WHERE is_meeting = 1"
        " AND contacted_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )


def activities(store: Store, start: date, end: date) -> int:
    return _one(
        store,
        "SELECT count(*) FROM activity WHERE held_on BETWEEN ? AND ?",
        (start.isoformat(), end.isoformat()),
    )


def media_by_level(store: Store, start: date, end: date) -> dict[str, int]:
    """Reports per level, every level present (0 when none)."""
    counts = dict.fromkeys(MEDIA_LEVELS, 0)
    for level, number in store.reader().execute(
        "SELECT level, count(*) FROM media_report WHERE published_on BETWEEN ? AND ?"
        " GROUP BY level",
        (start.isoformat(), end.isoformat()),
    ):
        counts[str(level)] = int(number)
    return counts


def _sheet(store: Store, ledger: Ledger, start: date, end: date, masked: bool) -> Sheet:
    query = LedgerQuery(start=start.isoformat(), end=end.isoformat(), descending=False)
    return sheet(store, ledger, query, masked=masked)


def resource_sheets(store: Store, start: date, end: date, masked: bool = True) -> list[Sheet]:
    """救助资源台账 of the period: the 收支结存 account (open balances carried from earlier months
    included), receipts (balance as of the period's end) and handovers, masked by default."""

    return [
        resource_account.sheet(store, start, end),
        _sheet(store, RESOURCES, start, end, masked),
        _sheet(store, HANDOVERS, start, end, masked),
    ]


def volunteer_sheets(store: Store, start: date, end: date, masked: bool = True) -> list[Sheet]:
    """志愿者及志愿服务台账: the service rows of the period and every volunteer who served."""

    served = {
        int(r[0])
        for r in store.reader().execute(
            "SELECT DISTINCT volunteer_id FROM volunteer_service WHERE served_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
    }

    volunteers = sheet(
        store, VOLUNTEERS, LedgerQuery(descending=False), masked=masked, only_ids=served
    )
    return [volunteers, _sheet(store, VOLUNTEER_SERVICE, start, end, masked)]
