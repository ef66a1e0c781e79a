"""Demo rolls and a contract year of inspections: past quarters on target, this one in progress."""

import math
from datetime import date, timedelta
from typing import TYPE_CHECKING

from relief_desktop.domain.idcard import check_digit
from relief_desktop.domain.inspection import (
    CATEGORY_LABELS,
    DEFAULT_TARGETS,
    Period,
    quarters_in,
)
from relief_desktop.domain.vocab import SELF_CARE
from relief_desktop.storage.bulk import ids_by_uuid, insert_many
from relief_desktop.storage.sqldb import dbapi

if TYPE_CHECKING:
    from relief_desktop.services.demo import DemoContext

ISSUES = (
    ("建议调整", "家庭成员已就业，月收入约 3500 元，建议重新核定保障金额"),
    ("需复核", "申报家庭人口 3 人，实际共同生活 2 人，需复核"),
    ("建议退出", "家庭新购置小型汽车一辆，建议核查后退出"),
    ("失联", "多次上门未遇，电话停机，社区称已搬离"),
    ("需复核", "住房已出租，本人借住亲属家，需复核居住情况"),
)
ROLL_ONLY_SHARE = {"低保": 0.12, "特困": 0.15, "临时救助": 0.25, "特殊困难群体儿童": 0.1}
# Chengdu's 低保 standard as reported (DOMAIN.md §2): 1,120 yuan per person per month. A household
# gets the gap between it and its income per head, so most get less than the full standard.
DIBAO_STANDARD_YUAN = 1120
AID_REASONS = (
    ("火灾", 3000, 10000),
    ("重病", 2000, 8000),
    ("意外事故", 2000, 6000),
    ("突发疾病住院", 1500, 5000),
    ("子女重病医疗支出大", 3000, 8000),
    ("家庭成员意外身故", 3000, 8000),
    ("失业后生活困难", 800, 2000),
    ("房屋漏水受损", 1000, 3000),
)


def add_demo_records(ctx: "DemoContext") -> None:
    conn = ctx.conn
    assert isinstance(conn, dbapi.Connection)
    rng = ctx.rng
    workers = [row[0] for row in conn.execute("SELECT id FROM worker WHERE active = 1")]
    if len(workers) < 2:
        return
    people = {
        row[0]: row[1:]
        for row in conn.execute("SELECT id, id_number, address, phone, household_income_fen"
                                " FROM beneficiary")
    }  # fmt: skip
    communities = {c.id: c.name for c in ctx.communities}
    used = {str(v[0]) for v in people.values() if v[0]}
    # A child's 祖父母 in the registry is the guardian the bureau's roll names.
    guardians = {
        row[0]: (str(row[1]), str(row[2] or ""))
        for row in conn.execute(
            "SELECT beneficiary_id, name, id_number FROM household_member"
            " WHERE relation = '祖父母' ORDER BY id DESC"
        )
    }
    start = ctx.contract_start
    actor = ctx.actor()
    for category, labels in CATEGORY_LABELS.items():
        chosen = [p for p in ctx.persons if any(label in labels for label in p.labels)]
        if category == "临时救助":
            chosen = chosen[: max(4, len(chosen) // 2)]
        entries: list[dict[str, object]] = []
        for person in chosen:
            number, address, phone, _ = people[person.id]
            if not number:
                continue
            entries.append(
                {
                    "category": category,
                    "name": person.name,
                    "id_number": number,
                    "household_key": number,
                    "phone": phone,
                    "address": address,
                    "community_name": communities.get(person.community_id, ""),
                    "community_id": person.community_id,
                    "household_size": rng.randint(1, 4),
                    "beneficiary_id": person.id,
                    "started_on": start,
                    "ended_on": None,
                    "import_id": None,
                    "note": "",
                }
            )
        for _ in range(max(2, int(len(entries) * ROLL_ONLY_SHARE[category]))):
            entries.append(_roll_only(ctx, category, used))
        # Over the year the bureau's rolls change: some leave, some join mid-year.
        span = max(1, (ctx.today - start).days)
        for entry in entries:
            roll = rng.random()
            if roll < 0.12:
                entry["started_on"] = start + timedelta(days=rng.randint(30, span))
            elif roll < 0.2 + (0.3 if category == "临时救助" else 0):
                entry["ended_on"] = start + timedelta(days=rng.randint(20, span))
            entry.update(_facts(ctx, entry, guardians, used))
        imports = insert_many(
            conn,
            "roll_import",
            [
                {
                    "category": category,
                    "file_name": f"{category}在册名单.xlsx",
                    "roll_date": start,
                    "added": len(entries),
                    "updated": 0,
                    "ended": 0,
                    "problems": 0,
                }
            ],
            actor,
            log=False,
        )
        import_id = ids_by_uuid(conn, "roll_import", imports)[imports[0]]
        for entry in entries:
            entry["import_id"] = import_id
        uuids = insert_many(conn, "roll_entry", entries, actor, log=False)
        ids = ids_by_uuid(conn, "roll_entry", uuids)
        spans = [(ids[u], e) for u, e in zip(uuids, entries, strict=True)]
        _inspect(ctx, conn, category, spans, workers)


def _facts(
    ctx: "DemoContext",
    entry: dict[str, object],
    guardians: dict[int, tuple[str, str]],
    used: set[str],
) -> dict[str, object]:
    """What the bureau's roll says of the entry for its category (schema 6 columns)."""
    rng = ctx.rng
    category = entry["category"]
    size = entry["household_size"]
    assert isinstance(size, int)
    if category == "低保":
        covered = size if rng.random() < 0.8 else rng.randint(1, size)
        per_head = DIBAO_STANDARD_YUAN - rng.choice((0, 0, 0, 140, 260, 400, 560))
        return {"covered_persons": covered, "monthly_amount_fen": covered * per_head * 100}
    if category == "特困":
        mode = "集中供养" if rng.random() < 0.25 else "分散供养"
        # People in an institution mostly need care; those living at home mostly do not.
        weights = (15, 40, 45) if mode == "集中供养" else (55, 35, 10)
        care = rng.choices(SELF_CARE, weights)[0]
        return {"support_mode": mode, "self_care": care}
    if category == "临时救助":
        reason, low, high = rng.choice(AID_REASONS)
        started = entry["started_on"]
        ended = entry["ended_on"]
        assert isinstance(started, date)
        assert ended is None or isinstance(ended, date)
        # Aid is granted shortly before the person is listed, always within the contract year.
        last = min(ctx.today, started + timedelta(days=25))
        if ended is not None:
            last = min(last, ended - timedelta(days=1))
        first = max(ctx.contract_start, started - timedelta(days=30))
        on = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
        amount = rng.randint(low // 100, high // 100) * 100
        return {"aid_reason": reason, "aid_amount_fen": amount * 100, "aid_on": on}
    if category == "特殊困难群体儿童":
        person = entry["beneficiary_id"]
        name, number = guardians.get(person, ("", "")) if isinstance(person, int) else ("", "")
        if not name or not number:
            child = str(entry["name"])
            name, number = _guardian(ctx, child[0], used)
        return {
            "guardian_name": name,
            "guardian_id_number": number,
            "guardian_phone": f"1{rng.choice('35789')}{rng.randint(100000000, 999999999)}",
        }
    return {}


def _guardian(ctx: "DemoContext", surname: str, used: set[str]) -> tuple[str, str]:
    """A grandparent (usually) or an aunt or uncle: a name and a valid, unused ID number."""
    from relief_desktop.services.demo import FEMALE_CHARS, MALE_CHARS

    rng = ctx.rng
    age = rng.randint(55, 75) if rng.random() < 0.7 else rng.randint(28, 48)
    sex = rng.choice("男女")
    given = rng.choice(MALE_CHARS if sex == "男" else FEMALE_CHARS)
    if rng.random() < 0.5:
        given += rng.choice(MALE_CHARS if sex == "男" else FEMALE_CHARS)
    return surname + given, _new_id(ctx, age, sex, used)


def _new_id(ctx: "DemoContext", age: int, sex: str, used: set[str]) -> str:
    rng = ctx.rng
    birth = ctx.today - timedelta(days=age * 365 + rng.randint(1, 300))
    while True:
        first17 = f"510108{birth:%Y%m%d}{rng.randint(0, 99):02d}"
        first17 += rng.choice("13579" if sex == "男" else "02468")
        number = first17 + check_digit(first17)
        if number not in used:
            used.add(number)
            return number


def _roll_only(ctx: "DemoContext", category: str, used: set[str]) -> dict[str, object]:
    from relief_desktop.services.demo import FEMALE_CHARS, MALE_CHARS, ROADS, SURNAMES

    rng = ctx.rng
    child = category == "特殊困难群体儿童"
    age = rng.randint(3, 16) if child else rng.randint(60 if category == "特困" else 25, 90)
    sex = rng.choice("男女")
    number = _new_id(ctx, age, sex, used)
    given = rng.choice(MALE_CHARS if sex == "男" else FEMALE_CHARS)
    community = rng.choice(ctx.communities)
    return {
        "category": category,
        "name": rng.choice(SURNAMES)
        + given
        + (rng.choice(FEMALE_CHARS) if rng.random() < 0.6 else ""),
        "id_number": number,
        "household_key": number,
        "phone": f"13{rng.randint(100000000, 999999999)}",
        "address": f"成都市成华区{rng.choice(ROADS)}{rng.randint(1, 300)}号",
        "community_name": community.name,
        "community_id": community.id,
        "household_size": rng.randint(1, 5),
        "beneficiary_id": None,
        "started_on": ctx.contract_start,
        "ended_on": None,
        "import_id": None,
        "note": "",
    }


def _inspect(
    ctx: "DemoContext",
    conn: dbapi.Connection,
    category: str,
    spans: list[tuple[int, dict[str, object]]],
    workers: list[int],
) -> None:
    rng = ctx.rng
    year = Period(ctx.contract_start, ctx.today)
    rows: list[dict[str, object]] = []
    for quarter in quarters_in(year):
        period = quarter.period
        lo, hi = max(period.start, year.start), min(period.end, ctx.today)
        current = period.end >= ctx.today
        windows: list[tuple[int, date, date, dict[str, object]]] = []
        for entry_id, entry in spans:
            started = entry["started_on"]
            ended = entry["ended_on"]
            assert isinstance(started, date)
            assert ended is None or isinstance(ended, date)
            first = max(lo, started)
            last = hi if ended is None else min(hi, ended - timedelta(days=1))
            if first <= last:
                windows.append((entry_id, first, last, entry))
        rng.shuffle(windows)
        target = DEFAULT_TARGETS[category]
        share = min(1.0, target + (0.06 if target < 1 else 0))
        # The quarter the contract starts in counts only from then: its visits fit those weeks.
        share *= min(1.0, ((hi - lo).days + 1) / period.days) if not current else 1.0
        if current:
            elapsed = (ctx.today - period.start).days / period.days
            share *= min(0.85, elapsed * 0.9)
        count = math.ceil(share * len(windows))
        for entry_id, first, last, entry in windows[:count]:
            on = first + timedelta(days=rng.randint(0, (last - first).days))
            conclusion, issues = "属实", ""
            if rng.random() < 0.06:
                conclusion, issues = rng.choice(ISSUES)
            if rng.random() < 0.05:
                rows.append(_row(ctx, entry, entry_id, on, "未遇", "失联", "", workers))
            rows.append(_row(ctx, entry, entry_id, on, "入户", conclusion, issues, workers))
    if not rows:
        return
    actor = ctx.actor()
    uuids = insert_many(conn, "inspection", rows, actor, log=False)
    ids = ids_by_uuid(conn, "inspection", uuids)
    feedback: list[dict[str, object]] = []
    for uuid, row in zip(uuids, rows, strict=True):
        if row["mode"] != "入户" or row["conclusion"] == "属实":
            continue
        found = row["inspected_on"]
        assert isinstance(found, date)
        age = (ctx.today - found).days
        status = "已办结" if age > 60 else ("已报送" if age > 20 else "待报送")
        feedback.append(
            {
                "inspection_id": ids[uuid],
                "roll_entry_id": row["roll_entry_id"],
                "category": category,
                "found_on": found,
                "source": "主动发现",
                "summary": f"{row['conclusion']}：{row['issues']}",
                "status": status,
                "reported_on": found + timedelta(days=7) if status != "待报送" else None,
                "reply": "已转民政局复核处理" if status == "已办结" else "",
                "closed_on": found + timedelta(days=45) if status == "已办结" else None,
            }
        )
    insert_many(conn, "feedback_item", feedback, actor, log=False)


def _row(
    ctx: "DemoContext",
    entry: dict[str, object],
    entry_id: int,
    on: date,
    mode: str,
    conclusion: str,
    issues: str,
    workers: list[int],
) -> dict[str, object]:
    rng = ctx.rng
    category = entry["category"]
    first, second = rng.sample(workers, 2)
    home = mode == "入户"
    size = entry["household_size"] if home and rng.random() < 0.9 else None
    if home and size is None:
        size = rng.randint(1, 4)
    return {
        "roll_entry_id": entry_id,
        "category": category,
        "inspected_on": on,
        "inspector1_id": first,
        "inspector2_id": second,
        "mode": mode,
        "household_size": size,
        "health_change": rng.choice(("无变化", "无变化", "慢性病加重", "住院一次"))
        if mode == "入户"
        else "",
        "work_change": rng.choice(("无变化", "无变化", "家庭成员新就业")) if mode == "入户" else "",
        "income_change": rng.choice(("无变化", "无变化", "略有增加")) if mode == "入户" else "",
        "housing": rng.choice(("自有住房", "公租房", "租房")) if mode == "入户" else "",
        "vehicles": "无" if mode == "入户" else "",
        "assets": "无大额财产" if mode == "入户" else "",
        # The inspectors mostly confirm what the roll says; now and then care needs have grown.
        "self_care": (
            rng.choice(SELF_CARE[1:]) if rng.random() < 0.1 else entry.get("self_care", "")
        )
        if category == "特困" and home
        else "",
        "support_mode": entry.get("support_mode", "") if category == "特困" and home else "",
        "guardian": f"{entry.get('guardian_name', '')}，监护落实"
        if category == "特殊困难群体儿童" and home
        else "",
        "living_notes": "家中整洁，基本生活有保障" if mode == "入户" else "",
        "policy_publicised": mode == "入户",
        "issues": issues,
        "conclusion": conclusion,
        "reported_on": on + timedelta(days=rng.randint(3, 20))
        if on < ctx.today - timedelta(days=20)
        else None,
        "signed": mode == "入户",
        "photos": "",
    }
