"""`relief-desktop demo`: a believable street with a contract year of work, for tries and benches.

Each module adds its own records through a function named in DEMO_MODULES, so a new user, a
screenshot, a benchmark and a packet all see the same street.
"""

import importlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.idcard import check_digit
from relief_desktop.domain.periods import default_contract_start
from relief_desktop.domain.vocab import CHILD_LABELS, STREETS
from relief_desktop.services import search_text, team
from relief_desktop.services.team import CommunityRow, TeamMember
from relief_desktop.storage.actor import SYSTEM, Actor
from relief_desktop.storage.bulk import ids_by_uuid, insert_many, transaction
from relief_desktop.storage.store import Store

# Modules with `add_demo_records(ctx: DemoContext) -> None`, run in this order after persons.
DEMO_MODULES: tuple[str, ...] = (
    "relief_desktop.services.inspection.demo",
    "relief_desktop.services.casework.demo",
    "relief_desktop.ledgers.demo",
    "relief_desktop.services.reporting.demo",
)

DEFAULT_TEAM = (("王芳", "项目负责人"), ("刘洋", "项目专员"))

# One two-person team serves a registry of about this many people. `demo --people 300` is one
# street's year; more people (`--people 100000`, a load test) scale every per-team count alike.
TEAM_PEOPLE = 300
# What one team produces in a full month of the contract year, as a real street center reports
# it; the lower ends hold from the third month, once the first cases are open (the demo stays
# inside these; tests/services/test_demo_realism.py checks them):
REALISTIC_MONTH: dict[str, tuple[int, int]] = {
    "service_record": (20, 90),  # tens of casework services, not hundreds
    "aid_case": (0, 15),  # cases opened (most in the first months: the caseload taken over)
    "needs_assessment": (0, 20),
    "inspection": (10, 80),  # the quarterly inspection quota spread over its months
    "community_liaison": (5, 25),  # each community about once a month
    "resource_receipt": (0, 10),
    "resource_handover": (0, 45),
    "volunteer_service": (0, 30),
    "reception": (0, 15),
}
KEY_CASES = (10, 15)  # 重点个案 with services in the contract year (the target is 10)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢钟谭廖贾夏付方邹熊秦邱江雷龙陶贺毛向"
)
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉建国华志成德福贵林海波鹏飞亮文正友昌荣庆祥宇浩俊凯"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀英玲桂兰凤梅琴燕红云慧淑珍翠萍婷雪琳颖洁蓉倩欣悦"
ROADS = (
    "建设路",
    "双桥路",
    "水碾河路",
    "府青路",
    "二仙桥东路",
    "跳蹬河路",
    "万年场路",
    "东三环路",
    "杉板桥路",
    "猛追湾街",
    "建设南路",
    "崔家店路",
    "驷马桥路",
    "昭觉寺南路",
    "龙潭路",
    "成华大道",
)
CAUSES = ("因病", "因病", "因残", "因学", "因灾", "失业", "监护缺失", "其他")
HEALTH = ("良好", "良好", "一般", "高血压", "糖尿病", "慢性病", "重病", "行动不便")


@dataclass
class DemoPerson:
    id: int
    uuid: str
    name: str
    birth: date
    community_id: int
    registered_on: date
    labels: list[str]
    status: str


@dataclass
class DemoContext:
    """What each module's demo function gets: an open transaction and the street so far."""

    conn: object  # dbapi.Connection inside transaction()
    rng: random.Random
    today: date
    contract_start: date
    street_code: str
    team: list[TeamMember]
    communities: list[CommunityRow]
    persons: list[DemoPerson] = field(default_factory=list)

    @property
    def teams(self) -> float:
        """How many two-person teams' work this street's registry stands for (1 at 300)."""
        return max(len(self.persons), 1) / TEAM_PEOPLE

    def scaled(self, per_team: float, least: int = 1) -> int:
        """A per-team count for this street: the same rate for a load test of 100,000."""
        return max(least, round(per_team * self.teams))

    def actor(self) -> Actor:
        return self.rng.choice(self.team).actor

    def day_in_contract(self) -> date:
        span = (self.today - self.contract_start).days
        return self.contract_start + timedelta(days=self.rng.randint(0, span))


@dataclass(frozen=True)
class DemoSummary:
    street: str
    persons: int
    members: int
    labels: int


class _People:
    """Made-up but plausible persons: valid check digits, no two alike."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()

    def name(self, sex: str) -> str:
        chars = MALE_CHARS if sex == "男" else FEMALE_CHARS
        given = self.rng.choice(chars)
        if self.rng.random() < 0.65:
            given += self.rng.choice(chars)
        return self.rng.choice(SURNAMES) + given

    def birth(self, lo: int, hi: int) -> date:
        age_days = self.rng.randint(lo * 365 + 1, hi * 365 + 300)
        return self.today - timedelta(days=age_days)

    def id_number(self, birth: date, sex: str) -> str:
        region = self.rng.choice(("510108", "510108", "510108", "510104", "510107", "511321"))
        while True:
            seq = self.rng.randint(0, 99)
            sex_digit = self.rng.choice("13579" if sex == "男" else "02468")
            first17 = f"{region}{birth:%Y%m%d}{seq:02d}{sex_digit}"
            number = first17 + check_digit(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def phone(self) -> str:
        while True:
            number = self.rng.choice(("13", "15", "18", "17", "19")) + str(
                self.rng.randint(100000000, 999999999)
            )
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number


def _ensure_setup(store: Store, street: str | None) -> str:
    code = team.current_street(store)
    if code is None:
        team.setup(store, street or "双桥子", DEFAULT_TEAM)
        code = team.current_street(store)
        assert code is not None
    elif street is not None and STREETS.get(code) != street.removesuffix("街道"):
        raise RuleError("already_set_up", street=STREETS.get(code, code))
    return code


def generate(
    store: Store,
    people: int,
    street: str | None = None,
    seed: int = 2026,
    today: date | None = None,
) -> DemoSummary:
    """Fill the store with `people` persons (and households, labels, later modules' records)."""
    if not 1 <= people <= 500_000:
        raise RuleError("people_count", max=500_000)
    code = _ensure_setup(store, street)
    today = today or date.today()
    start = default_contract_start(today)
    if team.get_setting(store, team.CONTRACT_START_KEY) is None:
        team.set_setting(store, SYSTEM, team.CONTRACT_START_KEY, start.isoformat())
    else:
        start = team.contract_start(store, today)
    rng = random.Random(seed)
    conn = store.reader()
    existing = {row[0] for row in conn.execute("SELECT id_number FROM beneficiary")}
    ctx = DemoContext(conn, rng, today, start, code, team.team(store), team.communities(store))
    maker = _People(rng, today)
    maker.used_ids |= {n for n in existing if n}
    members = labels = 0
    with transaction(conn):
        registrations = sorted(_registration_day(ctx) for _ in range(people))
        for start_at in range(0, people, 5000):
            added = _add_persons(ctx, maker, registrations[start_at : start_at + 5000])
            members, labels = members + added[0], labels + added[1]
        for module_name in DEMO_MODULES:
            importlib.import_module(module_name).add_demo_records(ctx)
    # Fresh statistics let the planner pick the sort index for broad filters.
    conn.execute("ANALYZE")
    return DemoSummary(STREETS[code], people, members, labels)


def _add_persons(
    ctx: DemoContext, maker: _People, registrations: Sequence[date]
) -> tuple[int, int]:
    from relief_desktop.storage.sqldb import dbapi

    assert isinstance(ctx.conn, dbapi.Connection)
    conn = ctx.conn
    rng = ctx.rng
    year_counts: dict[int, int] = {}
    for (file_no,) in conn.execute("SELECT file_no FROM beneficiary"):
        prefix, _, seq = str(file_no).rpartition("-")
        year = int(prefix.rsplit("-", 1)[-1])
        year_counts[year] = max(year_counts.get(year, 0), int(seq))
    rows: list[dict[str, object]] = []
    households: list[list[dict[str, object]]] = []
    label_sets: list[list[dict[str, object]]] = []
    for registered_on in registrations:
        sex = rng.choice(("男", "女"))
        roll = rng.random()
        if roll < 0.42:
            birth = maker.birth(60, 92)
        elif roll < 0.78:
            birth = maker.birth(30, 59)
        elif roll < 0.88:
            birth = maker.birth(18, 29)
        else:
            birth = maker.birth(1, 17)
        name = maker.name(sex)
        id_number = maker.id_number(birth, sex)
        community = rng.choice(ctx.communities)
        phone = maker.phone() if rng.random() < 0.85 else f"028-{rng.randint(80000000, 89999999)}"
        year_counts[registered_on.year] = year_counts.get(registered_on.year, 0) + 1
        file_no = f"{ctx.street_code}-{registered_on.year}-{year_counts[registered_on.year]:04d}"
        status = rng.choices(("在案", "待评估", "转介", "结案"), (55, 15, 5, 25))[0]
        age = (ctx.today - birth).days // 365
        household = _household(maker, rng, sex, birth, age)
        worker = rng.choice(ctx.team)
        rows.append(
            {
                "file_no": file_no,
                "name": name,
                "id_type": "居民身份证",
                "id_number": id_number,
                "sex": sex,
                "birth_date": birth,
                "phone": phone,
                "emergency_contact": household[0]["name"] if household else "",
                "emergency_phone": maker.phone() if household else "",
                "hukou_address": f"四川省成都市成华区{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                "address": f"成都市成华区{community.name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
                f"{rng.randint(1, 12)}栋{rng.randint(1, 4)}单元{rng.randint(1, 30)}号",
                "street_code": ctx.street_code,
                "community_id": community.id,
                "health": rng.choice(HEALTH),
                "disability_type": rng.choices(
                    ("无", "肢体", "视力", "精神", "智力"), (80, 8, 4, 4, 4)
                )[0],
                "self_care": rng.choices(("完全自理", "部分自理", "完全不能自理"), (75, 18, 7))[0],
                "household_income_fen": rng.randint(0, 4000) * 100,
                "housing": rng.choices(("自有住房", "公租房", "租房", "借住"), (45, 25, 25, 5))[0],
                "cause": rng.choice(CAUSES),
                "source": rng.choices(("社区", "主动发现", "区中心", "来访"), (45, 25, 10, 20))[0],
                "registered_on": registered_on,
                "registered_by": worker.uuid,
                "consent_date": registered_on,
                "consent_scope": "登记、需求评估与援助服务",
                "consent_signer": name
                if age >= 18
                else (household[0]["name"] if household else ""),
                "status": status,
                "status_reason": "目标达成，结案"
                if status == "结案"
                else ("转介至区中心" if status == "转介" else ""),
                "priority": rng.choices(("一般", "重点", "紧急"), (75, 20, 5))[0],
                "name_pinyin": search_text.sort_key(name),
                "search_text": search_text.build(
                    name,
                    id_number,
                    [phone],
                    [str(m["name"]) for m in household]
                    + [str(m["id_number"] or "") for m in household],
                ),
            }
        )
        households.append(household)
        label_sets.append(_labels(ctx, rng, age, registered_on))
    # Made-up records are not user changes: the change log stays for what people do.
    actor = ctx.actor()
    uuids = insert_many(conn, "beneficiary", rows, actor, log=False)
    ids = ids_by_uuid(conn, "beneficiary", uuids)
    member_rows = [
        {**member, "beneficiary_id": ids[uuid]}
        for uuid, household in zip(uuids, households, strict=True)
        for member in household
    ]
    insert_many(conn, "household_member", member_rows, actor, log=False)
    label_rows = [
        {**label, "beneficiary_id": ids[uuid]}
        for uuid, labels in zip(uuids, label_sets, strict=True)
        for label in labels
    ]
    insert_many(conn, "beneficiary_label", label_rows, actor, log=False)
    for uuid, row, labels in zip(uuids, rows, label_sets, strict=True):
        birth_value = row["birth_date"]
        registered_value = row["registered_on"]
        assert isinstance(birth_value, date)
        assert isinstance(registered_value, date)
        ctx.persons.append(
            DemoPerson(
                ids[uuid],
                uuid,
                str(row["name"]),
                birth_value,
                int(str(row["community_id"])),
                registered_value,
                [str(label["label"]) for label in labels],
                str(row["status"]),
            )
        )
    return len(member_rows), len(label_rows)


def _registration_day(ctx: DemoContext) -> date:
    # A third were moved in at the start of the contract; the rest came in over the year.
    if ctx.rng.random() < 0.33:
        return ctx.contract_start + timedelta(days=ctx.rng.randint(0, 30))
    return ctx.day_in_contract()


def _household(
    maker: _People, rng: random.Random, sex: str, birth: date, age: int
) -> list[dict[str, object]]:
    members: list[dict[str, object]] = []

    def add(relation: str, member_sex: str, lo: int, hi: int) -> None:
        member_birth = maker.birth(max(0, lo), max(lo, hi))
        has_id = rng.random() < 0.9
        members.append(
            {
                "relation": relation,
                "name": maker.name(member_sex),
                "id_number": maker.id_number(member_birth, member_sex) if has_id else None,
                "sex": member_sex,
                "birth_date": member_birth,
                "lives_together": rng.random() < 0.85,
                "legal_supporter": relation in ("配偶", "子女", "父母") and rng.random() < 0.6,
                "health": rng.choice(HEALTH),
                "disability": "",
                "occupation": rng.choice(("务工", "退休", "无业", "在读", "个体", "")),
                "income_fen": rng.randint(0, 3000) * 100,
            }
        )

    size = rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]
    other = "女" if sex == "男" else "男"
    if age < 18:
        add("祖父母", rng.choice(("男", "女")), 55, 80)
        for _ in range(size - 1):
            add("兄弟姐妹", rng.choice(("男", "女")), 1, 17)
        return members
    if size >= 1:
        add("配偶", other, max(18, age - 5), age + 5)
    for _ in range(size - 1):
        if age >= 40:
            add("子女", rng.choice(("男", "女")), max(1, age - 40), max(2, age - 20))
        else:
            add("父母", rng.choice(("男", "女")), age + 20, age + 35)
    return members


def _labels(
    ctx: DemoContext, rng: random.Random, age: int, registered: date
) -> list[dict[str, object]]:
    chosen: list[str] = []
    if age < 18 and rng.random() < 0.6:
        chosen.append(rng.choices(CHILD_LABELS, (10, 25, 65))[0])
    if age >= 60 and rng.random() < 0.15:
        chosen.append("特困")
    if rng.random() < 0.38:
        chosen.append("低保")
    elif rng.random() < 0.12:
        chosen.append("低保边缘")
    if rng.random() < 0.10:
        chosen.append("临时救助")
    if rng.random() < 0.05:
        chosen.append("刚性支出")
    if not chosen:
        chosen.append("政策外")
    rows: list[dict[str, object]] = []
    for label in chosen:
        start = registered - timedelta(days=rng.randint(0, 900))
        if label in CHILD_LABELS:
            start = max(start, ctx.today - timedelta(days=age * 365))
        end: date | None = None
        if label == "临时救助":
            start = registered - timedelta(days=rng.randint(0, 60))
            end = start + timedelta(days=rng.randint(30, 120))
        elif rng.random() < 0.08:
            end = min(ctx.today, start + timedelta(days=rng.randint(200, 700)))
        rows.append({"label": label, "start_date": start, "end_date": end, "note": ""})
    return rows
