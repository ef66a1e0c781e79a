"""District inspection coverage (全区入户核查覆盖率) from real street packets, against the street
stores' own quarter figures (the same rule the street reports to the bureau)."""

import json
from datetime import date

import pytest

from relief_desktop.cli import main
from relief_desktop.domain.inspection import CATEGORIES
from relief_desktop.domain.periods import parse
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.district import coverage, intake
from relief_desktop.services.district.packets import received
from relief_desktop.services.inspection.coverage import coverage_for
from relief_desktop.storage.store import Store
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)
SHUANGQIAO, MENGZHUIWAN = "510108004", "510108002"


def _import_all(store: Store, packets: Packets) -> None:
    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    outcomes = intake.import_files(store, team.team(store)[0].actor, files, PACKET_PASSWORD)
    assert {o.status for o in outcomes} == {"imported"}


def _street_figures(
    packets: Packets, name: str, start: date, end: date
) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) per KPI key, computed in the street's own store."""
    store = Store.open(AppPaths.under(packets.folder.parent / name))
    try:
        found = {}
        for code, category in CATEGORIES.items():
            measured = coverage_for(store, category, start, end)
            found[f"inspection_{code}"] = (measured.numerator, measured.denominator)
        return found
    finally:
        store.close()


def _street(result: coverage.DistrictCoverage, code: str) -> coverage.StreetCoverage:
    return next(s for s in result.streets if s.code == code)


def test_a_quarter_reads_each_streets_latest_month_and_sums_the_district(
    district: Store, packets: Packets
) -> None:
    _import_all(district, packets)
    result = coverage.coverage(district, parse("2026Q3"), today=TODAY)
    assert result.months == ["2026-07", "2026-08", "2026-09"]

    # 双桥子 sent August and September: the whole quarter from September's packet.
    shuangqiao = _street(result, SHUANGQIAO)
    assert (shuangqiao.month, shuangqiao.complete) == ("2026-09", True)
    assert shuangqiao.months_received == ["2026-08", "2026-09"]
    assert shuangqiao.months_missing == ["2026-07"]
    whole = _street_figures(packets, "双桥子", date(2026, 7, 1), date(2026, 9, 30))
    for key, (numerator, denominator) in whole.items():
        cell = shuangqiao.cells[key]
        assert (cell.numerator, cell.denominator) == (numerator, denominator)

    # 猛追湾 never sent September: the quarter to August's end, under way, September missing.
    mengzhuiwan = _street(result, MENGZHUIWAN)
    assert (mengzhuiwan.month, mengzhuiwan.complete) == ("2026-08", False)
    assert mengzhuiwan.months_missing == ["2026-07", "2026-09"]
    partial = _street_figures(packets, "猛追湾", date(2026, 7, 1), date(2026, 8, 31))
    for key, (numerator, denominator) in partial.items():
        cell = mengzhuiwan.cells[key]
        assert (cell.numerator, cell.denominator) == (numerator, denominator)
        assert cell.status in (coverage.MET, coverage.UNDER_WAY, coverage.NO_ROLL)

    # A street with no packet of the quarter is missing, never 0%.
    fuqing = next(s for s in result.streets if s.name == "府青路街道")
    assert fuqing.month is None
    assert {c.status for c in fuqing.cells.values()} == {coverage.MISSING}
    assert all(c.numerator is None and c.rate is None for c in fuqing.cells.values())
    assert coverage.rate_text(fuqing.cells["inspection_dibao"]) == "未报送"

    # The district: the two streets' numerators over their denominators, under way (streets lack).
    for key in coverage.KEYS:
        total = result.total[key]
        assert total.numerator == whole[key][0] + partial[key][0]
        assert total.denominator == whole[key][1] + partial[key][1]
        assert total.streets == 2
        assert total.status in (coverage.MET, coverage.UNDER_WAY, coverage.NO_ROLL)


def test_a_resent_packet_replaces_the_first_versions_figures(
    district: Store, packets: Packets
) -> None:
    _import_all(district, packets)
    result = coverage.coverage(district, parse("2026Q4"), today=TODAY)
    shuangqiao = _street(result, SHUANGQIAO)
    versions = [r.version for r in received(district, ["2026-10"]) if r.street_code == SHUANGQIAO]
    assert len(versions) == 2
    assert (shuangqiao.month, shuangqiao.version) == ("2026-10", max(versions))
    assert shuangqiao.cells["inspection_dibao"].target == 0.5  # v2's target, v1 had 30%
    assert shuangqiao.months_missing == []  # November is not due on 1 December
    assert not shuangqiao.complete


def test_a_street_below_target_at_the_quarters_end_is_below(district: Store) -> None:
    quarter = parse("2026Q3")
    assert coverage.judge("inspection_dibao", 2, 9, 0.3, True, quarter) == coverage.BELOW
    assert coverage.judge("inspection_dibao", 2, 9, 0.3, False, quarter) == coverage.UNDER_WAY
    assert coverage.judge("inspection_dibao", 3, 9, 0.3, True, quarter) == coverage.MET
    assert coverage.judge("inspection_tekun", 0, 0, 1.0, True, quarter) == coverage.NO_ROLL


def test_json_shape(district: Store, packets: Packets) -> None:
    _import_all(district, packets)
    document = coverage.as_json(coverage.coverage(district, parse("2026Q3"), TODAY), "成华区")
    assert document["quarter"] == {
        "code": "2026Q3",
        "label": "2026年第3季度",
        "start": "2026-07-01",
        "end": "2026-09-30",
    }
    assert len(document["streets"]) == 11
    row = next(s for s in document["streets"] if s["street"]["code"] == SHUANGQIAO)
    assert set(row) == {
        "street",
        "month",
        "version",
        "complete",
        "months_received",
        "months_missing",
        "categories",
    }
    dibao = row["categories"][0]
    assert set(dibao) == {
        "id",
        "category",
        "unit",
        "numerator",
        "denominator",
        "value",
        "target",
        "status",
    }
    assert (dibao["id"], dibao["category"], dibao["unit"]) == (
        "inspection_dibao",
        "低保",
        "households",
    )
    assert dibao["value"] == round(dibao["numerator"] / dibao["denominator"], 4)
    assert [c["id"] for c in document["total"]["categories"]] == list(coverage.KEYS)
    assert document["total"]["categories"][0]["streets"] == 2
    json.dumps(document, ensure_ascii=False)


def test_cli_prints_the_quarter_as_json_and_refuses_a_month(
    district: Store, packets: Packets, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_all(district, packets)
    base = ["--data-dir", str(district.paths.data_dir), "district", "coverage"]
    district.close()
    capsys.readouterr()
    assert main([*base, "--quarter", "2026Q3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["district"] == "成华区"
    assert document["total"]["categories"][0]["streets"] == 2
    assert main([*base, "--quarter", "2026-09"]) != 0
    assert "季度“2026-09”格式不对" in capsys.readouterr().err
    assert main([*base, "--quarter", "2026Q3"]) == 0
    out = capsys.readouterr().out
    assert "全区合计" in out
    assert "未报送" in out
