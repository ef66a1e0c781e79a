"""The quarterly report (Excel + PDF, masked) and the CLI commands."""

import csv
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from relief_desktop import cli
from relief_desktop.domain.inspection import Quarter
from relief_desktop.services.inspection import report
from relief_desktop.storage.store import Store
from tests.services.inspection.helpers import import_roll, inspect
from tests.services.inspection.roll_files import write_roll
from tests.services.inspection.test_rolls import WANG, messy_rows

Q4 = Quarter(2026, 4)
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def test_the_quarter_workbook_holds_the_numbers_the_app_shows_masked(
    store: Store, tmp_path: Path
) -> None:
    entries = list(import_roll(store, tmp_path, "dibao", 10, date(2026, 7, 1)).values())
    for entry in entries[:4]:
        inspect(store, entry, date(2026, 10, 15))
    inspect(store, entries[4], date(2026, 12, 31), "建议调整", issues="收入增加")

    files = report.write_quarter_report(store, Q4, tmp_path / "out")

    book = load_workbook(files.xlsx, read_only=True)
    assert book.sheetnames == [
        "覆盖率",
        "低保核查台账",
        "特困核查台账",
        "临时救助核查台账",
        "特殊困难群体儿童核查台账",
        "问题反馈",
    ]
    coverage = [list(r) for r in book["覆盖率"].iter_rows(min_row=3, values_only=True)]
    dibao = coverage[0]
    assert dibao[:8] == ["低保", "户", 10, 5, 0.5, 0.3, 0, "是"]
    ledger = [list(r) for r in book["低保核查台账"].iter_rows(min_row=3, values_only=True)]
    assert len(ledger) == 5
    assert all("*" in str(row[5]) and "*" in str(row[4]) for row in ledger)
    assert ledger[-1][16] == "建议调整"
    feedback = [list(r) for r in book["问题反馈"].iter_rows(min_row=3, values_only=True)]
    assert [row[6] for row in feedback] == ["建议调整：收入增加"]
    book.close()
    assert files.pdf.stat().st_size > 5000
    assert files.summary[0].in_quarter.numerator == 5


def test_the_month_sheet_for_the_monthly_packet(store: Store, tmp_path: Path) -> None:
    entries = list(import_roll(store, tmp_path, "tekun", 3, date(2026, 7, 1)).values())
    inspect(store, entries[0], date(2026, 10, 31))
    inspect(store, entries[1], date(2026, 11, 1))
    sheet = report.month_inspection_sheet(store, 2026, 10)
    rows = list(sheet.rows)
    assert len(rows) == 1
    assert "*" in str(rows[0][5])
    unmasked = list(report.month_inspection_sheet(store, 2026, 11, masked=False).rows)
    assert len(unmasked) == 1
    assert len(str(unmasked[0][5])) == 18


@pytest.fixture
def data_dir(store: Store) -> Path:
    return store.paths.data_dir


def test_cli_dry_run_prints_problems_writes_nothing_and_fails(
    data_dir: Path, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_roll(tmp_path / "低保.xlsx", messy_rows())
    code = cli.main(
        ["--data-dir", str(data_dir), "roll", "import", "--category", "dibao", str(path),
         "--dry-run", "--date", "2026-10-01"]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1
    assert "新增 4" in out
    assert "第 5 行 错误" in out
    assert "第 13 行 跳过：合计/小计行" in out
    assert "未写入" in out
    assert store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 0


def test_cli_import_writes_clean_rows_and_exits_non_zero_for_rejected_ones(
    data_dir: Path, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_roll(tmp_path / "低保.xlsx", messy_rows())
    args = ["--data-dir", str(data_dir), "roll", "import", "--category", "dibao", str(path)]
    assert cli.main(args) == 2
    assert "3 行因上述问题未导入" in capsys.readouterr().out
    assert store.reader().execute("SELECT count(*) FROM roll_entry").fetchone()[0] == 4
    clean = write_roll(tmp_path / "clean.xlsx", [messy_rows()[0]])
    args = ["--data-dir", str(data_dir), "roll", "import", "--category", "dibao", str(clean)]
    assert cli.main(args) == 3  # ends 3 of 4: the count must be confirmed
    assert "--confirm-ends 3" in capsys.readouterr().out
    assert cli.main([*args, "--confirm-ends", "3"]) == 0
    ended = store.reader().execute("SELECT count(*) FROM roll_entry WHERE ended_on IS NOT NULL")
    assert ended.fetchone()[0] == 3
    listing = capsys.readouterr().out
    assert "结束" in listing
    assert WANG not in listing  # the listing masks ID numbers


def test_cli_export_writes_both_files(
    data_dir: Path, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_roll(store, tmp_path, "tekun", 2, date(2026, 7, 1))
    out = tmp_path / "报送"
    base = ["--data-dir", str(data_dir), "inspections", "export"]
    code = cli.main([*base, "--quarter", "2026Q4", "--out", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "特困：本季度 0/2 人" in text
    assert len(list(out.glob("*.xlsx"))) == 1
    assert len(list(out.glob("*.pdf"))) == 1


def test_cli_refuses_a_bad_quarter(
    data_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    base = ["--data-dir", str(data_dir), "inspections", "export"]
    code = cli.main([*base, "--quarter", "2026Q7", "--out", str(tmp_path)])
    assert code == 1
    assert "2026Q4" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) missing")
def test_the_bureau_reads_the_same_coverage_in_libreoffice(store: Store, tmp_path: Path) -> None:
    """Opened by a real client (LibreOffice → CSV), the coverage sheet says what the app says."""
    entries = list(import_roll(store, tmp_path, "dibao", 10, date(2026, 7, 1)).values())
    for entry in entries[:4]:
        inspect(store, entry, date(2026, 10, 15))
    files = report.write_quarter_report(store, Q4, tmp_path / "out")
    out = tmp_path / "csv"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(files.xlsx)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    coverage_csv = next(p for p in out.glob("*.csv") if p.name.endswith("覆盖率.csv"))
    with coverage_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    dibao = next(row for row in rows if row and row[0] == "低保")
    shown = files.summary[0].in_quarter
    assert dibao[1:4] == ["户", str(shown.denominator), str(shown.numerator)]
    assert shown.rate is not None
    assert dibao[4].endswith("%")  # a percentage, as the app shows it
    assert float(dibao[4].rstrip("%")) / 100 == pytest.approx(shown.rate)
