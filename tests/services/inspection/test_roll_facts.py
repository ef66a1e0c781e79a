"""What the bureau's roll says per category (schema 6) reaches the work list, the new
inspection, the quarterly report and the demo street.

Replays issue 9: "the 儿童 roll's 监护人姓名 / 监护人身份证号 / 监护人电话 are dropped, so 39
children are stored with no way to reach them; 保障人数, 月保障金额, 供养方式, 自理能力,
救助事由, 救助金额, 救助日期 are dropped too" — the display side: once stored, each is shown
and reported.
"""

import csv
import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from relief_desktop import demo
from relief_desktop.domain import idcard, phone
from relief_desktop.domain.inspection import Quarter
from relief_desktop.domain.names import mask_name
from relief_desktop.domain.periods import default_contract_start
from relief_desktop.domain.vocab import SELF_CARE
from relief_desktop.services import team
from relief_desktop.services.inspection import records, report, worklist
from relief_desktop.services.inspection.roll_facts import RollFacts
from relief_desktop.storage.store import Store
from relief_desktop.storage.tables_inspection import RollEntry
from tests.services.inspection.helpers import import_roll, inspect
from tests.services.inspection.roll_files import make_id

Q4 = Quarter(2026, 4)
# As the existing report test, but cells "as shown" (token 9): what a clerk sees on screen.
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
GUARDIAN_ID = make_id(date(1962, 5, 6), 12)
# One roll entry's facts per category, as the roll import stores them.
FACTS: dict[str, dict[str, object]] = {
    "dibao": {"covered_persons": 2, "monthly_amount_fen": 224000},
    "tekun": {"support_mode": "集中供养", "self_care": "部分自理"},
    "linshi": {"aid_reason": "火灾", "aid_amount_fen": 300050, "aid_on": date(2026, 11, 3)},
    "ertong": {
        "guardian_name": "王秀英",
        "guardian_id_number": GUARDIAN_ID,
        "guardian_phone": "13812345678",
    },
}


def give_facts(store: Store, entry_id: int, **values: object) -> None:
    """Store per-category facts on a roll entry, as the roll import does."""
    with store.write(team.team(store)[0].actor) as session:
        entry = session.get(RollEntry, entry_id)
        assert entry is not None
        for key, value in values.items():
            setattr(entry, key, value)
        session.add(entry)


def roll_with_facts(store: Store, folder: Path, code: str, count: int = 2) -> list[int]:
    """A roll of `count` people from 2026-07-01; the first has the category's facts."""
    entries = import_roll(store, folder, code, count, date(2026, 7, 1), name=f"{code}.xlsx")
    ids = sorted(entries.values())
    give_facts(store, ids[0], **FACTS[code])
    return ids


@pytest.mark.parametrize("code", list(FACTS))
def test_the_work_list_carries_what_the_roll_says_of_each_person(
    store: Store, tmp_path: Path, code: str
) -> None:
    first, second = roll_with_facts(store, tmp_path, code)

    items = {item.entry_id: item for item in worklist.work_list(store, code, Q4).items}

    expected: dict[str, Any] = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in FACTS[code].items()
    }
    assert items[first].facts == RollFacts(**expected)
    assert items[second].facts == RollFacts()  # nothing on the roll: nothing invented


def test_a_new_inspection_starts_from_the_roll_and_a_saved_one_keeps_its_own_answers(
    store: Store, tmp_path: Path
) -> None:
    tekun = roll_with_facts(store, tmp_path, "tekun")[0]
    child = roll_with_facts(store, tmp_path, "ertong")[0]
    dibao = roll_with_facts(store, tmp_path, "dibao")[0]

    start = records.prefill(records.load_entry(store, tekun))
    assert (start.support_mode, start.self_care, start.household_size) == (
        "集中供养",
        "部分自理",
        1,
    )
    # The guardian's name only: the ledger's 监护人 text is no place for an ID or a phone.
    assert records.prefill(records.load_entry(store, child)).guardian == "王秀英"
    assert records.prefill(records.load_entry(store, dibao)) == records.Prefill(household_size=1)
    give_facts(store, dibao, household_size=None)  # a roll that gives only 保障人数
    assert records.prefill(records.load_entry(store, dibao)).household_size == 2
    entry = records.load_entry(store, child)
    assert entry.facts.guardian_id_number == GUARDIAN_ID
    assert entry.facts.guardian_phone == "13812345678"


def test_each_category_sheet_of_the_quarter_report_carries_the_roll_columns(
    store: Store, tmp_path: Path
) -> None:
    for code in FACTS:
        entry = roll_with_facts(store, tmp_path, code, count=1)[0]
        # A child's form starts from the roll's guardian name (records.prefill).
        notes = {"guardian": "王秀英，祖母照料，监护落实"} if code == "ertong" else {}
        inspect(store, entry, date(2026, 11, 20), **notes)

    masked = report.write_quarter_report(store, Q4, tmp_path / "masked")
    full = report.write_quarter_report(store, Q4, tmp_path / "full", masked=False)

    book = load_workbook(masked.xlsx)
    expected: dict[str, tuple[list[str], list[object]]] = {
        "低保核查台账": (["名单·保障人数", "名单·月保障金额（元）"], [2, 2240.0]),
        "特困核查台账": (["名单·供养方式", "名单·自理能力"], ["集中供养", "部分自理"]),
        "临时救助核查台账": (
            ["名单·救助事由", "名单·救助金额（元）", "名单·救助日期"],
            ["火灾", 3000.5],
        ),
        "特殊困难群体儿童核查台账": (
            ["名单·监护人", "名单·监护人身份证号", "名单·监护人电话"],
            # Masked as the report masks the child (the helpers' policy, whatever it is).
            [mask_name("王秀英"), idcard.mask(GUARDIAN_ID), phone.mask("13812345678")],
        ),
    }
    for title, (headers, values) in expected.items():
        sheet = book[title]
        header = [c.value for c in sheet[2]]
        assert header[-len(headers) :] == headers, title
        row = [c.value for c in sheet[3]][-len(headers) :]
        assert row[: len(values)] == values, title
        cells = list(sheet[3])[-len(headers) :]
        for name, cell in zip(headers, cells, strict=True):
            if "金额" in name:
                assert cell.number_format == "#,##0.00"  # yuan with two decimals, a number
    aid_on = list(book["临时救助核查台账"][3])[-1].value
    assert isinstance(aid_on, datetime)  # a date cell, not text
    assert aid_on.date() == date(2026, 11, 3)
    everything = [str(c.value) for sheet in book.worksheets for row in sheet for c in row]
    assert not any(GUARDIAN_ID in text or "王秀英" in text for text in everything)
    child = [c.value for c in book["特殊困难群体儿童核查台账"][3]]
    assert child[12] == f"{mask_name('王秀英')}，祖母照料，监护落实"  # 监护人 notes
    book.close()
    unmasked = load_workbook(full.xlsx)
    row = [c.value for c in unmasked["特殊困难群体儿童核查台账"][3]]
    assert row[12] == "王秀英，祖母照料，监护落实"
    assert row[-3:] == ["王秀英", GUARDIAN_ID, "13812345678"]
    unmasked.close()


def test_the_month_sheet_of_the_packet_keeps_its_columns_and_masks_the_guardian(
    store: Store, tmp_path: Path
) -> None:
    entry = roll_with_facts(store, tmp_path, "ertong", count=1)[0]
    inspect(store, entry, date(2026, 11, 20), guardian="王秀英，监护落实")
    sheet = report.month_inspection_sheet(store, 2026, 11)
    rows = list(sheet.rows)
    assert len(rows) == 1
    assert len(rows[0]) == len(sheet.columns) == len(report.LEDGER_COLUMNS)
    assert rows[0][12] == f"{mask_name('王秀英')}，监护落实"


def test_the_pdf_sums_up_the_roll_without_naming_anyone(store: Store, tmp_path: Path) -> None:
    for code in FACTS:
        roll_with_facts(store, tmp_path, code, count=2)

    lines = dict((str(k), str(v)) for k, v in report.roll_overview(store, Q4))

    assert lines["低保"] == "2 户，保障人数 2 人，月保障金额合计 2,240.00 元"
    assert lines["特困"] == "2 人；供养方式：集中供养 1；自理能力：部分自理 1"
    assert lines["临时救助"] == "2 人，救助金额合计 3,000.50 元；事由：火灾 1"
    assert lines["特殊困难群体儿童"] == "2 人，其中名单载有监护人姓名和电话的 1 人，缺 1 人"
    assert "王秀英" not in "".join(lines.values())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) missing")
def test_the_bureau_reads_the_roll_columns_in_libreoffice(store: Store, tmp_path: Path) -> None:
    """Opened by a real client (LibreOffice → CSV), amounts read as yuan, dates as dates."""
    entry = roll_with_facts(store, tmp_path, "linshi", count=1)[0]
    inspect(store, entry, date(2026, 11, 20))
    files = report.write_quarter_report(store, Q4, tmp_path / "out")
    out = tmp_path / "csv"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_AS_SHOWN, "--outdir", str(out), str(files.xlsx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = next(p for p in out.glob("*.csv") if p.name.endswith("临时救助核查台账.csv"))
    with sheet.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[1]
    row = rows[2]
    shown = dict(zip(header, row, strict=True))
    assert shown["名单·救助事由"] == "火灾"
    assert shown["名单·救助金额（元）"] == "3,000.50"
    assert shown["名单·救助日期"] == "2026-11-03"


def test_every_demo_roll_entry_has_the_facts_of_its_category(store: Store) -> None:
    today = date(2026, 11, 20)
    demo.generate(store, 300, seed=11, today=today)
    start = default_contract_start(today)
    conn = store.reader()

    def column(sql: str, category: str) -> list[tuple[object, ...]]:
        return list(conn.execute(sql + " FROM roll_entry WHERE category = ?", (category,)))

    dibao = column("SELECT household_size, covered_persons, monthly_amount_fen", "低保")
    assert len(dibao) > 20
    for size, covered, amount in dibao:
        assert isinstance(size, int)
        assert isinstance(covered, int)
        assert isinstance(amount, int)
        assert 1 <= covered <= size
        # Around Chengdu's 1,120 yuan a head a month, never above it.
        assert 500 * 100 * covered <= amount <= 1120 * 100 * covered
    per_head = [int(str(a)) / int(str(c)) / 100 for _s, c, a in dibao]
    assert 900 <= sum(per_head) / len(per_head) <= 1120

    tekun = column("SELECT support_mode, self_care", "特困")
    assert {mode for mode, _care in tekun} == {"集中供养", "分散供养"}
    assert {care for _mode, care in tekun} <= set(SELF_CARE)

    aid = column("SELECT aid_reason, aid_amount_fen, aid_on", "临时救助")
    assert aid
    for reason, amount, on in aid:
        assert reason
        assert isinstance(amount, int)
        assert 500_00 <= amount <= 10_000_00
        assert start - timedelta(days=30) <= date.fromisoformat(str(on)) <= today
    assert {"火灾", "重病", "意外事故"} & {reason for reason, _a, _o in aid}

    children = column(
        "SELECT name, guardian_name, guardian_id_number, guardian_phone", "特殊困难群体儿童"
    )
    assert children
    for _child, guardian, number, mobile in children:
        assert 2 <= len(str(guardian)) <= 4
        assert idcard.parse(str(number)).number == number  # a valid check digit
        assert idcard.parse(str(number)).birth_date.year <= today.year - 18  # an adult
        assert phone.normalise(str(mobile)) == mobile
    # The inspectors saw the 供养方式 the roll names.
    disagree = conn.execute(
        "SELECT count(*) FROM inspection i JOIN roll_entry e ON e.id = i.roll_entry_id"
        " WHERE e.category = '特困' AND i.mode = '入户' AND i.support_mode != e.support_mode"
    ).fetchone()[0]
    assert disagree == 0
