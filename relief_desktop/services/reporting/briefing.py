"""The PDF 工作简报 of a report: header, key numbers, KPI progress table and chart, narrative."""

from pathlib import Path

from relief_desktop.domain import masking
from relief_desktop.exports import pdf
from relief_desktop.services.reporting.kpi import KpiResult
from relief_desktop.services.reporting.monthly import MonthlyReport
from relief_desktop.services.reporting.narrative import SECTIONS

STATUS_TEXT = {"green": "正常", "amber": "需关注", "red": "滞后"}


def kpi_blocks(results: tuple[KpiResult, ...], title: str, elapsed: float) -> list[pdf.Block]:
    rows = [
        [
            r.kpi.label,
            r.value_text(),
            r.target_text(),
            f"{r.progress:.0%}",
            STATUS_TEXT[r.status],
        ]
        for r in results
    ]
    behind = [i for i, r in enumerate(results) if r.status == "red"]
    chart = pdf.BarChart(
        f"{title}（虚线为合同年度已过 {elapsed:.0%}）",
        [(r.kpi.label, r.progress, r.status) for r in results],
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
