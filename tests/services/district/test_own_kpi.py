"""The district center's own lot-01 KPIs over records saved as a user would, each against a value
worked out by hand; the targets of 设置; `district own-kpi --json`."""

import json
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.cli import main
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period, contract_year, month, quarter
from relief_desktop.domain.vocab import STREETS
from relief_desktop.ledgers import registry, service
from relief_desktop.services import team
from relief_desktop.services.district import own_kpi
from relief_desktop.services.reporting import kpi, kpi_json
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store

TODAY = date(2026, 7, 15)
YEAR = contract_year(date(2026, 1, 1))
STREET_NAMES = list(STREETS.values())


def save(store: Store, key: str, **raw: object) -> str:
    actor = team.team(store)[0].actor
    return service.create(store, actor, registry.get_for(store, key), raw, today=TODAY)


def fill(store: Store) -> None:
    team.set_setting(store, SYSTEM, team.CONTRACT_START_KEY, "2026-01-01")
    for n, name in enumerate(STREET_NAMES):  # Q1 every street, Q2 all but 白莲池, Q3 two so far
        save(store, "supervision", visited_on=f"2026-02-{n + 2:02d}", street=name,
             supervisors="陈静")  # fmt: skip
        if name != "白莲池":
            save(store, "supervision", visited_on=f"2026-05-{n + 2:02d}", street=name,
                 supervisors="赵敏")  # fmt: skip
    save(store, "supervision", visited_on="2026-05-20", street="双桥子", supervisors="陈静")
    for day in ("2026-07-02", "2026-07-09"):
        save(store, "supervision", visited_on=day, street="猛追湾", supervisors="陈静")
    save(store, "supervision", visited_on="2026-07-10", street="保和", supervisors="陈静")
    for day in (
        "2026-01-15",
        "2026-02-12",
        "2026-03-20",
        "2026-03-27",
        "2026-05-14",
        "2026-06-18",
        "2026-07-03",
    ):  # no conference in April
        save(store, "case_conferences", held_on=day, scope="全区", cases_discussed="2")  # fmt: skip
    for day in ("2025-12-20", "2026-03-10", "2026-06-20"):
        save(store, "trainings", held_on=day, topic="个案管理", attendees="30")
    for n, street in enumerate(("双桥子", "保和", "龙潭")):
        save(store, "difficult_cases", collected_on=f"2026-0{n + 2}-10", street=street,
             case_ref=f"GA-{n}", difficulty="难")  # fmt: skip
    for n in range(5):
        save(store, "activities", title=f"关爱随行 {n}", held_on=f"2026-0{n + 1}-08")
    for n in range(6):
        save(store, "journal", issue_no=f"2026年第{n + 1}期", published_on=f"2026-0{n + 1}-25",
             title="关爱")  # fmt: skip
    for level, day in (
        ("省级", "2026-03-01"),
        ("国家级", "2026-04-01"),
        ("区级", "2026-04-02"),
        ("区级", "2026-05-02"),
        ("区级", "2026-06-02"),
        ("市级", "2025-12-02"),
    ):
        save(store, "media", published_on=day, outlet="媒体", level=level, title="报道")
    for day in ("2026-06-02", "2026-06-03", "2026-06-10", "2026-06-24", "2026-07-01"):
        save(store, "wechat", posted_on=day, title="帮扶信息公开")  # none 06-15 … 06-21
    for name in ("成都爱心超市", "蓉城慈善基金会", "未捐赠的企业"):
        save(store, "providers", name=name, provider_type="企业")
    for provider, value, day in (
        ("成都爱心超市", "300000", "2026-03-01"),
        ("成都爱心超市", "20000", "2025-12-01"),
        ("蓉城慈善基金会", "50000", "2026-06-01"),
    ):
        save(store, "resources", received_on=day, provider_id=provider, channel="线下定向筹款",
             kind="物资", item="米面油", value_fen=value, value_basis="市场价")  # fmt: skip
    for people, day in (("120", "2026-03-05"), ("80", "2026-06-05"), ("999", "2025-12-05")):
        save(store, "district_aid", aided_on=day, street="双桥子", item="米面油", people=people)
    for score in ("5", "4", "3", "2", "2"):
        save(store, "district_surveys", surveyed_on="2026-06-30", respondent="参训人员",
             overall=score)  # fmt: skip


def results(store: Store, period: Period) -> dict[str, kpi.KpiResult]:
    return {r.kpi.key: r for r in own_kpi.compute(store, period, TODAY)}


def test_each_lot_01_kpi_over_the_contract_year(district: Store) -> None:
    fill(district)
    year = results(district, YEAR)
    assert list(year) == [k.key for k in own_kpi.DISTRICT_KPIS]
    # Q1 11 streets + Q2 10 (白莲池 missed); Q3 is running and not complete: not due yet.
    supervision = year["supervision"].measure
    assert (supervision.numerator, supervision.denominator) == (21, 22)
    assert year["supervision"].status == "amber"
    # January … June are due (April without one), July is due early by its conference.
    conferences = year["case_conferences"].measure
    assert (conferences.numerator, conferences.denominator) == (6, 7)
    keys = (
        "trainings",
        "difficult_cases",
        "activities",
        "journal_issues",
        "media_provincial",
        "media_city",
        "media_district",
        "providers",
        "people_helped",
        "resource_value",
    )
    counts = {key: year[key].measure.value for key in keys}  # fmt: skip
    assert counts == {
        "trainings": 2, "difficult_cases": 3, "activities": 5, "journal_issues": 6,
        "media_provincial": 2, "media_city": 0, "media_district": 3, "providers": 2,
        "people_helped": 200, "resource_value": 35_000_000,
    }  # fmt: skip
    assert year["media_city"].status == "red"
    assert year["media_provincial"].status == "green"
    assert year["satisfaction"].measure.value == pytest.approx(2 / 5)
    assert year["satisfaction"].status == "red"  # 40% against 80%
    assert year["resource_value"].target_text() == "600,000.00 元"
    assert year["people_helped"].target == 300


def test_weekly_wechat_and_quarterly_supervision_count_what_is_due(district: Store) -> None:
    fill(district)
    june = results(district, month(2026, 6))["wechat_weekly"]
    # Weeks of 6-01, 6-08, 6-15 (none), 6-22, 6-29 (its post on 7-01): 4 of 5.
    assert (june.measure.numerator, june.measure.denominator) == (4, 5)
    assert june.value_text() == "80.0%"
    q2 = results(district, quarter(2026, 2))["supervision"]
    assert (q2.measure.numerator, q2.measure.denominator) == (10, 11)
    assert q2.measure.records[0].text == "2026年第2季度 猛追湾街道"
    q3 = results(district, quarter(2026, 3))["supervision"]
    assert q3.status == "not_due"  # 2 of 11 visited, the quarter still running
    assert q3.value_text() == "—"


def test_targets_are_saved_by_the_lead_and_refused_otherwise(district: Store) -> None:
    lead, officer = team.team(district)
    own_kpi.save_targets(district, lead.actor, {"trainings": "6", "satisfaction": "90%",
                                                 "resource_value": "800000"})  # fmt: skip
    by_key = own_kpi.DISTRICT_KPI_BY_KEY
    assert kpi.target(district, by_key["trainings"]) == 6
    assert kpi.target(district, by_key["satisfaction"]) == 0.9
    assert kpi.target(district, by_key["resource_value"]) == 80_000_000
    with pytest.raises(RuleError) as caught:
        own_kpi.save_targets(district, officer.actor, {"trainings": "2"})
    assert "只有项目负责人" in str(caught.value)
    with pytest.raises(RuleError) as caught:
        own_kpi.save_targets(district, lead.actor, {"trainings": "3", "journal_issues": "很多"})
    assert "“《情动成华》期刊”的目标“很多”不是有效的数" in str(caught.value)
    assert kpi.target(district, by_key["trainings"]) == 6  # nothing half-saved
    assert results(district, YEAR)["trainings"].target == 6


def test_own_kpi_json_has_the_kpi_objects_of_kpi_json(
    district: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(district)
    data = str(tmp_path / "district")
    capsys.readouterr()
    assert main(["--data-dir", data, "district", "own-kpi", "--period", "2026Q2", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["district"] == "成华区"
    assert document["period"]["start"] == "2026-04-01"
    sample = kpi_json.kpi_object(own_kpi.compute(district, quarter(2026, 2), TODAY)[0])
    assert [k["id"] for k in document["kpis"]] == [k.key for k in own_kpi.DISTRICT_KPIS]
    assert all(set(k) == set(sample) for k in document["kpis"])
    supervision = document["kpis"][0]
    assert (supervision["numerator"], supervision["denominator"]) == (10, 11)
    assert supervision["value"] == pytest.approx(10 / 11, abs=1e-4)
    assert main(["--data-dir", data, "district", "own-kpi", "--period", "2026Q2"]) == 0
    out = capsys.readouterr().out
    assert "实地督导（每街道每季度）：90.9%（10/11）" in out


def test_setup_district_records_the_contract_start_the_own_kpis_count_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "new-district")
    setup = ["--data-dir", data, "setup", "--district", "成华区", "--contract-start", "2026-03-16",
             "--worker", "陈静:项目负责人", "--worker", "赵敏:项目专员"]  # fmt: skip
    assert main(setup) == 0
    capsys.readouterr()
    base = ["--data-dir", data, "district", "own-kpi", "--period", "contract-year", "--json"]
    assert main(base) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["contract_year"] == {"start": "2026-03-16", "end": "2027-03-15"}
    assert document["period"]["start"] == "2026-03-16"
