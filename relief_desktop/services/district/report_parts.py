"""The parts the district center's reports to the bureau share: the streets' KPIs side by side
and totalled, the on-time board, inspection coverage and the district's own KPIs, each as
workbook rows (number cells with a number format) and as PDF blocks (exports/pdf.py)."""

from collections.abc import Sequence
from datetime import date

from relief_desktop.domain.inspection import format_rate, unit_word
from relief_desktop.domain.periods import Period, quarter_of
from relief_desktop.exports import pdf
from relief_desktop.exports.xlsx import Column, Sheet, Typed
from relief_desktop.services.district import board as boards
from relief_desktop.services.district import coverage as coverages
from relief_desktop.services.district.coverage import CoverageCell
from relief_desktop.services.district.edition import district_name
from relief_desktop.services.district.figures import DistrictFigures, Figure
from relief_desktop.services.reporting import briefing, monthly
from relief_desktop.services.reporting.kpi import KPIS, STATUS_TEXT, KpiResult
from relief_desktop.storage.store import Store

MASKED_NOTE = "已脱敏：区中心只收到脱敏的资料包，本报告不含身份证号和完整姓名"
MISSING = "未报送"
NO_FIGURE = "—"
UNIT_WORDS = {"count": "数量", "yuan": "元", "ratio": "比率"}
SOURCE = "数据来自各街道月度报送资料包的清单（同一月份有多个版本时取最新版本）"


def center(store: Store) -> str:
    return f"{district_name(store)}社会关爱援助中心"


def heading(store: Store, text: str) -> str:
    """The page header of every printed sheet: whose report and which period."""
    return f"{center(store)} · {text}"


def figure_cell(figure: Figure | None) -> object:
    """A figure as a typed cell: counts 0, yuan #,##0.00, rates 0.0%; — when there is none."""
    if figure is None or figure.value is None:
        return NO_FIGURE
    if figure.unit == "ratio":
        return Typed(figure.value, "percent")
    if figure.unit == "yuan":
        return Typed(round(figure.value * 100), "money")
    if float(figure.value).is_integer():
        return Typed(int(figure.value), "int")
    return Typed(figure.value, "decimal")


def figure_text(figure: Figure | None) -> str:
    if figure is None or figure.value is None:
        return NO_FIGURE
    if figure.unit == "ratio":
        return f"{figure.value:.1%}"
    if figure.unit == "yuan":
        return f"{figure.value:,.2f}"
    return f"{figure.value:,}"


def _label(key: str, result: DistrictFigures) -> tuple[str, str]:
    """(label, unit) of a KPI: the packets' own name where one has it."""
    kpi = next(k for k in KPIS if k.key == key)
    found = result.total.get(key)
    unit = found.unit if found is not None else ("yuan" if kpi.unit == "fen" else kpi.unit)
    return (found.name if found is not None else kpi.label), unit


def streets_sheet(result: DistrictFigures, title: str, note: str) -> Sheet:
    """指标 × 街道: each street's figure beside the others and the district total; a street
    without a packet in the period reads 未报送 (never 0); the months received close the table."""
    rows: list[Sequence[object]] = []
    for kpi in KPIS:
        label, unit = _label(kpi.key, result)
        cells = [
            MISSING if not s.months else figure_cell(s.figures.get(kpi.key)) for s in result.streets
        ]
        rows.append([label, UNIT_WORDS[unit], *cells, figure_cell(result.total.get(kpi.key))])
    received = [Typed(len(s.months), "int") for s in result.streets]
    total = sum(len(s.months) for s in result.streets)
    rows.append(["已收资料包（个月）", "月", *received, Typed(total, "int")])
    due = len(result.months)
    rows.append(
        [
            "应有资料包（个月）",
            "月",
            *[Typed(due, "int")] * len(result.streets),
            Typed(due * len(result.streets), "int"),
        ]
    )
    return Sheet(
        title,
        [
            Column("指标"),
            Column("单位"),
            *(Column(s.name.removesuffix("街道"), "number") for s in result.streets),
            Column("全区合计", "number"),
        ],
        rows,
        note=note,
    )


def streets_blocks(result: DistrictFigures) -> list[pdf.Block]:
    """The same table for the PDF (landscape): KPIs as rows, the 11 streets and the total."""
    rows: list[list[object]] = []
    for kpi in KPIS:
        label, unit = _label(kpi.key, result)
        shown = f"{label}（元）" if unit == "yuan" else label
        cells = [
            MISSING if not s.months else figure_text(s.figures.get(kpi.key)) for s in result.streets
        ]
        rows.append([shown, *cells, figure_text(result.total.get(kpi.key))])
    rows.append(
        [
            "已收资料包（个月）",
            *(len(s.months) for s in result.streets),
            sum(len(s.months) for s in result.streets),
        ]
    )
    headers = ["指标", *(s.name.removesuffix("街道") for s in result.streets), "全区合计"]
    lacking = [f"{s.name}（{'、'.join(s.missing)}）" for s in result.streets if s.missing]
    blocks: list[pdf.Block] = [
        pdf.Table(headers, rows, [3.2, *[1.0] * len(result.streets), 1.2]),
        pdf.Paragraph(
            "计数、金额为本期数，合计为各街道之和；比率为合同年度截至期末的数，合计为各街道分子"
            "之和除以分母之和（本季度的入户核查覆盖率见核查部分）。" + SOURCE + "。",
            small=True,
        ),
    ]
    if lacking:
        blocks.append(pdf.Paragraph("缺少资料包（合计不含）：" + "；".join(lacking), small=True))
    return blocks


def month_rate(board: boards.Board, month: str) -> tuple[int, int, float | None]:
    """(on time, owed, rate) of one month across the streets."""
    index = board.months.index(month)
    cells = [s.cells[index] for s in board.streets]
    due = sum(1 for c in cells if c.status not in boards.UNCOUNTED)
    on_time = sum(1 for c in cells if c.status == boards.ON_TIME)
    return on_time, due, (on_time / due if due else None)


def board_sheet(board: boards.Board, month: str, note: str, span: str = "近12个月") -> Sheet:
    """报送及时情况: each street's month (status, due, first version's dates, versions) and its
    on-time rate over the board's months, the district's on the last rows."""
    index = board.months.index(month)
    rows: list[Sequence[object]] = []
    for street in board.streets:
        cell = street.cells[index]
        rows.append(
            [
                street.name,
                cell.text,
                cell.due,
                cell.generated_on,
                cell.imported_on,
                Typed(cell.versions, "int"),
                Typed(street.on_time, "int"),
                Typed(street.due_months, "int"),
                Typed(street.rate, "percent") if street.rate is not None else NO_FIGURE,
            ]
        )
    counts = "，".join(
        f"{text} {board.count(month, status)}"
        for status, text in boards.STATUS_TEXT.items()
        if board.count(month, status)
    )
    rows.append(
        [
            "全区",
            counts,
            None,
            None,
            None,
            Typed(sum(s.cells[index].versions for s in board.streets), "int"),
            Typed(board.on_time, "int"),
            Typed(board.due_months, "int"),
            Typed(board.rate, "percent") if board.rate is not None else NO_FIGURE,
        ]
    )
    on_time, due, rate = month_rate(board, month)
    rows.append(
        [
            f"全区 {month} 按时率",
            None,
            None,
            None,
            None,
            None,
            Typed(on_time, "int"),
            Typed(due, "int"),
            Typed(rate, "percent") if rate is not None else NO_FIGURE,
        ]
    )
    return Sheet(
        "报送及时情况",
        [
            Column("街道"),
            Column(f"{month} 状态"),
            Column("截止日期", "date"),
            Column("首版生成日期", "date"),
            Column("首版导入日期", "date"),
            Column("版本数", "int"),
            Column(f"{span}按时（个月）", "int"),
            Column(f"{span}应报（个月）", "int"),
            Column(f"{span}按时率", "percent"),
        ],
        rows,
        note=note,
    )


def board_blocks(board: boards.Board, month: str, span: str = "近12个月") -> list[pdf.Block]:
    index = board.months.index(month)
    rows = []
    flagged = []
    for number, street in enumerate(board.streets):
        cell = street.cells[index]
        if cell.status in (boards.LATE, boards.MISSING):
            flagged.append(number)
        rate = (
            NO_FIGURE
            if street.rate is None
            else f"{street.rate:.0%}（{street.on_time}/{street.due_months}）"
        )
        rows.append(
            [
                street.name,
                cell.text,
                cell.due,
                cell.generated_on or NO_FIGURE,
                cell.imported_on or NO_FIGURE,
                cell.versions,
                rate,
            ]
        )
    on_time, due, month_share = month_rate(board, month)
    counts = "，".join(
        f"{text} {board.count(month, status)} 个街道"
        for status, text in boards.STATUS_TEXT.items()
        if board.count(month, status)
    )
    total = (
        NO_FIGURE
        if board.rate is None
        else f"{board.rate:.1%}（{board.on_time}/{board.due_months}）"
    )
    return [
        pdf.Paragraph(
            f"{month} 资料包应于 {board.streets[0].cells[index].due} 前报送：{counts}。"
            f"本月全区按时率 {format_rate(month_share)}（{on_time}/{due}）；"
            f"{span}全区按时率 {total}。"
        ),
        pdf.Table(
            ["街道", "状态", "截止日期", "首版生成", "首版导入", "版本数", f"{span}按时率"],
            rows,
            [1.4, 0.9, 1.2, 1.2, 1.2, 0.8, 1.6],
            flagged,
        ),
        pdf.Paragraph(
            "按时以第一个完整版本的生成日期不晚于次月 5 日为准；重新报送的版本只替换数字，"
            "不改变按时情况。",
            small=True,
        ),
    ]


CATEGORIES = tuple(coverages.KEYS.items())  # (KPI key, 低保 …)


def reporting(result: coverages.DistrictCoverage) -> int:
    """Streets with a packet of the quarter."""
    return sum(1 for street in result.streets if street.month is not None)


def month_coverage(store: Store, month: Period, today: date) -> coverages.DistrictCoverage:
    """The quarter to the month's end (a later month's packet is not read into the month)."""
    quarter = quarter_of(month.start)
    span = Period("quarter", quarter.start, month.end, f"{quarter.label}截至 {month.end}")
    return coverages.coverage(store, span, today)


def status_text(cell: CoverageCell, running: bool) -> str:
    """A quarter still under way is not below its target yet."""
    return (
        coverages.STATUS_TEXT[coverages.UNDER_WAY]
        if running and cell.status == coverages.BELOW
        else cell.text
    )


def coverage_rows(
    cells: Sequence[tuple[str, CoverageCell]], running: bool = False
) -> list[Sequence[object]]:
    """(row label, cell) -> 类别/街道, 单位, 在册, 已核查, 覆盖率, 目标, 状态 as typed cells;
    a street without a packet reads 未报送, never 0."""
    rows: list[Sequence[object]] = []
    for label, cell in cells:
        none = STATUS_TEXT_NONE.get(cell.status, NO_FIGURE)
        rows.append(
            [
                label,
                unit_word(cell.category),
                none if cell.denominator is None else Typed(cell.denominator, "int"),
                none if cell.numerator is None else Typed(cell.numerator, "int"),
                Typed(cell.rate, "percent") if cell.rate is not None else NO_FIGURE,
                Typed(cell.target, "percent") if cell.target is not None else NO_FIGURE,
                status_text(cell, running),
            ]
        )
    return rows


STATUS_TEXT_NONE = {coverages.MISSING: MISSING}
COVERAGE_COLUMNS = (
    Column("单位"),
    Column("在册", "int"),
    Column("已核查", "int"),
    Column("覆盖率", "percent"),
    Column("目标", "percent"),
    Column("状态"),
)


def coverage_text_row(label: str, cell: CoverageCell, running: bool = False) -> list[object]:
    unit = unit_word(cell.category)
    none = STATUS_TEXT_NONE.get(cell.status, NO_FIGURE)
    return [
        label,
        none if cell.denominator is None else f"{cell.denominator} {unit}",
        none if cell.numerator is None else f"{cell.numerator} {unit}",
        format_rate(cell.rate),
        NO_FIGURE if cell.target is None else f"{cell.target:.0%}",
        status_text(cell, running),
    ]


def flagged(cells: Sequence[CoverageCell], running: bool = False) -> list[int]:
    """Rows to highlight: below target at the quarter's end, or no packet."""
    bad = (coverages.MISSING,) if running else (coverages.BELOW, coverages.MISSING)
    return [i for i, cell in enumerate(cells) if cell.status in bad]


def coverage_total_blocks(
    result: coverages.DistrictCoverage, running: bool = False
) -> list[pdf.Block]:
    """Per category the district total: the streets' inspected and rolls summed."""
    cells = [result.total[key] for key, _ in CATEGORIES]
    rows = [coverage_text_row(name, result.total[key], running) for key, name in CATEGORIES]
    return [
        pdf.Table(
            ["类别", "在册", "已核查", "覆盖率", "目标", "状态"],
            rows,
            [1.8, 1, 1, 1, 0.8, 1],
            flagged(cells, running),
        ),
        pdf.Paragraph(
            f"{reporting(result)} 个街道报送了本季度的资料包，合计为其在册数与已核查数之和；"
            "低保按户计，其余按人计；只计入户核查（电话核查、未遇不计）。",
            small=True,
        ),
    ]


def _own_status(result: KpiResult) -> str:
    return STATUS_TEXT[result.status]


def own_sheet(results: Sequence[KpiResult], note: str, span: str = "本月") -> Sheet:
    """区中心工作: the district's own lot-01 KPIs (services/district/own_kpi.py) — the period's own
    figure, then the street's 合同指标 cells (monthly.kpi_cells): the contract year to the
    period's end against the target, the share due and the status."""
    rows = []
    for result in results:
        own = result.measure if result.has_figure(result.measure) else None
        month = None if own is None else monthly.typed(result.kpi.unit, own.value)
        label, *judged = monthly.kpi_cells(result)
        rows.append([label, month, *judged])
    return Sheet(
        "区中心工作",
        [
            Column("合同指标"),
            Column(span, "number"),
            Column("合同年度累计", "number"),
            Column("目标", "number"),
            Column("完成率", "percent"),
            Column("应完成进度", "percent"),
            Column("状态"),
        ],
        rows,
        note=note,
    )


def own_blocks(results: Sequence[KpiResult], elapsed: float, span: str = "本月") -> list[pdf.Block]:
    """The same as a table with a bar per KPI (the street brief's chart, briefing.py)."""
    rows = [
        [r.kpi.label, r.value_text(), r.to_date_text(), r.target_text(),
         "—" if r.not_due else f"{r.progress:.0%}", _own_status(r)]
        for r in results
    ]  # fmt: skip
    behind = [i for i, r in enumerate(results) if r.status == "red"]
    chart = briefing.kpi_blocks(tuple(results), "区中心合同指标完成率", elapsed)[-1]
    return [
        pdf.Table(
            ["指标", span, "合同年度累计", "目标", "完成率", "状态"],
            rows,
            [3, 1.2, 1.4, 1.4, 1, 1],
            behind,
            keep_together=True,
        ),
        chart,
        pdf.Paragraph(
            "只计区中心自己的台账记录；各街道的数字列在上文，不计入区中心指标。"
            "比率类（督导、研讨会、公众号更新）按已到期的季度、月份、周计。",
            small=True,
        ),
    ]
