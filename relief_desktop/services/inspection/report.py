"""The quarterly report to the bureau: an Excel ledger per category with a coverage sheet, and a
PDF summary. IDs and names are masked by default, as in every export of the app."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from relief_desktop.domain import idcard
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.inspection import (
    CATEGORIES,
    Period,
    Quarter,
    format_rate,
    unit_word,
)
from relief_desktop.domain.money import format_yuan
from relief_desktop.domain.names import mask_name
from relief_desktop.exports.pdf import (
    BarChart,
    Block,
    Document,
    Heading,
    KeyValues,
    Paragraph,
    Table,
    write_pdf,
)
from relief_desktop.exports.xlsx import Column, Kind, Sheet, write_workbook
from relief_desktop.services import team
from relief_desktop.services.inspection import feedback, roll_facts
from relief_desktop.services.inspection.coverage import QuarterCoverage, quarter_summary
from relief_desktop.services.inspection.roll_facts import FACT_SQL, RollFacts, facts_of
from relief_desktop.storage.store import Store

if TYPE_CHECKING:
    from relief_desktop.exports.pdf import Document

LEDGER_COLUMNS: tuple[Column, ...] = (
    Column("序号", "int"),
    Column("核查日期", "date"),
    Column("类别"),
    Column("社区"),
    Column("姓名（户主）"),
    Column("身份证号码"),
    Column("家庭住址"),
    Column("核查方式"),
    Column("家庭人口", "int"),
    Column("健康/就业/收入变化"),
    Column("住房/车辆/财产"),
    Column("自理能力/供养方式"),
    Column("监护人"),
    Column("生活状况"),
    Column("政策宣传", "bool"),
    Column("发现的问题"),
    Column("核查结论"),
    Column("核查人员"),
    Column("报送民政局日期", "date"),
)
_FACT_KINDS: dict[str, Kind] = {"int": "int", "money": "money", "date": "date"}


def ledger_columns(category: str | None = None) -> tuple[Column, ...]:
    """LEDGER_COLUMNS, then for one category's sheet what the roll says (名单·保障人数 …)."""
    if category is None:
        return LEDGER_COLUMNS
    return LEDGER_COLUMNS + tuple(
        Column(f"名单·{fact.label}", _FACT_KINDS.get(fact.kind, "text"))
        for fact in facts_of(category)
    )


_ROWS_SQL = """
SELECT i.inspected_on, i.category, coalesce(c.name, e.community_name), e.name, e.id_number,
       e.address, i.mode, i.household_size,
       i.health_change, i.work_change, i.income_change, i.housing, i.vehicles, i.assets,
       i.self_care, i.support_mode, i.guardian, i.living_notes, i.policy_publicised, i.issues,
       i.conclusion, w1.name, w2.name, i.reported_on, {facts}
FROM inspection i
JOIN roll_entry e ON e.id = i.roll_entry_id
JOIN worker w1 ON w1.id = i.inspector1_id
JOIN worker w2 ON w2.id = i.inspector2_id
LEFT JOIN community c ON c.id = e.community_id
WHERE i.inspected_on BETWEEN ? AND ? {category}
ORDER BY i.inspected_on, coalesce(c.sort_order, 9999), e.name, i.id
"""


def _join(*parts: object) -> str:
    return "；".join(str(p) for p in parts if p)


def inspection_rows(
    store: Store, period: Period, category: str | None = None, masked: bool = True
) -> list[list[object]]:
    """The ledger rows of inspections dated in the period, in ledger_columns(category) order."""
    sql = _ROWS_SQL.format(category="AND i.category = ?" if category else "", facts=FACT_SQL)
    params: list[str] = [period.start.isoformat(), period.end.isoformat()]
    if category:
        params.append(category)
    rows: list[list[object]] = []
    for n, r in enumerate(store.reader().execute(sql, params), start=1):
        facts = RollFacts.from_row(r[24:])
        name, number = str(r[3]), str(r[4])
        rows.append(
            [
                n,
                r[0],
                r[1],
                r[2],
                mask_name(name) if masked else name,
                idcard.mask(number) if masked else number,
                "" if masked else r[5],  # an address is as identifying as a name
                r[6],
                r[7],
                _join(r[8], r[9], r[10]),
                _join(r[11], r[12], r[13]),
                _join(r[14], r[15]),
                roll_facts.guardian_text(str(r[16]), facts, masked),
                r[17],
                bool(r[18]),
                r[19],
                r[20],
                f"{r[21]}、{r[22]}",
                r[23],
            ]
        )
        if category:
            rows[-1].extend(roll_facts.cells(facts, category, masked))
    return rows


def month_inspection_sheet(store: Store, year: int, month: int, masked: bool = True) -> Sheet:
    """The month's inspections as one sheet (for the monthly packet)."""
    start = date(year, month, 1)
    end = date(year + month // 12, month % 12 + 1, 1)
    period = Period(start, date.fromordinal(end.toordinal() - 1))
    return Sheet(
        "入户核查台账",
        LEDGER_COLUMNS,
        inspection_rows(store, period, masked=masked),
        note=f"{year}年{month}月入户核查台账" + ("（数据已脱敏）" if masked else ""),
    )


COVERAGE_COLUMNS: tuple[Column, ...] = (
    Column("类别"),
    Column("计数单位"),
    Column("本季度在册", "int"),
    Column("本季度已核查", "int"),
    Column("本季度覆盖率", "percent"),
    Column("目标", "percent"),
    Column("达到目标还需", "int"),
    Column("是否达标"),
    Column("合同年在册", "int"),
    Column("合同年已核查", "int"),
    Column("合同年覆盖率", "percent"),
)


def coverage_rows(summary: list[QuarterCoverage]) -> list[list[object]]:
    rows: list[list[object]] = []
    for item in summary:
        q, y = item.in_quarter, item.in_year
        rows.append(
            [
                item.category,
                unit_word(item.category),
                q.denominator,
                q.numerator,
                q.rate,
                q.target,
                q.remaining_to_target,
                "是" if q.met else "否",
                y.denominator,
                y.numerator,
                y.rate,
            ]
        )
    return rows


FEEDBACK_COLUMNS: tuple[Column, ...] = (
    Column("发现日期", "date"),
    Column("类别"),
    Column("社区"),
    Column("姓名"),
    Column("身份证号码"),
    Column("来源"),
    Column("反馈内容"),
    Column("状态"),
    Column("报送日期", "date"),
    Column("民政局回复"),
)


def quarter_sheets(store: Store, quarter: Quarter, masked: bool = True) -> list[Sheet]:
    period = quarter.period
    note = "（数据已脱敏）" if masked else ""
    sheets = [
        Sheet(
            "覆盖率",
            COVERAGE_COLUMNS,
            coverage_rows(quarter_summary(store, quarter)),
            note=f"{quarter.label}入户核查覆盖率（{period.start}至{period.end}）",
        )
    ]
    for category in CATEGORIES.values():
        sheets.append(
            Sheet(
                f"{category}核查台账",
                ledger_columns(category),
                inspection_rows(store, period, category, masked),
                note=f"{quarter.label}{category}入户核查台账{note}",
            )
        )
    items = feedback.items(store, start=period.start, end=period.end)
    sheets.append(
        Sheet(
            "问题反馈",
            FEEDBACK_COLUMNS,
            [
                [
                    f.found_on,
                    f.category,
                    f.community,
                    mask_name(f.name) if masked else f.name,
                    idcard.mask(f.id_number) if masked else f.id_number,
                    f.source,
                    f.summary,
                    f.status,
                    f.reported_on,
                    f.reply,
                ]
                for f in items
            ],
            note=f"{quarter.label}主动发现问题反馈{note}",
        )
    )
    return sheets


@dataclass(frozen=True)
class ReportFiles:
    xlsx: Path
    pdf: Path
    summary: list[QuarterCoverage]


def file_stem(store: Store, quarter: Quarter) -> str:
    return f"{team.street_name(store)}街道-{quarter.label}入户核查报送"


def pdf_document(store: Store, quarter: Quarter, summary: list[QuarterCoverage]) -> "Document":
    period = quarter.period
    street = team.street_name(store)
    year = summary[0].in_year.period if summary else period
    table_rows = [
        [
            s.category,
            f"{s.in_quarter.denominator} {unit_word(s.category)}",
            s.in_quarter.numerator,
            format_rate(s.in_quarter.rate),
            f"{s.in_quarter.target:.0%}",
            "达标" if s.in_quarter.met else f"差 {s.in_quarter.remaining_to_target}",
            f"{s.in_year.numerator}/{s.in_year.denominator}",
            format_rate(s.in_year.rate),
        ]
        for s in summary
    ]
    counts = store.reader().execute(
        "SELECT conclusion, count(*) FROM inspection WHERE inspected_on BETWEEN ? AND ?"
        " GROUP BY conclusion",
        (period.start.isoformat(), period.end.isoformat()),
    )
    by_conclusion = dict(counts.fetchall())
    items = feedback.items(store, start=period.start, end=period.end)
    blocks: list[Block] = [
        KeyValues(
            [
                ("街道", f"{street}街道社会关爱援助中心"),
                ("季度", f"{quarter.label}（{period.start} 至 {period.end}）"),
                ("合同年", f"{year.start} 至 {year.end}"),
                ("本季度核查", f"{sum(by_conclusion.values())} 次"),
            ]
        ),
        Heading("一、覆盖率"),
        Paragraph(
            "覆盖率 = 本期内至少入户核查一次的在册对象 ÷ 本期内任一天在册的对象；"
            "低保按户计，其他类别按人计；同一对象多次核查只计一次；电话核查和未遇不计入。",
            small=True,
        ),
        Table(
            [
                "类别",
                "本季度在册",
                "已核查",
                "覆盖率",
                "目标",
                "达标情况",
                "合同年已核查/在册",
                "合同年覆盖率",
            ],
            table_rows,
            widths=[1.6, 1.2, 0.8, 0.9, 0.7, 1.0, 1.5, 1.1],
            highlight_rows=[i for i, s in enumerate(summary) if not s.in_quarter.met],
        ),
        BarChart(
            f"本季度覆盖率（虚线为低保目标 {summary[0].in_quarter.target:.0%}）"
            if summary
            else "本季度覆盖率",
            [
                (
                    s.category,
                    s.in_quarter.rate or 0.0,
                    "green" if s.in_quarter.met else "amber",
                )
                for s in summary
            ],
            marker=summary[0].in_quarter.target if summary else None,
        ),
        Heading("二、核查结论"),
        Table(
            ["属实", "需复核", "建议调整", "建议退出", "失联"],
            [[by_conclusion.get(k, 0) for k in ("属实", "需复核", "建议调整", "建议退出", "失联")]],
        ),
        Heading("三、主动发现问题反馈"),
    ]
    if items:
        blocks.append(
            Table(
                ["发现日期", "类别", "社区", "姓名", "反馈内容", "状态"],
                [
                    [f.found_on, f.category, f.community, mask_name(f.name), f.summary, f.status]
                    for f in items
                ],
                widths=[1.1, 1.3, 1.0, 0.8, 3.2, 0.8],
            )
        )
    else:
        blocks.append(Paragraph("本季度无需反馈的问题。"))
    blocks.append(Heading("四、在册名单情况"))
    blocks.append(
        Table(
            ["类别", "名单所载（本季度内任一天在册）"],
            roll_overview(store, quarter),
            widths=[1.6, 6.6],
        )
    )
    return Document(
        f"{street}街道入户核查工作情况报告",
        blocks,
        subtitle=f"{quarter.label} · 报成华区民政局",
    )


def roll_overview(store: Store, quarter: Quarter) -> list[list[object]]:
    """Per category, what the roll itself says for the quarter, in totals (no one is named)."""
    period = quarter.period
    bounds = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    on_roll = (
        "FROM roll_entry WHERE category = :category AND started_on <= :end"
        " AND (ended_on IS NULL OR ended_on > :start)"
    )
    conn = store.reader()

    def one(select: str, category: str) -> tuple[int, ...]:
        row = conn.execute(f"SELECT {select} {on_roll}", {**bounds, "category": category})
        return tuple(int(v or 0) for v in row.fetchone())

    def counts(column: str, category: str) -> str:
        rows = conn.execute(
            f"SELECT {column}, count(*) {on_roll} AND {column} != ''"
            f" GROUP BY {column} ORDER BY count(*) DESC, {column}",
            {**bounds, "category": category},
        )
        return "、".join(f"{name} {n}" for name, n in rows) or "名单未载"

    people, covered, amount = one(
        "count(DISTINCT household_key), sum(covered_persons), sum(monthly_amount_fen)", "低保"
    )
    (tekun,) = one("count(*)", "特困")
    aid_count, aid_total = one("count(*), sum(aid_amount_fen)", "临时救助")
    children, reachable = one(
        "count(*), sum(guardian_name != '' AND guardian_phone != '')", "特殊困难群体儿童"
    )
    return [
        [
            "低保",
            f"{people} 户，保障人数 {covered} 人，月保障金额合计 {format_yuan(amount)} 元",
        ],
        [
            "特困",
            f"{tekun} 人；供养方式：{counts('support_mode', '特困')}；"
            f"自理能力：{counts('self_care', '特困')}",
        ],
        [
            "临时救助",
            f"{aid_count} 人，救助金额合计 {format_yuan(aid_total)} 元；"
            f"事由：{counts('aid_reason', '临时救助')}",
        ],
        [
            "特殊困难群体儿童",
            f"{children} 人，其中名单载有监护人姓名和电话的 {reachable} 人"
            + (f"，缺 {children - reachable} 人" if children > reachable else ""),
        ],
    ]


def write_quarter_report(
    store: Store,
    quarter: Quarter,
    folder: Path,
    masked: bool = True,
    progress: Callable[[int], None] | None = None,
) -> ReportFiles:
    """Write the Excel ledger and the PDF summary for the quarter into `folder`."""

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RuleError("export_folder", folder=str(folder), detail=error.strerror) from None
    stem = file_stem(store, quarter)
    summary = quarter_summary(store, quarter)
    xlsx = folder / f"{stem}.xlsx"
    pdf = folder / f"{stem}.pdf"
    heading = team.print_heading(store, quarter.label)
    write_workbook(xlsx, quarter_sheets(store, quarter, masked), progress, heading=heading)
    write_pdf(pdf, pdf_document(store, quarter, summary))
    return ReportFiles(xlsx, pdf, summary)
