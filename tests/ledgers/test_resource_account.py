"""救助资源 收支结存: balances as of the period's end; month M closes where month M+1 opens."""

import itertools
from datetime import date

from relief_desktop.domain import periods
from relief_desktop.ledgers import resource_account, service
from relief_desktop.ledgers.definitions.resources import HANDOVERS, RESOURCES
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.services.reporting.ledger_sheets import resource_sheets
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import lead, person, provider
from tests.services.reporting.data import fill_demo

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def hand(store: Store, serial: str, file_no: str, day: str, value: str) -> None:
    raw = {"receipt_id": serial, "handed_on": day, "beneficiary_id": file_no,
           "value_fen": value, "handler": "张三"}  # fmt: skip
    service.create(store, lead(store), HANDOVERS, raw, today=date(2026, 12, 1))


def receipt(store: Store, value: str, received_on: str, **more: str) -> str:
    """A receipt saved as a user would; returns its serial."""
    raw: dict[str, object] = {"provider_id": more.pop("provider", "成都爱心超市"),
                              "channel": "线下定向筹款", "kind": "物资", "item": "大米",
                              "value_fen": value, "value_basis": "市场价",
                              "received_on": received_on, **more}  # fmt: skip
    uuid = service.create(store, lead(store), RESOURCES, raw, today=date(2026, 12, 1))
    return str(service.load(store, RESOURCES, uuid).values["serial"])


def test_a_receipt_of_october_31_handed_out_in_november(store: Store) -> None:
    provider(store)
    who = person(store, "王一", 1)
    rice = receipt(store, value="1000", received_on="2026-10-31")
    hand(store, rice, who, "2026-11-02", "600")
    hand(store, rice, who, "2026-11-20", "400")

    october = resource_account.account(store, *OCTOBER)
    [line] = october.lines
    assert (line.opening_fen, line.received_fen, line.handed_fen, line.closing_fen) == (
        0, 100_000, 0, 100_000)  # fmt: skip
    [line] = resource_account.account(store, *NOVEMBER).lines
    assert (line.opening_fen, line.received_fen, line.handed_fen, line.closing_fen) == (
        100_000, 0, 100_000, 0)  # fmt: skip
    # Spent in November: it no longer appears in December.
    assert resource_account.account(store, date(2026, 12, 1), date(2026, 12, 31)).lines == ()

    # The ledger list with October chosen shows the balance at October's end, not today's.
    october_list = service.records(store, RESOURCES, LedgerQuery(start="2026-10-01",
                                                                 end="2026-10-31"))  # fmt: skip
    assert [r.values["balance_fen"] for r in october_list] == [100_000]
    mid_november = LedgerQuery(end="2026-11-10")
    assert [r.values["balance_fen"] for r in service.records(store, RESOURCES, mid_november)] == [
        40_000
    ]
    assert [r.values["balance_fen"] for r in service.records(store, RESOURCES)] == [0]

    # The packet's sheets of October: the account first, the receipts with the same balance.
    account_sheet, receipts, _handovers = resource_sheets(store, *OCTOBER, masked=True)
    assert account_sheet.title == "救助资源收支结存"
    rows = [list(r) for r in account_sheet.rows]
    assert [rows[0][0], *rows[0][5:]] == [rice, 0, 100_000, 0, 100_000]
    assert [rows[-1][0], *rows[-1][5:]] == ["合计", 0, 100_000, 0, 100_000]
    headers = [c.header for c in receipts.columns]
    assert [list(r)[headers.index("结余（元）")] for r in receipts.rows] == [100_000]


def test_stock_from_earlier_months_is_carried_with_subtotals(store: Store) -> None:
    provider(store)
    provider(store, "蓉城基金会")
    who = person(store, "李二", 2)
    old = receipt(store, value="500", received_on="2026-08-10")
    hand(store, old, who, "2026-09-01", "200")
    hand(store, old, who, "2026-10-15", "100")
    cash = receipt(store, value="300", received_on="2026-10-05", kind="资金",
                                 item="慰问金", value_basis="现金到账",
                                 provider="蓉城基金会")  # fmt: skip
    hand(store, cash, who, "2026-10-06", "300")

    found = resource_account.account(store, *OCTOBER)
    by_serial = {line.serial: line for line in found.lines}
    assert set(by_serial) == {old, cash}  # August's receipt still open: carried into October
    assert (by_serial[old].opening_fen, by_serial[old].handed_fen, by_serial[old].closing_fen) == (
        30_000, 10_000, 20_000)  # fmt: skip
    kinds = {s.label: s for s in found.by_kind()}
    assert (kinds["物资"].closing_fen, kinds["资金"].received_fen, kinds["资金"].closing_fen) == (
        20_000, 30_000, 0)  # fmt: skip
    providers = {s.label: s.handed_fen for s in found.by_provider()}
    assert providers == {"成都爱心超市": 10_000, "蓉城基金会": 30_000}
    total = found.total
    assert (total.opening_fen, total.received_fen, total.handed_fen, total.closing_fen) == (
        30_000, 30_000, 40_000, 20_000)  # fmt: skip


def test_every_month_of_the_demo_street_reconciles_with_the_next(store: Store) -> None:
    fill_demo(store)
    conn = store.reader()
    months = [periods.month(2026, m) for m in range(1, 11)]
    accounts = [resource_account.account(store, m.start, m.end) for m in months]
    assert any(line.opening_fen for a in accounts for line in a.lines), "stock is carried over"
    for this, following in itertools.pairwise(accounts):
        closing = {line.serial: line.closing_fen for line in this.lines if line.closing_fen}
        opening = {line.serial: line.opening_fen for line in following.lines if line.opening_fen}
        assert closing == opening, f"{this.end} does not reconcile with the month after"
    for month in accounts:
        for line in month.lines:
            assert line.closing_fen == line.opening_fen + line.received_fen - line.handed_fen
            assert line.closing_fen >= 0
        received = conn.execute(
            "SELECT coalesce(sum(value_fen), 0) FROM resource_receipt"
            " WHERE received_on BETWEEN ? AND ?",
            (month.start.isoformat(), month.end.isoformat()),
        ).fetchone()[0]
        handed = conn.execute(
            "SELECT coalesce(sum(value_fen), 0) FROM resource_handover"
            " WHERE handed_on BETWEEN ? AND ?",
            (month.start.isoformat(), month.end.isoformat()),
        ).fetchone()[0]
        assert (month.total.received_fen, month.total.handed_fen) == (received, handed)
