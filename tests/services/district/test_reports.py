"""The district center's reports to the bureau, from real street packets, opened as a user
would: the workbook with openpyxl and LibreOffice, the PDF with pdftotext and pdffonts."""

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from relief_desktop.cli import main
from relief_desktop.domain.periods import parse
from relief_desktop.services import team
from relief_desktop.services.district import figures, intake, own_kpi, reports
from relief_desktop.services.reporting.kpi import STATUS_TEXT
from relief_desktop.storage.store import Store
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)
NUMBER_FORMATS = {"0", "0.0%", "#,##0.00", "0.00"}
# every sheet (-1), each cell as shown (its number format), UTF-8
CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def _import(store: Store, packets: Packets, resent: bool = True) -> None:
    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    if not resent:
        files.remove(packets.shuangqiao["2026-10"][1])
    outcomes = intake.import_files(store, team.team(store)[0].actor, files, PACKET_PASSWORD)
    assert {o.status for o in outcomes} == {"imported"}


def _sheet(path: Path, title: str) -> dict[str, list[Any]]:
    """A sheet's rows by their first cell, header row under "指标"/"街道"/"类别"."""
    book = load_workbook(path)
    rows = list(book[title].iter_rows(min_row=2))
    return {str(row[0].value): [cell for cell in row[1:]] for row in rows}


def _dibao_target(path: Path) -> object:
    """双桥子's 低保 目标 in the quarterly report's 各街道核查情况 sheet."""
    sheet = load_workbook(path)["各街道核查情况"]
    header = [c.value for c in sheet[2]]
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if row[0] == "双桥子街道" and row[1] == "低保":
            return row[header.index("目标")]
    raise AssertionError("no row")


def _write(store: Store, kind: str, period: str, folder: Path) -> reports.ReportFiles:
    return reports.write(store, kind, parse(period, team.contract_start(store)), folder, TODAY)


def test_the_monthly_reports_totals_are_the_district_figures(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    _import(district, packets)
    files = _write(district, "month", "2026-10", tmp_path)
    table = _sheet(files.xlsx, "各街道指标")
    streets = [c.value for c in table["指标"]][1:-1]  # after 单位, before 全区合计
    expected = figures.as_json(figures.district_figures(district, parse("2026-10")), "成华区")
    totals = {k["name"]: k["value"] for k in expected["total"]["kpis"]}
    assert totals  # the figures the 全区数据 page and `district kpi` show
    for name, value in totals.items():
        cell = table[name][-1]
        if value is None:
            assert cell.value == "—"
        else:
            assert cell.value == pytest.approx(value, abs=1e-4), name
    by_street = {s["street"]["name"].removesuffix("街道"): s for s in expected["streets"]}
    shuangqiao = streets.index("双桥子") + 1
    for kpi in by_street["双桥子"]["kpis"]:
        if kpi["value"] is not None:
            assert table[kpi["name"]][shuangqiao].value == pytest.approx(kpi["value"], abs=1e-4)


def test_a_street_without_a_packet_is_missing_not_zero(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    _import(district, packets)
    files = _write(district, "month", "2026-09", tmp_path)  # 猛追湾 never sent September
    table = _sheet(files.xlsx, "各街道指标")
    column = [c.value for c in table["指标"]].index("猛追湾")
    assert {table[name][column].value for name in ("重点个案（有服务）", "主题活动")} == {"未报送"}
    assert table["已收资料包（个月）"][column].value == 0
    board = _sheet(files.xlsx, "报送及时情况")
    assert board["猛追湾街道"][0].value == "未报送"
    assert board["双桥子街道"][0].value == "逾期"
    text = _pdf_text(files.pdf)
    assert "未报送" in text
    assert "缺少资料包（合计不含）：" in text
    assert "猛追湾街道（2026-09）" in text


def test_a_resent_packets_latest_version_is_used(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    """双桥子's October v2 was sent with a 低保 target of 50% (v1: 30%)."""
    _import(district, packets, resent=False)
    first = _dibao_target(_write(district, "quarter", "2026Q4", tmp_path / "v1").xlsx)
    actor = team.team(district)[0].actor
    intake.import_files(district, actor, [packets.shuangqiao["2026-10"][1]])
    second = _dibao_target(_write(district, "quarter", "2026Q4", tmp_path / "v2").xlsx)
    assert (first, second) == (pytest.approx(0.3), pytest.approx(0.5))
    board = _sheet(_write(district, "month", "2026-10", tmp_path / "m").xlsx, "报送及时情况")
    versions = 4  # 状态, 截止日期, 首版生成日期, 首版导入日期, 版本数
    assert board["双桥子街道"][versions].value == 2
    assert board["双桥子街道"][0].value == "按时"  # v1's date judges, not v2's


def test_every_number_is_a_number_cell_with_a_format(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    _import(district, packets)
    for kind, period in (("month", "2026-10"), ("quarter", "2026Q4"), ("year", "contract-year")):
        files = _write(district, kind, period, tmp_path / kind)
        book = load_workbook(files.xlsx)
        numbers = 0
        for sheet in book.worksheets:
            for row in sheet.iter_rows(min_row=3):
                for cell in row:
                    if isinstance(cell.value, int | float):
                        assert cell.number_format in NUMBER_FORMATS, (sheet.title, cell.coordinate)
                        numbers += 1
                    elif isinstance(cell.value, str):
                        assert not re.fullmatch(r"[\d.,%\s]+", cell.value), cell.value
            assert sheet.print_title_rows  # header rows repeated on each printed page
            assert str(sheet.page_setup.paperSize) == "9"  # A4
        assert numbers > 40


def _pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True)
    return result.stdout.decode("utf-8")


def test_the_pdfs_have_the_text_and_embed_their_font(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    _import(district, packets)
    expected = {
        ("month", "2026-10"): [
            "月度工作报告",
            "街道报送情况",
            "各街道主要指标",
            "跨街道重复",
            "区中心本月工作",
            "实地督导",
        ],
        ("quarter", "2026Q4"): ["季度入户核查情况报告", "特殊困难群体儿童", "全区合计"],
        ("half", "contract-half"): ["半年工作报告", "区中心本期工作", "存在问题", "下阶段工作计划"],
        ("year", "contract-year"): ["年终工作报告", "下一合同年度工作计划"],
    }
    for (kind, period), words in expected.items():
        files = _write(district, kind, period, tmp_path / kind)
        text = _pdf_text(files.pdf)
        for word in [*words, "成华区社会关爱援助中心", "双桥子街道"]:
            assert word in text, (kind, word)
        assert not re.search(r"\d{17}[\dX]", text)  # no full ID number
        fonts = subprocess.run(["pdffonts", str(files.pdf)], capture_output=True, text=True)
        lines = fonts.stdout.splitlines()[2:]
        assert lines, fonts.stdout
        assert all(" yes " in line for line in lines), fonts.stdout  # every font embedded


def test_libreoffice_reads_the_monthly_workbook_as_numbers(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    _import(district, packets)
    files = _write(district, "month", "2026-10", tmp_path)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_AS_SHOWN, "--outdir", str(tmp_path / "csv"), str(files.xlsx)],
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    shown = {p.stem.removeprefix(files.xlsx.stem + "-"): p.read_text(encoding="utf-8")
             for p in (tmp_path / "csv").glob("*.csv")}  # fmt: skip
    assert "双桥子街道,按时,2026-11-05,2026-11-05" in shown["报送及时情况"]
    assert re.search(r"府青路街道,未报送,2026-11-05,,,0,", shown["报送及时情况"])
    total = figures.district_figures(district, parse("2026-10")).total
    dibao = total["inspection_dibao"].value
    assert dibao is not None
    row = next(r for r in shown["各街道指标"].splitlines() if r.startswith("入户核查覆盖率·低保"))
    cells = row.split(",")  # 指标, 单位, 猛追湾, 双桥子, 府青路 … 全区合计, as a user sees them
    assert cells[-1] == f"{dibao:.1%}"
    assert re.fullmatch(r"\d+\.\d%", cells[2])
    assert cells[4] == "未报送"


def _cli(data: Path, *args: str) -> int:
    return main(["--data-dir", str(data), "district", "report", *args])


def test_the_report_command_writes_both_files(
    district: Store, packets: Packets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(district, packets)
    data = tmp_path / "district"
    district.close()
    texts = tmp_path / "problems.txt"
    texts.write_text("一是部分街道报送偏晚；二是低保核查进度不一。", encoding="utf-8")
    capsys.readouterr()
    out = tmp_path / "out"
    code = _cli(data, "--kind", "half", "--period", "contract-half", "--out", str(out),
                "--problems", str(texts))  # fmt: skip
    assert code == 0
    printed = capsys.readouterr().out
    written = [Path(line.split("：", 1)[1].split("（")[0]) for line in printed.splitlines()]
    assert {p.suffix for p in written} == {".xlsx", ".pdf"}
    assert all(p.exists() for p in written)
    assert "二是低保核查进度不一" in _pdf_text(next(p for p in written if p.suffix == ".pdf"))


def test_the_report_command_explains_a_wrong_period_in_chinese(
    district: Store, packets: Packets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _import(district, packets)
    data = tmp_path / "district"
    district.close()
    capsys.readouterr()
    assert _cli(data, "--kind", "month", "--period", "2026Q3", "--out", str(tmp_path)) == 1
    assert "月度工作报告按月份生成" in capsys.readouterr().err
    assert _cli(data, "--kind", "quarter", "--period", "2026-13", "--out", str(tmp_path)) == 1
    assert "格式不对" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.xlsx"))


def test_the_report_command_refuses_an_empty_district_store(
    district: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    district.close()
    capsys.readouterr()
    assert _cli(data, "--kind", "month", "--period", "2026-10", "--out", str(tmp_path / "o")) == 1
    assert "还没有导入任何街道的资料包" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_district_kpi_json_and_the_report_agree(
    district: Store, packets: Packets, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What a user compares: `district kpi --json`'s totals and the workbook's 全区合计."""
    _import(district, packets)
    data = tmp_path / "district"
    district.close()
    assert _cli(data, "--kind", "month", "--period", "2026-10", "--out", str(tmp_path)) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "district", "kpi", "--period", "2026-10", "--json"]) == 0
    month = json.loads(capsys.readouterr().out)
    table = _sheet(next(tmp_path.glob("*.xlsx")), "各街道指标")
    compared = 0
    for kpi in month["total"]["kpis"]:
        if kpi["value"] is not None:
            assert table[kpi["name"]][-1].value == pytest.approx(kpi["value"], abs=1e-4)
            compared += 1
    assert compared >= 10


def test_the_monthly_report_carries_the_districts_own_kpis(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    """区中心本月工作: own_kpi.compute's figures, beside (never added into) the streets'."""
    _import(district, packets)
    team.set_setting(district, team.team(district)[0].actor, "kpi_target.activities", "8")
    files = _write(district, "month", "2026-10", tmp_path)
    sheet = load_workbook(files.xlsx)["区中心工作"]
    header = [c.value for c in sheet[2]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    results = own_kpi.compute(district, parse("2026-10"), TODAY)
    assert set(rows) == {r.kpi.label for r in results}
    for result in results:
        row = rows[result.kpi.label]
        assert row[header.index("状态")] == STATUS_TEXT[result.status]
        if result.kpi.unit == "count":
            assert row[header.index("合同年度累计")] == result.judged.value
    streets = _sheet(files.xlsx, "各街道指标")["主题活动"][-1].value
    assert streets is not None  # the streets' 主题活动 total stays in its own sheet
