"""区中心半年/年终工作报告: the streets' figures over the contract half-year or year (side by
side and totalled), their on-time record, inspection coverage per quarter, the district's own
work over the same span and the team's words (overview, problems, plan), stored as the street's
are (services/reporting/report_texts.py). Laid out as the street's periodic report. Masked."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain import masking
from relief_desktop.domain.inspection import format_rate
from relief_desktop.domain.periods import Period, contract_year_containing, quarter_of
from relief_desktop.exports import pdf
from relief_desktop.exports.xlsx import Column, Sheet, Typed
from relief_desktop.services import team
from relief_desktop.services.district import board as boards
from relief_desktop.services.district import coverage as coverages
from relief_desktop.services.district import figures as district_figures
from relief_desktop.services.district import own_kpi
from relief_desktop.services.district import report_parts as parts
from relief_desktop.services.district.edition import district_name
from relief_desktop.services.reporting import report_texts
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.storage.store import Store

DISTRICT_EMPTY_TEXT = (
    "（尚未填写。请在“报告”页点“填写报告文字…”，或用命令 relief-desktop district report"
    " --kind half（或 year）--problems 文件 --plan 文件 填写。）"
)
SUMMARY_KEYS = (
    "key_cases",
    "activities",
    "media",
    "providers",
    "people_helped",
    "resource_value",
    "disclosures",
)


@dataclass(frozen=True)
class StreetOnTime:
    name: str
    on_time: int
    late: int
    missing: int

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.missing

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass(frozen=True)
class PeriodReport:
    district: str
    center: str
    title: str  # 半年工作报告 / 年终工作报告
    period: Period
    figures: district_figures.DistrictFigures
    on_time: tuple[StreetOnTime, ...]
    coverage: tuple[coverages.DistrictCoverage, ...]  # per calendar quarter begun by today
    own: tuple[KpiResult, ...]  # the district's own lot-01 KPIs over the same span
    year: Period  # the contract year the period belongs to
    texts: report_texts.ReportTexts
    generated_on: date

    @property
    def is_year_end(self) -> bool:
        return self.period.kind == "year"


def report_title(period: Period) -> str:
    if period.kind == "year":
        return "年终工作报告"
    return "下半年工作报告" if period.label.startswith("合同下半年") else "半年工作报告"


def _on_time(store: Store, period: Period, today: date) -> tuple[StreetOnTime, ...]:
    months = district_figures.months_of(period)
    board = boards.board(store, months[-1], len(months), today)
    return tuple(
        StreetOnTime(
            row.name,
            sum(1 for c in row.cells if c.status == boards.ON_TIME),
            sum(1 for c in row.cells if c.status == boards.LATE),
            sum(1 for c in row.cells if c.status == boards.MISSING),
        )
        for row in board.streets
    )


def _quarters(period: Period, today: date) -> list[Period]:
    quarters: list[Period] = []
    day = period.start
    while day <= min(period.end, today):
        quarter = quarter_of(day)
        quarters.append(quarter)
        day = date.fromordinal(quarter.end.toordinal() + 1)
    return quarters


def build(store: Store, period: Period, today: date | None = None) -> PeriodReport:
    today = today or date.today()
    return PeriodReport(
        district=district_name(store),
        center=parts.center(store),
        title=report_title(period),
        period=period,
        figures=district_figures.district_figures(store, period),
        on_time=_on_time(store, period, today),
        coverage=tuple(coverages.coverage(store, q, today) for q in _quarters(period, today)),
        own=tuple(own_kpi.compute(store, period, today)),
        year=contract_year_containing(team.contract_start(store, today), period.start),
        texts=report_texts.load(store, period),
        generated_on=today,
    )


def full_title(report: PeriodReport) -> str:
    return f"{report.center}{report.title}"


def summary_text(report: PeriodReport) -> str:
    due = sum(s.due for s in report.on_time)
    on_time = sum(s.on_time for s in report.on_time)
    late = sum(s.late for s in report.on_time)
    missing = sum(s.missing for s in report.on_time)
    rate = format_rate(on_time / due if due else None)
    totals = report.figures.total
    shown = [
        f"{totals[k].name} {parts.figure_text(totals[k])}"
        + ("元" if totals[k].unit == "yuan" else "")
        for k in SUMMARY_KEYS
        if k in totals
    ]
    text = (
        f"{report.period.start} 至 {report.period.end}，{len(report.on_time)} 个街道应报月度资料包"
        f" {due} 个月次，按时 {on_time} 个、逾期 {late} 个、未报送 {missing} 个，按时率 {rate}。"
    )
    if shown:
        text += "各街道合计：" + "，".join(shown) + "。"
    return text


def on_time_sheet(report: PeriodReport, note: str) -> Sheet:
    rows: list[list[object]] = [
        [
            s.name,
            s.on_time,
            s.late,
            s.missing,
            s.due,
            Typed(s.rate, "percent") if s.rate is not None else parts.NO_FIGURE,
        ]
        for s in report.on_time
    ]
    due = sum(s.due for s in report.on_time)
    on_time = sum(s.on_time for s in report.on_time)
    rows.append(
        [
            "全区",
            on_time,
            sum(s.late for s in report.on_time),
            sum(s.missing for s in report.on_time),
            due,
            Typed(on_time / due, "percent") if due else parts.NO_FIGURE,
        ]
    )
    return Sheet(
        "报送及时情况",
        [
            Column("街道"),
            Column("按时（个月）", "int"),
            Column("逾期（个月）", "int"),
            Column("未报送（个月）", "int"),
            Column("应报（个月）", "int"),
            Column("按时率", "percent"),
        ],
        rows,
        note=note,
    )


def coverage_sheet(report: PeriodReport, note: str) -> Sheet:
    rows = []
    for result in report.coverage:
        cells = [(name, result.total[key]) for key, name in parts.CATEGORIES]
        for row in parts.coverage_rows(cells):
            rows.append([result.quarter.label, *row, Typed(parts.reporting(result), "int")])
    return Sheet(
        "季度核查覆盖率",
        [Column("季度"), Column("类别"), *parts.COVERAGE_COLUMNS, Column("报送街道数", "int")],
        rows,
        note=note,
    )


def sheets(report: PeriodReport) -> list[Sheet]:
    note = (
        f"{full_title(report)}（{report.period.start} 至 {report.period.end}，{parts.MASKED_NOTE}）"
    )
    made = [
        on_time_sheet(report, note),
        parts.streets_sheet(report.figures, "各街道指标", note),
        coverage_sheet(report, note),
    ]
    made.append(parts.own_sheet(report.own, note, "本期"))
    texts = report.texts
    made.append(
        Sheet(
            "问题与计划",
            [Column("项目"), Column("内容", width=80)],
            [
                ["工作概述", masking.scrub(texts.overview)],
                ["存在问题", masking.scrub(texts.problems)],
                ["下阶段工作计划", masking.scrub(texts.next_plan)],
            ],
            note=note,
        )
    )
    return made


def document(report: PeriodReport) -> pdf.Document:
    texts = report.texts
    next_title = "下一合同年度工作计划" if report.is_year_end else "下阶段工作计划"
    on_time_rows = [
        [s.name, s.on_time, s.late, s.missing, format_rate(s.rate)] for s in report.on_time
    ]
    blocks: list[pdf.Block] = [
        pdf.KeyValues(
            [
                ("报告单位", report.center),
                ("报告期间", f"{report.period.start} 至 {report.period.end}"),
                ("报告类型", report.title),
                ("数据口径", parts.MASKED_NOTE),
            ]
        ),
        pdf.Heading("一、总体情况"),
        pdf.Paragraph(summary_text(report)),
    ]
    if texts.overview:
        blocks.append(pdf.Paragraph(masking.scrub(texts.overview)))
    blocks += [
        pdf.Heading("二、街道报送情况"),
        pdf.Table(
            ["街道", "按时（个月）", "逾期（个月）", "未报送（个月）", "按时率"],
            on_time_rows,
            [1.6, 1, 1, 1, 1],
            [i for i, s in enumerate(report.on_time) if s.missing or s.late],
        ),
        pdf.Heading("三、各街道主要指标"),
        *parts.streets_blocks(report.figures),
        pdf.Heading("四、入户核查覆盖率（全区，按季度）"),
    ]
    for result in report.coverage:
        blocks += [pdf.Heading(result.quarter.label, level=2), *parts.coverage_total_blocks(result)]
    as_of = min(report.period.end, report.generated_on)
    blocks += [
        pdf.Heading("五、区中心本期工作"),
        *parts.own_blocks(report.own, report.year.elapsed_share(as_of), "本期"),
        pdf.Heading("六、存在问题"),
        pdf.Paragraph(masking.scrub(texts.problems) or DISTRICT_EMPTY_TEXT),
        pdf.Heading(f"七、{next_title}"),
        pdf.Paragraph(masking.scrub(texts.next_plan) or DISTRICT_EMPTY_TEXT),
    ]
    return pdf.Document(
        full_title(report),
        blocks,
        subtitle=f"{report.period.label} · 报{report.district}民政局",
        footer="内部资料 · 已脱敏",
        landscape=True,
    )
