"""Demo casework for `relief-desktop demo`: a two-person team's contract year of cases.

About 40 cases per team (a dozen 重点个案), assessments, plans, a service every two to four
weeks per open case (tens a month), reviews,
closures with surveys (mostly satisfied) and a few reminders due or overdue today.
"""

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from relief_desktop.domain.casework import (
    DOMAINS,
    MEASURE_TYPES,
    MODES,
    SURVEY_ITEMS,
    case_no,
    compute_level,
    needs_from,
)
from relief_desktop.services.demo import DemoContext, DemoPerson
from relief_desktop.storage.bulk import insert_many
from relief_desktop.storage.sqldb import dbapi

CONTENTS = {
    "入户": ("入户走访，了解近况", "入户送去米面油", "入户协助整理家务", "入户陪伴聊天，情绪稳定"),
    "来访": ("来访咨询临时救助政策", "来访领取慈善超市物资", "来访填写申请表"),
    "电话": ("电话回访，身体状况良好", "电话提醒按时复诊", "电话了解孩子学习情况"),
    "线上": ("微信视频回访", "线上协助提交申请材料"),
    "陪同": ("陪同到社区医院复诊", "陪同办理残疾证", "陪同到街道办事大厅办理手续"),
}
MEASURES = {
    "经济/基本生活": ("每月发放米面油", "物资援助", "街道慈善超市"),
    "住房": ("链接志愿者维修房屋", "资源链接", "社区志愿服务队"),
    "医疗健康": ("协助申请医疗救助", "政策咨询", "区医保局"),
    "残疾康复": ("链接康复机构上门康复", "资源链接", "区残联"),
    "照料/自理": ("链接居家养老上门照料", "照料服务", "社区养老服务中心"),
    "教育": ("链接助学金和课业辅导", "资源链接", "社区四点半课堂"),
    "就业": ("推荐公益性岗位", "能力提升", "街道就业服务站"),
    "心理": ("每月心理疏导", "心理疏导", "社工站心理咨询师"),
    "家庭/监护": ("协调亲属落实监护", "其他", "社区居委会"),
    "社会支持/融入": ("邀请参加社区活动", "社会融入", "社区居委会"),
    "安全风险": ("安装燃气报警器并定期探访", "物资援助", "社区网格员"),
    "法律/证件": ("协助补办身份证件", "政策咨询", "派出所"),
}


def _ratings(rng: Any) -> dict[str, int]:
    ratings = {d: rng.choices((0, 1, 2, 3), (45, 30, 20, 5))[0] for d in DOMAINS}
    ratings["安全风险"] = rng.choices((0, 1, 2), (80, 15, 5))[0]
    return ratings


def add_demo_records(ctx: DemoContext) -> None:
    assert isinstance(ctx.conn, dbapi.Connection)
    conn, rng, today = ctx.conn, ctx.rng, ctx.today
    team = [m.uuid for m in ctx.team]
    if not team or not ctx.persons:
        return
    names = {m.uuid: m.name for m in ctx.team}
    seqs: dict[int, int] = {}
    for year, seq in conn.execute(
        "SELECT year, max(seq) FROM aid_case WHERE street_code = ? GROUP BY year",
        (ctx.street_code,),
    ):
        seqs[int(year)] = int(seq)
    candidates = [p for p in ctx.persons if p.status in ("在案", "结案")]
    # A two-person team carries about 40 cases over a year (25–30 open at a time).
    chosen: Sequence[DemoPerson] = rng.sample(
        candidates, min(len(candidates), ctx.scaled(CASES_PER_TEAM))
    )
    key_quota = ctx.scaled(KEY_CASES_PER_TEAM)
    rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    key_cases = 0
    ids = _Ids(conn)
    for index, person in enumerate(sorted(chosen, key=lambda p: p.registered_on)):
        opened = min(today, person.registered_on + timedelta(days=rng.randint(0, 20)))
        closing = person.status == "结案" and (today - opened).days > 75
        # The first dozen open cases are the key cases: the street meets its target of 10.
        force_key = not closing and key_cases < key_quota
        key_cases += force_key
        _case(ctx, rows, person, opened, closing, force_key, seqs, team, names, index, ids)
    for table in TABLES:
        insert_many(conn, table, rows[table], ctx.actor(), log=False)


CASES_PER_TEAM = 40
KEY_CASES_PER_TEAM = 12
# Days between two services of one case: about every three weeks, tens of services a month.
SERVICE_GAP = (12, 30)

TABLES = (
    "aid_case",
    "case_event",
    "needs_assessment",
    "assessment_rating",
    "aid_plan",
    "aid_measure",
    "aid_plan_version",
    "plan_review",
    "service_record",
    "service_record_worker",
    "satisfaction_survey",
)


def _case(
    ctx: DemoContext,
    rows: dict[str, list[dict[str, Any]]],
    person: DemoPerson,
    opened: date,
    closing: bool,
    force_key: bool,
    seqs: dict[int, int],
    team: list[str],
    names: dict[str, str],
    index: int,
    ids: "_Ids",
) -> None:
    rng, today = ctx.rng, ctx.today
    seqs[opened.year] = seqs.get(opened.year, 0) + 1
    end = today
    closed_on: date | None = None
    if closing:
        closed_on = opened + timedelta(days=rng.randint(60, max(60, (today - opened).days)))
        end = closed_on
    case_id = ids.next("aid_case")
    category = person.labels[0] if person.labels else "政策外"
    ratings = _ratings(rng)
    if force_key:
        for domain in rng.sample(DOMAINS[:10], 3):
            ratings[domain] = max(ratings[domain], 2)
    level = compute_level(ratings)
    rows["aid_case"].append(
        {"id": case_id, "case_no": case_no(ctx.street_code, opened.year,
         seqs[opened.year]), "street_code": ctx.street_code, "year": opened.year,
         "seq": seqs[opened.year], "beneficiary_id": person.id, "category": category,
         "priority": level, "source": rng.choices(("社区", "主动发现", "区中心", "来访"),
                                                  (45, 25, 10, 20))[0],
         "opened_on": opened, "opened_by": rng.choice(team),
         "status": "结案" if closing else "在案",
         "closed_on": closed_on, "close_result": None, "close_reason": ""}
    )  # fmt: skip
    pair = rng.sample(team, 2) if len(team) >= 2 else None
    assessed = min(end, opened + timedelta(days=rng.randint(0, 5)))
    days = [assessed]
    while days[-1] + timedelta(days=180) <= end:
        days.append(days[-1] + timedelta(days=180))
    for n, day in enumerate(days if pair is not None else []):
        assert pair is not None
        if n:
            ratings = {d: max(0, v - rng.choice((0, 0, 1))) for d, v in ratings.items()}
        assessment_id = ids.next("needs_assessment")
        level = compute_level(ratings)
        rows["needs_assessment"].append(
            {"id": assessment_id, "case_id": case_id, "assessed_on": day, "assessor1": pair[0],
             "assessor2": pair[1], "method": rng.choice(("入户访谈", "入户访谈", "来访面谈")),
             "strengths": "家人关心，愿意配合", "wishes": "希望生活稳定、身体好起来",
             "next_assessment_on": day + timedelta(days=180), "computed_level": level,
             "level": level, "override_reason": ""}
        )  # fmt: skip
        rows["assessment_rating"] += [
            {"assessment_id": assessment_id, "domain": d, "rating": v,
             "note": "需要帮助" if v >= 2 else ""}
            for d, v in ratings.items()
        ]  # fmt: skip
    if pair is None:
        return
    made = min(end, assessed + timedelta(days=rng.randint(1, 7)))
    needs = needs_from(ratings) or ["社会支持/融入"]
    key = force_key  # 重点个案 are chosen by the team, a handful a year
    plan_id = ids.next("aid_plan")
    measures: list[tuple[int, str]] = []
    snapshot_measures = []
    for position, need in enumerate(needs[:3]):
        content, kind, resource = MEASURES[need]
        worker = rng.choice(team)
        measure_id = ids.next("aid_measure")
        measures.append((measure_id, kind))
        rows["aid_measure"].append(
            {"id": measure_id, "plan_id": plan_id, "position": position, "content": content,
             "measure_type": kind, "resource": resource, "worker": worker, "partner": "",
             "start_on": made, "end_on": made + timedelta(days=365), "frequency": "每月",
             "active": 1}
        )  # fmt: skip
        snapshot_measures.append(
            {"content": content, "measure_type": kind, "worker": names[worker]}
        )
    goals = [f"改善{need}方面的困难" for need in needs[:3]]
    reviews = []
    review_day = made + timedelta(days=90)
    while review_day <= end and review_day <= today:
        reviews.append(review_day)
        review_day += timedelta(days=90)
    rows["aid_plan"].append(
        {"id": plan_id, "case_id": case_id, "assessment_id": None, "needs": json.dumps(needs,
         ensure_ascii=False), "goals": json.dumps(goals, ensure_ascii=False), "key_case": key,
         "made_on": made, "approver": names[team[0]], "client_signed": 1,
         "next_review_on": review_day, "version": 1}
    )  # fmt: skip
    rows["aid_plan_version"].append(
        {"plan_id": plan_id, "version": 1, "saved_by_name": names[team[0]], "note": "首次制定",
         "snapshot": json.dumps({"made_on": made.isoformat(), "needs": needs, "goals": goals,
                                 "key_case": key, "measures": snapshot_measures},
                                ensure_ascii=False)}
    )  # fmt: skip
    rows["plan_review"] += [
        {"plan_id": plan_id, "reviewed_on": day, "progress": json.dumps(
            [[g, rng.choice(("有进展", "基本达成", "进展缓慢"))] for g in goals],
            ensure_ascii=False), "changes": "", "next_review_on": day + timedelta(days=90),
         "reviewer": rng.choice(team)}
        for day in reviews
    ]  # fmt: skip
    # Services: every two to four weeks from the plan on; a few open cases went quiet a while ago.
    stop = end
    if not closing and index % 40 == 3:
        stop = today - timedelta(days=rng.randint(32, 50))
    day = made + timedelta(days=rng.randint(1, 6))
    last_id: int | None = None
    while day <= stop:
        mode = rng.choices(MODES, (40, 15, 30, 5, 10))[0]
        chosen_measure, kind = (
            rng.choice(measures) if measures else (None, rng.choice(MEASURE_TYPES))
        )
        last_id = ids.next("service_record")
        rows["service_record"].append(
            {"id": last_id, "case_id": case_id, "beneficiary_id": person.id, "served_on": day,
             "measure_id": chosen_measure, "service_type": kind, "mode": mode,
             "content": rng.choice(CONTENTS[mode]), "minutes": rng.choice((20, 30, 45, 60, 90)),
             "resources": "米面油一套" if kind == "物资援助" else "", "handover_uuid": None,
             "next_step": "", "next_step_on": None}
        )  # fmt: skip
        for worker in rng.sample(team, rng.choice((1, 1, 2)) if len(team) > 1 else 1):
            rows["service_record_worker"].append({"service_record_id": last_id, "worker": worker})
        day += timedelta(days=rng.randint(*SERVICE_GAP))
    if last_id is not None and not closing:
        last = rows["service_record"][-1]
        last["next_step"] = rng.choice(("电话回访", "送慢病药品", "陪同复诊", "上门了解需求"))
        # Mostly due in the coming days; some slipped by a day or two (已逾期 on the home list).
        due = today + timedelta(days=rng.randint(-2, 9))
        last["next_step_on"] = max(due, last["served_on"])
    if closing and closed_on is not None:
        result = rng.choices(("达成", "部分达成", "未达成"), (65, 28, 7))[0]
        reason = {"达成": "目标达成，生活稳定", "部分达成": "主要困难已缓解，转社区跟进",
                  "未达成": "迁出本街道，转介"}[result]  # fmt: skip
        rows["aid_case"][-1].update(close_result=result, close_reason=reason)
        rows["case_event"].append(
            {"case_id": case_id, "kind": "结案", "event_on": closed_on, "result": result,
             "reason": reason}
        )  # fmt: skip
        anonymous = rng.random() < 0.2
        # Nine in ten satisfied (the contract asks ≥80%), whatever the seed.
        overall = (5, 4, 5, 4, 5, 3, 4, 5, 4, 5)[len(rows["satisfaction_survey"]) % 10]
        answers = {k: min(5, max(1, overall + rng.choice((-1, 0, 0, 1)))) for k, _ in SURVEY_ITEMS}
        answers["overall"] = overall
        rows["satisfaction_survey"].append(
            {"case_id": None if anonymous else case_id, "surveyed_on": closed_on,
             "method": rng.choice(("面访", "电话")), "anonymous": anonymous, **answers,
             "comment": "社工很耐心" if overall >= 4 else "希望多来几次",
             "surveyor": rng.choice(team)}
        )  # fmt: skip


class _Ids:
    """Row ids handed out before insert, so children can point at parents in one pass."""

    def __init__(self, conn: dbapi.Connection) -> None:
        self.conn = conn
        self.last: dict[str, int] = {}

    def next(self, table: str) -> int:
        if table not in self.last:
            row = self.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            self.last[table] = int(row[0])
        self.last[table] += 1
        return self.last[table]
