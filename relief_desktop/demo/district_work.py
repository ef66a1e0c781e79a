"""`demo --district`: the district center's own ledgers over its contract year, saved through the
ledger service as a user would — quarterly trainings (the last still to come), a monthly case
conference (one month missed), field supervision of every street each quarter (one street missed
once, the running quarter under way), a weekly WeChat post (a three-week gap), journal issues,
activities, media (no 市级 report yet), resources a little short of 60万, people helped and
surveys. The 区中心工作 page then shows green, amber and red."""

import random
from collections.abc import Callable
from datetime import date, timedelta

from relief_desktop.domain.periods import add_months, month_of, quarter_of
from relief_desktop.ledgers import registry, service
from relief_desktop.ledgers.definitions.district import STREET_NAMES
from relief_desktop.services import team
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

TRAINING_TOPICS = ("救助社会工作理论与伦理", "需求评估与个案管理实务", "资源链接与社会资源动员",
                   "困境儿童与高龄老人关爱服务")  # fmt: skip
DISTRICT_PROVIDERS = (
    "成都爱心超市有限公司", "蓉城慈善基金会", "成华区慈善会", "四川和美物业服务有限公司",
    "成都市第八人民医院", "启明社工服务中心", "成都新华书店建设路店", "川粮油脂有限公司",
    "锦城律师事务所", "成都理工大学志愿者协会", "成华区红十字会", "建设路街道餐饮协会",
    "四川省社会工作协会", "成都银行成华支行", "天府通信有限公司", "蜀都药房连锁",
    "成都东郊记忆文创园", "龙潭工业园企业联合会", "成华区青年志愿者协会", "爱心人士 李女士",
    "成都公交集团爱心车队", "锦江宾馆餐饮部",
)  # fmt: skip
ACTIVITY_TITLES = (
    "“关爱随行”心理健康服务行动启动仪式", "冬季送温暖全区联动", "困境儿童暑期陪伴计划",
    "重阳敬老关爱月", "社会救助政策宣传周", "“情动成华”资源对接会", "残疾人关爱服务日",
    "民法典婚姻家庭编宣传进社区", "年终关爱援助成果展",
)  # fmt: skip

FINDINGS = (
    ("个案需求评估记录不全", "两周内补齐需求评估表"),
    ("资源台账未按月登记", "按月登记资源接收与发放"),
    ("社区联络记录缺少会议纪要", "补写会议纪要并存档"),
    ("重点个案服务频次不足", "每月至少上门服务一次"),
    ("档案柜未上锁，纸质档案保管不规范", "档案柜加锁，专人保管"),
)


class _Writer:
    def __init__(self, store: Store, actor: Actor, today: date) -> None:
        self.store, self.actor, self.today = store, actor, today

    def save(self, key: str, **raw: object) -> str:
        ledger = registry.get_for(self.store, key)
        return service.create(self.store, self.actor, ledger, raw, today=self.today)


def fill(store: Store, actor: Actor, start: date, today: date, seed: int = 2026) -> int:
    """The district's own records from the contract start to `today`; returns how many (none
    when the district already keeps its own ledgers: a demo never doubles a user's records)."""
    if store.reader().execute("SELECT count(*) FROM district_training").fetchone()[0]:
        return 0
    rng = random.Random(f"{seed}-district-work")
    out = _Writer(store, actor, today)
    names = [m.name for m in team.team(store)]
    count = 0
    span = (today - start).days

    def day(share: float) -> date:
        return start + timedelta(days=min(span, max(0, int(span * share))))

    for n, topic in enumerate(TRAINING_TOPICS[:3]):  # the fourth is planned for next month
        streets = rng.sample(STREET_NAMES, rng.randint(8, 11))
        out.save("trainings", held_on=day(0.1 + 0.3 * n).isoformat(), topic=topic,
                 kind="专题培训", trainer="四川省社会工作协会 讲师", streets="、".join(streets),
                 audiences="街道中心工作人员、社区工作者", attendees=str(len(streets) * 4 + 6),
                 venue="区关爱援助中心培训室")  # fmt: skip
        count += 1
    count += _supervision(out, rng, names, start, today)
    month = month_of(start)
    while month.start <= today:
        held = max(month.start, start) + timedelta(days=rng.randint(8, 20))
        if held <= today and month.start != month_of(add_months(today, -5)).start:
            streets = rng.sample(STREET_NAMES, 4)
            out.save("case_conferences", held_on=held.isoformat(), scope="部分街道",
                     streets="、".join(streets), cases_discussed=str(rng.randint(2, 3)),
                     attendees=str(rng.randint(10, 18)), host=names[0],
                     conclusions="明确个案需求与分工，一个月后回顾跟进情况。")  # fmt: skip
            count += 1
        month = month_of(add_months(month.start, 1))
    for n in range(10):
        out.save("difficult_cases", collected_on=day(0.05 + 0.06 * n).isoformat(),
                 street=STREET_NAMES[n], case_ref=f"GA-{2026}-{n * 7 + 3:04d}",
                 difficulty="急重难"[n % 3], status="已结案" if n < 4 else "跟进中",
                 last_follow_up=day(0.5 + 0.04 * n).isoformat(), in_casebook=n < 4,
                 supervisor=names[0])  # fmt: skip
        count += 1
    for n, title in enumerate(ACTIVITY_TITLES):
        out.save(
            "activities",
            title=title,
            held_on=day(0.04 + 0.105 * n).isoformat(),
            venue="成华区",
            participants=str(rng.randint(80, 300)),
            plan_filed=True,
        )
        count += 1
    count += _publicity(out, rng, start, today, day)
    count += _resources(out, rng, day)
    for n in range(40):
        out.save("district_surveys", surveyed_on=day(0.2 + 0.02 * n).isoformat(),
                 respondent=("参训人员", "服务对象", "活动参与者")[n % 3], method="问卷",
                 overall=str(5 if n % 3 else (4 if n % 8 else 3)))  # fmt: skip
        count += 1
    return count


def _supervision(out: _Writer, rng: random.Random, names: list[str], start: date,
                 today: date) -> int:  # fmt: skip
    count = 0
    quarter = quarter_of(start)
    missed = quarter_of(add_months(today, -4)).start  # one street missed in that quarter
    while quarter.start <= today:
        first, last = max(quarter.start, start), min(quarter.end, today)
        running = quarter.end > today
        streets = list(STREET_NAMES)
        if running:
            streets = streets[: max(1, len(streets) * (last - first).days // 92)]
        elif quarter.start == missed:
            streets.remove("白莲池")
        for name in streets:
            visited = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
            done = visited + timedelta(days=rng.randint(7, 20))
            found, remedy = rng.choice(FINDINGS)
            out.save("supervision", visited_on=visited.isoformat(), street=name,
                     supervisors="、".join(names[:2]), topics="个案管理、资源链接",
                     findings=found, follow_up=remedy,
                     follow_up_done_on=done.isoformat() if done <= today else "")  # fmt: skip
            count += 1
        quarter = quarter_of(add_months(quarter.start, 3))
    return count


def _publicity(
    out: _Writer, rng: random.Random, start: date, today: date, day: Callable[[float], date]
) -> int:
    count = 0
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    gap = monday + timedelta(weeks=20)
    while monday <= today:
        if not gap <= monday < gap + timedelta(weeks=3):
            posted = min(today, monday + timedelta(days=rng.randint(1, 4)))
            out.save("wechat", posted_on=posted.isoformat(), title=f"{posted:%m月%d日}帮扶信息公开",
                     kind=rng.choice(("帮扶信息公开", "活动报道", "政策宣传")),
                     reads=str(rng.randint(300, 2400)))  # fmt: skip
            count += 1
        monday += timedelta(weeks=1)
    for n in range(10):
        out.save("journal", issue_no=f"第{n + 1}期", published_on=day(0.08 + 0.09 * n).isoformat(),
                 title=f"情动成华·第{n + 1}期", copies="500")  # fmt: skip
        count += 1
    for n, (level, outlet) in enumerate((("省级", "四川日报"), ("区级", "成华发布"),
                                          ("区级", "成华电视台"), ("区级", "成华发布"),
                                          ("区级", "成华报"), ("区级", "成华发布"))):  # fmt: skip
        out.save("media", published_on=day(0.1 + 0.15 * n).isoformat(), outlet=outlet,
                 level=level, title="成华区社会关爱援助工作纪实")  # fmt: skip
        count += 1
    return count


def _resources(out: _Writer, rng: random.Random, day: Callable[[float], date]) -> int:
    count = 0
    for name in DISTRICT_PROVIDERS:
        out.save("providers", name=name, provider_type="企业" if "公司" in name else "社会组织")
        count += 1
    values = [rng.randint(18_000, 27_000) for _ in DISTRICT_PROVIDERS]  # ≈ 50万 of 60万
    for n, (name, value) in enumerate(zip(DISTRICT_PROVIDERS, values, strict=True)):
        receipt = out.save(
            "resources",
            received_on=day(0.03 + 0.04 * n).isoformat(),
            provider_id=name,
            channel="线下定向筹款",
            kind=("物资", "服务", "资金")[n % 3],
            item=("米面油", "心理疏导服务", "助学金")[n % 3],
            value_fen=str(value),
            value_basis=("市场价", "工时×单价", "现金到账")[n % 3],
            quantity="10" if n % 3 == 1 else "",
            unit="小时" if n % 3 == 1 else "",
        )
        people = rng.randint(10, 20)
        serial = service.load(out.store, registry.get_for(out.store, "resources"), receipt)
        out.save("district_aid", aided_on=day(0.05 + 0.04 * n).isoformat(),
                 street=STREET_NAMES[n % len(STREET_NAMES)], item="米面油及助学帮扶",
                 people=str(people), value_fen=str(value // 2),
                 receipt_serial=serial.values["serial"])  # fmt: skip
        count += 2
    return count
