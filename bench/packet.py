"""Monthly packet of a large street against openpyxl + reportlab writing the same rows and pages.

    .venv/bin/python -m bench.packet   # 5,000 persons, 30,000 service records, 5,000 receipts
    .venv/bin/python -m bench.packet --persons 1000 --services 6000 --receipts 1000

The app's whole packet (queries, every ledger sheet, the PDF briefing, manifest, zip) is divided
by a baseline measured in the same run that writes the very same cells, already in memory, with
openpyxl in write-only mode, as many PDF pages with reportlab, and a zip. Target ≤ 1.5.
"""

import argparse
import re
import statistics
import tempfile
import time
import zipfile
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from relief_desktop import demo
from relief_desktop.domain.periods import Period, month_of
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.reporting import month_packet
from relief_desktop.storage.store import Store

TARGET = 1.5


def build_store(root: Path, persons: int, services: int, receipts: int) -> tuple[Store, Period]:
    store = Store.open(AppPaths.under(root))
    demo.generate(store, persons)
    month = month_of(date.today().replace(day=1) - timedelta(days=1))
    conn = store.reader()
    span = {"start": month.start.isoformat(), "end": month.end.isoformat()}
    conn.execute("BEGIN")
    # Top the month up to the target row counts by copying the street's own records into it.
    have = conn.execute(
        "SELECT count(*) FROM service_record WHERE served_on BETWEEN :start AND :end", span
    ).fetchone()[0]
    n = 0
    while have < services:
        conn.execute(
            f"""INSERT INTO service_record (case_id, beneficiary_id, served_on, measure_id,
                service_type, mode, content, minutes, resources, next_step, uuid, created_at,
                updated_at, updated_by)
                SELECT case_id, beneficiary_id,
                       date(:start, '+' || (abs(random()) % 28) || ' days'), measure_id,
                       service_type, mode, content, minutes, resources, next_step,
                       lower(hex(randomblob(16))), created_at, updated_at, updated_by
                FROM service_record LIMIT {min(services - have, 5000)}""",
            span,
        )
        have = conn.execute(
            "SELECT count(*) FROM service_record WHERE served_on BETWEEN :start AND :end", span
        ).fetchone()[0]
    have = conn.execute(
        "SELECT count(*) FROM resource_receipt WHERE received_on BETWEEN :start AND :end", span
    ).fetchone()[0]
    while have < receipts:
        n += 1
        conn.execute(
            f"""INSERT INTO resource_receipt (serial, received_on, provider_id, channel, platform,
                kind, item, quantity, unit, value_fen, value_basis, receipt_no, purpose, handler,
                notes, uuid, created_at, updated_at, updated_by)
                SELECT serial || '-B{n}-' || id,
                       date(:start, '+' || (abs(random()) % 28) || ' days'),
                       provider_id, channel, platform, kind, item, quantity, unit, value_fen,
                       value_basis, receipt_no, purpose, handler, notes,
                       lower(hex(randomblob(16))), created_at, updated_at, updated_by
                FROM resource_receipt LIMIT {min(receipts - have, 5000)}""",
            span,
        )
        have = conn.execute(
            "SELECT count(*) FROM resource_receipt WHERE received_on BETWEEN :start AND :end", span
        ).fetchone()[0]
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    return store, month


def app_packet(store: Store, month: Period, out: Path) -> tuple[float, int]:
    """Seconds for the whole packet, and the pages of its PDF briefing."""
    actor = team.team(store)[0].actor
    started = time.perf_counter()
    result = month_packet.generate(store, actor, month, out)
    seconds = time.perf_counter() - started
    with zipfile.ZipFile(result.path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".pdf"))
        pages = len(re.findall(rb"/Type /Page\b", archive.read(name)))
    return seconds, pages


def packet_cells(store: Store, month: Period) -> list[tuple[str, list[list[object]]]]:
    """The cells of every sheet the packet holds, materialised before the baseline's clock."""
    from relief_desktop.exports.xlsx import Typed
    from relief_desktop.services.reporting import monthly

    def plain(row: Sequence[object]) -> list[object]:  # a typed cell's value, as openpyxl takes it
        return [c.value if isinstance(c, Typed) else c for c in row]

    report = monthly.build(store, month)
    sheets = [monthly.summary_sheet(report), *monthly.ledger_sheets(store, month, True)]
    return [(sheet.title, [[c.header for c in sheet.columns], *map(plain, sheet.rows)])
            for sheet in sheets]  # fmt: skip


def baseline(cells: list[tuple[str, list[list[object]]]], out: Path, pages: int) -> float:
    """Plain openpyxl write-only + reportlab + zipfile writing the same cells and as many pages;
    the rows are already in memory, so this times the writing alone."""
    from openpyxl import Workbook
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Table

    from relief_desktop.resources import font_path

    started = time.perf_counter()
    book = Workbook(write_only=True)
    for title, rows in cells:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out.mkdir(parents=True, exist_ok=True)
    book.save(out / "book.xlsx")
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(font_path()), subfontIndex=0))
    style = ParagraphStyle("s", fontName="WQY", fontSize=10, leading=14)
    flow: list[Flowable] = []
    for page in range(pages):
        flow.append(Paragraph(f"工作简报 第 {page + 1} 页", style))
        flow.append(Table([["项目", "本月", "累计"]] + [["指标", "1", "2"]] * 30,
                          style=[("FONTNAME", (0, 0), (-1, -1), "WQY")]))  # fmt: skip
        flow.append(PageBreak())
    SimpleDocTemplate(str(out / "brief.pdf"), pagesize=A4).build(flow)
    with zipfile.ZipFile(out / "packet.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(out / "book.xlsx", "book.xlsx")
        archive.write(out / "brief.pdf", "brief.pdf")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--services", type=int, default=30000)
    parser.add_argument("--receipts", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"准备数据：{args.persons} 人，{args.services} 条服务记录，{args.receipts} 条资源 …")
        store, month = build_store(root / "store", args.persons, args.services, args.receipts)
        cells = packet_cells(store, month)
        apps: list[float] = []
        bases: list[float] = []
        for i in range(args.repeat):
            seconds, pages = app_packet(store, month, root / f"app{i}")
            apps.append(seconds)
            bases.append(baseline(cells, root / f"base{i}", pages))
        store.close()
    app, base = statistics.median(apps), statistics.median(bases)
    ratio = app / base
    print(f"月度资料包（{month.label}）：应用 {app:.2f} 秒，基线 {base:.2f} 秒", end="")
    print(f"（中位数，各 {args.repeat} 次）")
    print(f"比值 {ratio:.2f}，目标 ≤ {TARGET}：{'PASS' if ratio <= TARGET else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
