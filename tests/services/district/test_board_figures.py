"""The on-time board and the district figures, from real street packets."""

from datetime import date
from typing import Any

from relief_desktop.domain.periods import parse
from relief_desktop.services import team
from relief_desktop.services.district import board, figures, intake
from relief_desktop.services.district import packets as received
from relief_desktop.storage.store import Store
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

TODAY = date(2026, 12, 1)


def _import_all(store: Store, packets: Packets) -> None:
    files = [p for paths in packets.shuangqiao.values() for p in paths]
    files += [p for paths in packets.mengzhuiwan.values() for p in paths]
    outcomes = intake.import_files(store, team.team(store)[0].actor, files, PACKET_PASSWORD)
    assert {o.status for o in outcomes} == {"imported"}


def _cell(result: board.Board, street: str, month: str) -> board.Cell:
    row = next(s for s in result.streets if s.name == street)
    return row.cells[result.months.index(month)]


def test_board_marks_on_time_late_and_missing_months(district: Store, packets: Packets) -> None:
    _import_all(district, packets)
    result = board.board(district, "2026-10", count=3, today=TODAY)
    assert result.months == ["2026-08", "2026-09", "2026-10"]
    assert _cell(result, "双桥子街道", "2026-08").status == board.ON_TIME
    assert _cell(result, "双桥子街道", "2026-09").status == board.LATE
    assert _cell(result, "猛追湾街道", "2026-09").status == board.MISSING
    assert _cell(result, "府青路街道", "2026-10").status == board.MISSING


def test_a_resent_version_keeps_the_first_versions_on_time_status(
    district: Store, packets: Packets
) -> None:
    _import_all(district, packets)
    cell = _cell(board.board(district, "2026-10", count=3, today=TODAY), "双桥子街道", "2026-10")
    assert cell.status == board.ON_TIME  # v1 on 11-05 (the 5th counts); v2 on 11-12 changes nothing
    assert (cell.versions, cell.generated_on) == (2, "2026-11-05")


def test_a_month_not_yet_due_is_not_missing(district: Store) -> None:
    cell = _cell(board.board(district, "2026-11", count=1, today=TODAY), "双桥子街道", "2026-11")
    assert cell.status == board.NOT_DUE


def test_on_time_rates_per_street_and_for_the_district(district: Store, packets: Packets) -> None:
    _import_all(district, packets)
    result = board.board(district, "2026-10", count=3, today=TODAY)
    shuangqiao = next(s for s in result.streets if s.name == "双桥子街道")
    assert (shuangqiao.on_time, shuangqiao.due_months) == (2, 3)
    assert (result.on_time, result.due_months) == (4, 33)  # 11 streets × 3 due months
    document = board.as_json(result, "2026-10")
    assert document["district"] == {
        "on_time": 4,
        "due_months": 33,
        "on_time_rate": round(4 / 33, 4),
    }


def _shuangqiao(store: Store, month: str) -> figures.StreetFigures:
    result = figures.district_figures(store, parse(month))
    return next(s for s in result.streets if s.code == "510108004")


def test_a_resent_version_replaces_the_figures(district: Store, packets: Packets) -> None:
    first, second = packets.shuangqiao["2026-10"]
    actor = team.team(district)[0].actor
    intake.import_files(district, actor, [first])
    assert _shuangqiao(district, "2026-10").figures["activities"].target == 4
    intake.import_files(district, actor, [second])
    assert _shuangqiao(district, "2026-10").figures["activities"].target == 9  # v2's figures
    assert len(received.received(district, ["2026-10"])) == 2  # both versions kept


def test_district_totals_are_the_sums_of_the_streets(district: Store, packets: Packets) -> None:
    _import_all(district, packets)
    for text in ("2026-10", "2026Q3"):
        result = figures.district_figures(district, parse(text))
        counted = [k for k, f in result.total.items() if f.unit in ("count", "yuan")]
        assert counted
        for key in counted:
            streets = [s.figures[key].value for s in result.streets if key in s.figures]
            expected = round(sum(v for v in streets if v is not None), 2)
            assert result.total[key].value == expected


def test_street_rows_use_the_street_editions_kpi_keys(district: Store, packets: Packets) -> None:
    from relief_desktop.services.reporting.kpi import KPIS

    _import_all(district, packets)
    document = figures.as_json(figures.district_figures(district, parse("2026-10")), "成华区")
    row = next(s for s in document["streets"] if s["street"]["code"] == "510108004")
    assert [k["id"] for k in row["kpis"]] == [k.key for k in KPIS]
    missing = next(s for s in document["streets"] if s["street"]["code"] == "510108006")
    assert missing["kpis"] == []
    assert missing["months_missing"] == ["2026-10"]


def test_a_quarter_adds_the_months(district: Store, packets: Packets) -> None:
    _import_all(district, packets)
    quarter = figures.district_figures(district, parse("2026Q3"))
    street = next(s for s in quarter.streets if s.code == "510108004")
    assert street.months == ["2026-08", "2026-09"]
    assert street.missing == ["2026-07"]
    months = [figures.district_figures(district, parse(m)) for m in ("2026-08", "2026-09")]
    by_month = [next(s for s in r.streets if s.code == "510108004") for r in months]
    activities = street.figures["activities"]
    assert activities.value == sum(m.figures["activities"].value or 0 for m in by_month)


def test_months_before_the_districts_contract_are_owed_by_nobody(district: Store) -> None:
    team.set_setting(district, team.team(district)[0].actor, team.CONTRACT_START_KEY, "2026-09-16")
    result = board.board(district, "2026-10", count=3, today=TODAY)
    assert _cell(result, "府青路街道", "2026-08").status == board.BEFORE
    assert _cell(result, "府青路街道", "2026-09").status == board.MISSING  # the contract's first
    assert result.due_months == 22


def test_the_contract_year_reads_each_streets_own_year_to_date(
    district: Store, packets: Packets
) -> None:
    """Distinct counts (providers, people) cannot be added month by month: the contract year
    reads the street's own year-to-date figure of its latest packet."""
    import json
    import zipfile

    _import_all(district, packets)
    with zipfile.ZipFile(packets.shuangqiao["2026-10"][-1]) as z:
        figures_json = json.loads(z.read("manifest.json"))["figures"]
    start = date.fromisoformat(figures_json["contract_year"]["start"])
    team.set_setting(district, team.team(district)[0].actor, team.CONTRACT_START_KEY, str(start))
    year = figures.district_figures(district, parse("contract-year", start, TODAY))
    street = next(s for s in year.streets if s.code == "510108004")
    for key in ("providers", "people_helped", "activities"):
        assert street.figures[key].basis == figures.TO_DATE
        assert street.figures[key].value == figures_json["kpis"][key]["to_date"]["value"]


def test_a_month_shows_the_months_own_figures_not_the_year_to_date(
    district: Store, packets: Packets
) -> None:
    """The packet's KPI objects run from the contract start: a month reads the brief's month
    figure, or the difference from the month before."""
    import json
    import zipfile

    _import_all(district, packets)

    def manifest(month: str) -> Any:
        with zipfile.ZipFile(packets.shuangqiao[month][-1]) as z:
            return json.loads(z.read("manifest.json"))["figures"]

    august, september = manifest("2026-08"), manifest("2026-09")
    street = _shuangqiao(district, "2026-09")
    assert street.figures["activities"].value == september["key_numbers"]["activities"]["month"]
    meetings = (
        september["kpis"]["community_meetings"]["to_date"]["value"]
        - august["kpis"]["community_meetings"]["to_date"]["value"]
    )
    assert street.figures["community_meetings"].value == meetings
    ytd = september["kpis"]["inspection_dibao"]["to_date"]["value"]
    assert street.figures["inspection_dibao"].value == ytd  # a rate: as the street judges it
