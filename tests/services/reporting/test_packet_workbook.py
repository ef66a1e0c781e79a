"""The packet as the district center reads it: figures it can SUM across 11 streets' files, every
sheet set up to print, and a manifest.json a program reads without parsing Excel."""

import csv
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any, cast

import openpyxl
import pytest

from relief_desktop import __version__
from relief_desktop.services.reporting import briefing, kpi, kpi_json, monthly
from relief_desktop.storage.files import sha256_of
from relief_desktop.storage.migrations import LATEST
from relief_desktop.storage.store import Store
from tests.services.reporting.data import TODAY
from tests.services.reporting.test_packet import (
    CSV_FILTER,
    OCTOBER,
    demo_store,  # noqa: F401  (a fixture)
    extract,
    make_packet,
    needs_pdftotext,
    needs_soffice,
)

FORMATS = {"int": "0", "money": "#,##0.00", "percent": "0.0%", "decimal": "0.00"}
STREETS = 11


@pytest.fixture
def packet_files(demo_store: Store, tmp_path: Path) -> Path:  # noqa: F811
    return extract(make_packet(demo_store, tmp_path / "out"), tmp_path / "files")


def test_every_figure_of_the_brief_sheet_is_a_number_with_its_format(
    demo_store: Store,  # noqa: F811
    packet_files: Path,
) -> None:
    book = openpyxl.load_workbook(packet_files / "台账-2026-10.xlsx")
    sheet = book["工作简报"]
    report = monthly.build(demo_store, OCTOBER, True, TODAY)
    rows = list(sheet.iter_rows(min_row=3))  # under the note and the header row
    for number, row in zip(report.key_numbers, rows, strict=False):
        assert row[0].value == number.label
        for cell, value in ((row[1], number.month_value), (row[2], number.year_value)):
            if value is None:
                assert cell.value is None
                continue
            assert cell.data_type == "n", (number.label, cell.value)
            assert cell.number_format == FORMATS[monthly.CELL_KINDS[number.unit]]
            shown = value / 100 if number.unit == "fen" else value
            assert cell.value == pytest.approx(shown)
    start = next(i for i, row in enumerate(rows) if row[0].value == "合同指标") + 1
    for result, row in zip(report.year_kpis, rows[start:], strict=False):
        assert row[0].value == result.kpi.label
        done, goal, progress = row[1], row[2], row[3]
        assert done.data_type == goal.data_type == progress.data_type == "n"
        assert progress.number_format == "0.0%"
        assert progress.value == pytest.approx(result.progress)
        expected = {"count": "0", "fen": "#,##0.00", "ratio": "0.0%"}[result.kpi.unit]
        if result.kpi.unit != "count" or float(result.measure.value).is_integer():
            assert done.number_format == expected


def test_no_sheet_of_the_packet_holds_a_number_as_text(packet_files: Path) -> None:
    book = openpyxl.load_workbook(packet_files / "台账-2026-10.xlsx")
    for sheet in book:
        for row in sheet.iter_rows(min_row=3):
            for cell in row:
                text = cell.value
                if isinstance(text, str):
                    bare = text.replace(",", "").removesuffix(" 元").removesuffix("%")
                    assert not bare.replace(".", "", 1).isdigit(), (
                        sheet.title,
                        cell.coordinate,
                        text,
                    )
                elif isinstance(text, int | float) and not isinstance(text, bool):
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)


@needs_soffice
def test_eleven_streets_brief_sheets_sum_with_one_formula_per_cell(
    packet_files: Path, tmp_path: Path
) -> None:
    """LibreOffice opens a workbook with 11 copies of the brief sheet (cells, types and formats
    as the packet wrote them) and a 合计 sheet of =SUM('街道1'!B3,…,'街道11'!B3): every total
    is 11× the street's figure, which a text cell would break."""
    source = openpyxl.load_workbook(packet_files / "台账-2026-10.xlsx")["工作简报"]
    book = openpyxl.Workbook()
    total = book.active
    assert total is not None
    total.title = "合计"
    figures: dict[str, float] = {}
    for n in range(1, STREETS + 1):
        copy = book.create_sheet(f"街道{n}")
        for row in source.iter_rows():
            for cell in row:
                target = copy.cell(cell.row, cell.column, cell.value)
                target.number_format = cell.number_format
                if n == 1 and cell.column in (2, 3) and cell.data_type == "n" and cell.value:
                    figures[cell.coordinate] = float(cast(float, cell.value))
    assert len(figures) > 20
    for index, coordinate in enumerate(figures, start=1):
        total.cell(index, 1, coordinate)
        cells = ",".join(f"'街道{n}'!{coordinate}" for n in range(1, STREETS + 1))
        total.cell(index, 2, f"=SUM({cells})")
    path = tmp_path / "sum.xlsx"
    book.save(path)
    out = tmp_path / "csv"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheet = next(p for p in out.glob("*.csv") if "合计" in p.name)
    with sheet.open(encoding="utf-8", newline="") as f:
        sums = {row[0]: row[1] for row in csv.reader(f)}
    for coordinate, value in figures.items():
        shown = sums[coordinate]
        got = float(shown[:-1]) / 100 if shown.endswith("%") else float(shown)
        assert got == pytest.approx(STREETS * value, rel=1e-3), coordinate


def test_every_sheet_of_the_packet_is_set_up_to_print(packet_files: Path) -> None:
    book = openpyxl.load_workbook(packet_files / "台账-2026-10.xlsx")
    assert len(book.sheetnames) >= 9
    for sheet in cast(list[Any], book.worksheets):
        setup = sheet.page_setup
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert setup.paperSize in (9, "9"), sheet.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 1 if sheet.title == "工作简报" else 0)
        assert sheet.print_title_rows == "$1:$2", sheet.title  # the note and the header row
        widths = sum(d.width or 8.43 for d in sheet.column_dimensions.values())
        assert setup.orientation == ("landscape" if widths > 95 else "portrait"), sheet.title
        assert "双桥子街道" in sheet.oddHeader.left.text
        assert "2026年10月" in sheet.oddHeader.left.text
        assert sheet.oddHeader.right.text == "&A"  # the sheet's name
        assert sheet.oddFooter.center.text == "第 &P 页 / 共 &N 页"


def test_manifest_carries_the_street_period_versions_and_every_kpi_figure(
    demo_store: Store,  # noqa: F811
    packet_files: Path,
) -> None:
    manifest = json.loads((packet_files / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["street_code"] == "510108004"
    assert manifest["period"] == {"key": "2026-10", "start": "2026-10-01", "end": "2026-10-31"}
    assert manifest["app_version"] == __version__
    assert manifest["schema_version"] == LATEST
    for name, digest in manifest["files"].items():
        assert sha256_of(packet_files / name) == digest
    figures = manifest["figures"]
    assert figures["format"] == 1
    report = monthly.build(demo_store, OCTOBER, True, TODAY)
    # The brief's 合同指标: every KPI under the engine's own key, with the brief's figures.
    assert set(figures["kpis"]) == set(kpi.KPI_BY_KEY)
    for result in report.year_kpis:
        entry = figures["kpis"][result.kpi.key]
        assert entry["id"] == result.kpi.key  # the same object as `kpi --json` gives
        assert entry["unit"] == kpi_json.UNITS[result.kpi.unit]
        figure = result.has_figure(result.judged)
        expected = kpi_json.number(result.kpi.unit, result.judged.value) if figure else None
        assert entry["to_date"]["value"] == expected
        assert entry["target"] == kpi_json.number(result.kpi.unit, result.target)
        assert entry["status"] == result.status
    # 关键数字: this month and the contract year to date.
    assert list(figures["key_numbers"]) == [n.key for n in report.key_numbers]
    services = figures["key_numbers"]["services"]
    number = next(n for n in report.key_numbers if n.key == "services")
    assert (services["month"], services["contract_year_to_date"]) == (
        number.month_value,
        number.year_value,
    )
    with zipfile.ZipFile(next((packet_files.parent / "out").glob("*.zip"))) as archive:
        assert "manifest.json" in archive.namelist()


@needs_pdftotext
def test_the_briefing_pdf_keeps_the_kpi_table_on_one_page(
    demo_store: Store,  # noqa: F811
    packet_files: Path,
) -> None:
    text = subprocess.run(
        ["pdftotext", "-layout", str(packet_files / "工作简报-2026-10.pdf"), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    pages = text.split("\f")
    report = monthly.build(demo_store, OCTOBER, True, TODAY)
    # A table row carries its status word; the bar chart below the table does not.
    status = tuple(briefing.STATUS_TEXT.values())

    def row_pages(label: str) -> set[int]:
        return {
            i
            for i, page in enumerate(pages)
            for line in page.splitlines()
            if label in line and line.rstrip().endswith(status)
        }

    holding = set().union(*(row_pages(r.kpi.label) for r in report.year_kpis))
    assert len(holding) == 1, holding
    assert "二、合同指标进度" in pages[holding.pop()]  # the heading moved with its table
