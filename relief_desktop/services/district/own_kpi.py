"""The district center's own KPIs (lot 01, DOMAIN.md §6 "District"): computed from its own ledgers
only (培训台账, 督导台账, 个案研讨会 …), never from the streets' packets, by the street edition's
KPI engine (services/reporting/kpi.py): the same spans, statuses and targets in settings.

Rates with a deadline (a supervision visit to every street each quarter, a case conference each
month, a WeChat post each week) count the quarters, months or weeks that are due: ended, or
already done early; before that they read 未到期, never 0%."""

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period, add_months, month_of, quarter_of
from relief_desktop.ledgers.definitions.district import STREET_NAMES
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi
from relief_desktop.services.reporting.kpi import Kpi, KpiResult, Measure, RecordRef
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

LEAD_ROLE = "项目负责人"
Compute = Callable[[Store, Period, date], Measure]


def _span(start: date, end: date) -> tuple[str, str]:
    return start.isoformat(), end.isoformat()


def _counter(sql: str, table: str) -> Compute:
    """A KPI counting the rows of `sql` (uuid, day, text; two ? for the period) in the period."""

    def compute(store: Store, period: Period, today: date) -> Measure:
        rows = store.reader().execute(sql, _span(period.start, period.end)).fetchall()
        refs = tuple(RecordRef(table, r[0], r[1], r[2]) for r in rows)
        return Measure(len(refs), records=refs)

    return compute


def supervision(store: Store, period: Period, today: date) -> Measure:
    """(street, quarter) pairs with a field supervision visit ÷ 11 × the quarters due. A calendar
    quarter ending inside the period is due once it has ended, or earlier when every street has
    already been visited in it; visits count inside the quarter and the period."""
    conn = store.reader()
    refs: list[RecordRef] = []
    quarters = 0
    quarter = quarter_of(period.start)
    while quarter.start <= period.end and quarter.start <= today:
        start, end = max(quarter.start, period.start), min(quarter.end, period.end, today)
        rows = conn.execute(
            "SELECT min(uuid), min(visited_on), street FROM supervision_visit"
            " WHERE visited_on BETWEEN ? AND ? GROUP BY street",
            _span(start, end),
        ).fetchall()
        visited = {str(r[2]): r for r in rows if r[2] in STREET_NAMES}
        ended = quarter.end < today and quarter.end <= period.end
        if ended or len(visited) == len(STREET_NAMES):
            quarters += 1
            refs += [
                RecordRef("supervision_visit", visited[name][0], visited[name][1],
                          f"{quarter.label} {name}街道")
                for name in STREET_NAMES if name in visited
            ]  # fmt: skip
        quarter = quarter_of(add_months(quarter.start, 3))
    pairs = quarters * len(STREET_NAMES)
    return Measure(len(refs) / pairs if pairs else 0.0, len(refs), pairs, tuple(refs))


def case_conferences(store: Store, period: Period, today: date) -> Measure:
    """Months with a case conference ÷ the months due (ended, or with a conference already)."""
    conn = store.reader()
    refs: list[RecordRef] = []
    months = 0
    month = month_of(period.start)
    while month.start <= period.end and month.start <= today:
        start, end = max(month.start, period.start), min(month.end, period.end, today)
        row = conn.execute(
            "SELECT uuid, held_on, cases_discussed FROM case_conference"
            " WHERE held_on BETWEEN ? AND ? ORDER BY held_on LIMIT 1",
            _span(start, end),
        ).fetchone()
        if row is not None or (month.end < today and month.end <= period.end):
            months += 1
        if row is not None:
            refs.append(RecordRef("case_conference", row[0], row[1],
                                  f"{month.label} 研讨个案 {row[2]} 个"))  # fmt: skip
        month = month_of(add_months(month.start, 1))
    return Measure(len(refs) / months if months else 0.0, len(refs), months, tuple(refs))


def wechat_weekly(store: Store, period: Period, today: date) -> Measure:
    """Weeks (Monday to Sunday) starting inside the period with a 情动成华 post ÷ the weeks due:
    ended, or with a post already. A week belongs to the period of its Monday, whole: a post on
    Wednesday 7-01 is the week of Monday 6-29, which June's figure counts."""
    conn = store.reader()
    refs: list[RecordRef] = []
    weeks = 0
    monday = period.start + timedelta(days=(7 - period.start.weekday()) % 7)
    while monday <= period.end and monday <= today:
        sunday = monday + timedelta(days=6)
        row = conn.execute(
            "SELECT uuid, posted_on, title FROM wechat_post WHERE posted_on BETWEEN ? AND ?"
            " ORDER BY posted_on LIMIT 1",
            _span(monday, min(sunday, today)),
        ).fetchone()
        if row is not None or sunday < today:
            weeks += 1
        if row is not None:
            refs.append(RecordRef("wechat_post", row[0], row[1], f"{monday:%m-%d} 当周 {row[2]}"))
        monday += timedelta(days=7)
    return Measure(len(refs) / weeks if weeks else 0.0, len(refs), weeks, tuple(refs))


def _media(levels: Sequence[str]) -> Compute:
    marks = ", ".join(f"'{level}'" for level in levels)
    return _counter(
        f"""SELECT uuid, published_on, level || ' · ' || outlet || ' · ' || title
            FROM media_report WHERE level IN ({marks}) AND published_on BETWEEN ? AND ?
            ORDER BY published_on""",
        "media_report",
    )


def people_helped(store: Store, period: Period, today: date) -> Measure:
    """Σ people of the district's resource handovers (资源帮扶台账) in the period."""
    rows = (
        store.reader()
        .execute(
            """SELECT uuid, aided_on, street || '街道 · ' || item, people FROM district_aid
           WHERE aided_on BETWEEN ? AND ? ORDER BY aided_on""",
            _span(period.start, period.end),
        )
        .fetchall()
    )
    refs = tuple(RecordRef("district_aid", r[0], r[1], f"{r[2]} · {r[3]} 人") for r in rows)
    return Measure(sum(int(r[3]) for r in rows), records=refs)


def resource_value(store: Store, period: Period, today: date) -> Measure:
    """Σ the district's own receipt values (money, goods and services), as the street's."""
    return kpi.resource_value(store, period, today)


def satisfaction(store: Store, period: Period, today: date) -> Measure:
    """Surveys rated 4 or 5 overall ÷ the surveys in the period (满意度调查台账)."""
    rows = (
        store.reader()
        .execute(
            "SELECT uuid, surveyed_on, overall, respondent FROM district_survey"
            " WHERE surveyed_on BETWEEN ? AND ? ORDER BY surveyed_on",
            _span(period.start, period.end),
        )
        .fetchall()
    )
    good = [r for r in rows if r[2] >= 4]
    refs = tuple(RecordRef("district_survey", r[0], r[1], f"{r[3]} 总体评价 {r[2]} 分")
                 for r in good)  # fmt: skip
    return Measure(len(good) / len(rows) if rows else 0.0, len(good), len(rows), refs)


_TRAININGS = _counter(
    "SELECT uuid, held_on, topic || '（' || attendees || ' 人）' FROM district_training"
    " WHERE held_on BETWEEN ? AND ? ORDER BY held_on",
    "district_training",
)
_DIFFICULT = _counter(
    "SELECT uuid, collected_on, street || '街道 · ' || case_ref || ' · ' || status"
    " FROM difficult_case WHERE collected_on BETWEEN ? AND ? ORDER BY collected_on",
    "difficult_case",
)
_JOURNAL = _counter(
    "SELECT uuid, published_on, issue_no || ' ' || title FROM journal_issue"
    " WHERE published_on BETWEEN ? AND ? ORDER BY published_on",
    "journal_issue",
)

DISTRICT_KPIS: tuple[Kpi, ...] = (
    Kpi("supervision", "实地督导（每街道每季度）", "ratio", 1.0, False, supervision,
        "01包 5.2：每季度实地督导不少于 1 次", span="quarter", deadline=True),
    Kpi("trainings", "救助社会工作专题培训", "count", 4, True, _TRAININGS, "01包 5.3"),
    Kpi("case_conferences", "个案分析研讨会（每月）", "ratio", 1.0, False, case_conferences,
        "01包 5.4：每月 1 次", span="month", deadline=True),
    Kpi("difficult_cases", "急重难个案指导跟进", "count", 10, True, _DIFFICULT,
        "01包 5.4：选取 10 例，形成案例集"),
    Kpi("activities", "全区主题活动", "count", 8, True, kpi.activities, "01包 6.1"),
    Kpi("wechat_weekly", "情动成华公众号每周更新", "ratio", 1.0, False, wechat_weekly,
        "01包 7.1：每周至少 1 次", span="month", deadline=True),
    Kpi("journal_issues", "《情动成华》期刊", "count", 10, True, _JOURNAL, "01包 7.3：全年 10 期"),
    Kpi("media_provincial", "省级及以上媒体报道", "count", 1, True, _media(("省级", "国家级")),
        "01包 7.4"),
    Kpi("media_city", "市级媒体报道", "count", 1, True, _media(("市级",)), "01包 7.4"),
    Kpi("media_district", "区级媒体报道", "count", 4, True, _media(("区级",)), "01包 7.4"),
    Kpi("providers", "链接社会资源（家）", "count", 20, True, kpi.providers, "01包 8.1"),
    Kpi("people_helped", "帮扶对象（人）", "count", 300, True, people_helped, "01包 8.1"),
    Kpi("resource_value", "募集资金、物资及服务", "fen", 60_000_000, True, resource_value,
        "01包 8.1：不低于 60 万元"),
    Kpi("satisfaction", "服务对象满意度", "ratio", 0.80, False, satisfaction, "01包 8.2"),
)  # fmt: skip
DISTRICT_KPI_BY_KEY = {k.key: k for k in DISTRICT_KPIS}


def compute(store: Store, period: Period, today: date | None = None) -> list[KpiResult]:
    """Every lot-01 KPI of the district center for `period`, by the street edition's engine."""
    return kpi.compute(store, period, today=today, kpis=DISTRICT_KPIS)


def save_targets(
    store: Store, actor: Actor, texts: dict[str, str], contract_start: date | None = None
) -> None:
    """设置 of the district: the contract start and the lot-01 targets, all or none. Only the
    项目负责人 changes what the district is judged against."""
    member = next((m for m in team.team(store) if m.uuid == actor.uuid), None)
    if member is None or member.role != LEAD_ROLE:
        raise RuleError("district_targets_lead_only", name=actor.name)
    kpi.save_contract(store, actor, texts, contract_start, kpis=DISTRICT_KPIS)


def value_text(result: KpiResult) -> str:
    """The figure judged, with its count behind a rate (e.g. 90.9%（40/44）)."""
    judged = result.judged
    text = result.to_date_text()
    if result.kpi.unit == "ratio" and judged.denominator:
        return f"{text}（{judged.numerator}/{judged.denominator}）"
    return text
