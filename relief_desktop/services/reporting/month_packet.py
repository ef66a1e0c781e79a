"""Generate the monthly packet (报送) for month M: checks, workbook, briefing PDF, manifest, zip."""

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from relief_desktop.domain.periods import Period
from relief_desktop.exports import pdf, xlsx
from relief_desktop.services import team
from relief_desktop.services.district import overlaps
from relief_desktop.services.reporting import (
    briefing,
    manifest_figures,
    monthly,
    narrative,
    packet,
)
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Gap:
    """Something missing before the packet goes out; the user may still generate."""

    text: str
    serious: bool = False


def completeness(store: Store, period: Period) -> list[Gap]:
    """What the district center would ask about: listed before generating."""
    conn = store.reader()
    span = (period.start.isoformat(), period.end.isoformat())
    gaps: list[Gap] = []
    text = narrative.load(store, f"{period.start:%Y-%m}")
    for key, title in narrative.SECTIONS:
        if not str(getattr(text, key)).strip():
            gaps.append(Gap(f"工作简报的“{title}”还没有填写。", serious=key != "case_story"))
    missing = conn.execute(
        """SELECT c.name FROM community c WHERE c.active = 1
           AND c.street_code = (SELECT value FROM setting WHERE key = 'street_code')
           AND NOT EXISTS (SELECT 1 FROM community_liaison l WHERE l.community_id = c.id
                           AND l.contacted_on BETWEEN ? AND ?) ORDER BY c.sort_order""",
        span,
    ).fetchall()
    if missing:
        names = "、".join(r[0] for r in missing)
        gaps.append(Gap(f"本月还有 {len(missing)} 个社区没有工作联络记录：{names}。", True))
    no_worker = conn.execute(
        """SELECT count(*) FROM service_record s WHERE s.served_on BETWEEN ? AND ?
           AND NOT EXISTS (SELECT 1 FROM service_record_worker w
                           WHERE w.service_record_id = s.id)""",
        span,
    ).fetchone()[0]
    if no_worker:
        gaps.append(Gap(f"有 {no_worker} 条个案服务记录没有填写服务人员。", True))
    services = conn.execute(
        "SELECT count(*) FROM service_record WHERE served_on BETWEEN ? AND ?", span
    ).fetchone()[0]
    if not services:
        gaps.append(Gap("本月没有任何个案服务记录。", True))
    liaison = conn.execute(
        "SELECT count(*) FROM community_liaison WHERE contacted_on BETWEEN ? AND ?", span
    ).fetchone()[0]
    if not liaison:
        gaps.append(Gap("本月没有社区联络记录。", True))
    return gaps


def title_of(period: Period) -> str:
    return f"{period.start.year}年{period.start.month}月月度报送"


def generate(
    store: Store,
    actor: Actor,
    period: Period,
    out_dir: Path,
    *,
    password: str | None = None,
    masked: bool = True,
    progress: packet.Progress | None = None,
    today: date | None = None,
    generated_at: datetime | None = None,
) -> packet.PacketResult:
    """Write the packet zip for `period` into `out_dir` and record it; returns what was made."""
    month = f"{period.start:%Y-%m}"

    def write_files(folder: Path, report: packet.Progress) -> packet.PacketContent:
        report("汇总关键数字与指标", 0.05)
        data = monthly.build(store, period, masked, today)
        report("写入台账工作簿", 0.15)
        sheets = [monthly.summary_sheet(data), *monthly.ledger_sheets(store, period, masked)]
        book = f"台账-{month}.xlsx"
        result = xlsx.write_workbook(
            folder / book,
            sheets,
            lambda rows: report(f"写入台账工作簿（{rows} 行）", 0.4),
            heading=team.print_heading(store, period.label),
        )
        report("生成工作简报 PDF", 0.7)
        photos = tuple(Path(p) for p in data.narrative.photos if Path(p).is_file())
        brief = f"工作简报-{month}.pdf"
        pdf.write_pdf(folder / brief, briefing.document(data, photos))
        figures = manifest_figures.figures(data)
        files = [book, brief]
        if masked:  # with a district key set: the people's keyed ID digests (cross-street)
            people = overlaps.write_people_file(store, folder, month)
            files += [people] if people else []
        return packet.PacketContent(files, dict(result.row_counts), figures)

    return packet.assemble(
        store,
        actor,
        kind="month",
        period=period,
        period_key=month,
        title=title_of(period),
        out_dir=out_dir,
        write_files=write_files,
        password=password,
        masked=masked,
        progress=progress,
        generated_at=generated_at,
    )
