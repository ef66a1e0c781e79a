"""Demo reporting: a year of monthly narratives, packets sent (mostly by the 5th), disclosures."""

import json
from datetime import datetime, timedelta

from relief_desktop.domain.periods import add_months, month_of
from relief_desktop.services.demo import DemoContext
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.bulk import insert_many
from relief_desktop.storage.sqldb import dbapi

WORK = (
    "本月走访辖区各社区，完成困难群众需求评估与个案服务；协助区民政局开展在册对象入户核查；"
    "链接爱心企业和社会组织资源，开展主题活动一场。"
)
STORY = (
    "独居老人李某（化名）因病致困，中心评估后制定了个性化援助方案，链接康复机构上门服务，"
    "协调社区志愿者每周探访，老人生活逐步改善。"
)
PROBLEMS = "部分对象居住分散，入户核查需多次预约；物资类资源的价值认定依据需进一步规范。"
PLAN = "完成本季度入户核查剩余对象；召开社区联系会议；开展一次政策宣传活动。"


def add_demo_records(ctx: DemoContext) -> None:
    assert isinstance(ctx.conn, dbapi.Connection)
    narratives: list[dict[str, object]] = []
    packets: list[dict[str, object]] = []
    disclosures: list[dict[str, object]] = []
    month = month_of(ctx.contract_start)
    while month.end < ctx.today:
        key = f"{month.start:%Y-%m}"
        narratives.append(
            {
                "month": key,
                "work_by_area": WORK,
                "case_story": STORY,
                "problems": PROBLEMS,
                "next_plan": PLAN,
                "photos": "[]",
            }
        )
        due = due_date(key)
        # Most months go out on the 2nd–5th; one in six slips a day or two.
        sent = due.replace(day=ctx.rng.randint(2, 5) if ctx.rng.random() > 0.17 else 6)
        if sent <= ctx.today:
            worker = ctx.rng.choice(ctx.team)
            packets.append(
                {
                    "kind": "month",
                    "period": key,
                    "version": 1,
                    "generated_at": datetime.combine(sent, datetime.min.time())
                    .replace(hour=16)
                    .isoformat(timespec="seconds"),
                    "generated_on": sent.isoformat(),
                    "worker_name": worker.name,
                    "file_name": f"演示-{key}-v1.zip",
                    "path": "",
                    "sha256": "",
                    "encrypted": 1,
                    "masked": 1,
                    "row_counts": json.dumps({}, ensure_ascii=False),
                }
            )
            posted = min(ctx.today, sent + timedelta(days=2))
            disclosures.append(
                {
                    "period_start": month.start.isoformat(),
                    "period_end": month.end.isoformat(),
                    "text": f"{month.label}关爱援助信息公开（演示）",
                    "posted_on": posted.isoformat(),
                }
            )
        month = month_of(add_months(month.start, 1))
    actor = ctx.actor()
    insert_many(ctx.conn, "monthly_narrative", narratives, actor, log=False)
    insert_many(ctx.conn, "packet", packets, actor, log=False)
    insert_many(ctx.conn, "disclosure", disclosures, actor, log=False)
