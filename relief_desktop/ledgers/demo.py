"""Demo ledgers for a contract year: providers, receipts > 80,000 yuan and their handovers,
volunteers and hours, monthly community contact (two gaps this month), meetings, activities,
media, reception, space use, equipment, bureau tasks and policy publicity."""

from datetime import date, timedelta
from typing import Any

from relief_desktop.services.demo import DemoContext
from relief_desktop.storage.bulk import ids_by_uuid, insert_many
from relief_desktop.storage.sqldb import dbapi

PROVIDERS = (
    ("成都爱心超市有限公司", "企业", "周经理"),
    ("蓉城慈善基金会", "慈善组织", "林主任"),
    ("成华区慈善会", "慈善组织", "何老师"),
    ("四川和美物业服务有限公司", "企业", "邓经理"),
    ("双桥子商会", "社会组织", "罗会长"),
    ("成都市第八人民医院", "机关事业单位", "杨医生"),
    ("启明社工服务中心", "社会组织", "苏社工"),
    ("成都新华书店建设路店", "企业", "孙店长"),
    ("川粮油脂有限公司", "企业", "唐经理"),
    ("锦城律师事务所", "企业", "郑律师"),
    ("成都理工大学志愿者协会", "社会组织", "韩同学"),
    ("爱心人士 陈先生", "爱心人士", "陈先生"),
    ("成华区红十字会", "慈善组织", "冯老师"),
    ("建设路街道餐饮协会", "社会组织", "曹会长"),
)

# (item, kind, unit, unit value in fen, quantity range, basis, purpose)
GOODS = (
    ("大米（10kg）", "物资", "袋", 6500, (20, 60), "市场价", "困难家庭生活物资"),
    ("食用油（5L）", "物资", "桶", 7900, (20, 50), "发票金额", "困难家庭生活物资"),
    ("冬季棉被", "物资", "床", 18000, (10, 30), "发票金额", "冬季送温暖"),
    ("学习用品礼包", "物资", "份", 8800, (15, 40), "协议价", "困境儿童助学"),
    ("营养品礼盒", "物资", "盒", 12800, (10, 25), "市场价", "高龄独居老人关爱"),
)
SERVICES = (
    ("心理疏导服务", "小时", 20000, (8, 20), "困难群众心理支持"),
    ("法律咨询服务", "小时", 30000, (6, 12), "困难群众法律援助"),
    ("义诊及健康检查", "小时", 25000, (6, 16), "老年人健康服务"),
)
FUNDS = (
    ("助学金", (800000, 1500000), "困境儿童助学"),
    ("临时困难救助金", (500000, 1200000), "急难型临时帮扶"),
    ("大病帮扶资金", (600000, 1000000), "大病患者帮扶"),
)
PLATFORMS = ("腾讯公益", "支付宝公益", "水滴公益")
VOLUNTEER_NAMES = (
    "陈红", "王磊", "刘芳", "杨洋", "赵敏", "黄涛", "周婷", "吴杰", "徐静", "孙浩",
    "马丽", "朱军", "胡蓉", "郭亮", "何欣", "高鹏", "林雪", "罗明",
)  # fmt: skip
ACTIVITIES = (
    ("“关爱随行”心理健康进社区", "社区活动室"),
    ("冬季送温暖慰问活动", "街道便民服务中心"),
    ("困境儿童暑期陪伴课堂", "双林社区活动室"),
    ("重阳节敬老关爱活动", "新鸿社区广场"),
    ("政策宣传暨义诊服务日", "菽香里社区"),
    ("“情暖双桥”资源对接会", "街道会议室"),
)
MEDIA = (
    ("区级", "成华发布", "微信公众号", "双桥子街道开展冬季送温暖活动"),
    ("区级", "情动成华", "微信公众号", "困境儿童暑期课堂开课"),
    ("市级", "成都日报", "报纸", "社区关爱援助让困难群众暖心"),
    ("省级", "四川观察", "其他新媒体", "成华区街道关爱援助中心探索精准帮扶"),
)
TASKS = ("月工作任务", "临时交办", "专业培训", "主题活动")
TRAININGS = ("个案管理实务培训", "需求评估工具培训", "救助政策解读培训", "社工伦理与保密培训")


def _days(start: date, end: date) -> int:
    return max((end - start).days, 0)


def add_demo_records(ctx: DemoContext) -> None:
    conn = ctx.conn
    assert isinstance(conn, dbapi.Connection)
    _resources(ctx, conn)
    _volunteers(ctx, conn)
    _liaison(ctx, conn)
    _publicity(ctx, conn)
    _office(ctx, conn)
    _link_service_records(conn)


def _link_service_records(conn: dbapi.Connection) -> None:
    """Point a casework service record of the same person, near the day, at each handover.

    Matched here from one read of each table (an UPDATE with a search per handover scanned
    every service record: hours for the 100,000-person load test)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'service_record'"
    ).fetchone()
    if found is None:
        return
    services: dict[int, list[tuple[date, int]]] = {}
    for record_id, person_id, served_on in conn.execute(
        "SELECT id, beneficiary_id, served_on FROM service_record WHERE handover_uuid IS NULL"
        " ORDER BY id"
    ):
        services.setdefault(person_id, []).append((date.fromisoformat(served_on), record_id))
    links: list[tuple[str, int]] = []
    for uuid, person_id, handed_on in conn.execute(
        "SELECT uuid, beneficiary_id, handed_on FROM resource_handover ORDER BY handed_on, id"
    ).fetchall():
        near = services.get(person_id)
        if not near:
            continue
        day = date.fromisoformat(handed_on)
        gap, served, record_id = min((abs((s - day).days), s, r) for s, r in near)
        if gap <= 7:
            near.remove((served, record_id))
            links.append((uuid, record_id))
    conn.executemany("UPDATE service_record SET handover_uuid = ? WHERE id = ?", links)


def _day(ctx: DemoContext, after: date | None = None) -> date:
    start = max(after or ctx.contract_start, ctx.contract_start)
    return start + timedelta(days=ctx.rng.randint(0, _days(start, ctx.today)))


def _resources(ctx: DemoContext, conn: dbapi.Connection) -> None:
    rng = ctx.rng
    worker = ctx.team[0]
    providers = [
        {"name": name, "provider_type": kind, "contact_person": contact,
         "phone": f"139{rng.randint(10000000, 99999999)}", "address": "", "notes": ""}
        for name, kind, contact in PROVIDERS
    ]  # fmt: skip
    provider_uuids = insert_many(conn, "provider", providers, worker.actor, log=False)
    provider_ids = list(ids_by_uuid(conn, "provider", provider_uuids).values())
    receipts: list[dict[str, Any]] = []
    for n in range(ctx.scaled(24)):
        # Every provider gives at least once; the rest are repeat donors.
        provider_id = provider_ids[n] if n < len(provider_ids) else rng.choice(provider_ids)
        received = _day(ctx)
        roll = rng.random()
        base: dict[str, Any] = {
            "serial": "",
            "received_on": received.isoformat(),
            "provider_id": provider_id,
            "channel": "线下定向筹款",
            "platform": "",
            "receipt_no": f"SJ{received:%Y%m}{n + 1:03d}",
            "handler": rng.choice(ctx.team).name,
            "notes": "",
        }
        if roll < 0.25:
            item, (lo, hi), purpose = rng.choice(FUNDS)
            online = rng.random() < 0.5
            base.update(
                channel="网络募捐平台" if online else "线下定向筹款",
                platform=rng.choice(PLATFORMS) if online else "",
                kind="资金", item=item, quantity=None, unit="",
                value_fen=rng.randint(lo // 10000, hi // 10000) * 10000,
                value_basis="现金到账", purpose=purpose,
            )  # fmt: skip
        elif roll < 0.8:
            item, kind, unit, price, (lo, hi), basis, purpose = rng.choice(GOODS)
            units_received = rng.randint(lo, hi)
            base.update(
                kind=kind, item=item, quantity=units_received * 100, unit=unit,
                value_fen=units_received * price, value_basis=basis, purpose=purpose,
            )  # fmt: skip
        else:
            item, unit, rate, (lo, hi), purpose = rng.choice(SERVICES)
            hours = rng.randint(lo, hi)
            base.update(
                kind="服务", item=item, quantity=hours * 100, unit=unit,
                value_fen=hours * rate, value_basis="工时×单价", purpose=purpose,
            )  # fmt: skip
        receipts.append(base)
    receipts.sort(key=lambda r: r["received_on"])
    counters: dict[str, int] = {}
    for receipt in receipts:
        year = receipt["received_on"][:4]
        counters[year] = counters.get(year, 0) + 1
        receipt["serial"] = f"ZY{year}-{counters[year]:04d}"
    uuids = insert_many(conn, "resource_receipt", receipts, worker.actor, log=False)
    ids = ids_by_uuid(conn, "resource_receipt", uuids)
    people = [p for p in ctx.persons if p.status != "结案"] or ctx.persons
    if not people:
        return
    # A team hands goods to a few dozen households a year, most of them more than once.
    people = ctx.rng.sample(people, min(len(people), ctx.scaled(45)))
    handovers: list[dict[str, Any]] = []
    quantity: int | None
    for uuid, receipt in zip(uuids, receipts, strict=True):
        received = date.fromisoformat(receipt["received_on"])
        left_value = receipt["value_fen"]
        left_quantity = receipt["quantity"]
        # Most of each receipt goes out within weeks; a little stays as balance.
        for _ in range(rng.randint(3, 9)):
            person = rng.choice(people)
            # Handed out in the weeks after it came in, to someone registered by then.
            soonest = max(received, person.registered_on)
            handed = soonest + timedelta(days=rng.randint(0, 40))
            if handed > ctx.today:
                continue  # still in stock
            if receipt["kind"] == "资金":
                value = min(left_value, rng.randint(3, 12) * 10000)
                quantity = None
            else:
                units = min(left_quantity // 100, rng.randint(1, 3))
                if units <= 0:
                    break
                quantity = units * 100
                value = round(receipt["value_fen"] * quantity / receipt["quantity"])
                value = min(value, left_value)
                left_quantity -= quantity
            if value <= 0:
                break
            left_value -= value
            handovers.append(
                {
                    "receipt_id": ids[uuid],
                    "handed_on": handed.isoformat(),
                    "beneficiary_id": person.id,
                    "quantity": quantity,
                    "value_fen": value,
                    "signed": int(rng.random() < 0.9),
                    "handler": rng.choice(ctx.team).name,
                    "notes": "",
                }
            )
    handovers.sort(key=lambda h: h["handed_on"])
    insert_many(conn, "resource_handover", handovers, worker.actor, log=False)


def _volunteers(ctx: DemoContext, conn: dbapi.Connection) -> None:
    from relief_desktop.domain.idcard import check_digit

    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    for n, name in enumerate(VOLUNTEER_NAMES):
        minor = n == len(VOLUNTEER_NAMES) - 1
        birth = (
            date(ctx.today.year - 16, 4, 12)
            if minor
            else date(rng.randint(1958, 2003), rng.randint(1, 12), rng.randint(1, 28))
        )
        first17 = f"510108{birth:%Y%m%d}{rng.randint(100, 998):03d}"
        rows.append(
            {
                "name": name,
                "id_number": first17 + check_digit(first17),
                "birth_date": birth.isoformat(),
                "phone": f"135{rng.randint(10000000, 99999999)}",
                "system_no": f"SC{rng.randint(10**9, 10**10 - 1)}",
                "team_name": rng.choice(
                    ("双桥子街道志愿服务队", "高校志愿者团队", "社区党员志愿队")
                ),
                "skills": rng.choice(
                    ("心理咨询", "陪伴老人", "课业辅导", "医疗护理", "摄影宣传", "")
                ),
                "availability": rng.choice(("周末", "工作日下午", "不定期")),
                "guardian_consent": int(minor),
                "guardian_name": "罗建国" if minor else "",
                "training": "志愿服务通识培训" if rng.random() < 0.6 else "",
                "awards": "优秀志愿者" if rng.random() < 0.15 else "",
                "evaluation": "",
                "joined_on": (ctx.contract_start - timedelta(days=rng.randint(0, 400))).isoformat(),
                "notes": "",
            }
        )
    uuids = insert_many(conn, "volunteer", rows, ctx.team[0].actor, log=False)
    ids = list(ids_by_uuid(conn, "volunteer", uuids).values())
    services: list[dict[str, Any]] = []
    for _ in range(ctx.scaled(150)):
        start_hour = rng.choice((9, 9, 10, 14, 14, 15))
        minutes = rng.choice((60, 90, 120, 150, 180))
        end = start_hour * 60 + minutes
        services.append(
            {
                "volunteer_id": rng.choice(ids),
                "served_on": _day(ctx).isoformat(),
                "activity": rng.choice(
                    ("助老陪伴", "困境儿童课业辅导", "主题活动协助", "政策宣传", "物资发放")
                ),
                "start_time": f"{start_hour:02d}:00",
                "end_time": f"{end // 60:02d}:{end % 60:02d}",
                "minutes": minutes,
                "content": "",
                "served": rng.choice(("高龄老人", "困境儿童", "社区居民", "残疾人")),
                "recorder": rng.choice(ctx.team).name,
            }
        )
    services.sort(key=lambda s: s["served_on"])
    insert_many(conn, "volunteer_service", services, ctx.team[0].actor, log=False)


def _months(ctx: DemoContext) -> list[tuple[date, date]]:
    months: list[tuple[date, date]] = []
    first = ctx.contract_start.replace(day=1)
    while first <= ctx.today:
        nxt = (first + timedelta(days=32)).replace(day=1)
        months.append((max(first, ctx.contract_start), min(nxt - timedelta(days=1), ctx.today)))
        first = nxt
    return months


def _liaison(ctx: DemoContext, conn: dbapi.Connection) -> None:
    rng = ctx.rng
    rows: list[dict[str, Any]] = []
    months = _months(ctx)
    meeting_months = {months[len(months) // 3][0], months[(2 * len(months)) // 3][0]}
    for start, end in months:
        current = end == ctx.today
        # This month so far: the communities visited by now (two still to go by mid-month),
        # on the days already past, never all on today.
        share = (end.day / 30) if current else 1.0
        missing = max(2, round(len(ctx.communities) * (1 - share)))
        skipped = {c.id for c in rng.sample(ctx.communities, min(missing, len(ctx.communities)))}
        for community in ctx.communities:
            if current and community.id in skipped:
                continue  # not yet contacted this month
            for _ in range(rng.choice((1, 1, 1, 2))):
                day = start + timedelta(days=rng.randint(0, _days(start, end)))
                rows.append(
                    {
                        "contacted_on": day.isoformat(),
                        "community_id": community.id,
                        "mode": rng.choice(("上门走访", "电话", "电话", "微信")),
                        "contact_person": rng.choice(("社区书记", "社区民政专干", "网格员")),
                        "topics": rng.choice(
                            ("情况反馈", "新发现困难群众、情况反馈", "资源对接", "政策宣传")
                        ),
                        "content": "了解辖区困难群众近况，沟通本月走访安排",
                        "referrals": "",
                        "follow_up": "",
                        "is_meeting": 0,
                        "attendees": "",
                        "meeting_minutes": "",
                        "recorder": rng.choice(ctx.team).name,
                    }
                )
        if start in meeting_months:
            rows.append(
                {
                    "contacted_on": (
                        start + timedelta(days=min(10, _days(start, end)))
                    ).isoformat(),
                    "community_id": ctx.communities[0].id,
                    "mode": "会议",
                    "contact_person": "各社区民政专干",
                    "topics": "新发现困难群众、资源对接",
                    "content": "街道社会关爱援助工作社区联系会议",
                    "referrals": "",
                    "follow_up": "各社区月底前报送新发现对象",
                    "is_meeting": 1,
                    "attendees": f"{len(ctx.communities)} 个社区民政专干、街道社会事务办",
                    "meeting_minutes": (
                        "一、通报上阶段工作\n二、部署入户核查与资源对接\n三、交流困难个案"
                    ),
                    "recorder": ctx.team[0].name,
                }
            )
    rows.sort(key=lambda r: r["contacted_on"])
    insert_many(conn, "community_liaison", rows, ctx.team[0].actor, log=False)


def _publicity(ctx: DemoContext, conn: dbapi.Connection) -> None:
    rng = ctx.rng
    names = [c.name for c in ctx.communities]
    activities = [
        {
            "title": title,
            "held_on": _day(ctx).isoformat(),
            "venue": venue,
            "communities": "、".join(rng.sample(names, min(3, len(names)))),
            "partners": rng.choice(PROVIDERS)[0],
            "participants": rng.randint(30, 120),
            "volunteers": rng.randint(4, 15),
            "resources": "物资礼包、宣传资料",
            "plan_filed": 1,
            "summary": "活动按方案开展，服务对象反馈良好。",
            "photos": "",
        }
        for title, venue in ACTIVITIES
    ]
    insert_many(conn, "activity", activities, ctx.team[0].actor, log=False)
    media = [
        {
            "published_on": _day(ctx).isoformat(),
            "outlet": outlet,
            "level": level,
            "medium": medium,
            "title": title,
            "url": "",
            "screenshots": "",
        }
        for level, outlet, medium, title in MEDIA
    ]
    insert_many(conn, "media_report", media, ctx.team[0].actor, log=False)
    topics = ("社会救助政策", "儿童福利保障政策", "民法典婚姻家庭编", "流浪乞讨救助")
    publicity = [
        {
            "held_on": _day(ctx).isoformat(),
            "topic": rng.choice(topics),
            "mode": rng.choice(("入户宣传", "社区宣传", "活动宣讲", "线上推送")),
            "place": rng.choice(names) if names else "",
            "audience": rng.randint(10, 80),
            "materials": rng.randint(20, 150),
            "content": "讲解现行救助政策及申请渠道",
            "handler": rng.choice(ctx.team).name,
        }
        for _ in range(ctx.scaled(24))
    ]
    insert_many(conn, "policy_publicity", publicity, ctx.team[0].actor, log=False)


def _office(ctx: DemoContext, conn: dbapi.Connection) -> None:
    rng = ctx.rng
    from relief_desktop.services.demo import FEMALE_CHARS, MALE_CHARS, SURNAMES

    reception = [
        {
            "received_on": _day(ctx).isoformat(),
            "mode": rng.choice(("来访", "来访", "电话")),
            "visitor": rng.choice(SURNAMES) + rng.choice(MALE_CHARS + FEMALE_CHARS),
            "phone": f"138{rng.randint(10000000, 99999999)}",
            "visitors": rng.choice((1, 1, 2)),
            "purpose": rng.choice(("咨询政策", "求助", "反映情况", "投诉建议")),
            "content": "咨询救助申请条件",
            "result": rng.choice(("当场解答", "登记建档", "转介", "跟进中")),
            "handler": rng.choice(ctx.team).name,
        }
        for _ in range(ctx.scaled(70))
    ]
    insert_many(conn, "reception", reception, ctx.team[0].actor, log=False)
    space = []
    for _ in range(ctx.scaled(60)):
        hour = rng.choice((9, 10, 14, 15))
        space.append(
            {
                "used_on": _day(ctx).isoformat(),
                "space": rng.choice(("活动室", "会谈室", "多功能室")),
                "start_time": f"{hour:02d}:00",
                "end_time": f"{hour + rng.choice((1, 2)):02d}:00",
                "user_name": rng.choice(("本中心", "双林社区", "启明社工服务中心", "志愿服务队")),
                "purpose": rng.choice(("个案会谈", "小组活动", "培训", "会议")),
                "participants": rng.randint(2, 30),
                "recorder": rng.choice(ctx.team).name,
            }
        )
    insert_many(conn, "space_use", space, ctx.team[0].actor, log=False)
    equipment = []
    items = (("联想台式电脑", "电脑", "ZC-001"), ("惠普激光打印机", "打印机", "ZC-002"),
             ("办公电话", "电话", "ZC-003"), ("无线路由器", "网络设备", "ZC-004"))  # fmt: skip
    for start, _end in _months(ctx)[::3]:
        for name, category, asset in items:
            equipment.append(
                {
                    "checked_on": start.isoformat(),
                    "equipment": name,
                    "category": category,
                    "asset_no": asset,
                    "action": "盘点",
                    "condition": "正常",
                    "notes": "",
                    "handler": ctx.team[-1].name,
                }
            )
    equipment.append(
        {
            "checked_on": _day(ctx).isoformat(),
            "equipment": "惠普激光打印机",
            "category": "打印机",
            "asset_no": "ZC-002",
            "action": "维修",
            "condition": "正常",
            "notes": "更换硒鼓",
            "handler": ctx.team[-1].name,
        }
    )
    insert_many(conn, "equipment_check", equipment, ctx.team[0].actor, log=False)
    tasks = []
    for start, end in _months(ctx):
        done = start + timedelta(days=min(4, _days(start, end)))
        tasks.append(
            {
                "assigned_on": start.isoformat(),
                "source": "区中心",
                "task_type": "月工作任务",
                "title": f"{start.month}月工作任务：报送上月工作简报及台账",
                "due_on": (start + timedelta(days=4)).isoformat(),
                "done_on": done.isoformat() if done <= ctx.today else None,
                "status": "已完成" if done <= ctx.today else "进行中",
                "participants": ctx.team[0].name,
                "result": "按时报送",
            }
        )
    for title in TRAININGS:
        day = _day(ctx)
        tasks.append(
            {
                "assigned_on": day.isoformat(),
                "source": "区中心",
                "task_type": "专业培训",
                "title": title,
                "due_on": None,
                "done_on": day.isoformat(),
                "status": "已完成",
                "participants": "、".join(m.name for m in ctx.team),
                "result": "已参加",
            }
        )
    tasks.append(
        {
            "assigned_on": (ctx.today - timedelta(days=3)).isoformat(),
            "source": "区民政局",
            "task_type": "临时交办",
            "title": "协助排查辖区流浪乞讨人员",
            "due_on": (ctx.today + timedelta(days=7)).isoformat(),
            "done_on": None,
            "status": "进行中",
            "participants": ctx.team[-1].name,
            "result": "",
        }
    )
    insert_many(conn, "bureau_task", tasks, ctx.team[0].actor, log=False)
