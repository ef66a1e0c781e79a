"""The KPI engine (DOMAIN.md §6, lots 02/03): every KPI for any period, with the records behind it.

No Qt. Targets are settings (`kpi_target.<key>`), defaults from the contract, never pro-rated.
Each KPI has a span, the period its target is set for: the contract year (yearly totals,
satisfaction), the calendar quarter (inspection coverage) or the month (community contact, the
packet). A period shorter than the span (a month of a yearly KPI) is shown with its own figure AND
the span to date (contract year to the month's end), and judged on the latter: totals against the
share of the span elapsed, rates as they are. A deadline KPI (the packet by the 5th, every
community each month) reads 未到期 (not_due) until a month of it is due or done.

The records listed under a KPI are the ones its figure counts, one per unit counted (a person
inspected twice is listed once, on the first counted inspection); money lists carry the amount.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from relief_desktop.domain import masking
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.money import format_yuan
from relief_desktop.domain.names import mask_name
from relief_desktop.domain.periods import (
    Period,
    add_months,
    contract_year_containing,
    last_month,
    month_of,
    quarter_of,
)
from relief_desktop.services import team
from relief_desktop.services.inspection.coverage import counted_inspections, coverage_for
from relief_desktop.services.reporting import packet
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

Unit = Literal["count", "fen", "ratio"]
Status = Literal["green", "amber", "red", "not_due"]
Span = Literal["year", "quarter", "month"]
STATUS_TEXT: dict[str, str] = {
    "green": "正常",
    "amber": "需关注",
    "red": "滞后",
    "not_due": "未到期",
}
INSPECTION_CATEGORIES = (("dibao", "低保"), ("tekun", "特困"), ("linshi", "临时救助"),
                         ("ertong", "特殊困难群体儿童"))  # fmt: skip


@dataclass(frozen=True)
class RecordRef:
    """One record that counts toward a KPI: where it lives and how to show it."""

    table: str
    uuid: str
    day: str
    text: str
    amount: int | None = None  # fen, for a KPI that sums money


@dataclass(frozen=True)
class Measure:
    value: float  # a count, fen, or a ratio 0..1
    numerator: int | None = None
    denominator: int | None = None
    records: tuple[RecordRef, ...] = ()


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    unit: Unit
    default_target: float
    cumulative: bool  # a total (compare with the span elapsed) or a rate (compare as is)
    compute: Callable[[Store, Period, date], Measure]  # (store, period, today)
    note: str = ""
    setting: str = ""  # the settings key of its target; kpi_target.<key> when empty
    span: Span = "year"  # the period the target is set for
    deadline: bool = False  # months count once due (or done): 未到期 before

    @property
    def target_setting(self) -> str:
        return self.setting or f"kpi_target.{self.key}"


@dataclass(frozen=True)
class KpiResult:
    kpi: Kpi
    period: Period
    measure: Measure  # the period's own figure
    target: float  # the full target of the KPI's span
    expected_share: float  # share of the target due by the period's end or today, 1 for rates
    to_date: Measure | None = None  # the span to the period's end; None: the period itself
    to_date_period: Period | None = None

    @property
    def judged(self) -> Measure:
        """The figure the status is judged on: the span to date (or the period itself)."""
        return self.to_date if self.to_date is not None else self.measure

    @property
    def judged_period(self) -> Period:
        return self.to_date_period if self.to_date_period is not None else self.period

    @property
    def not_due(self) -> bool:
        """A deadline KPI of which nothing is due yet (and nothing done early)."""
        return self.kpi.deadline and not self.judged.denominator

    @property
    def progress(self) -> float:
        if self.not_due:
            return 0.0
        return self.judged.value / self.target if self.target else 1.0

    @property
    def status(self) -> Status:
        if self.not_due:
            return "not_due"
        due = self.expected_share if self.kpi.cumulative else 1.0
        if self.progress >= due - 1e-9:
            return "green"
        if self.progress >= 0.75 * due:
            return "amber"
        return "red"

    def has_figure(self, measure: Measure) -> bool:
        """False for a rate with nothing to divide by (no survey, no roll, nothing due yet)."""
        return self.kpi.unit != "ratio" or measure.denominator != 0

    def value_text(self) -> str:
        if not self.has_figure(self.measure):
            return "—"
        return format_value(self.kpi.unit, self.measure.value)

    def to_date_text(self) -> str:
        if not self.has_figure(self.judged):
            return "—"
        return format_value(self.kpi.unit, self.judged.value)

    def target_text(self) -> str:
        return format_value(self.kpi.unit, self.target)


def format_value(unit: Unit, value: float) -> str:
    if unit == "fen":
        return f"{format_yuan(int(value))} 元"
    if unit == "ratio":
        return f"{value:.1%}"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _span(period: Period) -> tuple[str, str]:
    return period.start.isoformat(), period.end.isoformat()


def _count(conn: dbapi.Connection, sql: str, period: Period, table: str) -> Measure:
    """A Measure counting the rows of `sql` (uuid, day, text) in the period."""
    rows = conn.execute(sql, _span(period)).fetchall()
    refs = tuple(RecordRef(table, r[0], r[1], r[2]) for r in rows)
    return Measure(len(refs), records=refs)


def key_cases(store: Store, period: Period, today: date) -> Measure:
    """Distinct cases whose plan is flagged 重点个案 with ≥1 service record in the period."""
    rows = store.reader().execute(
        """SELECT c.uuid, min(s.served_on), c.case_no, b.name
           FROM aid_case c JOIN aid_plan p ON p.case_id = c.id AND p.key_case = 1
           JOIN service_record s ON s.case_id = c.id AND s.served_on BETWEEN ? AND ?
           JOIN beneficiary b ON b.id = c.beneficiary_id
           GROUP BY c.id ORDER BY c.case_no""",
        _span(period),
    )
    # Names masked (domain/masking.py): these lines go into 指标明细 of the year-end report.
    refs = tuple(
        RecordRef("aid_case", r[0], r[1], f"{r[2]} {masking.name(r[3])}") for r in rows.fetchall()
    )
    return Measure(len(refs), records=refs)


def community_contact(store: Store, period: Period, today: date) -> Measure:
    """Communities contacted ÷ all active communities, per month; over longer periods the
    (community, month) pairs contacted ÷ all pairs of the months due: a month is due once it has
    ended, or earlier when every community has already been contacted in it."""
    conn = store.reader()
    total = conn.execute(
        "SELECT count(*) FROM community WHERE active = 1"
        " AND street_code = (SELECT value FROM setting WHERE key = 'street_code')"
    ).fetchone()[0]
    refs: list[RecordRef] = []
    months = 0
    day = period.start
    while day <= period.end and day <= today:
        month = month_of(day)
        start, end = max(month.start, period.start), min(month.end, period.end, today)
        rows = conn.execute(
            """SELECT min(l.uuid), min(l.contacted_on), c.name FROM community_liaison l
               JOIN community c ON c.id = l.community_id
               WHERE l.contacted_on BETWEEN ? AND ? AND c.active = 1
               AND c.street_code = (SELECT value FROM setting WHERE key = 'street_code')
               GROUP BY c.id ORDER BY c.sort_order""",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
        day = add_months(month.start, 1)
        if month.end >= today and len(rows) < total:
            continue  # the running month is not due yet
        refs += [RecordRef("community_liaison", r[0], r[1], f"{month.label} {r[2]}") for r in rows]
        months += 1
    pairs = total * months
    return Measure(len(refs) / pairs if pairs else 0.0, len(refs), pairs, tuple(refs))


@dataclass(frozen=True)
class CommunityContacts:
    """Which active communities of the street had a liaison record in a period, which not."""

    contacted: tuple[str, ...]
    missing: tuple[str, ...]


def community_contacts(store: Store, period: Period) -> CommunityContacts:
    rows = store.reader().execute(
        """SELECT c.name, EXISTS (SELECT 1 FROM community_liaison l WHERE l.community_id = c.id
                                  AND l.contacted_on BETWEEN ? AND ?)
           FROM community c WHERE c.active = 1
           AND c.street_code = (SELECT value FROM setting WHERE key = 'street_code')
           ORDER BY c.sort_order""",
        _span(period),
    )
    done: list[str] = []
    missing: list[str] = []
    for name, contacted in rows.fetchall():
        (done if contacted else missing).append(name)
    return CommunityContacts(tuple(done), tuple(missing))


def community_meetings(store: Store, period: Period, today: date) -> Measure:
    conn = store.reader()
    return _count(
        conn,
        """SELECT uuid, contacted_on, '社区联系会议 ' || coalesce(nullif(attendees, ''), '')
           FROM community_liaison WHERE is_meeting = 1 AND contacted_on BETWEEN ? AND ?
           ORDER BY contacted_on""",
        period,
        "community_liaison",
    )


def activities(store: Store, period: Period, today: date) -> Measure:
    conn = store.reader()
    return _count(
        conn,
        "SELECT uuid, held_on, title FROM activity WHERE held_on BETWEEN ? AND ? ORDER BY held_on",
        period,
        "activity",
    )


def media(store: Store, period: Period, today: date) -> Measure:
    """Media reports at 区级 or above."""
    conn = store.reader()
    return _count(
        conn,
        """SELECT uuid, published_on, level || ' · ' || outlet || ' · ' || title FROM media_report
           WHERE published_on BETWEEN ? AND ? ORDER BY published_on""",
        period,
        "media_report",
    )


def providers(store: Store, period: Period, today: date) -> Measure:
    """Distinct providers with a receipt in the period."""
    conn = store.reader()
    return _count(
        conn,
        """SELECT p.uuid, min(r.received_on), p.name FROM provider p
           JOIN resource_receipt r ON r.provider_id = p.id AND r.received_on BETWEEN ? AND ?
           GROUP BY p.id ORDER BY p.name""",
        period,
        "provider",
    )


def people_helped(store: Store, period: Period, today: date) -> Measure:
    """Distinct handover recipients in the period."""
    conn = store.reader()
    return _count(
        conn,
        """SELECT b.uuid, min(h.handed_on), b.name FROM beneficiary b
           JOIN resource_handover h ON h.beneficiary_id = b.id AND h.handed_on BETWEEN ? AND ?
           GROUP BY b.id ORDER BY min(h.handed_on)""",
        period,
        "beneficiary",
    )


def resource_value(store: Store, period: Period, today: date) -> Measure:
    """Σ receipt values (money, goods and services) in fen."""
    conn = store.reader()
    rows = conn.execute(
        """SELECT r.uuid, r.received_on, p.name || ' · ' || r.kind || ' · ' || r.item, r.value_fen
           FROM resource_receipt r JOIN provider p ON p.id = r.provider_id
           WHERE r.received_on BETWEEN ? AND ? ORDER BY r.received_on""",
        _span(period),
    ).fetchall()
    refs = tuple(RecordRef("resource_receipt", r[0], r[1], f"{r[2]} · {format_yuan(r[3])} 元",
                           r[3]) for r in rows)  # fmt: skip
    return Measure(sum(r[3] for r in rows), records=refs)


def satisfaction(store: Store, period: Period, today: date) -> Measure:
    """Surveys whose overall item is 4 or 5 ÷ surveys with an overall answer."""
    conn = store.reader()
    rows = conn.execute(
        """SELECT uuid, surveyed_on, overall FROM satisfaction_survey
           WHERE surveyed_on BETWEEN ? AND ? AND overall IS NOT NULL ORDER BY surveyed_on""",
        _span(period),
    ).fetchall()
    good = [r for r in rows if r[2] >= 4]
    refs = tuple(RecordRef("satisfaction_survey", r[0], r[1], f"总体评价 {r[2]} 分") for r in good)
    return Measure(len(good) / len(rows) if rows else 0.0, len(good), len(rows), refs)


def packets_on_time(store: Store, period: Period, today: date) -> Measure:
    """Months due whose packet was generated by the 5th ÷ the months due. A month is due once its
    deadline (the 5th of the next month) has passed, or earlier when its packet is already made:
    before that it is 未到期, never 0% late."""
    conn = store.reader()

    months: list[str] = []
    refs: list[RecordRef] = []
    day = period.start.replace(day=1)
    while day <= period.end and month_of(day).end < today:
        month = f"{day:%Y-%m}"
        day = add_months(day, 1)
        row = conn.execute(
            "SELECT uuid, generated_on, file_name FROM packet WHERE kind = 'month' AND period = ?"
            " AND generated_on <= ? ORDER BY generated_on LIMIT 1",
            (month, today.isoformat()),
        ).fetchone()
        if row is None and due_date(month) >= today:
            continue  # not yet due, not yet made
        months.append(month)
        if row and date.fromisoformat(row[1]) <= due_date(month):
            refs.append(RecordRef("packet", row[0], row[1], row[2]))
    return Measure(len(refs) / len(months) if months else 1.0, len(refs), len(months), tuple(refs))


def disclosures(store: Store, period: Period, today: date) -> Measure:
    """Aid information posted on 情动成华 (disclosures marked as posted) in the period."""
    conn = store.reader()
    return _count(
        conn,
        """SELECT uuid, posted_on, period_start || ' 至 ' || period_end || ' 帮扶信息公开'
           FROM disclosure WHERE posted_on BETWEEN ? AND ? ORDER BY posted_on""",
        period,
        "disclosure",
    )


def trainings(store: Store, period: Period, today: date) -> Measure:
    """Trainings and supervision attended (区中心交办任务 of a training type)."""
    conn = store.reader()
    return _count(
        conn,
        """SELECT uuid, assigned_on, task_type || ' · ' || title FROM bureau_task
           WHERE assigned_on BETWEEN ? AND ? AND (task_type LIKE '%培训%' OR task_type LIKE '%督导%'
           OR task_type LIKE '%学习%') ORDER BY assigned_on""",
        period,
        "bureau_task",
    )


def _coverage(category: str) -> Callable[[Store, Period, date], Measure]:
    def compute(store: Store, period: Period, today: date) -> Measure:
        result = coverage_for(store, category, period.start, period.end)
        # The same rule as the figure: the first in-person inspection of each unit counted.
        counted = counted_inspections(store, category, period.start, period.end, True)
        conn = store.reader()
        refs: list[RecordRef] = []
        for visit in counted:
            name, mode, conclusion = conn.execute(
                "SELECT e.name, i.mode, i.conclusion FROM inspection i"
                " JOIN roll_entry e ON e.id = i.roll_entry_id WHERE i.uuid = ?",
                (visit.uuid,),
            ).fetchone()
            refs.append(RecordRef("inspection", visit.uuid, visit.inspected_on.isoformat(),
                                  f"{mask_name(name)} · {mode} · {conclusion}"))  # fmt: skip
        return Measure(result.rate or 0.0, result.numerator, result.denominator, tuple(refs))

    return compute


KPIS: tuple[Kpi, ...] = (
    Kpi("key_cases", "重点个案（有服务）", "count", 10, True, key_cases),
    *(
        # The same setting the inspection work list reads, so the two never disagree.
        Kpi(f"inspection_{key}", f"入户核查覆盖率·{label}", "ratio",
            0.30 if key == "dibao" else 1.0, True, _coverage(key), "按季度报区民政局；低保按户计",
            f"inspection_target_{key}", span="quarter")
        for key, label in INSPECTION_CATEGORIES
    ),
    Kpi("community_contact", "社区工作联络（每月每社区）", "ratio", 1.0, False, community_contact,
        span="month", deadline=True),
    Kpi("community_meetings", "社区联系会议", "count", 2, True, community_meetings),
    Kpi("monthly_packet", "月度资料按时报送（5日前）", "ratio", 1.0, False, packets_on_time,
        span="month", deadline=True),
    Kpi("activities", "主题活动", "count", 4, True, activities),
    Kpi("media", "区级及以上媒体报道", "count", 2, True, media),
    Kpi("providers", "链接社会资源（家）", "count", 10, True, providers),
    Kpi("people_helped", "帮扶对象（人）", "count", 30, True, people_helped),
    Kpi("resource_value", "募集资金、物资及服务", "fen", 8_000_000, True, resource_value),
    Kpi("satisfaction", "服务对象满意度", "ratio", 0.80, False, satisfaction),
    Kpi("disclosures", "“情动成华”信息公开", "count", 12, True, disclosures, "建议每月一次"),
    Kpi("trainings", "参加区中心培训与督导", "count", 4, True, trainings, "建议每季度一次"),
)  # fmt: skip
KPI_BY_KEY = {k.key: k for k in KPIS}


def target_key(kpi: Kpi) -> str:
    return kpi.target_setting


def parse_target(kpi: Kpi, text: str) -> float:
    """A target as typed in 设置: '30%' or '30' for a rate, '80000' yuan for money, a count."""
    cleaned = text.strip().replace(",", "").replace("，", "").rstrip("%％元")
    try:
        value = float(cleaned)
    except ValueError:
        raise RuleError("target_format", label=kpi.label, value=text) from None
    if value < 0:
        raise RuleError("target_format", label=kpi.label, value=text)
    if kpi.unit == "ratio":
        value = value / 100 if value > 1 else value
        if value > 1:
            raise RuleError("target_format", label=kpi.label, value=text)
    if kpi.unit == "fen":
        value *= 100
    return value


def target_text(kpi: Kpi, value: float) -> str:
    """A target as 设置 shows it for editing (the inverse of parse_target)."""
    if kpi.unit == "ratio":
        return f"{value * 100:g}%"
    if kpi.unit == "fen":
        return f"{value / 100:g}"
    return f"{value:g}"


def target(store: Store, kpi: Kpi) -> float:
    value = team.get_setting(store, kpi.target_setting)
    if not value:
        return kpi.default_target
    try:
        if kpi.setting:  # written by the inspection page as a share or a percentage
            number = float(value.strip().rstrip("%％"))
            return number / 100 if number > 1 else number
        return float(value)
    except ValueError:
        return kpi.default_target


def save_contract(
    store: Store,
    actor: Actor,
    texts: dict[str, str],
    contract_start: date | None = None,
    *,
    kpis: Sequence[Kpi] = KPIS,
) -> None:
    """Save the contract start and the targets typed in 设置 (KPI key -> text) of `kpis` (the
    street's, or the district's own) in one transaction: every value is checked first, then all
    are written or none."""
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    by_key = {k.key: k for k in kpis}
    values = {by_key[key].target_setting: _stored(by_key[key], text)
              for key, text in texts.items()}  # fmt: skip
    if contract_start is not None:
        earliest, latest = team.CONTRACT_EARLIEST, date.today() + timedelta(days=366)
        if not earliest <= contract_start <= latest:
            raise RuleError(
                "contract_start_range_between", value=contract_start, min=earliest, max=latest
            )
        values[team.CONTRACT_START_KEY] = contract_start.isoformat()
    with store.write(actor) as session:
        for setting_key, value in values.items():
            row = session.exec(select(orm.Setting).where(orm.Setting.key == setting_key)).first()
            if row is None:
                session.add(orm.Setting(key=setting_key, value=value))
            elif row.value != value:
                row.value = value
                session.add(row)


def _stored(kpi: Kpi, text: str) -> str:
    return f"{parse_target(kpi, text):g}"


def compute(
    store: Store,
    period: Period,
    keys: Sequence[str] | None = None,
    today: date | None = None,
    *,
    kpis: Sequence[Kpi] = KPIS,
) -> list[KpiResult]:
    """Every KPI of `kpis` (or those named) for one period, each beside its span to date (module
    doc). `kpis`: the street's (default) or another set judged the same way (the district's)."""
    today = today or date.today()
    as_of = min(period.end, today)
    day = max(period.start, as_of)  # the day the spans are taken around
    year = contract_year_containing(team.contract_start(store, today), day)
    results: list[KpiResult] = []
    for kpi in kpis:
        if keys is not None and kpi.key not in keys:
            continue
        measure = kpi.compute(store, period, today)
        span = {"year": year, "quarter": quarter_of(day), "month": month_of(day)}[kpi.span]
        to_date: Measure | None = None
        to_date_period: Period | None = None
        judged = period
        if period.days < span.days and span.start < period.start:
            # Shorter than its span: judged on the span to the period's end, never pro-rated.
            to_date_period = Period("custom", span.start, period.end, span.label)
            to_date = kpi.compute(store, to_date_period, today)
            judged = span
        elif period.days < span.days:
            judged = span
        share = judged.elapsed_share(as_of) if kpi.cumulative else 1.0
        results.append(
            KpiResult(kpi, period, measure, target(store, kpi), share, to_date, to_date_period)
        )
    return results


def last_month_unsent(store: Store, today: date) -> bool:
    """Last month's packet has not been made yet (the packet log, services/reporting/packet.py):
    the team is preparing it, so 上月 is the period to look at."""

    return not packet.history(store, "month", packet.month_key(last_month(today)))


def default_period(store: Store, today: date) -> Period:
    """上月 while its packet is not made, else the contract year running today."""
    if last_month_unsent(store, today):
        return last_month(today)
    return contract_year_containing(team.contract_start(store, today), today)
