"""WeChat disclosure (情动成华): aid given and money used in a period, names masked, no IDs."""

from dataclasses import dataclass
from datetime import date

from relief_desktop.domain.money import format_yuan
from relief_desktop.domain.names import mask_name
from relief_desktop.domain.periods import Period
from relief_desktop.services import team
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class DisclosureText:
    period: Period
    text: str
    recipients: int
    received_fen: int
    handed_fen: int


def compose(store: Store, period: Period) -> DisclosureText:
    """The text to copy into the WeChat editor. Recipients appear as 张** (社区), never more."""
    conn = store.reader()
    span = (period.start.isoformat(), period.end.isoformat())
    street = f"{team.street_name(store)}街道社会关爱援助中心"
    receipts = conn.execute(
        """SELECT p.name, r.kind, r.item, r.value_fen FROM resource_receipt r
           JOIN provider p ON p.id = r.provider_id WHERE r.received_on BETWEEN ? AND ?
           ORDER BY r.received_on, r.id""",
        span,
    ).fetchall()
    handovers = conn.execute(
        """SELECT b.name, c.name, r.kind, r.item, h.value_fen, h.handed_on
           FROM resource_handover h JOIN resource_receipt r ON r.id = h.receipt_id
           JOIN beneficiary b ON b.id = h.beneficiary_id JOIN community c ON c.id = b.community_id
           WHERE h.handed_on BETWEEN ? AND ? ORDER BY h.handed_on, h.id""",
        span,
    ).fetchall()
    received = sum(r[3] for r in receipts)
    handed = sum(h[4] for h in handovers)
    by_kind: dict[str, int] = {}
    for row in handovers:
        by_kind[row[2]] = by_kind.get(row[2], 0) + row[4]
    people = {(h[0], h[1]) for h in handovers}
    lines = [
        f"【{street}】{period.label}关爱援助信息公开",
        "",
        f"{period.start:%Y年%m月%d日}至{period.end:%Y年%m月%d日}，"
        f"本中心链接爱心资源 {len(receipts)} 笔，折合 {format_yuan(received)} 元；"
        f"向 {len(people)} 名困难群众发放援助 {len(handovers)} 次，"
        f"折合 {format_yuan(handed)} 元。",
    ]
    if by_kind:
        parts = "，".join(f"{kind} {format_yuan(fen)} 元" for kind, fen in sorted(by_kind.items()))
        lines.append(f"其中：{parts}。")
    if receipts:
        lines += ["", "一、爱心资源来源"]
        for i, (provider, kind, item, fen) in enumerate(receipts, 1):
            lines.append(f"{i}. {provider}：{kind}·{item}，{format_yuan(fen)} 元")
    if handovers:
        lines += ["", "二、援助发放明细（姓名已作隐私处理）"]
        for i, (name, community, kind, item, fen, day) in enumerate(handovers, 1):
            lines.append(
                f"{i}. {day[5:].replace('-', '月')}日 {community} {mask_name(name)}："
                f"{kind}·{item}，{format_yuan(fen)} 元"
            )
    lines += ["", "感谢每一位爱心人士和单位的支持！欢迎监督，咨询请联系本中心。"]
    return DisclosureText(period, "\n".join(lines), len(people), received, handed)


def record(store: Store, actor: Actor, text: DisclosureText, posted_on: date | None) -> str:
    """Keep the text (and the day it was posted) for the publicity KPI; returns the uuid."""

    with store.write(actor) as session:
        row = orm.Disclosure(
            period_start=text.period.start.isoformat(),
            period_end=text.period.end.isoformat(),
            text=text.text,
            posted_on=posted_on.isoformat() if posted_on else None,
        )
        session.add(row)
        session.flush()
        return row.uuid
