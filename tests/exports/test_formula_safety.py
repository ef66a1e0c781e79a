"""No workbook the app writes carries a live formula; a stored control character never stops an
export.

Replays: text that began with "=" was written back to Excel as a live formula (=HYPERLINK(...),
=cmd|' /C calc'!A0), also in the masked monthly packet; a name holding a control character
(BEL) made every later export of its ledger fail with an internal error.
"""

import csv
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from relief_desktop.domain import periods
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.exports.xlsx import Column, Sheet, looks_like_formula, write_workbook
from relief_desktop.importers.table_file import FieldSpec, read_table
from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.reporting import month_packet
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import lead, make_id, provider

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

FORMULAS = [
    "=1+1",
    '=HYPERLINK("http://example.cn/x","点我领取")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    "＝1+1",
    "＋1+1",
    "－1+1",
    "＠SUM(1,1)",
    "\t=1+1",
    " =1+1",
    "\r\n=1+1",
    "　=1+1",
]
PLAIN = ["目标达成，结案", "1+1", "a=1", "'=1+1"]
# Excel and calamine read _x0041_ as "A": typed text like that must come back as typed.
ESCAPES = ["_x0041_ 不是 A", "_x005F_x0041_", "=_x0041_"]


def write(path: Path, texts: list[str]) -> Path:
    rows = [[text, -5 * (i + 1), -123] for i, text in enumerate(texts)]
    columns = [Column("内容"), Column("数量", "int"), Column("金额", "money")]
    write_workbook(path, [Sheet("表", columns, rows)])
    return path


def test_text_that_starts_like_a_formula_is_written_as_quoted_text(tmp_path: Path) -> None:
    path = write(tmp_path / "t.xlsx", FORMULAS + PLAIN)
    sheet = load_workbook(path)["表"]
    for row, text in enumerate(FORMULAS + PLAIN, start=2):
        cell = sheet.cell(row, 1)
        assert cell.value == text.replace("\r\n", "\n")  # the value itself, unchanged
        assert cell.data_type == "s"
        assert cell.quotePrefix is (text in FORMULAS), text  # Excel keeps it text when edited
        count, money = sheet.cell(row, 2), sheet.cell(row, 3)
        assert count.data_type == "n"  # negative numbers stay numbers
        assert count.value == -5 * (row - 1)
        assert money.value == pytest.approx(-1.23)
    assert all(looks_like_formula(t) for t in FORMULAS)
    assert not any(looks_like_formula(t) for t in PLAIN)


def test_the_importer_reads_formula_text_back_unchanged(tmp_path: Path) -> None:
    texts = [t for t in FORMULAS + PLAIN + ESCAPES if t == t.strip()]
    path = write(tmp_path / "t.xlsx", texts)
    fields = [FieldSpec("content", "内容", required=True), FieldSpec("count", "数量")]
    table = read_table(path, fields)
    assert [row.values["content"] for row in table.rows] == texts
    assert table.problems == []


@needs_soffice
def test_libreoffice_shows_formula_text_and_never_evaluates_it(tmp_path: Path) -> None:
    path = write(tmp_path / "t.xlsx", FORMULAS + PLAIN + ESCAPES)
    out = tmp_path / "csv"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with next(out.glob("*.csv")).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    shown = [row[0] for row in rows[1:]]
    assert shown[0] == "=1+1"  # not 2
    assert shown[1] == '=HYPERLINK("http://example.cn/x","点我领取")'  # not a link's text
    assert shown[2] == "=cmd|' /C calc'!A0"
    assert shown == [t.replace("\r\n", "\n") for t in FORMULAS + PLAIN + ESCAPES]
    assert [row[1] for row in rows[1:]] == [str(-5 * i) for i in range(1, len(shown) + 1)]


def test_a_stored_control_character_is_written_visibly_and_never_stops_an_export(
    store: Store, tmp_path: Path
) -> None:
    ledger = registry.get("reception")
    service.create(
        store,
        lead(store),
        ledger,
        {"received_on": "2026-03-05", "mode": "来访", "visitor": "赵某某", "purpose": "求助"},
    )
    # A store written before control characters were refused on input.
    with service.transaction(store.reader()) as conn:
        conn.execute(
            "UPDATE reception SET visitor = ?, content = ?", ("赵\x07某某", "一\x00二\n三")
        )
    for masked in (False, True):
        path = tmp_path / f"reception-{masked}.xlsx"
        assert exchange.export(store, ledger, path, masked=masked) == 1
        sheet = load_workbook(path).active
        assert sheet is not None
        values = [c for row in sheet.iter_rows(values_only=True) for c in row]
        assert ("赵\ufffd某某" if not masked else "赵*****") in values or masked
        assert "一\ufffd二\n三" in values


def test_the_masked_monthly_packet_holds_no_formula(store: Store, tmp_path: Path) -> None:
    actor = team.team(store)[0].actor
    october, november = periods.month(2026, 10), periods.month(2026, 11)
    beneficiaries.register(
        store,
        actor,
        BeneficiaryInput(
            name='=HYPERLINK("http://example.cn","点我")',
            community_id=team.communities(store)[0].id,
            id_number=make_id(date(1960, 1, 1), 1),
            address="=cmd|' /C calc'!A0",
            notes="@SUM(1,1)",
            registered_on=date(2026, 10, 10),
        ),
    )
    provider(store, "＝1+1 公司")
    service.create(
        store,
        actor,
        registry.get("resources"),
        {"received_on": "2026-10-10", "provider_id": "＝1+1 公司", "channel": "线下定向筹款",
         "kind": "物资", "item": "-1+1", "value_fen": "100", "value_basis": "市场价"},
        today=november.start,
    )  # fmt: skip
    packet = month_packet.generate(
        store, actor, october, tmp_path / "out", today=november.start
    ).path
    with zipfile.ZipFile(packet) as archive:
        archive.extractall(tmp_path / "files")
    book = load_workbook(tmp_path / "files" / "台账-2026-10.xlsx")
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert {"@SUM(1,1)", "-1+1", "＝1+1 公司"} <= texts
    # The masked name and address still start with '=' and stay text.
    assert {t[:2] for t in texts if t.startswith("=")} == {"=*", "=c"}
