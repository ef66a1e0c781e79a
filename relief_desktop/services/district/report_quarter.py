"""季度入户核查情况报告: per street and category (低保, 特困, 临时救助, 特殊困难群体儿童) the roll,
the units inspected in the quarter, the coverage against the target and its status, and the
district total per category (services/district/coverage.py). Always masked."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.inspection import unit_word
from relief_desktop.domain.periods import Period
from relief_desktop.exports import pdf
from relief_desktop.exports.xlsx import Column, Sheet, Typed
from relief_desktop.services.district import coverage as coverages
from relief_desktop.services.district import report_parts as parts
from relief_desktop.services.district.edition import district_name
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class QuarterReport:
    district: str
    center: str
    coverage: coverages.DistrictCoverage
    generated_on: date

    @property
    def period(self) -> Period:
        return self.coverage.quarter


def build(store: Store, period: Period, today: date | None = None) -> QuarterReport:
    today = today or date.today()
    found = coverages.coverage(store, period, today)
    return QuarterReport(district_name(store), parts.center(store), found, today)


def title(report: QuarterReport) -> str:
    return f"{report.center}季度入户核查情况报告"


def _as_of(street: coverages.StreetCoverage) -> str:
    if street.month is None:
        return parts.MISSING
    return street.month + ("" if street.complete else "（本季度未报齐）")


def sheets(report: QuarterReport) -> list[Sheet]:
    note = f"{title(report)} {report.period.label}（{parts.MASKED_NOTE}）"
    result = report.coverage
    count = parts.reporting(result)
    totals = parts.coverage_rows([(name, result.total[key]) for key, name in parts.CATEGORIES])
    detail = []
    for key, name in parts.CATEGORIES:
        cells = [(s.name, s.cells[key]) for s in result.streets]
        for street, row in zip(result.streets, parts.coverage_rows(cells), strict=True):
            detail.append([row[0], name, *row[1:], _as_of(street)])
        total = parts.coverage_rows([("", result.total[key])])[0]
        detail.append(["全区合计", name, *total[1:], f"{count} 个街道"])
    return [
        Sheet(
            "全区合计",
            [Column("类别"), *parts.COVERAGE_COLUMNS, Column("报送街道数", "int")],
            [[*row, Typed(count, "int")] for row in totals],
            note=note,
        ),
        Sheet(
            "各街道核查情况",
            [Column("街道"), Column("类别"), *parts.COVERAGE_COLUMNS, Column("数据截至")],
            detail,
            note=note,
        ),
    ]


def document(report: QuarterReport) -> pdf.Document:
    result = report.coverage
    lacking = [s.name for s in result.streets if s.month is None]
    partial = [
        f"{s.name}（截至 {s.month}）"
        for s in result.streets
        if s.month is not None and not s.complete
    ]
    blocks: list[pdf.Block] = [
        pdf.KeyValues(
            [
                ("报告单位", report.center),
                (
                    "报告期间",
                    f"{report.period.label}（{report.period.start} 至 {report.period.end}）",
                ),
                ("报送街道", f"{len(result.streets)} 个，已收 {parts.reporting(result)} 个"),
                ("数据口径", parts.MASKED_NOTE),
            ]
        ),
        pdf.Heading("一、全区核查覆盖率"),
        *parts.coverage_total_blocks(result),
    ]
    if lacking:
        blocks.append(pdf.Paragraph("本季度未报送资料包的街道：" + "、".join(lacking) + "。"))
    if partial:
        blocks.append(
            pdf.Paragraph(
                "本季度末月资料包尚未收到、按已收月份计的街道：" + "；".join(partial) + "。"
            )
        )
    for number, (key, name) in zip("二三四五", parts.CATEGORIES, strict=True):
        total = result.total[key]
        rows = [parts.coverage_text_row(s.name, s.cells[key]) for s in result.streets]
        rows.append(parts.coverage_text_row("全区合计", total))
        target = "—" if total.target is None else f"{total.target:.0%}"
        blocks += [
            pdf.Heading(f"{number}、{name}（目标 {target}，按{unit_word(name)}计）"),
            pdf.Table(
                ["街道", "在册", "已核查", "覆盖率", "目标", "状态"],
                rows,
                [1.6, 1, 1, 1, 0.8, 1],
                parts.flagged([s.cells[key] for s in result.streets]),
            ),
        ]
    blocks.append(
        pdf.Paragraph(
            "在册为本季度内任一天在册的对象（低保按户）；已核查为本季度入户核查过至少一次的对象，"
            "电话核查与未遇不计。" + parts.SOURCE + "。",
            small=True,
        )
    )
    return pdf.Document(
        title(report),
        blocks,
        subtitle=f"{report.period.label} · 报{report.district}民政局 · "
        f"生成于 {report.generated_on:%Y-%m-%d}",
        footer="内部资料 · 已脱敏",
    )
