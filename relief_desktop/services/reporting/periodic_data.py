"""The half-year (中期) and year-end (末期) report as data, for the contract evaluation.

KPIs from the KPI engine against the contract targets (达标/未达标), key figures per half-year or
for the period and the contract year to date, monthly trends, inspection coverage per quarter
from the coverage service, highlights drawn from the records, and the team's own words.
Everything a person could be known by is masked (domain/masking.py).
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from relief_desktop.domain import periods
from relief_desktop.domain.inspection import Coverage, Quarter, quarters_in
from relief_desktop.domain.inspection import Period as Span
from relief_desktop.domain.periods import Period
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi
from relief_desktop.services.reporting.monthly import flow_count, open_cases
from relief_desktop.services.reporting.periodic_highlights import Highlights, Masker, highlights
from relief_desktop.services.reporting.report_texts import ReportTexts
from relief_desktop.services.reporting.report_texts import load as load_texts
from relief_desktop.storage.store import Store

FigureKind = Literal["int", "hours", "money"]

# (label, SQL over ? .. ?, kind): additive counts; the same figures feed the monthly trend.
FLOWS: tuple[tuple[str, str, FigureKind], ...] = (
    ("新登记困难群众（人）",
     "SELECT count(*) FROM beneficiary WHERE registered_on BETWEEN ? AND ?", "int"),
    ("需求评估（次）",
     "SELECT count(*) FROM needs_assessment WHERE assessed_on BETWEEN ? AND ?", "int"),
    ("新建个案（个）", "SELECT count(*) FROM aid_case WHERE opened_on BETWEEN ? AND ?", "int"),
    ("结案（个）", "SELECT count(*) FROM aid_case WHERE closed_on BETWEEN ? AND ?", "int"),
    ("个案服务（次）",
     "SELECT count(*) FROM service_record WHERE served_on BETWEEN ? AND ?", "int"),
    ("个案服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM service_record WHERE served_on BETWEEN ? AND ?",
     "hours"),
    ("入户核查（次，不含电话核查）", "", "int"),  # the coverage rule: monthly.flow_count
    ("主动发现问题（条）",
     "SELECT count(*) FROM feedback_item WHERE found_on BETWEEN ? AND ?", "int"),
    ("主题活动（场）", "SELECT count(*) FROM activity WHERE held_on BETWEEN ? AND ?", "int"),
    ("政策宣传（场）",
     "SELECT count(*) FROM policy_publicity WHERE held_on BETWEEN ? AND ?", "int"),
    ("志愿服务（人次）",
     "SELECT count(*) FROM volunteer_service WHERE served_on BETWEEN ? AND ?", "int"),
    ("志愿服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM volunteer_service WHERE served_on BETWEEN ? AND ?",
     "hours"),
    ("来访接待（次）", "SELECT count(*) FROM reception WHERE received_on BETWEEN ? AND ?", "int"),
    ("募集资金、物资及服务（元）",
     "SELECT coalesce(sum(value_fen), 0) FROM resource_receipt WHERE received_on BETWEEN ? AND ?",
     "money"),
)  # fmt: skip
# Distinct counts from the KPI engine: not additive, a year is not the sum of its halves.
DISTINCT = (("链接社会资源（家）", "providers"), ("帮扶对象（人）", "people_helped"),
            ("重点个案（有服务）", "key_cases"))  # fmt: skip
TREND = ("个案服务（次）", "入户核查（次，不含电话核查）", "新建个案（个）", "结案（个）",
         "主题活动（场）", "志愿服务（人次）")  # fmt: skip


@dataclass(frozen=True)
class KpiRow:
    result: kpi.KpiResult  # measured over the contract year up to the period's end
    target: float  # the contract's yearly target
    required: float  # what is due by the period's end: the target, or its share at mid-term
    met: bool | None  # None: nothing to measure (no one on the roll, no survey)

    @property
    def conclusion(self) -> str:
        return {True: "达标", False: "未达标", None: "无数据"}[self.met]

    @property
    def gap(self) -> float:
        return max(0.0, self.required - self.result.measure.value) if self.met is False else 0.0


@dataclass(frozen=True)
class Figure:
    label: str
    kind: FigureKind
    values: tuple[float, ...]  # one per column of the key-figure table
    additive: bool = True


@dataclass(frozen=True)
class MonthTrend:
    label: str  # 2026年3月, with * when the period covers only part of it
    values: dict[str, float]


@dataclass(frozen=True)
class QuarterCoverageRow:
    quarter: str
    category: str
    coverage: Coverage  # from the coverage service: its rule, its target
    running: bool = False  # the quarter is still under way: a progress, not yet a result

    @property
    def conclusion(self) -> str:
        if not self.coverage.denominator:
            return "无在册对象"
        if self.coverage.met:
            return "达标"
        return "进行中" if self.running else "未达标"

    @property
    def missed(self) -> bool:
        return self.conclusion == "未达标"


@dataclass(frozen=True)
class PeriodicReport:
    street: str
    title: str
    period: Period
    year: Period  # the contract year the period belongs to
    as_of: date  # figures up to this day (the period's end, or today while it runs)
    kpis: tuple[KpiRow, ...]
    columns: tuple[str, ...]  # headings of the key-figure table
    figures: tuple[Figure, ...]
    months: tuple[MonthTrend, ...]
    coverage: tuple[QuarterCoverageRow, ...]
    highlights: Highlights
    texts: ReportTexts

    @property
    def is_year_end(self) -> bool:
        """The report closes the contract year (末期): targets are due in full."""
        return self.period.end == self.year.end

    @property
    def is_whole_year(self) -> bool:
        return self.period.start == self.year.start and self.period.end == self.year.end

    @property
    def due_share(self) -> float:
        return self.year.elapsed_share(self.period.end)


def build(store: Store, period: Period, title: str, today: date | None = None) -> PeriodicReport:
    today = today or date.today()
    year = periods.contract_year_containing(team.contract_start(store, today), period.start)
    as_of = min(period.end, today)
    columns, spans = _columns(period, year, as_of)
    return PeriodicReport(
        street=f"{team.street_name(store)}街道",
        title=title,
        period=period,
        year=year,
        as_of=as_of,
        kpis=tuple(kpi_rows(store, period, year, today)),
        columns=columns,
        figures=tuple(_figures(store, spans)),
        months=tuple(_months(store, period, as_of)),
        coverage=tuple(_coverage(store, period, as_of)),
        highlights=highlights(store, Period("custom", period.start, as_of, period.label)),
        texts=_masked(store, load_texts(store, period)),
    )


def _masked(store: Store, texts: ReportTexts) -> ReportTexts:
    """The team's words as the report prints them: IDs, phones and protected names masked."""
    mask = Masker(store.reader())
    return ReportTexts(mask(texts.overview), mask(texts.problems), mask(texts.next_plan))


def kpi_rows(store: Store, period: Period, year: Period, today: date) -> list[KpiRow]:
    """Every KPI over the contract year up to the period's end, against the yearly target: due
    in full at the year's end, in the share of the year elapsed at mid-term (DOMAIN.md §6)."""
    to_date = Period("custom", year.start, min(period.end, year.end), year.label)
    share = year.elapsed_share(period.end)
    rows: list[KpiRow] = []
    for result in kpi.compute(store, to_date, today=today):
        target = kpi.target(store, result.kpi)
        required = _due(result.kpi, target, share)
        measure = result.measure
        if result.kpi.unit == "ratio" and not measure.denominator:
            met: bool | None = None
        else:
            met = measure.value >= required - 1e-9
        rows.append(KpiRow(result, target, required, met))
    return rows


def _due(item: kpi.Kpi, target: float, share: float) -> float:
    """The part of a yearly target due by a share of the year: whole counts, whole yuan."""
    if not item.cumulative:
        return target
    if item.unit == "count":
        return float(math.ceil(target * share - 1e-9))
    if item.unit == "fen":
        return float(math.ceil(target * share / 100 - 1e-9) * 100)
    return target * share


def _columns(period: Period, year: Period, as_of: date) -> tuple[tuple[str, ...], list[Period]]:
    """The year-end report: first half, second half and the year; a half-year report: the
    period and, when the year began before it, the contract year to date."""
    if period.start == year.start and period.end == year.end:
        first, second = periods.contract_half(year.start), periods.contract_half(year.start, True)
        return ("上半年", "下半年", "全年合计"), [first, second, period]
    spans = [period]
    names = ["本期"]
    if year.start < period.start:
        spans.append(Period("custom", year.start, period.end, year.label))
        names.append("合同年度累计")
    return tuple(names), spans


def _value(kind: FigureKind, raw: int) -> float:
    if kind == "hours":
        return round(raw / 60, 1)
    if kind == "money":
        return raw / 100
    return float(raw)


def _figures(store: Store, spans: list[Period]) -> list[Figure]:
    conn = store.reader()
    figures = [
        Figure(
            "在案个案（期末）",
            "int",
            tuple(float(open_cases(conn, span.end)) for span in spans),
            additive=False,
        )
    ]
    for label, sql, kind in FLOWS:
        figures.append(
            Figure(label, kind, tuple(_value(kind, flow_count(store, sql, s)) for s in spans))
        )
    for label, key in DISTINCT:
        values = tuple(
            float(kpi.KPI_BY_KEY[key].compute(store, span, span.end).value) for span in spans
        )
        figures.append(Figure(label, "int", values, additive=False))
    return figures


def month_spans(period: Period, as_of: date) -> list[tuple[str, Period]]:
    """The calendar months of the period up to `as_of`, cut to the period (marked *)."""
    spans: list[tuple[str, Period]] = []
    day = period.start
    while day <= as_of:
        month = periods.month_of(day)
        start, end = max(month.start, period.start), min(month.end, period.end, as_of)
        part = "*" if (start, end) != (month.start, month.end) else ""
        spans.append((f"{month.label}{part}", Period("custom", start, end, month.label)))
        day = month.end + timedelta(days=1)
    return spans


def _months(store: Store, period: Period, as_of: date) -> list[MonthTrend]:
    flows = {label: (sql, kind) for label, sql, kind in FLOWS}
    return [
        MonthTrend(
            label,
            {key: _value(flows[key][1], flow_count(store, flows[key][0], span)) for key in TREND},
        )
        for label, span in month_spans(period, as_of)
    ]


def _coverage(store: Store, period: Period, as_of: date) -> list[QuarterCoverageRow]:
    """Each calendar quarter of the period (to date, and cut to the period), per category, by the
    coverage service's rule and targets."""
    from relief_desktop.services.inspection.coverage import coverage_for

    rows: list[QuarterCoverageRow] = []
    if as_of < period.start:
        return rows
    for quarter in quarters_in(Span(period.start, as_of)):
        whole = quarter.period
        span = Span(max(whole.start, period.start), min(whole.end, as_of))
        label = _quarter_label(quarter, span)
        running = span.end < whole.end  # the bureau's quarter is not over yet
        for code, name in kpi.INSPECTION_CATEGORIES:
            found = coverage_for(store, code, span.start, span.end)
            rows.append(QuarterCoverageRow(label, name, found, running))
    return rows


def _quarter_label(quarter: Quarter, span: Span) -> str:
    if span == quarter.period:
        return quarter.label
    return f"{quarter.label}（{span.start:%m-%d}至{span.end:%m-%d}）"
