"""Replays: "from the masked monthly packet, 499 of 499 people, 498 of 498 household members and
6 of 6 volunteers had their full ID rebuilt and check-digit verified; 125 of 125 case-file PDFs
too"; "指标明细 lists 33 key cases with full names; volunteer names are not masked".

Every masked output of the demo street is produced, read back as a reader would (Excel cells,
pdftotext, the disclosure text) and handed to the attacker of tests/services/masking_attacker.py,
who must rebuild no full ID, name or phone.
"""

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain import masking, periods
from relief_desktop.domain.inspection import Quarter
from relief_desktop.ledgers import exchange
from relief_desktop.ledgers.registry import ledgers
from relief_desktop.paths import AppPaths
from relief_desktop.services import registry_book, team
from relief_desktop.services.casework.case_file import write_case_file
from relief_desktop.services.inspection.report import write_quarter_report
from relief_desktop.services.reporting import (
    disclosure,
    month_packet,
    narrative,
    periodic,
    report_texts,
)
from relief_desktop.storage.store import Store
from tests.services import masking_attacker as attacker
from tests.services.reporting.data import TODAY, add_handovers, fill_demo

OCTOBER = periods.month(2026, 10)

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing"
)


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store.open(AppPaths.under(tmp_path_factory.mktemp("street")))
    team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    fill_demo(store, people=120)
    add_handovers(store, date(2026, 10, 12), count=5)
    actor = team.team(store)[0].actor
    narrative.save(
        store,
        actor,
        narrative.Narrative("2026-10", "走访重点个案。", "王女士获得临时救助。", "", ""),
    )
    # A worker who types a person's name, ID and phone into the words of the reports.
    name, number, phone = (
        store.reader()
        .execute(
            "SELECT name, id_number, phone FROM beneficiary WHERE length(id_number) = 18"
            " AND length(name) >= 2 AND phone IS NOT NULL ORDER BY id LIMIT 1"
        )
        .fetchone()
    )
    typed = f"为{name}（{number}，电话 {phone}）链接助学资源，{name}一家生活改善。"
    narrative.save(store, actor, narrative.Narrative("2026-09", typed, typed, typed, typed))
    start = team.contract_start(store, TODAY)
    for period in (periods.contract_year(start), periods.contract_half(start)):
        report_texts.save(store, actor, period, report_texts.ReportTexts(typed, typed, typed))
    yield store
    store.close()


def masked_outputs(store: Store, out: Path) -> list[attacker.Row]:
    """Every output that leaves the app masked, read back as rows of text."""
    rows: list[attacker.Row] = []
    actor = team.team(store)[0].actor
    packet = month_packet.generate(store, actor, OCTOBER, out / "packet", today=TODAY)
    rows += attacker.zip_rows(packet.path, out / "packet-open")
    for ledger in ledgers():
        target = out / "ledgers" / f"{ledger.key}.xlsx"
        exchange.export(store, ledger, target, masked=True)
        rows += attacker.xlsx_rows(target)
    registry = out / "基础数据库.xlsx"
    registry_book.export(store, registry, masked=True)
    rows += attacker.xlsx_rows(registry)
    for (case_uuid,) in store.reader().execute("SELECT uuid FROM aid_case").fetchall():
        case_pdf = out / "cases" / f"{case_uuid}.pdf"
        case_pdf.parent.mkdir(parents=True, exist_ok=True)
        write_case_file(store, case_uuid, case_pdf)
        rows += attacker.pdf_rows(case_pdf, whole=True)
    for quarter in (Quarter(2026, 3), Quarter(2026, 4)):
        files = write_quarter_report(store, quarter, out / "inspection" / quarter.label)
        rows += attacker.xlsx_rows(files.xlsx)
        rows += attacker.pdf_rows(files.pdf, whole=False)
    start = team.contract_start(store, TODAY)
    for title, period in (
        ("年终报告", periods.contract_year(start)),
        ("半年报告", periods.contract_half(start)),
    ):
        made = periodic.write(store, period, out / "reports", title, today=TODAY)
        rows += attacker.xlsx_rows(made.xlsx)
        rows += attacker.pdf_rows(made.pdf, whole=False)
    for period in (OCTOBER, periods.contract_year(start)):
        rows += attacker.text_rows(disclosure.compose(store, period).text, "disclosure")
    return rows


def test_the_attacker_rebuilds_no_id_name_or_phone_from_every_masked_output(
    street: Store, tmp_path: Path
) -> None:
    rows = masked_outputs(street, tmp_path)
    people = attacker.people_of(street.reader())
    workers = [m.name for m in team.team(street)]
    findings = attacker.attack(rows, people, skip_names=workers)
    assert findings.total() == 0, findings.summary() + "\n" + "\n".join(findings.examples[:20])


def test_the_attacker_is_honest_it_rebuilds_ids_masked_the_old_way(street: Store) -> None:
    """510108********0235 beside the birth date: the check digit gives the number back."""
    person = (
        street.reader()
        .execute(
            "SELECT file_no, id_number, birth_date, sex FROM beneficiary"
            " WHERE length(id_number) = 18"
        )
        .fetchone()
    )
    file_no, number, birth, sex = person
    old_mask = number[:6] + "*" * 8 + number[-4:]
    rows = [
        attacker.Row("基础数据库", f"{file_no} | 张** | {old_mask} | {sex} | {birth}", ()),
    ]
    people = [attacker.Person("beneficiary", "张三丰", number, "", frozenset({file_no}))]
    assert attacker.attack(rows, people).ids["beneficiary"] == {number}


def test_the_masked_id_holds_even_beside_the_full_birth_date_and_sex(street: Store) -> None:
    """The policy's margin: a file that printed the whole birth date would still leave ~45."""
    file_no, number, birth, sex = (
        street.reader()
        .execute(
            "SELECT file_no, id_number, birth_date, sex FROM beneficiary"
            " WHERE length(id_number) = 18"
        )
        .fetchone()
    )
    rows = [attacker.Row("leak", f"{file_no} | {masking.id_number(number)} | {sex} | {birth}", ())]
    people = [attacker.Person("beneficiary", "张三丰", number, "", frozenset({file_no}))]
    assert attacker.attack(rows, people).total() == 0
    guess = frozenset({birth.replace("-", "")})
    assert len(attacker.candidates(masking.id_number(number), guess, sex)) > attacker.LIMIT
