"""The brief's figures in manifest.json, so a program (the district edition) reads a packet
without parsing Excel. Format: docs/packet-manifest.md.

KPIs are keyed by the KPI engine's own keys (`kpi.KPIS`), and `kpi_entry` is the one place that
turns a KpiResult into JSON, so the manifest and `kpi --json` give the same figure the same name.
Money is integer fen (1/100 yuan), rates are 0..1, counts are integers.
"""

from relief_desktop.services.reporting.kpi import KpiResult, Unit
from relief_desktop.services.reporting.monthly import KeyNumber, MonthlyReport

FORMAT = 1


def number(unit: str, value: float | None) -> float | int | None:
    """A figure as JSON: fen and whole counts as integers, rates and hours as floats."""
    if value is None:
        return None
    if unit == "fen" or (unit == "count" and float(value).is_integer()):
        return round(value)
    return round(float(value), 6)


def kpi_entry(result: KpiResult) -> dict[str, object]:
    unit: Unit = result.kpi.unit
    measure = result.measure
    return {
        "key": result.kpi.key,
        "label": result.kpi.label,
        "unit": unit,
        "value": number(unit, measure.value),
        "target": number(unit, result.target),
        "progress": round(result.progress, 6),
        "cumulative": result.kpi.cumulative,
        "expected_share": round(result.expected_share, 6) if result.kpi.cumulative else None,
        "status": result.status,
        "numerator": measure.numerator,
        "denominator": measure.denominator,
        "period": {"start": result.period.start.isoformat(), "end": result.period.end.isoformat()},
    }


def key_number_entry(item: KeyNumber) -> dict[str, object]:
    return {
        "label": item.label,
        "unit": item.unit,
        "month": number(item.unit, item.month_value),
        "contract_year_to_date": number(item.unit, item.year_value),
    }


def figures(report: MonthlyReport) -> dict[str, object]:
    """Every figure of the 工作简报: its key numbers and its contract KPIs (year to date)."""
    return {
        "format": FORMAT,
        "month": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "contract_year": {
            "start": report.year.start.isoformat(),
            "end": report.year.end.isoformat(),
        },
        "key_numbers": {n.key: key_number_entry(n) for n in report.key_numbers},
        "kpis": {r.kpi.key: kpi_entry(r) for r in report.year_kpis},
    }
