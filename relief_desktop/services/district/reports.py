"""The district center's reports to the bureau (区民政局, seed 7.2): which kinds there are, which
period each takes, and writing one as an Excel workbook and a PDF (exports/xlsx.py, pdf.py) —
the GUI's 报告 page and `relief-desktop district report` call `write`."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.exports import pdf, xlsx
from relief_desktop.services.district import packets, report_month, report_period, report_quarter
from relief_desktop.services.district import report_parts as parts
from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    period_kind: str  # the Period.kind it takes
    period_words: str  # how the user writes such a period
    example: str


KINDS = {
    kind.key: kind
    for kind in (
        Kind("month", "月度工作报告", "month", "月份", "2026-10"),
        Kind("quarter", "季度入户核查情况报告", "quarter", "季度", "2026Q3"),
        Kind("half", "半年工作报告", "half", "合同半年", "contract-half 或 contract-half2"),
        Kind("year", "年终工作报告", "year", "合同年度", "contract-year"),
    )
}


@dataclass(frozen=True)
class ReportFiles:
    xlsx: Path
    pdf: Path
    pages: int


@dataclass(frozen=True)
class _Made:
    title: str
    sheets: list[xlsx.Sheet]
    document: pdf.Document


def check(store: Store, kind: str, period: Period) -> Kind:
    """The kind, when the period is of its kind and the district has received packets."""
    found = KINDS[kind]
    if period.kind != found.period_kind:
        raise RuleError(
            "district_report_period",
            title=found.title,
            words=found.period_words,
            value=period.label,
            example=found.example,
        )
    if not packets.received(store):
        raise RuleError("district_report_empty")
    return found


def _month(store: Store, period: Period, today: date) -> _Made:
    report = report_month.build(store, period, today)
    return _Made(report_month.title(report), report_month.sheets(report),
                 report_month.document(report))  # fmt: skip


def _quarter(store: Store, period: Period, today: date) -> _Made:
    report = report_quarter.build(store, period, today)
    return _Made(report_quarter.title(report), report_quarter.sheets(report),
                 report_quarter.document(report))  # fmt: skip


def _period(store: Store, period: Period, today: date) -> _Made:
    report = report_period.build(store, period, today)
    return _Made(report_period.full_title(report), report_period.sheets(report),
                 report_period.document(report))  # fmt: skip


BUILDERS: dict[str, Callable[[Store, Period, date], _Made]] = {
    "month": _month,
    "quarter": _quarter,
    "half": _period,
    "year": _period,
}


def file_stem(store: Store, kind: Kind, period: Period) -> str:
    span = period.label if kind.key in ("month", "quarter") else f"{period.start}至{period.end}"
    return f"{parts.center(store)}-{span}-{kind.title}"


def write(
    store: Store, kind: str, period: Period, out_dir: Path, today: date | None = None
) -> ReportFiles:
    """Write `<中心>-<期间>-<报告>.xlsx` and `.pdf` into `out_dir` (each atomically)."""
    today = today or date.today()
    found = check(store, kind, period)
    made = BUILDERS[kind](store, period, today)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(store, found, period)
    book = out_dir / f"{stem}.xlsx"
    heading = parts.heading(store, f"{made.title.removeprefix(parts.center(store))} "
                                   f"{period.start} 至 {period.end}")  # fmt: skip
    xlsx.write_workbook(book, made.sheets, heading=heading)
    target = out_dir / f"{stem}.pdf"
    pages = pdf.write_pdf(target, made.document)
    return ReportFiles(book, target, pages)
