"""The KPI figures in machine-readable form: `kpi --json` and the packet's manifest.

Stable keys (a program reads them; add new keys, never rename): street {code, name}; period
{kind, label, start, end}; as_of; contract_year {start, end}; kpis: one object per KPI of the
engine, in its order, with id (kpi.KPIS key), name, unit (count / yuan / ratio), value (the
period's own figure; null for a rate with nothing to divide by, e.g. a deadline KPI not yet
due), target, status (green / amber / red / not_due), to_date {start, end, value} (the KPI's
span to the period's end, what the status is judged on), progress, expected, numerator,
denominator.
"""

from datetime import date
from typing import Any

from relief_desktop.domain.periods import Period, contract_year_containing
from relief_desktop.services import team
from relief_desktop.services.reporting.kpi import KpiResult, Measure, Unit
from relief_desktop.storage.store import Store

UNITS = {"count": "count", "fen": "yuan", "ratio": "ratio"}


def number(unit: Unit, value: float) -> float | int:
    """A figure as JSON carries it: yuan with 2 decimals, a ratio 0..1, a count."""
    if unit == "fen":
        return round(value / 100, 2)
    if unit == "ratio":
        return round(value, 4)
    return int(value) if float(value).is_integer() else round(value, 2)


def _figure(result: KpiResult, measure: Measure) -> float | int | None:
    if not result.has_figure(measure):
        return None
    return number(result.kpi.unit, measure.value)


def kpi_object(result: KpiResult) -> dict[str, Any]:
    span = result.judged_period
    return {
        "id": result.kpi.key,
        "name": result.kpi.label,
        "unit": UNITS[result.kpi.unit],
        "value": _figure(result, result.measure),
        "target": number(result.kpi.unit, result.target),
        "status": result.status,
        "to_date": {
            "start": span.start.isoformat(),
            "end": span.end.isoformat(),
            "value": _figure(result, result.judged),
        },
        "progress": None if result.not_due else round(result.progress, 4),
        "expected": round(result.expected_share, 4) if result.kpi.cumulative else None,
        "numerator": result.measure.numerator,
        "denominator": result.measure.denominator,
    }


def document(store: Store, period: Period, results: list[KpiResult], today: date) -> dict[str, Any]:
    year = contract_year_containing(
        team.contract_start(store, today), max(period.start, min(period.end, today))
    )
    return {
        "street": {
            "code": team.current_street(store) or "",
            "name": f"{team.street_name(store)}街道",
        },
        "period": {
            "kind": period.kind,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "as_of": min(period.end, today).isoformat(),
        "contract_year": {"start": year.start.isoformat(), "end": year.end.isoformat()},
        "kpis": [kpi_object(r) for r in results],
    }
