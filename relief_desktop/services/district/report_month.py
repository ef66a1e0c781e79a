"""区中心月度工作报告: the month's on-time board, the streets' KPIs side by side and totalled (the
全区数据 page's figures), the district's inspection coverage per category, the cross-street
overlap counts and the district's own work, for the bureau (seed 7.2). Always masked."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.periods import Period, contract_year_containing, quarter_of
from relief_desktop.exports import pdf
from relief_desktop.exports.xlsx import Column, Sheet, Typed
from relief_desktop.services import team
from relief_desktop.services.district import board as boards
from relief_desktop.services.district import coverage as coverages
from relief_desktop.services.district import figures as district_figures
from relief_desktop.services.district import overlaps as cross
from relief_desktop.services.district import own_kpi
from relief_desktop.services.district import report_parts as parts
from relief_desktop.services.district.edition import district_name
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class OverlapCounts:
    people: int  # people found under two or more streets
    by_street: dict[str, int]  # street name -> its people also found under another street


@dataclass(frozen=True)
class MonthReport:
    district: str
    center: str
    period: Period
    month: str
    board: boards.Board
    figures: district_figures.DistrictFigures
    coverage: coverages.DistrictCoverage
    overlaps: OverlapCounts
    own: tuple[KpiResult, ...]  # the district's own lot-01 KPIs (own_kpi.compute)
    year: Period  # the contract year the month belongs to
    generated_on: date


def overlap_counts(store: Store, streets: Sequence[str]) -> OverlapCounts:
    found = cross.overlaps(store)
    by_street = dict.fromkeys(streets, 0)
    for item in found:
        for name in {street for street, _, _ in item.streets}:
            by_street[name] = by_street.get(name, 0) + 1
    return OverlapCounts(len(found), by_street)


def build(store: Store, period: Period, today: date | None = None) -> MonthReport:
    today = today or date.today()
    month = f"{period.start:%Y-%m}"
    found = district_figures.district_figures(store, period)
    return MonthReport(
        district=district_name(store),
        center=parts.center(store),
        period=period,
        month=month,
        board=boards.board(store, month, today=today),
        figures=found,
        coverage=parts.month_coverage(store, period, today),
        overlaps=overlap_counts(store, [s.name for s in found.streets]),
        own=tuple(own_kpi.compute(store, period, today)),
        year=contract_year_containing(team.contract_start(store, today), period.end),
        generated_on=today,
    )


def title(report: MonthReport) -> str:
    return f"{report.center}月度工作报告"


def sheets(report: MonthReport) -> list[Sheet]:
    note = f"{title(report)} {report.period.label}（{parts.MASKED_NOTE}）"
    coverage = report.coverage
    sheets = [
        parts.board_sheet(report.board, report.month, note),
        parts.streets_sheet(report.figures, "各街道指标", note),
        Sheet(
            "入户核查覆盖率",
            [Column("类别"), *parts.COVERAGE_COLUMNS, Column("报送街道数", "int")],
            [
                [*row, Typed(parts.reporting(coverage), "int")]
                for row in parts.coverage_rows(
                    [(name, coverage.total[key]) for key, name in parts.CATEGORIES],
                    _running(report),
                )
            ],
            note=f"全区合计，{_quarter_words(report)}（{parts.MASKED_NOTE}）",
        ),
        Sheet(
            "跨街道重复对象",
            [Column("街道"), Column("同时在其他街道服务的对象（人）", "int")],
            [
                *([name, count] for name, count in report.overlaps.by_street.items()),
                ["全区（去重）", report.overlaps.people],
            ],
            note="只列人数；按身份摘要比对，区中心不掌握身份证号",
        ),
    ]
    sheets.append(parts.own_sheet(report.own, note))
    return sheets


def _quarter_words(report: MonthReport) -> str:
    return f"{quarter_of(report.period.end).label}截至 {report.period.end}"


def _elapsed(report: MonthReport) -> float:
    """The share of the contract year elapsed by the month's end (the bars' marker)."""
    return report.year.elapsed_share(report.period.end)


def _running(report: MonthReport) -> bool:
    return report.period.end != quarter_of(report.period.end).end


def document(report: MonthReport) -> pdf.Document:
    coverage = report.coverage
    blocks: list[pdf.Block] = [
        pdf.KeyValues(
            [
                ("报告单位", report.center),
                (
                    "报告期间",
                    f"{report.period.label}（{report.period.start} 至 {report.period.end}）",
                ),
                (
                    "报送街道",
                    f"{len(report.figures.streets)} 个，已收 "
                    f"{sum(1 for s in report.figures.streets if s.months)} 个",
                ),
                ("数据口径", parts.MASKED_NOTE),
            ]
        ),
        pdf.Heading("一、街道报送情况"),
        *parts.board_blocks(report.board, report.month),
        pdf.Heading("二、各街道主要指标"),
        *parts.streets_blocks(report.figures),
        pdf.Heading(f"三、入户核查覆盖率（全区，{_quarter_words(report)}）"),
        *parts.coverage_total_blocks(coverage, _running(report)),
        pdf.Heading("四、跨街道重复服务对象"),
        pdf.Table(
            ["街道", "同时在其他街道服务的对象（人）"],
            [
                *([name, count] for name, count in report.overlaps.by_street.items()),
                ["全区（去重）", report.overlaps.people],
            ],
            [1.5, 2],
        ),
        pdf.Paragraph("按各街道资料包中的身份摘要比对，只列人数。", small=True),
    ]
    blocks += [pdf.Heading("五、区中心本月工作"), *parts.own_blocks(report.own, _elapsed(report))]
    return pdf.Document(
        title(report),
        blocks,
        subtitle=f"{report.period.label} · 报{report.district}民政局 · "
        f"生成于 {report.generated_on:%Y-%m-%d}",
        footer="内部资料 · 已脱敏",
        landscape=True,
    )
