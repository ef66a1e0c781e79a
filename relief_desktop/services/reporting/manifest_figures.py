"""The brief's figures in manifest.json, so a program (the district edition) reads a packet
without parsing Excel. Format: docs/packet-manifest.md.

KPIs are keyed by the KPI engine's own keys (`kpi.KPIS`), each in the form `kpi --json` gives it
(`kpi_json.kpi_object`), so a program reads the same names and units from both. Money is in yuan
with 2 decimals, rates are 0..1, counts are integers.
"""

from relief_desktop.domain.inspection import CATEGORY_CODES, Quarter, unit_word
from relief_desktop.services.reporting.kpi_json import kpi_object
from relief_desktop.services.reporting.monthly import CoverageRow, KeyNumber, MonthlyReport

FORMAT = 1
UNITS = {"count": "count", "hours": "hours", "fen": "yuan", "ratio": "ratio"}


def number(unit: str, value: float | None) -> float | int | None:
    """A figure as JSON, as `kpi --json` gives it: yuan with 2 decimals, whole counts as
    integers, hours with 2 decimals, rates 0..1."""
    if value is None:
        return None
    if unit == "fen":
        return round(value / 100, 2)
    if unit == "ratio":
        return round(float(value), 4)
    return int(value) if float(value).is_integer() else round(float(value), 2)


def key_number_entry(item: KeyNumber) -> dict[str, object]:
    return {
        "label": item.label,
        "unit": UNITS[item.unit],
        "month": number(item.unit, item.month_value),
        "contract_year_to_date": number(item.unit, item.year_value),
    }


def figures(report: MonthlyReport) -> dict[str, object]:
    """Every figure of the 工作简报: its key numbers and its contract KPIs (year to date), the
    KPIs in exactly the form of `kpi --json` (services/reporting/kpi_json.py)."""
    return {
        "format": FORMAT,
        "month": {"start": report.period.start.isoformat(), "end": report.period.end.isoformat()},
        "contract_year": {
            "start": report.year.start.isoformat(),
            "end": report.year.end.isoformat(),
        },
        "key_numbers": {n.key: key_number_entry(n) for n in report.key_numbers},
        "kpis": {r.kpi.key: kpi_object(r) for r in report.year_kpis},
        "inspection_quarter": inspection_quarter(report),
    }


def inspection_quarter(report: MonthlyReport) -> dict[str, object]:
    """工作简报's 入户核查覆盖率 of the quarter to the month's end (what the bureau receives and the
    district sums): per category, keyed as the KPI (`inspection_dibao` …)."""
    quarter = Quarter.of(report.period.end)
    return {
        "quarter": quarter.code,
        "start": quarter.period.start.isoformat(),
        "end": report.period.end.isoformat(),
        "categories": {
            f"inspection_{CATEGORY_CODES[row.category]}": _coverage_entry(row)
            for row in report.coverage
        },
    }


def _coverage_entry(row: CoverageRow) -> dict[str, object]:
    return {
        "category": row.category,
        "unit": "households" if unit_word(row.category) == "户" else "persons",
        "numerator": row.quarter.numerator,
        "denominator": row.quarter.denominator,
        "value": number("ratio", row.quarter.rate),
        "target": number("ratio", row.target),
    }
