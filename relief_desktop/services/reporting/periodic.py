"""Half-year and year-end reports (半年/年终): KPI progress over a contract period, PDF + xlsx."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from relief_desktop.domain import masking
from relief_desktop.domain.periods import Period, contract_year
from relief_desktop.exports import pdf, xlsx
from relief_desktop.services import team
from relief_desktop.services.reporting import briefing, kpi, monthly, narrative
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class PeriodicFiles:
    pdf: Path
    xlsx: Path
    pages: int


def kpi_sheet(results: list[kpi.KpiResult]) -> xlsx.Sheet:
    return xlsx.Sheet(
        "合同指标",
        [
            xlsx.Column("指标"),
            xlsx.Column("完成"),
            xlsx.Column("目标"),
            xlsx.Column("完成率", "percent"),
            xlsx.Column("应完成进度", "percent"),
            xlsx.Column("状态"),
            xlsx.Column("说明"),
        ],
        [[*monthly.kpi_cells(r), r.kpi.note] for r in results],
    )


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


def write(
    store: Store, period: Period, out_dir: Path, title: str, today: date | None = None
) -> PeriodicFiles:
    """Write `<street>-<title>.pdf/.xlsx` for a contract half-year or year (or any period)."""
    today = today or date.today()
    street = f"{team.street_name(store)}街道"
    year = contract_year(team.contract_start(store, today))
    results = kpi.compute(store, period, today=today)
    numbers = monthly.key_numbers(store, period, year)
    months = _months(store, period)
    blocks: list[pdf.Block] = [
        pdf.KeyValues([("报告期间", f"{period.start} 至 {period.end}"), ("单位", street)]),
        pdf.Heading("一、关键数字"),
        pdf.Table(
            ["项目", "本期", "合同年度累计"],
            [[n.label, n.month, n.year] for n in numbers],
            [3, 1.5, 1.5],
        ),
        pdf.Heading("二、合同指标完成情况"),
        *briefing.kpi_blocks(tuple(results), "指标完成率", period.elapsed_share(today)),
        pdf.Heading("三、各月工作摘要"),
    ]
    for month_text in months:
        blocks.append(pdf.Heading(month_text.month, level=2))
        blocks.append(pdf.Paragraph(month_text.work_by_area or "（未填写）"))
        if month_text.problems:
            blocks.append(pdf.Paragraph(f"问题：{month_text.problems}", small=True))
    if not months:
        blocks.append(pdf.Paragraph("（本期各月尚未填写工作简报文字）"))
    base = f"{street}-{title}"
    pdf_path = out_dir / f"{base}.pdf"
    pages = pdf.write_pdf(pdf_path, pdf.Document(f"{street}社会关爱援助中心{title}", blocks))
    book = out_dir / f"{base}.xlsx"
    summary = xlsx.Sheet(
        "关键数字",
        [xlsx.Column("项目"), xlsx.Column("本期"), xlsx.Column("合同年度累计")],
        [n.cells() for n in numbers],
    )
    heading = team.print_heading(store, f"{period.start} 至 {period.end}")
    sheets = [summary, kpi_sheet(results), records_sheet(results)]
    xlsx.write_workbook(book, sheets, heading=heading)
    return PeriodicFiles(pdf_path, book, pages)


def _months(store: Store, period: Period) -> list[narrative.Narrative]:
    rows = store.reader().execute(
        "SELECT month FROM monthly_narrative WHERE month BETWEEN ? AND ? ORDER BY month",
        (f"{period.start:%Y-%m}", f"{period.end:%Y-%m}"),
    )
    return [narrative.load(store, r[0]) for r in rows.fetchall()]
