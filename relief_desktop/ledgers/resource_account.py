"""救助资源 收支结存: per receipt, provider and kind, the month's opening balance, received, handed
over and closing balance, every balance AS OF a date (DOMAIN.md §3 Resource, §6 Periods).

A receipt counts on its own date, a handover on its own: a receipt of 10-31 whose goods went out
in November closes October with its full value and opens November with it. A receipt still open
from an earlier month appears in every month until it is spent, so month M's closing balance is
month M+1's opening balance, receipt by receipt.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from relief_desktop.exports.xlsx import Column, Sheet
from relief_desktop.ledgers import handovers
from relief_desktop.storage.store import Store

TITLE = "救助资源收支结存"


@dataclass(frozen=True)
class AccountLine:
    """One receipt's account over a period, in fen."""

    serial: str
    received_on: str
    provider: str
    kind: str
    item: str
    opening_fen: int  # balance at the end of the day before the period starts
    received_fen: int  # the receipt's value when received inside the period, else 0
    handed_fen: int  # handed over inside the period
    closing_fen: int  # balance at the end of the period's last day


@dataclass(frozen=True)
class Subtotal:
    label: str  # 提供方 or 资源类别 name
    opening_fen: int
    received_fen: int
    handed_fen: int
    closing_fen: int


def _subtotal(label: str, lines: Sequence[AccountLine]) -> Subtotal:
    return Subtotal(
        label,
        sum(line.opening_fen for line in lines),
        sum(line.received_fen for line in lines),
        sum(line.handed_fen for line in lines),
        sum(line.closing_fen for line in lines),
    )


@dataclass(frozen=True)
class ResourceAccount:
    start: date
    end: date
    lines: tuple[AccountLine, ...]

    @property
    def total(self) -> Subtotal:
        return _subtotal("合计", self.lines)

    def by_provider(self) -> list[Subtotal]:
        return self._grouped(lambda line: line.provider)

    def by_kind(self) -> list[Subtotal]:
        return self._grouped(lambda line: line.kind)

    def _grouped(self, key: Callable[[AccountLine], str]) -> list[Subtotal]:
        groups: dict[str, list[AccountLine]] = {}
        for line in self.lines:
            groups.setdefault(key(line), []).append(line)
        return [_subtotal(label, found) for label, found in sorted(groups.items())]


def account(store: Store, start: date, end: date) -> ResourceAccount:
    """Every receipt with a balance on `start` or any movement in start..end (both inclusive)."""
    before = (start - timedelta(days=1)).isoformat()
    first, last = start.isoformat(), end.isoformat()
    rows = store.reader().execute(
        f"""SELECT r.serial, r.received_on, p.name, r.kind, r.item, r.value_fen,
                  COALESCE(SUM(CASE WHEN h.day <= ? THEN h.value_fen END), 0),
                  COALESCE(SUM(CASE WHEN h.day BETWEEN ? AND ? THEN h.value_fen END), 0)
           FROM resource_receipt r JOIN provider p ON p.id = r.provider_id
           LEFT JOIN {handovers.OUTFLOWS} h ON h.receipt_id = r.id
           WHERE r.received_on <= ?
           GROUP BY r.id ORDER BY r.received_on, r.serial""",
        (before, first, last, last),
    )
    lines: list[AccountLine] = []
    for serial, received_on, provider, kind, item, value, handed_before, handed_in in rows:
        earlier = received_on < first
        opening = value - handed_before if earlier else 0
        received = 0 if earlier else value
        closing = opening + received - handed_in
        if opening or received or handed_in:
            lines.append(
                AccountLine(
                    serial, received_on, provider, kind, item, opening, received, handed_in, closing
                )
            )
    return ResourceAccount(start, end, tuple(lines))


COLUMNS = (
    Column("资源编号"),
    Column("接收日期", "date"),
    Column("提供方"),
    Column("资源类别"),
    Column("资源名称"),
    Column("期初结余（元）", "money"),
    Column("本期接收（元）", "money"),
    Column("本期发放（元）", "money"),
    Column("期末结余（元）", "money"),
)


def sheet(store: Store, start: date, end: date) -> Sheet:
    """The account as a sheet: one row per receipt, then subtotals per kind and per provider."""
    found = account(store, start, end)
    rows: list[list[object]] = [
        [line.serial, line.received_on, line.provider, line.kind, line.item, line.opening_fen,
         line.received_fen, line.handed_fen, line.closing_fen]
        for line in found.lines
    ]  # fmt: skip

    def add(group: str, provider: str, kind: str, sub: Subtotal) -> None:
        rows.append([group, None, provider, kind, "", sub.opening_fen, sub.received_fen,
                     sub.handed_fen, sub.closing_fen])  # fmt: skip

    for sub in found.by_kind():
        add("按类别小计", "", sub.label, sub)
    for sub in found.by_provider():
        add("按提供方小计", sub.label, "", sub)
    add("合计", "", "", found.total)
    return Sheet(
        TITLE,
        COLUMNS,
        rows,
        note=f"{start.isoformat()} 至 {end.isoformat()}：期初结余为 {start.isoformat()} 前一日"
        f"终了的结余，期末结余为 {end.isoformat()} 终了的结余（按接收日期、发放日期计）",
    )
