"""社区联络台账: at least one contact per community a month; community meetings are flagged."""

from datetime import date

from relief_desktop.ledgers.spec import CheckContext, Field, Ledger, Ref
from relief_desktop.storage.settings import communities
from relief_desktop.storage.store import Store

MODES = ("上门走访", "电话", "微信", "会议", "其他")
TOPICS = ("新发现困难群众", "情况反馈", "资源对接", "政策宣传", "个案转介", "其他")


def _check(ctx: CheckContext) -> None:
    if ctx.values.get("is_meeting"):
        if not ctx.values.get("attendees"):
            ctx.add("attendees", "meeting_attendees")
        if not ctx.values.get("meeting_minutes"):
            ctx.add("meeting_minutes", "meeting_minutes")


def _summary(store: Store, today: date) -> str:
    start = today.replace(day=1)
    contacted, total = communities_contacted(store, start, today)
    missing = communities_not_contacted(store, start, today)
    text = f"本月（{today.year}年{today.month}月）已联络 {len(contacted)}/{total} 个社区"
    if missing:
        return text + "；尚未联络：" + "、".join(missing)
    return text + "，全部社区均已联络。"


def communities_contacted(store: Store, start: date, end: date) -> tuple[list[str], int]:
    """(names of the street's active communities contacted in the period, number of them all)."""

    active = communities(store)
    ids = {
        int(r[0])
        for r in store.reader().execute(
            "SELECT DISTINCT community_id FROM community_liaison"
            " WHERE contacted_on BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        )
    }
    return [c.name for c in active if c.id in ids], len(active)


def communities_not_contacted(store: Store, start: date, end: date) -> list[str]:
    contacted, _ = communities_contacted(store, start, end)

    return [c.name for c in communities(store) if c.name not in contacted]


LIAISON = Ledger(
    key="liaison",
    title="社区联络台账",
    table="community_liaison",
    aliases=("社区联络", "工作联络", "community_liaison"),
    group="联络与宣传",
    record_label="联络记录",
    date_field="contacted_on",
    fields=(
        Field(
            "contacted_on", "联络日期", "date", required=True, default="today", synonyms=("日期",)
        ),
        Field(
            "community_id",
            "社区",
            "ref",
            required=True,
            filter=True,
            ref=Ref(
                "community",
                key="name",
                display="{r}.name",
                where="{r}.active = 1",
                order="r.sort_order, r.id",
                loose_suffixes=("社区", "村", "居委会"),
            ),
            synonyms=("联络社区", "社区名称"),
        ),
        Field("mode", "联络方式", "choice", required=True, choices=MODES, filter=True),
        Field("contact_person", "社区联系人", synonyms=("联系人",)),
        Field("topics", "联络事项", "multi", choices=TOPICS, synonyms=("事项", "主题")),
        Field("content", "联络内容", "longtext", synonyms=("内容",)),
        Field("referrals", "转介情况", synonyms=("转介",)),
        Field("follow_up", "后续跟进", in_list=False),
        Field("is_meeting", "社区联系会议", "bool", filter=True, synonyms=("是否会议",)),
        Field("attendees", "参会人员", in_list=False),
        Field("meeting_minutes", "会议纪要", "longtext", in_list=False),
        Field("recorder", "记录人", "worker"),
    ),
    check=_check,
    summary=_summary,
    note="每月与每个社区至少联络 1 次；全年社区联系会议不少于 2 次。",
)
