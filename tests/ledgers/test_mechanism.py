"""The mechanism on a small made-up ledger: one declaration gives validation, paging, search,
the change log, the Excel sheet and the import."""

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.ledgers import exchange, service
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.ledgers.spec import CheckContext, Field, Ledger
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import lead

TODAY = date(2026, 3, 20)


def _check(ctx: CheckContext) -> None:
    if ctx.values.get("kind") == "借出" and not ctx.values.get("borrower"):
        ctx.add("borrower", "required", label="借用人")


BOOKS = Ledger(
    key="books",
    title="图书台账",
    table="book",
    date_field="added_on",
    fields=(
        Field("title", "书名", required=True, synonyms=("名称",)),
        Field("added_on", "登记日期", "date", required=True),
        Field("kind", "类别", "choice", required=True, choices=("入库", "借出"), filter=True),
        Field("copies", "册数", "int", minimum=1),
        Field("price_fen", "单价（元）", "money"),
        Field("borrower", "借用人", sensitive="name"),
        Field("returned", "已归还", "bool"),
    ),
    check=_check,
)


@pytest.fixture
def books(store: Store) -> Store:
    conn = store.reader()
    conn.executescript(
        """CREATE TABLE book (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
        added_on TEXT NOT NULL, kind TEXT NOT NULL, copies INTEGER, price_fen INTEGER,
        borrower TEXT NOT NULL DEFAULT '', returned INTEGER NOT NULL DEFAULT 0,
        uuid TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
        updated_by TEXT)"""
    )
    return store


def add(store: Store, **raw: object) -> str:
    return service.create(store, lead(store), BOOKS, raw, today=TODAY)


def test_every_problem_of_a_form_is_reported_at_once_and_nothing_is_saved(books: Store) -> None:
    with pytest.raises(ValidationFailedError) as caught:
        add(books, title="", added_on="2026-13-01", kind="丢失", copies="0", price_fen="12.345")
    found = {p.field: p.message() for p in caught.value.problems}
    assert found == {
        "title": "书名不能为空，请填写。",
        "added_on": "登记日期“2026-13-01”不是有效日期，请按 2026-01-31 的格式填写。",
        "kind": "类别“丢失”不在可选项中，可选：入库、借出。",
        "copies": "册数不能小于 1。",
        "price_fen": "金额“12.345”最多保留两位小数（分）。",
    }
    assert service.count(books, BOOKS, LedgerQuery()) == 0


def test_the_declared_hook_and_future_dates_are_checked(books: Store) -> None:
    with pytest.raises(ValidationFailedError) as caught:
        add(books, title="三国", added_on="2026-04-01", kind="借出")
    assert {p.field: p.code for p in caught.value.problems} == {
        "added_on": "date_future",
        "borrower": "required",
    }


def test_values_are_normalised_and_stored_typed(books: Store) -> None:
    uuid = add(
        books,
        title=" 红楼  梦 ",
        added_on="２０２６／3/5",  # full-width digits typed with a Chinese input method
        kind="入",
        copies="３册",
        price_fen="1,234.5",
        returned="是",
    )
    record = service.load(books, BOOKS, uuid)
    assert record.values["title"] == "红楼  梦"  # text as typed: only the ends trimmed
    assert record.values["added_on"] == "2026-03-05"
    assert record.values["kind"] == "入库"
    assert record.values["copies"] == 3
    assert record.values["price_fen"] == 123450
    assert record.values["returned"] is True
    assert record.text(BOOKS, "price_fen") == "1,234.50"


def test_update_logs_only_what_changed_and_delete_is_logged(books: Store) -> None:
    uuid = add(books, title="水浒", added_on="2026-03-01", kind="入库", copies="2")
    service.update(
        books,
        lead(books),
        BOOKS,
        uuid,
        {"title": "水浒传", "added_on": "2026-03-01", "kind": "入库", "copies": 2},
        today=TODAY,
    )
    service.delete(books, lead(books), BOOKS, uuid)
    log = (
        books.reader()
        .execute(
            "SELECT action, changes, worker_name FROM change_log WHERE record_uuid = ? ORDER BY id",
            (uuid,),
        )
        .fetchall()
    )
    assert [row[0] for row in log] == ["insert", "update", "delete"]
    assert log[1][1] == '{"title": ["水浒", "水浒传"]}'
    assert log[1][2] == "张三"
    with pytest.raises(RuleError):
        service.load(books, BOOKS, uuid)


def test_pages_search_filter_and_sort(books: Store) -> None:
    for day in range(1, 26):
        add(
            books,
            title=f"书{day:02d}",
            added_on=f"2026-02-{day:02d}",
            kind="借出" if day % 5 == 0 else "入库",
            borrower="王小明" if day % 5 == 0 else "",
        )
    newest = service.page(books, BOOKS, LedgerQuery(), 0, 10)
    assert [r.values["title"] for r in newest[:2]] == ["书25", "书24"]
    second = service.page(books, BOOKS, LedgerQuery(), 10, 10)
    assert second[0].values["title"] == "书15"
    assert service.count(books, BOOKS, LedgerQuery(text="小明")) == 5
    lent = LedgerQuery(filters=(("kind", "借出"),), sort="title", descending=False)
    assert [r.values["title"] for r in service.page(books, BOOKS, lent, 0, 3)] == [
        "书05",
        "书10",
        "书15",
    ]
    early = LedgerQuery(start="2026-02-01", end="2026-02-03")
    assert service.count(books, BOOKS, early) == 3


def test_export_masks_by_default_and_import_restores_the_records(
    books: Store, tmp_path: Path
) -> None:
    add(
        books,
        title="西游记",
        added_on="2026-03-02",
        kind="借出",
        borrower="王小明",
        copies="1",
        price_fen="35.5",
    )
    masked = tmp_path / "masked.xlsx"
    full = tmp_path / "full.xlsx"
    assert exchange.export(books, BOOKS, masked) == 1
    exchange.export(books, BOOKS, full, masked=False)
    sheet = openpyxl.load_workbook(masked).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == exchange.MASKED_NOTE
    assert rows[2][5] == "王**"
    assert rows[2][4] == 35.5
    before = [(r.uuid, r.values) for r in service.records(books, BOOKS)]
    with service.transaction(books.reader()) as conn:
        conn.execute("DELETE FROM book")

    result = exchange.import_file(books, lead(books), BOOKS, full, commit=True, today=TODAY)

    assert result.committed, result.report()
    assert [(r.uuid, r.values) for r in service.records(books, BOOKS)] == before


def test_a_refused_row_is_reported_by_line_and_nothing_is_written(
    books: Store, tmp_path: Path
) -> None:
    path = tmp_path / "old.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["2026 年图书登记表"])
    sheet.append(["名称", "登记日期", "类别", "册数", "备忘"])
    sheet.append(["论语", "2026年3月1日", "入库", 2, "x"])
    sheet.append(["孟子", "2026-03-02", "借出", 1, ""])
    sheet.append(["合计", "", "", 3, ""])
    book.save(path)

    preview = exchange.import_file(books, lead(books), BOOKS, path, commit=False, today=TODAY)
    assert [row.line for row in preview.added] == [3]
    assert [(line, p.code) for line, p in preview.problems] == [(4, "required")]
    assert (5, "合计/小计行") in preview.skipped
    assert "第 4 行：借用人不能为空，请填写。" in "\n".join(preview.report())
    refused = exchange.import_file(books, lead(books), BOOKS, path, commit=True, today=TODAY)
    assert not refused.committed
    assert service.count(books, BOOKS, LedgerQuery()) == 0
    partial = exchange.import_file(
        books, lead(books), BOOKS, path, commit=True, skip_bad=True, today=TODAY
    )
    assert partial.committed
    assert [r.values["title"] for r in service.records(books, BOOKS)] == ["论语"]


def test_an_unrecognised_header_can_be_mapped_by_name(books: Store, tmp_path: Path) -> None:
    path = tmp_path / "odd.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["书名", "入库时间", "类别"])
    sheet.append(["诗经", "2026-03-03", "入库"])
    book.save(path)
    missing = exchange.read(BOOKS, path)
    assert missing.missing == ["added_on"]
    assert missing.unmapped == ["入库时间"]
    mapped = exchange.import_file(
        books,
        lead(books),
        BOOKS,
        path,
        commit=True,
        header_override={"入库时间": "added_on"},
        today=TODAY,
    )
    assert mapped.committed, mapped.report()
