"""The monthly report as data: key numbers, KPI progress, the team's narrative, the ledgers.

`exports` turn it into the packet's workbook and PDF briefing; the GUI and the CLI call the same
functions (DOMAIN.md §5: 工作简报, 基础数据库, 个案服务台账, 救助资源台账, 志愿者及志愿服务台账,
and the month's 入户核查台账).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from relief_desktop.domain.money import format_yuan
from relief_desktop.domain.periods import Period, contract_year
from relief_desktop.exports.xlsx import Column, Sheet
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi as kpis
from relief_desktop.services.reporting.narrative import Narrative
from relief_desktop.services.reporting.narrative import load as load_narrative
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class KeyNumber:
    label: str
    month: str
    year: str  # contract year to date


@dataclass(frozen=True)
class MonthlyReport:
    street: str
    street_code: str
    period: Period
    year: Period
    key_numbers: tuple[KeyNumber, ...]
    year_kpis: tuple[kpis.KpiResult, ...]
    narrative: Narrative
    masked: bool
    generated_on: date


def _scalar(conn: dbapi.Connection, sql: str, period: Period) -> int:
    return int(
        conn.execute(sql, (period.start.isoformat(), period.end.isoformat())).fetchone()[0] or 0
    )


COUNTS: tuple[tuple[str, str, Callable[[int], str]], ...] = (
    ("新登记困难群众（人）",
     "SELECT count(*) FROM beneficiary WHERE registered_on BETWEEN ? AND ?", str),
    ("需求评估（次）",
     "SELECT count(*) FROM needs_assessment WHERE assessed_on BETWEEN ? AND ?", str),
    ("新建个案（个）", "SELECT count(*) FROM aid_case WHERE opened_on BETWEEN ? AND ?", str),
    ("结案（个）", "SELECT count(*) FROM aid_case WHERE closed_on BETWEEN ? AND ?", str),
    ("个案服务（次）", "SELECT count(*) FROM service_record WHERE served_on BETWEEN ? AND ?", str),
    ("服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM service_record WHERE served_on BETWEEN ? AND ?",
     lambda m: f"{m / 60:.1f}"),
    ("入户核查（次）",
     "SELECT count(*) FROM inspection WHERE inspected_on BETWEEN ? AND ?", str),
    ("主动发现问题（条）",
     "SELECT count(*) FROM feedback_item WHERE found_on BETWEEN ? AND ?", str),
    ("志愿服务（人次）",
     "SELECT count(*) FROM volunteer_service WHERE served_on BETWEEN ? AND ?", str),
    ("志愿服务时长（小时）",
     "SELECT coalesce(sum(minutes), 0) FROM volunteer_service WHERE served_on BETWEEN ? AND ?",
     lambda m: f"{m / 60:.1f}"),
    ("政策宣传（场）", "SELECT count(*) FROM policy_publicity WHERE held_on BETWEEN ? AND ?", str),
    ("来访接待（次）", "SELECT count(*) FROM reception WHERE received_on BETWEEN ? AND ?", str),
)  # fmt: skip

KPI_NUMBERS = ("key_cases", "activities", "providers", "people_helped", "resource_value", "media",
               "satisfaction")  # fmt: skip


def key_numbers(store: Store, period: Period, year: Period) -> list[KeyNumber]:
    conn = store.reader()
    year_to_date = Period("custom", year.start, min(year.end, period.end), year.label)
    numbers: list[KeyNumber] = []
    numbers.append(
        KeyNumber(
            "在案个案（月末）",
            str(_open_cases(conn, period.end)),
            str(_open_cases(conn, year_to_date.end)),
        )
    )
    for label, sql, show in COUNTS:
        numbers.append(
            KeyNumber(
                label, show(_scalar(conn, sql, period)), show(_scalar(conn, sql, year_to_date))
            )
        )
    month = {r.kpi.key: r for r in kpis.compute(store, period, KPI_NUMBERS)}
    ytd = {r.kpi.key: r for r in kpis.compute(store, year_to_date, KPI_NUMBERS)}
    for key in KPI_NUMBERS:
        numbers.append(
            KeyNumber(month[key].kpi.label, month[key].value_text(), ytd[key].value_text())
        )
    contact = kpis.compute(store, period, ["community_contact"])[0].measure
    numbers.append(
        KeyNumber("联络社区（个/总数）", f"{contact.numerator}/{contact.denominator}", "—")
    )
    return numbers


def _open_cases(conn: dbapi.Connection, day: date) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM aid_case"
            " WHERE opened_on <= ? AND (closed_on IS NULL OR closed_on > ?)",
            (day.isoformat(), day.isoformat()),
        ).fetchone()[0]
    )


def build(
    store: Store, period: Period, masked: bool = True, today: date | None = None
) -> MonthlyReport:
    today = today or date.today()
    year = contract_year(team.contract_start(store, today))
    year_to_date = Period("custom", year.start, min(year.end, period.end), year.label)
    return MonthlyReport(
        street=f"{team.street_name(store)}街道",
        street_code=team.current_street(store) or "",
        period=period,
        year=year,
        key_numbers=tuple(key_numbers(store, period, year)),
        year_kpis=_against_year(
            store, kpis.compute(store, year_to_date, today=today), year, period
        ),
        narrative=load_narrative(store, f"{period.start:%Y-%m}"),
        masked=masked,
        generated_on=today,
    )


def _against_year(
    store: Store, results: list[kpis.KpiResult], year: Period, period: Period
) -> tuple[kpis.KpiResult, ...]:
    """Year-to-date figures against the full yearly target, due in the share of the contract year
    elapsed by the month's end (not a target prorated to the month's end, due in full)."""
    share = year.elapsed_share(period.end)
    return tuple(
        replace(r, target=kpis.target(store, r.kpi), expected_share=share)
        if r.kpi.cumulative
        else r
        for r in results
    )


def summary_sheet(report: MonthlyReport) -> Sheet:
    """工作简报: the key numbers and KPI progress, first sheet of the workbook."""
    rows: list[Sequence[object]] = [
        [n.label, n.month, n.year, "", "", ""] for n in report.key_numbers
    ]
    rows.append(["", "", "", "", "", ""])
    rows.append(["合同指标", "本年累计", "年度目标", "完成率", "应完成进度", "状态"])
    status_text = {"green": "正常", "amber": "需关注", "red": "滞后"}
    for result in report.year_kpis:
        rows.append(
            [
                result.kpi.label,
                result.value_text(),
                result.target_text(),
                f"{result.progress:.0%}",
                f"{result.expected_share:.0%}" if result.kpi.cumulative else "—",
                status_text[result.status],
            ]
        )
    return Sheet(
        "工作简报",
        [
            Column("项目"),
            Column("本月"),
            Column("合同年度累计"),
            Column(""),
            Column(""),
            Column(""),
        ],
        rows,
        note=f"{report.street} {report.period.label} 工作简报"
        f"（合同年度 {report.year.start}—{report.year.end}）",
    )


def ledger_sheets(store: Store, period: Period, masked: bool) -> list[Sheet]:
    """The month's ledgers in the order DOMAIN.md §5 lists them, each from its own module."""
    from relief_desktop.ledgers import registry_book
    from relief_desktop.ledgers.reporting import resource_sheets, volunteer_sheets
    from relief_desktop.services.casework import ledger_sheet
    from relief_desktop.services.inspection.report import month_inspection_sheet

    start, end = period.start, period.end
    return [
        *registry_book.sheets(store, masked, registered_until=end),
        ledger_sheet.sheet(store, start, end, masked),
        *resource_sheets(store, start, end, masked),
        *volunteer_sheets(store, start, end, masked),
        month_inspection_sheet(store, start.year, start.month, masked),
    ]


def money_text(fen: int) -> str:
    return f"{format_yuan(fen)} 元"
