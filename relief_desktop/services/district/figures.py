"""District figures (全区数据): every street KPI of a period, per street and totalled, read from the
latest version of each street-month's manifest (docs/packet-manifest.md), never from Excel.

A packet's KPI objects are the contract year to the month's end. A period that starts with the
contract year (the year, its first half) and every rate read the `to_date` figure of the latest
month received: the street's own figure, the only right one for distinct counts (providers,
people). A month's count or amount is the brief's month figure (关键数字) or the difference from
the previous month's packet; a quarter or second half adds its months (distinct counts are then
the sum of each month's, marked basis "sum"). The district total adds the streets;
a rate is the streets' numerators over their denominators, or their mean when a rate carries none.
The streets' figures are shown beside the district's own work, never added into it (DOMAIN §6)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from relief_desktop.domain.periods import Period
from relief_desktop.domain.vocab import STREETS
from relief_desktop.services.district import packets
from relief_desktop.services.reporting.kpi import KPIS
from relief_desktop.storage.store import Store

MONTH, TO_DATE, SUM, MEAN = "month", "to_date", "sum", "mean"


@dataclass(frozen=True)
class Figure:
    key: str
    name: str
    unit: str  # count / yuan / ratio
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    basis: str = MONTH
    target: float | int | None = None  # the street's target of the KPI's span (month, to_date)
    status: str | None = None  # green / amber / red / not_due, as the street judged it

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "name": self.name,
            "unit": self.unit,
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "basis": self.basis,
            "target": self.target,
            "status": self.status,
        }


@dataclass(frozen=True)
class StreetFigures:
    code: str
    name: str
    months: list[str]  # months of the period with a packet
    missing: list[str]  # months of the period (due or not) without one
    figures: dict[str, Figure]


@dataclass(frozen=True)
class DistrictFigures:
    period: Period
    months: list[str]
    streets: list[StreetFigures]
    total: dict[str, Figure]


def months_of(period: Period) -> list[str]:
    """The calendar months the period touches, oldest first."""
    keys: list[str] = []
    year, month = period.start.year, period.start.month
    while date(year, month, 1) <= period.end:
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _round(unit: str, value: float) -> float | int:
    if unit == "ratio":
        return round(value, 4)
    if unit == "yuan":
        return round(value, 2)
    return int(value) if float(value).is_integer() else round(value, 2)


def _month_value(key: str, manifest: dict[str, Any], previous: dict[str, Any] | None) -> Any:
    """A count's or an amount's figure of the packet's month alone. The KPI objects in a packet
    are the contract year to the month's end (kpi --json with the year's span), so: the 关键数字
    month figure where the brief has one; else the difference from the previous month's packet;
    else the year-to-date figure when the year starts in this month; else unknown (None)."""
    figures = manifest["figures"]
    number = figures.get("key_numbers", {}).get(key)
    if number is not None and number.get("month") is not None:
        return number["month"]
    span = figures["kpis"][key]["to_date"]
    if span["value"] is None:
        return None
    if span["start"] >= figures["month"]["start"]:
        return span["value"]
    before = None if previous is None else previous["figures"]["kpis"].get(key, {}).get("to_date")
    if not before or before.get("start") != span["start"] or before.get("value") is None:
        return None
    return span["value"] - before["value"]


def street_figure(
    key: str,
    manifests: dict[str, dict[str, Any]],
    period: Period,
) -> Figure:
    """One KPI of one street over the period, from its packets' manifests by month (the month
    before the period included when there is one). Rates, and every KPI of a period that starts
    with the street's contract year, read the year-to-date figure of the latest month received;
    counts and amounts of a month or quarter add the months' own figures."""
    months = [m for m in months_of(period) if m in manifests]
    last = manifests[months[-1]]["figures"]["kpis"][key]
    name, unit = str(last["name"]), str(last["unit"])
    judged = {"target": last["target"], "status": last["status"]}
    span = last["to_date"]
    if unit == "ratio" or span["start"] == period.start.isoformat():
        num, den = last["numerator"], last["denominator"]
        return Figure(key, name, unit, span["value"], num, den, TO_DATE, **judged)
    values = [_month_value(key, manifests[m], manifests.get(_previous(m))) for m in months]
    known = [v for v in values if v is not None]
    value = _round(unit, sum(known)) if known else None
    if period.kind == "month":
        return Figure(key, name, unit, value, basis=MONTH, **judged)
    return Figure(key, name, unit, value, basis=SUM)


def _previous(month: str) -> str:
    year, number = (int(x) for x in month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


def total_figure(key: str, figures: list[Figure]) -> Figure | None:
    present = [f for f in figures if f.value is not None]
    if not figures:
        return None
    first = figures[0]
    if not present:
        return Figure(key, first.name, first.unit, None, basis=SUM)
    if first.unit != "ratio":
        return Figure(
            key,
            first.name,
            first.unit,
            _round(first.unit, sum(f.value or 0 for f in present)),
            basis=SUM,
        )
    if all(f.numerator is not None and f.denominator is not None for f in present):
        num = sum(f.numerator or 0 for f in present)
        den = sum(f.denominator or 0 for f in present)
        value = _round("ratio", num / den) if den else None
        return Figure(key, first.name, first.unit, value, num, den, SUM)
    mean = sum(f.value or 0 for f in present) / len(present)
    return Figure(key, first.name, first.unit, _round("ratio", mean), basis=MEAN)


def district_figures(store: Store, period: Period) -> DistrictFigures:
    months = months_of(period)
    found = packets.by_street_month(store, [_previous(months[0]), *months])
    streets: list[StreetFigures] = []
    for code, short in STREETS.items():
        manifests = {m: versions[-1].manifest for (c, m), versions in found.items() if c == code}
        have = [m for m in months if m in manifests]
        figures: dict[str, Figure] = {}
        if have:
            kpis = manifests[have[-1]]["figures"].get("kpis", {})
            for kpi in KPIS:
                if kpi.key in kpis:
                    figures[kpi.key] = street_figure(kpi.key, manifests, period)
        missing = [m for m in months if m not in have]
        streets.append(StreetFigures(code, f"{short}街道", have, missing, figures))
    total: dict[str, Figure] = {}
    for kpi in KPIS:
        made = total_figure(kpi.key, [s.figures[kpi.key] for s in streets if kpi.key in s.figures])
        if made is not None:
            total[kpi.key] = made
    return DistrictFigures(period, months, streets, total)


def as_json(result: DistrictFigures, district: str) -> dict[str, Any]:
    """`district kpi --json`: street rows keyed as the street edition's `kpi --json` objects."""
    period = result.period
    return {
        "district": district,
        "period": {
            "kind": period.kind,
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "months": result.months,
        "streets": [
            {
                "street": {"code": s.code, "name": s.name},
                "months_received": s.months,
                "months_missing": s.missing,
                "kpis": [f.as_json() for f in s.figures.values()],
            }
            for s in result.streets
        ],
        "total": {"kpis": [f.as_json() for f in result.total.values()]},
    }


def text(figure: Figure) -> str:
    """A figure as the pages and the terminal show it."""
    if figure.value is None:
        return "—"
    if figure.unit == "ratio":
        return f"{figure.value:.1%}"
    if figure.unit == "yuan":
        return f"{figure.value:,.2f} 元"
    return f"{figure.value:,}"
