"""The PDF 工作简报 of a report: header, key numbers, KPI progress table and chart, narrative."""

from pathlib import Path

from relief_desktop.domain import masking
from relief_desktop.domain.inspection import Quarter, format_rate, unit_word
from relief_desktop.exports import pdf
from relief_desktop.services.reporting.kpi import STATUS_TEXT as STATUS_TEXT  # reports use it
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.services.reporting.monthly import CoverageRow, MonthlyReport
from relief_desktop.services.reporting.narrative import SECTIONS

NOT_DUE_COLOUR = "#9e9e9e"


def kpi_blocks(results: tuple[KpiResult, ...], title: str, elapsed: float) -> list[pdf.Block]:
    rows = [
        [
            r.kpi.label,
            r.to_date_text(),
            r.target_text(),
            "—" if r.not_due else f"{r.progress:.0%}",
            STATUS_TEXT[r.status],
        ]
        for r in results
    ]
    behind = [i for i, r in enumerate(results) if r.status == "red"]
    chart = pdf.BarChart(
        f"{title}（虚线为合同年度已过 {elapsed:.0%}）",
        [(r.kpi.label, r.progress, NOT_DUE_COLOUR if r.not_due else r.status) for r in results],
        marker=elapsed,
    )
    return [
        pdf.Table(
            ["指标", "完成", "目标", "完成率", "状态"],
            rows,
            [3.2, 1.8, 1.8, 1, 1],
            behind,
            keep_together=True,
        ),
        chart,
    ]


def coverage_blocks(rows: tuple[CoverageRow, ...], end: str) -> list[pdf.Block]:
    """入户核查覆盖率 per category: the quarter to date against the quarterly target, and the
    contract year to date (DOMAIN.md §2; only in-person home inspections count)."""
    if not rows:
        return []
    quarter_over = Quarter.of(rows[0].quarter.period.end).period.end == rows[0].quarter.period.end
    late = [i for i, row in enumerate(rows)
            if quarter_over and row.quarter.denominator and not row.quarter.met]  # fmt: skip
    return [
        pdf.Heading(f"入户核查覆盖率（{rows[0].quarter_label}，截至 {end}）", level=2),
        pdf.Table(
            ["核查类别", "本季度已核查/在册", "本季度覆盖率", "季度目标", "合同年度已核查/在册",
             "合同年度覆盖率"],
            [coverage_cells(row) for row in rows],
            [1.8, 1.6, 1.2, 1, 1.7, 1.3],
            late,
        ),
        pdf.Paragraph("只计入户核查（电话核查、未遇不计）；同一对象多次核查计一次；低保按户计。",
                      small=True),
    ]  # fmt: skip


def coverage_cells(row: CoverageRow) -> list[str]:
    unit = unit_word(row.category)
    return [
        row.category,
        f"{row.quarter.numerator}/{row.quarter.denominator} {unit}",
        format_rate(row.quarter.rate),
        f"{row.target:.0%}",
        f"{row.year.numerator}/{row.year.denominator} {unit}",
        format_rate(row.year.rate),
    ]


def document(report: MonthlyReport, photos: tuple[Path, ...] = ()) -> pdf.Document:
    elapsed = report.year.elapsed_share(report.period.end)  # as of the month reported
    blocks: list[pdf.Block] = [
        pdf.KeyValues(
            [
                ("报送单位", f"{report.street}社会关爱援助中心"),
                ("报送期间", report.period.label),
                ("合同年度", f"{report.year.start} 至 {report.year.end}"),
                (
                    "数据口径",
                    "身份证号、姓名已脱敏" if report.masked else "含完整身份信息，注意保密",
                ),
            ]
        ),
        pdf.Heading("一、关键数字"),
        pdf.Table(
            ["项目", "本月", "合同年度累计"],
            [[n.label, n.month, n.year] for n in report.key_numbers],
            [3, 1.5, 1.5],
        ),
        pdf.Heading("二、合同指标进度"),
        *kpi_blocks(report.year_kpis, "合同年度指标完成率", elapsed),
        *coverage_blocks(report.coverage, report.period.end.isoformat()),
    ]
    narrative = report.narrative
    for number, (key, title) in zip("三四五六", SECTIONS, strict=True):
        blocks.append(pdf.Heading(f"{number}、{title}"))
        text = str(getattr(narrative, key)).strip()
        if report.masked:  # an ID or phone typed into the story is masked like the fields
            text = masking.scrub(text)
        blocks.append(pdf.Paragraph(text or "（本月未填写）"))
    for photo in photos:
        blocks.append(pdf.Image(photo, photo.stem))
    return pdf.Document(
        f"{report.street}社会关爱援助中心工作简报",
        blocks,
        subtitle=f"{report.period.label} · 生成于 {report.generated_on:%Y-%m-%d}",
    )
