"""Half-year (中期) and year-end (末期) reports for the contract evaluation: PDF + xlsx.

The content is periodic_data.build; this module lays it out. Always masked.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from relief_desktop.domain import masking
from relief_desktop.domain.inspection import format_rate
from relief_desktop.domain.periods import Period
from relief_desktop.exports import pdf, xlsx
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi
from relief_desktop.services.reporting.periodic_data import (
    TREND,
    Figure,
    KpiRow,
    PeriodicReport,
    build,
)
from relief_desktop.storage.store import Store

NOT_ADDITIVE = "† 期末数或去重的人数、家数：全年不等于两个半年之和。"
EMPTY_TEXT = (
    "（尚未填写。请在“报送 · 报送记录”中点“填写报告文字…”，"
    "或用命令 relief-desktop report --problems 文件 --plan 文件 填写。）"
)


@dataclass(frozen=True)
class PeriodicFiles:
    pdf: Path
    xlsx: Path
    pages: int


def write(
    store: Store, period: Period, out_dir: Path, title: str, today: date | None = None
) -> PeriodicFiles:
    """Write `<street>-<title>.pdf/.xlsx` for a contract half-year or year (or any period)."""
    report = build(store, period, title, today)
    base = f"{report.street}-{title}"
    pdf_path = out_dir / f"{base}.pdf"
    pages = pdf.write_pdf(pdf_path, document(report))
    book = out_dir / f"{base}.xlsx"
    heading = team.print_heading(store, f"{period.start} 至 {period.end}")
    xlsx.write_workbook(book, sheets(report), heading=heading)
    return PeriodicFiles(pdf_path, book, pages)


def stage(report: PeriodicReport) -> str:
    return "末期" if report.is_year_end else "中期"


def number_text(kind: str, value: float) -> str:
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "hours":
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def _figure(report: PeriodicReport, label: str) -> str:
    """A figure of the whole period (the last column of a year-end report, else the first)."""
    for figure in report.figures:
        if figure.label == label:
            value = figure.values[-1] if report.is_whole_year else figure.values[0]
            return number_text(figure.kind, value)
    return "—"


def summary_text(report: PeriodicReport) -> str:
    def f(label: str) -> str:
        return _figure(report, label)

    met = [row for row in report.kpis if row.met]
    missed = [row.result.kpi.label for row in report.kpis if row.met is False]
    unknown = [row.result.kpi.label for row in report.kpis if row.met is None]
    due = (
        "全年目标" if report.is_year_end else f"期末应完成进度（年度目标的 {report.due_share:.0%}）"
    )
    text = (
        f"{report.period.start} 至 {report.as_of}，"
        f"中心新登记困难群众 {f('新登记困难群众（人）')} 人，"
        f"开展需求评估 {f('需求评估（次）')} 次，新建个案 {f('新建个案（个）')} 个、"
        f"结案 {f('结案（个）')} 个，提供个案服务 {f('个案服务（次）')} 次"
        f"（{f('个案服务时长（小时）')} 小时）；入户核查 {f('入户核查（次，不含电话核查）')} 次；"
        f"开展主题活动 {f('主题活动（场）')} 场、政策宣传 {f('政策宣传（场）')} 场；"
        f"链接社会资源 {f('链接社会资源（家）')} 家，募集资金、物资及服务 "
        f"{f('募集资金、物资及服务（元）')} 元，帮扶 {f('帮扶对象（人）')} 人。"
        f"对照{due}，合同指标 {len(report.kpis)} 项中达标 {len(met)} 项"
    )
    if missed:
        text += f"，未达标 {len(missed)} 项：{'、'.join(missed)}"
    if unknown:
        text += f"；无数据 {len(unknown)} 项：{'、'.join(unknown)}"
    return text + "。"


def kpi_cells(row: KpiRow) -> list[str]:
    unit = row.result.kpi.unit
    value = row.result.measure.value
    rate = value / row.target if row.target else 1.0
    return [
        row.result.kpi.label,
        kpi.format_value(unit, value),
        kpi.format_value(unit, row.target),
        kpi.format_value(unit, row.required),
        f"{rate:.0%}",
        row.conclusion,
        f"差 {kpi.format_value(unit, row.gap)}" if row.met is False else "—",
    ]


def document(report: PeriodicReport) -> pdf.Document:
    year_end = report.is_year_end
    headers = ["指标", "完成", "年度目标", "期末应完成", "年度完成率", "结论", "差距"]
    widths = [3.2, 1.7, 1.7, 1.7, 1.1, 1.0, 1.3]
    rows = [kpi_cells(row) for row in report.kpis]
    if year_end:  # due in full: the 期末应完成 column would repeat the target
        headers, widths = headers[:3] + headers[4:], widths[:3] + widths[4:]
        rows = [r[:3] + r[4:] for r in rows]
    missed = [i for i, row in enumerate(report.kpis) if row.met is False]
    figure_rows = [
        [f.label + ("†" if not f.additive else ""), *(number_text(f.kind, v) for v in f.values)]
        for f in report.figures
    ]
    labels = [m.label for m in report.months]
    series = {key: [m.values[key] for m in report.months] for key in TREND}
    texts = report.texts
    next_title = "下一合同年度工作计划" if year_end else "下半年工作计划"
    blocks: list[pdf.Block] = [
        pdf.KeyValues(
            [
                ("报告单位", f"{report.street}社会关爱援助中心"),
                ("报告期间", f"{report.period.start} 至 {report.period.end}"),
                ("合同年度", f"{report.year.start} 至 {report.year.end}"),
                ("统计截至", str(report.as_of)),
                ("评估阶段", f"合同{stage(report)}评估"),
                ("数据口径", "姓名、身份证号、电话已脱敏"),
            ]
        ),
        pdf.Heading("一、总体情况"),
        pdf.Paragraph(summary_text(report)),
    ]
    if texts.overview:
        blocks.append(pdf.Paragraph(masking.scrub(texts.overview)))
    blocks += [
        pdf.Heading("二、合同指标完成情况"),
        pdf.Paragraph(
            "对照合同年度目标逐项判断；"
            + (
                "年终按全年目标。"
                if year_end
                else f"中期按合同年度已过 {report.due_share:.0%} 的应完成进度（取整），"
                "比率类指标按目标值本身。"
            )
            + "完成与目标均为合同年度开始至本期末的累计。"
            + (
                f"本期尚未结束（统计截至 {report.as_of}），未达标项为截至目前的差距。"
                if report.as_of < report.period.end
                else ""
            ),
            small=True,
        ),
        pdf.Table(headers, rows, widths, missed),
        pdf.BarChart(
            f"年度完成率（虚线为期末应完成进度 {report.due_share:.0%}）",
            [(r.result.kpi.label, _rate(r), _colour(r)) for r in report.kpis],
            marker=report.due_share,
        ),
        pdf.Heading("三、主要数据"),
        pdf.Table(["项目", *report.columns], figure_rows, [3, *([1.3] * len(report.columns))]),
        pdf.Paragraph(NOT_ADDITIVE, small=True),
        pdf.Heading("四、月度趋势"),
        pdf.TrendChart("个案服务（次）", labels, [("个案服务", series["个案服务（次）"])]),
        pdf.TrendChart(
            "新建个案与结案（个）",
            labels,
            [("新建个案", series["新建个案（个）"]), ("结案", series["结案（个）"])],
        ),
        pdf.TrendChart(
            "入户核查与志愿服务",
            labels,
            [
                ("入户核查（次）", series["入户核查（次，不含电话核查）"]),
                ("志愿服务（人次）", series["志愿服务（人次）"]),
            ],
            style="line",
        ),
        pdf.Table(
            ["月份", "个案服务", "入户核查", "新建个案", "结案", "主题活动", "志愿服务"],
            [[m.label, *(number_text("int", m.values[k]) for k in TREND)] for m in report.months],
            [1.6, 1, 1, 1, 1, 1, 1],
        ),
        pdf.Paragraph(
            "* 本期只含该月的一部分。入户核查不含电话核查（DOMAIN §2 的覆盖口径）。", small=True
        ),
        pdf.Heading("五、入户核查覆盖率（按季度）"),
        pdf.Table(
            ["季度", "类别", "已核查", "在册", "覆盖率", "目标", "结论"],
            [
                [
                    c.quarter,
                    c.category,
                    c.coverage.numerator,
                    c.coverage.denominator,
                    format_rate(c.coverage.rate),
                    f"{c.coverage.target:.0%}",
                    c.conclusion,
                ]
                for c in report.coverage
            ],
            [2.6, 1.8, 0.9, 0.9, 1, 0.8, 1],
            [i for i, c in enumerate(report.coverage) if c.missed],
        ),
        pdf.Paragraph(
            "低保按户计，其余按人计；“进行中”为季度未结束时截至统计日的进度。", small=True
        ),
        *_highlight_blocks(report),
        pdf.Heading("七、存在问题"),
        pdf.Paragraph(masking.scrub(texts.problems) or EMPTY_TEXT),
        pdf.Heading(f"八、{next_title}"),
        pdf.Paragraph(masking.scrub(texts.next_plan) or EMPTY_TEXT),
    ]
    return pdf.Document(
        f"{report.street}社会关爱援助中心{report.title}",
        blocks,
        subtitle=f"{report.period.label} · 合同{stage(report)}评估",
        footer="内部资料 · 已脱敏",
    )


def _rate(row: KpiRow) -> float:
    return row.result.measure.value / row.target if row.target else 1.0


def _colour(row: KpiRow) -> str:
    return {True: "green", False: "red", None: "blue"}[row.met]


def _highlight_blocks(report: PeriodicReport) -> list[pdf.Block]:
    h = report.highlights
    blocks: list[pdf.Block] = [pdf.Heading("六、工作亮点")]
    sections = (
        ("（一）工作要点（摘自各月工作简报）", h.work, "各月工作简报尚未填写。"),
        (f"（二）个案服务成效：本期结案 {h.cases_closed} 个", h.cases, "本期没有结案的个案。"),
        (
            f"（三）主题活动：本期开展 {h.activities_held} 场",
            h.activities,
            "本期没有主题活动记录。",
        ),
        ("（四）媒体报道", h.media, "本期没有媒体报道记录。"),
    )
    for title, items, empty in sections:
        blocks.append(pdf.Heading(title, level=2))
        blocks += [pdf.Paragraph(f"• {item}") for item in items] or [pdf.Paragraph(empty)]
    return blocks


def _kpi_number(unit: str, value: float) -> float:
    """A KPI value as the sheet holds it: percentage points, yuan, or the count."""
    if unit == "ratio":
        return round(value * 100, 1)
    if unit == "fen":
        return value / 100
    return value


UNIT_WORDS = {"ratio": "%", "fen": "元", "count": "个/次"}


def sheets(report: PeriodicReport) -> list[xlsx.Sheet]:
    note = f"{report.street} {report.title}（{report.period.start} 至 {report.period.end}，已脱敏）"
    kpi_rows = [
        [
            r.result.kpi.label,
            UNIT_WORDS[r.result.kpi.unit],
            _kpi_number(r.result.kpi.unit, r.result.measure.value),
            _kpi_number(r.result.kpi.unit, r.target),
            _kpi_number(r.result.kpi.unit, r.required),
            _rate(r),
            r.conclusion,
            _kpi_number(r.result.kpi.unit, r.gap),
            r.result.kpi.note,
        ]
        for r in report.kpis
    ]
    h = report.highlights
    highlight_rows = [
        *(["工作要点", t] for t in h.work),
        *(["结案个案", t] for t in h.cases),
        *(["主题活动", t] for t in h.activities),
        *(["媒体报道", t] for t in h.media),
    ]
    return [
        xlsx.Sheet(
            "合同指标",
            [
                xlsx.Column("指标"),
                xlsx.Column("单位"),
                xlsx.Column("完成", "number"),
                xlsx.Column("年度目标", "number"),
                xlsx.Column("期末应完成", "number"),
                xlsx.Column("年度完成率", "percent"),
                xlsx.Column("结论"),
                xlsx.Column("差距", "number"),
                xlsx.Column("说明"),
            ],
            kpi_rows,
            note=note,
        ),
        xlsx.Sheet(
            "主要数据",
            [
                xlsx.Column("项目"),
                *(xlsx.Column(c, "number") for c in report.columns),
                xlsx.Column("说明"),
            ],
            [[f.label, *f.values, _figure_note(f)] for f in report.figures],
            note=note,
        ),
        xlsx.Sheet(
            "月度趋势",
            [xlsx.Column("月份"), *(xlsx.Column(k, "int") for k in TREND)],
            [[m.label, *(m.values[k] for k in TREND)] for m in report.months],
            note=note,
        ),
        xlsx.Sheet(
            "季度核查覆盖率",
            [
                xlsx.Column("季度"),
                xlsx.Column("类别"),
                xlsx.Column("已核查", "int"),
                xlsx.Column("在册", "int"),
                xlsx.Column("覆盖率", "percent"),
                xlsx.Column("目标", "percent"),
                xlsx.Column("结论"),
            ],
            [
                [
                    c.quarter,
                    c.category,
                    c.coverage.numerator,
                    c.coverage.denominator,
                    c.coverage.rate,
                    c.coverage.target,
                    c.conclusion,
                ]
                for c in report.coverage
            ],
            note=note,
        ),
        xlsx.Sheet("工作亮点", [xlsx.Column("类别"), xlsx.Column("内容")], highlight_rows),
        xlsx.Sheet(
            "问题与计划",
            [xlsx.Column("项目"), xlsx.Column("内容", width=80)],
            [
                ["工作概述", masking.scrub(report.texts.overview)],
                ["存在问题", masking.scrub(report.texts.problems)],
                ["下阶段工作计划", masking.scrub(report.texts.next_plan)],
            ],
        ),
        records_sheet([r.result for r in report.kpis]),
    ]


def _figure_note(figure: Figure) -> str:
    return "期末数或去重数，不可跨期相加" if not figure.additive else ""


def records_sheet(results: list[kpi.KpiResult]) -> xlsx.Sheet:
    """What counts toward each KPI, so every figure can be checked record by record."""
    rows = [
        [r.kpi.label, ref.day, masking.scrub(ref.text)]
        for r in results
        for ref in r.measure.records
        if r.kpi.key != "people_helped"  # names of recipients stay out of a report
    ]
    return xlsx.Sheet(
        "指标明细", [xlsx.Column("指标"), xlsx.Column("日期", "date"), xlsx.Column("记录")], rows
    )
