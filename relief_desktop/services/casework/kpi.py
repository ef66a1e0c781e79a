"""Casework KPIs (DOMAIN.md §6) for the reporting issue; periods are inclusive at both ends."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Satisfaction:
    satisfied: int  # overall item 4 (满意) or 5 (非常满意)
    answered: int  # surveys with an overall answer

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.answered if self.answered else None


def key_cases(store: Store, start: date, end: date) -> int:
    """Distinct cases whose plan is flagged 重点个案 with ≥1 service record dated in the period."""
    row = (
        store.reader()
        .execute(
            """SELECT count(DISTINCT s.case_id) FROM service_record s
           JOIN aid_plan p ON p.case_id = s.case_id
           WHERE p.key_case = 1 AND s.served_on BETWEEN ? AND ?""",
            (start.isoformat(), end.isoformat()),
        )
        .fetchone()
    )
    return int(row[0])


def satisfaction(store: Store, start: date, end: date) -> Satisfaction:
    """Surveys dated in the period: overall 4 or 5 over those with an overall answer."""
    row = (
        store.reader()
        .execute(
            """SELECT coalesce(sum(overall >= 4), 0), count(overall) FROM satisfaction_survey
           WHERE surveyed_on BETWEEN ? AND ?""",
            (start.isoformat(), end.isoformat()),
        )
        .fetchone()
    )
    return Satisfaction(int(row[0]), int(row[1]))


def services_in_period(store: Store, start: date, end: date) -> int:
    row = (
        store.reader()
        .execute(
            "SELECT count(*) FROM service_record WHERE served_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        .fetchone()
    )
    return int(row[0])


def assessments_in_period(store: Store, start: date, end: date) -> int:
    row = (
        store.reader()
        .execute(
            "SELECT count(*) FROM needs_assessment WHERE assessed_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
        .fetchone()
    )
    return int(row[0])


def active_cases(store: Store, start: date, end: date) -> int:
    """Cases open on at least one day of the period."""
    row = (
        store.reader()
        .execute(
            """SELECT count(*) FROM aid_case
           WHERE opened_on <= ? AND (closed_on IS NULL OR closed_on >= ?)""",
            (end.isoformat(), start.isoformat()),
        )
        .fetchone()
    )
    return int(row[0])
