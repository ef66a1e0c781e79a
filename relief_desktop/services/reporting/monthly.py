"""The monthly report as data: key numbers, KPI progress, the team's narrative, the ledgers.

`exports` turn it into the packet's workbook and PDF briefing; the GUI and the CLI call the same
functions (DOMAIN.md §5: 工作简报, 基础数据库, 个案服务台账, 救助资源台账, 志愿者及志愿服务台账,
and the month's 入户核查台账).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from relief_desktop.domain.inspection import Coverage, unit_word
from relief_desktop.domain.periods import Period, contract_year
from relief_desktop.exports.xlsx import Column, Kind, Sheet, Typed
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi as kpis
from relief_desktop.services.reporting.narrative import Narrative
from relief_desktop.services.reporting.narrative import load as load_narrative
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

NumberUnit = Literal["count", "hours", "fen", "ratio"]
CELL_KINDS: dict[str, Kind] = {
    "count": "int",
    "hours": "decimal",
    "fen": "money",
    "ratio": "percent",
}


@dataclass(frozen=True)
class KeyNumber:
    """One line of 关键数字: this month and the contract year to date (None: not counted)."""

    key: str  # stable id in manifest.json (a KPI's own key where the number is a KPI)
    label: str
    month_value: float | None
    year_value: float | None  # contract year to date
    unit: NumberUnit = "count"

    @property
    def month(self) -> str:
        return number_text(self.unit, self.month_value)

    @property
    def year(self) -> str:
        return number_text(self.unit, self.year_value)

    def cells(self) -> list[object]:
        """The line as typed workbook cells: numbers stay numbers."""
        return [self.label, typed(self.unit, self.month_value), typed(self.unit, self.year_value)]


def number_text(unit: NumberUnit, value: float | None) -> str:
    if value is None:
        return "—"
    if unit == "hours":
        return f"{value:.2f}"  # as the workbook's 0.00
    return kpis.format_value(unit, value)


def typed(unit: NumberUnit, value: float | None) -> Typed | None:
    """A number as a workbook cell of its unit: count 0, hours 0.00, fen #,##0.00 yuan, ratio %."""
    if value is None:
        return None
    if unit == "fen":
        return Typed(round(value), "money")
    if unit == "count" and float(value).is_integer():
        return Typed(int(value), "int")
    return Typed(value, CELL_KINDS[unit] if unit != "count" else "decimal")


def kpi_cells(result: kpis.KpiResult) -> list[object]:
    """指标, 完成, 目标, 完成率, 应完成进度, 状态 as typed cells (one mechanism for every sheet)."""
    unit = result.kpi.unit
    judged = result.judged  # the span to date: what the status is judged on
    return [
        result.kpi.label,
        typed(unit, judged.value) if result.has_figure(judged) else None,
        typed(unit, result.target),
        None if result.not_due else Typed(result.progress, "percent"),
        Typed(result.expected_share, "percent") if result.kpi.cumulative else None,
        kpis.STATUS_TEXT[result.status],
    ]


@dataclass(frozen=True)
class MonthlyReport:
    street: str
    street_code: str
    period: Period
    year: Period
    key_numbers: tuple[KeyNumber, ...]
    year_kpis: tuple[kpis.KpiResult, ...]
    narrative: Narrative
    masked: bool
    generated_on: date
    coverage: tuple["CoverageRow", ...] = ()


@dataclass(frozen=True)
class CoverageRow:
    """入户核查覆盖率 of one category: the quarter to the period's end (what the bureau receives,
    against the quarterly target) and the contract year to the period's end."""

    category: str
    quarter_label: str
    quarter: Coverage
    year: Coverage

    @property
    def target(self) -> float:
        return self.quarter.target


def coverage_rows(store: Store, period: Period, year: Period) -> list[CoverageRow]:
    """Per category, over quarter start .. period end and contract-year start .. period end."""
    from relief_desktop.domain.inspection import CATEGORIES, Quarter
    from relief_desktop.services.inspection.coverage import coverage_for

    quarter = Quarter.of(period.end)
    end = period.end
    return [
        CoverageRow(
            name,
            quarter.label,
            coverage_for(store, name, quarter.period.start, end),
            coverage_for(store, name, year.start, min(end, year.end)),
        )
        for name in CATEGORIES.values()
    ]


def _scalar(conn: dbapi.Connection, sql: str, period: Period) -> int:
    return int(
        conn.execute(sql, (period.start.isoformat(), period.end.isoformat())).fetchone()[0] or 0
    )


def flow_count(store: Store, sql: str, span: Period) -> int:
    """A count or sum over `span` by `sql` (two ? for its first and last day); no SQL: the
    入户核查 that the coverage figure counts (one rule for every report)."""
    if not sql:
        return _inspections(store, span)
    return _scalar(store.reader(), sql, span)


def _inspections(store: Store, period: Period) -> int:
    """入户核查（次）: the inspections the coverage figure counts (DOMAIN.md §2: in person at the
    home, of a roll entry on the roll during the period; phone checks and 未遇 are left out)."""
    from relief_desktop.services.inspection.coverage import counted_inspections

    return len(counted_inspections(store, None, period.start, period.end))


INSPECTIONS_LABEL = "入户核查（次）"
COUNTS: tuple[tuple[str, str, str, NumberUnit], ...] = (
    ("registered", "新登记困难群众（人）",
     "SELECT count(*) FROM beneficiary WHERE registered_on BETWEEN ? AND ?", "count"),
    ("assessments", "需求评估（次）",
     "SELECT count(*) FROM needs_assessment WHERE assessed_on BETWEEN ? AND ?", "count"),
    ("cases_opened", "新建个案（个）",
     "SELECT count(*) FROM aid_case WHERE opened_on BETWEEN ? AND ?", "count"),
    ("cases_closed", "结案（个）",
     "SELECT count(*) FROM aid_case WHERE closed_on BETWEEN ? AND ?", "count"),
    ("services", "个案服务（次）",
     "SELECT count(*) FROM service_record WHERE served_on BETWEEN ? AND ?", "count"),
    ("service_hours", "服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM service_record WHERE served_on BETWEEN ? AND ?",
     "hours"),
    ("inspections", INSPECTIONS_LABEL, "", "count"),  # by the coverage rule: _inspections
    ("issues_found", "主动发现问题（条）",
     "SELECT count(*) FROM feedback_item WHERE found_on BETWEEN ? AND ?", "count"),
    ("volunteer_services", "志愿服务（人次）",
     "SELECT count(*) FROM volunteer_service WHERE served_on BETWEEN ? AND ?", "count"),
    ("volunteer_hours", "志愿服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM volunteer_service WHERE served_on BETWEEN ? AND ?",
     "hours"),
    ("publicity", "政策宣传（场）",
     "SELECT count(*) FROM policy_publicity WHERE held_on BETWEEN ? AND ?", "count"),
    ("receptions", "来访接待（次）",
     "SELECT count(*) FROM reception WHERE received_on BETWEEN ? AND ?", "count"),
)  # fmt: skip

KPI_NUMBERS = ("key_cases", "activities", "providers", "people_helped", "resource_value", "media",
               "satisfaction")  # fmt: skip


def key_numbers(
    store: Store, period: Period, year: Period, today: date | None = None
) -> list[KeyNumber]:
    conn = store.reader()
    year_to_date = Period("custom", year.start, min(year.end, period.end), year.label)
    numbers: list[KeyNumber] = []
    numbers.append(
        KeyNumber(
            "open_cases",
            "在案个案（月末）",
            open_cases(conn, period.end),
            open_cases(conn, year_to_date.end),
        )
    )
    for key, label, sql, unit in COUNTS:
        month_value: float = flow_count(store, sql, period)
        year_value: float = flow_count(store, sql, year_to_date)
        if unit == "hours":  # stored in minutes
            month_value, year_value = round(month_value / 60, 2), round(year_value / 60, 2)
        numbers.append(KeyNumber(key, label, month_value, year_value, unit))
    month = {r.kpi.key: r for r in kpis.compute(store, period, KPI_NUMBERS, today)}
    ytd = {r.kpi.key: r for r in kpis.compute(store, year_to_date, KPI_NUMBERS, today)}
    for key in KPI_NUMBERS:
        kpi = month[key].kpi
        label = f"{kpi.label}（元）" if kpi.unit == "fen" else kpi.label
        numbers.append(
            KeyNumber(key, label, month[key].measure.value, ytd[key].measure.value, kpi.unit)
        )
    contact = kpis.compute(store, period, ["community_contact"], today)[0].measure
    numbers.append(
        KeyNumber("communities_contacted", "本月联络社区（个）", contact.numerator, None)
    )
    numbers.append(KeyNumber("communities", "社区总数（个）", contact.denominator, None))
    return numbers


def open_cases(conn: dbapi.Connection, day: date) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM aid_case"
            " WHERE opened_on <= ? AND (closed_on IS NULL OR closed_on > ?)",
            (day.isoformat(), day.isoformat()),
        ).fetchone()[0]
    )


def build(
    store: Store, period: Period, masked: bool = True, today: date | None = None
) -> MonthlyReport:
    today = today or date.today()
    year = contract_year(team.contract_start(store, today))
    year_to_date = Period("custom", year.start, min(year.end, period.end), year.label)
    return MonthlyReport(
        street=f"{team.street_name(store)}街道",
        street_code=team.current_street(store) or "",
        period=period,
        year=year,
        key_numbers=tuple(key_numbers(store, period, year, today)),
        coverage=tuple(coverage_rows(store, period, year)),
        year_kpis=_against_year(
            store, kpis.compute(store, year_to_date, today=today), year, period
        ),
        narrative=load_narrative(store, f"{period.start:%Y-%m}"),
        masked=masked,
        generated_on=today,
    )


def _against_year(
    store: Store, results: list[kpis.KpiResult], year: Period, period: Period
) -> tuple[kpis.KpiResult, ...]:
    """Year-to-date figures against the full yearly target, due in the share of the contract year
    elapsed by the month's end (not a target prorated to the month's end, due in full)."""
    share = year.elapsed_share(period.end)
    return tuple(
        replace(r, target=kpis.target(store, r.kpi), expected_share=share)
        if r.kpi.cumulative
        else r
        for r in results
    )


def summary_sheet(report: MonthlyReport) -> Sheet:
    """工作简报: the key numbers and KPI progress as number cells, first sheet of the workbook.

    Every figure is a number with its format, so the district center sums 11 streets' sheets
    cell by cell; the sheet prints on one page."""
    rows: list[Sequence[object]] = [[*n.cells(), None, None, None] for n in report.key_numbers]
    rows.append([None] * 6)
    rows.append([Typed(text, bold=True) for text in KPI_HEADERS])
    for result in report.year_kpis:
        rows.append(kpi_cells(result))
    rows += coverage_section(report)
    return Sheet(
        "工作简报",
        [
            Column("项目"),
            Column("本月"),
            Column("合同年度累计"),
            Column("", "percent"),
            Column("", "percent"),
            Column(""),
        ],
        rows,
        note=f"{report.street} {report.period.label} 工作简报"
        f"（合同年度 {report.year.start}—{report.year.end}）",
        one_page=True,
    )


KPI_HEADERS = ("合同指标", "本年累计", "年度目标", "完成率", "应完成进度", "状态")


def coverage_section(report: MonthlyReport) -> list[Sequence[object]]:
    """工作简报's 入户核查覆盖率 rows: per category the quarter to the month's end (counted units,
    roll, rate, quarterly target) and the contract year's rate to the month's end."""
    if not report.coverage:
        return []
    quarter = report.coverage[0].quarter_label
    headers = (f"入户核查覆盖率（{quarter}）", "本季度已核查", "本季度在册", "本季度覆盖率",
               "季度目标", "合同年度覆盖率")  # fmt: skip
    rows: list[Sequence[object]] = [[None] * 6, [Typed(text, bold=True) for text in headers]]
    for row in report.coverage:
        rows.append(
            [
                f"{row.category}（{unit_word(row.category)}）",
                Typed(row.quarter.numerator, "int"),
                Typed(row.quarter.denominator, "int"),
                Typed(row.quarter.rate, "percent") if row.quarter.denominator else None,
                Typed(row.target, "percent"),
                Typed(row.year.rate, "percent") if row.year.denominator else None,
            ]
        )
    return rows


def ledger_sheets(store: Store, period: Period, masked: bool) -> list[Sheet]:
    """The month's ledgers in the order DOMAIN.md §5 lists them, each from its own module."""
    from relief_desktop.ledgers import registry_book
    from relief_desktop.ledgers.reporting import resource_sheets, volunteer_sheets
    from relief_desktop.services.casework import ledger_sheet
    from relief_desktop.services.inspection.report import month_inspection_sheet

    start, end = period.start, period.end
    return [
        *registry_book.sheets(store, masked, registered_until=end),
        ledger_sheet.sheet(store, start, end, masked),
        *resource_sheets(store, start, end, masked),
        *volunteer_sheets(store, start, end, masked),
        month_inspection_sheet(store, start.year, start.month, masked),
    ]
