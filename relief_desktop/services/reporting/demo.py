"""Demo reporting: a year of monthly narratives, packets sent (mostly by the 5th), disclosures."""

import json
from datetime import datetime, timedelta

from relief_desktop.domain.periods import add_months, contract_half, contract_year, month_of
from relief_desktop.services.demo import DemoContext
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.bulk import insert_many
from relief_desktop.storage.sqldb import dbapi

WORK = (
    "走访辖区{a}个社区，完成困难群众需求评估{b}人次，新建个案{c}个",
    "协助区民政局开展低保、特困在册对象入户核查{d}户次，发现并反馈问题{e}条",
    "链接爱心企业捐赠米面油等物资，为{b}户困难家庭送去生活必需品",
    "召开社区联系会议，与{a}个社区共同梳理重点对象名单",
    "为{e}名困境儿童开展陪伴成长和学业辅导，协调志愿者结对帮扶",
    "协调辖区医院为{c}名重病患者开通就医绿色通道，化解因病致困风险",
    "首次联合社区卫生服务中心开展上门健康评估{b}人次",
    "开展社会救助政策宣传进社区活动，发放宣传资料{f}份",
)
STORIES = (
    "独居老人李某（化名）因病致困，中心评估后链接康复机构上门服务，协调志愿者每周探访，老人生活逐步改善。",
    "单亲母亲王某（化名）失业后家庭陷入困境，中心协助申请临时救助并转介就业培训，目前已重新就业。",
    "困境儿童小刘（化名）由祖母抚养，中心链接助学资源并安排志愿者学业辅导，孩子成绩明显提高。",
    "残疾人张某（化名）住房漏雨多年，中心协调社区和爱心企业完成房屋修缮，解决了居住安全问题。",
)
PROBLEMS = "部分对象居住分散，入户核查需多次预约；物资类资源的价值认定依据需进一步规范。"
PLAN = "完成本季度入户核查剩余对象；召开社区联系会议；开展一次政策宣传活动。"
HALF_TEXTS = {
    "overview": "上半年中心以入户核查和重点个案为抓手，建立了社区联络员机制，服务覆盖全部社区。",
    "problems": "一是部分低保对象长期外出务工，入户核查多次未遇；"
    "二是物资类捐赠的价值认定缺少统一标准；"
    "三是中心人员少、个案多，个案记录存在滞后。",
    "next_plan": "一是第三季度完成特困、临时救助对象全覆盖核查；"
    "二是与区中心共同制定物资估值办法；"
    "三是每月召开一次个案研讨会，及时补齐服务记录。",
}
YEAR_TEXTS = {
    "overview": "本合同年度中心围绕“发现、评估、帮扶、跟进”开展工作，重点个案和资源链接超额完成。",
    "problems": "一是临时救助对象流动性大，第四季度覆盖率未达目标；"
    "二是月度资料有两个月晚于 5 日报送；"
    "三是“情动成华”信息公开未做到每月一次。",
    "next_plan": "一是建立临时救助对象台账月度核对机制，季度覆盖率达到 100%；"
    "二是每月 3 日前完成资料包自查；"
    "三是信息公开纳入月度工作清单，全年不少于 12 次；四是继续拓展社会资源，力争链接 15 家以上。",
}


def add_demo_records(ctx: DemoContext) -> None:
    assert isinstance(ctx.conn, dbapi.Connection)
    narratives: list[dict[str, object]] = []
    packets: list[dict[str, object]] = []
    disclosures: list[dict[str, object]] = []
    month = month_of(ctx.contract_start)
    while month.end < ctx.today:
        key = f"{month.start:%Y-%m}"
        numbers = {k: ctx.rng.randint(3, 12) for k in "abcde"} | {"f": ctx.rng.randint(80, 300)}
        works = ctx.rng.sample(WORK, 3)
        narratives.append(
            {
                "month": key,
                "work_by_area": "；".join(w.format(**numbers) for w in works) + "。",
                "case_story": ctx.rng.choice(STORIES),
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
    year = contract_year(ctx.contract_start)
    half = contract_half(ctx.contract_start)
    texts = [
        {"period_start": half.start.isoformat(), "period_end": half.end.isoformat(), **HALF_TEXTS}
    ]
    if ctx.today >= add_months(year.end, -1):  # the year-end report is being written
        texts.append(
            {
                "period_start": year.start.isoformat(),
                "period_end": year.end.isoformat(),
                **YEAR_TEXTS,
            }
        )
    insert_many(ctx.conn, "period_report_text", texts, actor, log=False)
