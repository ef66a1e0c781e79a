"""The KPI engine against a hand-built street with known answers (DOMAIN.md §6).

Records sit on the edges: the last day of a month, of a quarter and of the contract half-year
(the contract starts mid-month, 2025-12-16, so the half-year ends 2026-06-15).
"""

import uuid
from datetime import date
from typing import Any

import pytest

from relief_desktop.domain import periods
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.reporting import kpi
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.fixtures.people import make_id

START = date(2025, 12, 16)
TODAY = date(2026, 11, 29)
HALF = periods.contract_half(START)
YEAR = periods.contract_year(START)
JUNE = periods.month(2026, 6)
Q2 = periods.quarter(2026, 2)


def insert(conn: dbapi.Connection, table: str, **values: Any) -> int:
    values.setdefault("uuid", str(uuid.uuid4()))
    values.setdefault("created_at", "2026-01-01T00:00:00+00:00")
    values.setdefault("updated_at", "2026-01-01T00:00:00+00:00")
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    cursor = conn.execute(
        f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@pytest.fixture
def street(store: Store) -> Store:
    team.set_setting(store, SYSTEM, "contract_start", START.isoformat())
    communities = team.communities(store)
    people = [
        beneficiaries.register(
            store,
            SYSTEM,
            BeneficiaryInput(name, communities[0].id, id_number=make_id(date(1950, 1, 1), 11 + i)),
        )
        for i, name in enumerate(["甲一", "乙二", "丙三", "丁四"])
    ]
    conn = raw_connect(store.paths.database)
    ids = {u: conn.execute("SELECT id FROM beneficiary WHERE uuid = ?", (u,)).fetchone()[0]
           for u in people}  # fmt: skip
    a, b, c, d = (ids[u] for u in people)
    lead, officer = (m.uuid for m in team.team(store))
    worker_ids = [r[0] for r in conn.execute("SELECT id FROM worker ORDER BY id")]

    def case(no: int, person_id: int, key: bool, served: list[str]) -> None:
        case_id = insert(conn, "aid_case", case_no=f"C{no}", street_code="510108004", year=2026,
                         seq=no, beneficiary_id=person_id, category="政策外", priority="一般",
                         source="社区", opened_on="2026-01-05")  # fmt: skip
        insert(conn, "aid_plan", case_id=case_id, key_case=int(key), made_on="2026-01-10")
        for day in served:
            insert(conn, "service_record", case_id=case_id, beneficiary_id=person_id,
                   served_on=day, mode="入户", content="走访", minutes=60)  # fmt: skip

    case(1, a, True, ["2026-03-31", "2026-06-15"])  # last day of Q1, last day of the half-year
    case(2, b, True, ["2026-06-16"])  # first day after the half-year
    case(3, c, False, ["2026-06-30"])  # not a key case
    for day, overall in [("2026-06-30", 5), ("2026-06-30", 3), ("2026-06-15", 4),
                         ("2026-07-01", 1), ("2026-06-10", None)]:  # fmt: skip
        insert(conn, "satisfaction_survey", surveyed_on=day, overall=overall, surveyor=lead)
    p1 = insert(conn, "provider", name="爱心企业甲", provider_type="企业")
    p2 = insert(conn, "provider", name="慈善会乙", provider_type="社会组织")
    r1 = insert(conn, "resource_receipt", serial="R1", received_on="2026-06-30", provider_id=p1,
                channel="线下", kind="资金", item="助学金", value_fen=1_000_000,
                value_basis="现金")  # fmt: skip
    insert(
        conn,
        "resource_receipt",
        serial="R2",
        received_on="2026-07-01",
        provider_id=p1,
        channel="线下",
        kind="资金",
        item="慰问金",
        value_fen=50_000,
        value_basis="现金",
    )
    insert(
        conn,
        "resource_receipt",
        serial="R3",
        received_on="2026-03-31",
        provider_id=p2,
        channel="线下",
        kind="物资",
        item="米油",
        value_fen=200_050,
        value_basis="发票",
    )
    for day, who in [("2026-06-30", a), ("2026-06-30", a), ("2026-07-01", b)]:
        insert(conn, "resource_handover", receipt_id=r1, handed_on=day, beneficiary_id=who,
               value_fen=10_000, handler="张三")  # fmt: skip
    june_communities = [r[0] for r in conn.execute("SELECT id FROM community LIMIT 3")]
    for community_id in june_communities:
        insert(conn, "community_liaison", contacted_on="2026-06-30", community_id=community_id,
               mode="走访")  # fmt: skip
    insert(conn, "community_liaison", contacted_on="2026-06-15", community_id=june_communities[0],
           mode="会议", is_meeting=1)  # fmt: skip
    for day in ("2026-06-15", "2026-12-15", "2026-12-16"):  # 12-15: last day of the contract
        insert(conn, "activity", title=f"活动{day}", held_on=day)
    insert(conn, "media_report", published_on="2026-06-30", outlet="成华发布", level="区级",
           title="报道一")  # fmt: skip
    insert(conn, "media_report", published_on="2025-12-16", outlet="成都日报", level="市级",
           title="报道二")  # fmt: skip
    for period, generated in [("2026-05", "2026-06-05"), ("2026-04", "2026-05-06")]:
        insert(conn, "packet", kind="month", period=period, version=1,
               generated_at=generated + "T10:00:00", generated_on=generated, file_name="p.zip",
               path="p.zip", sha256="x")  # fmt: skip
    insert(conn, "disclosure", period_start="2026-06-01", period_end="2026-06-30", text="公开",
           posted_on="2026-06-30")  # fmt: skip
    insert(conn, "bureau_task", assigned_on="2026-06-15", source="区中心", task_type="培训",
           title="个案管理培训", status="已完成")  # fmt: skip
    for n, number in enumerate(["510108195001010011", "510108195101010018"], 1):
        entry = insert(conn, "roll_entry", category="特困", name=f"特困{n}", id_number=number,
                       household_key=number, started_on="2026-01-01")  # fmt: skip
        if n == 1:
            insert(conn, "inspection", roll_entry_id=entry, category="特困",
                   inspected_on="2026-06-30", inspector1_id=worker_ids[0],
                   inspector2_id=worker_ids[1], conclusion="属实")  # fmt: skip
    conn.commit()
    conn.close()
    del d, officer
    return store


def values(store: Store, period: periods.Period) -> dict[str, float]:
    return {r.kpi.key: r.measure.value for r in kpi.compute(store, period, today=TODAY)}


def test_key_cases_count_distinct_flagged_cases_served_in_the_period(street: Store) -> None:
    assert values(street, JUNE)["key_cases"] == 2
    assert values(street, HALF)["key_cases"] == 1  # only case 1: served 03-31 and 06-15
    assert values(street, periods.quarter(2026, 1))["key_cases"] == 1
    assert values(street, YEAR)["key_cases"] == 2


def test_satisfaction_is_four_or_five_over_answered_surveys(street: Store) -> None:
    june = {r.kpi.key: r for r in kpi.compute(street, JUNE, today=TODAY)}["satisfaction"]
    assert (june.measure.numerator, june.measure.denominator) == (2, 3)
    assert values(street, HALF)["satisfaction"] == 1.0  # 06-15 (4); the unanswered one is out
    assert values(street, YEAR)["satisfaction"] == 0.5


def test_resources_providers_value_and_people(street: Store) -> None:
    june, half, year = values(street, JUNE), values(street, HALF), values(street, YEAR)
    assert (june["providers"], june["resource_value"], june["people_helped"]) == (1, 1_000_000, 1)
    assert (half["providers"], half["resource_value"], half["people_helped"]) == (1, 200_050, 0)
    assert (year["providers"], year["resource_value"], year["people_helped"]) == (2, 1_250_050, 2)


def test_community_contact_meetings_activities_media(street: Store) -> None:
    june, half, year = values(street, JUNE), values(street, HALF), values(street, YEAR)
    assert june["community_contact"] == pytest.approx(3 / 8)
    assert (half["community_meetings"], year["community_meetings"]) == (1, 1)
    assert (june["activities"], year["activities"]) == (1, 2)  # 12-15 counts, 12-16 does not
    assert (half["media"], june["media"], year["media"]) == (1, 1, 2)


def test_packets_disclosures_trainings(street: Store) -> None:
    q2 = {r.kpi.key: r.measure for r in kpi.compute(street, Q2, today=TODAY)}
    assert (q2["monthly_packet"].numerator, q2["monthly_packet"].denominator) == (1, 3)
    assert values(street, JUNE)["disclosures"] == 1
    assert values(street, Q2)["trainings"] == 1


def test_inspection_coverage_on_the_last_day_of_a_quarter(street: Store) -> None:
    q2 = {r.kpi.key: r.measure for r in kpi.compute(street, Q2, today=TODAY)}
    assert (q2["inspection_tekun"].numerator, q2["inspection_tekun"].denominator) == (1, 2)
    q3 = {r.kpi.key: r.measure for r in kpi.compute(street, periods.quarter(2026, 3), today=TODAY)}
    assert q3["inspection_tekun"].numerator == 0


def test_each_kpi_lists_the_records_that_count(street: Store) -> None:
    year = {r.kpi.key: r for r in kpi.compute(street, YEAR, today=TODAY)}
    assert [ref.text for ref in year["providers"].measure.records] == ["慈善会乙", "爱心企业甲"]
    assert len(year["activities"].measure.records) == 2
    assert all("特困" in ref.text or "*" in ref.text
               for ref in year["inspection_tekun"].measure.records)  # fmt: skip


def test_status_compares_yearly_totals_with_the_year_elapsed(street: Store) -> None:
    year = {r.kpi.key: r for r in kpi.compute(street, YEAR, today=TODAY)}
    assert year["key_cases"].expected_share == pytest.approx(YEAR.elapsed_share(TODAY))
    assert year["key_cases"].status == "red"  # 2 of 10 with most of the year gone
    assert year["satisfaction"].status == "red"  # 50% against 80%
    assert year["media"].status == "green"  # 2 of 2


def test_targets_are_settings(street: Store) -> None:
    team.set_setting(street, SYSTEM, "kpi_target.media", "4")
    year = {r.kpi.key: r for r in kpi.compute(street, YEAR, today=TODAY)}
    assert year["media"].target == 4
    assert year["media"].progress == 0.5


def test_a_month_is_judged_on_the_contract_year_to_date_never_a_prorated_target(
    street: Store,
) -> None:
    june = {r.kpi.key: r for r in kpi.compute(street, JUNE, today=TODAY)}
    activities = june["activities"]
    assert activities.target == 4  # the yearly target, not 4 × 30/365
    assert activities.measure.value == 1  # June's own
    assert activities.to_date_period is not None
    assert (activities.to_date_period.start, activities.to_date_period.end) == (
        START, date(2026, 6, 30))  # fmt: skip
    assert activities.judged.value == 1  # 12-15 and 12-16 fall after June
    assert activities.expected_share == pytest.approx(YEAR.elapsed_share(date(2026, 6, 30)))
    assert june["media"].judged.value == 2  # 2025-12-16 and June: the year to June's end
    assert june["media"].status == "green"
    # Inspection coverage is judged on the quarter to the month's end, with its own target.
    tekun = june["inspection_tekun"]
    assert tekun.to_date_period is not None
    assert tekun.to_date_period.start == date(2026, 4, 1)
    assert (tekun.judged.numerator, tekun.judged.denominator) == (1, 2)


def test_the_packet_is_not_due_before_the_fifth(street: Store) -> None:
    october = periods.month(2026, 10)
    for day, status in [(date(2026, 11, 1), "not_due"), (date(2026, 11, 5), "not_due"),
                        (date(2026, 11, 6), "red")]:  # fmt: skip
        [result] = kpi.compute(street, october, ["monthly_packet"], today=day)
        assert result.status == status, day
        assert result.value_text() == ("—" if status == "not_due" else "0.0%")
    conn = raw_connect(street.paths.database)
    insert(conn, "packet", kind="month", period="2026-10", version=1,
           generated_at="2026-11-02T10:00:00", generated_on="2026-11-02", file_name="p.zip",
           path="p.zip", sha256="x")  # fmt: skip
    conn.commit()
    conn.close()
    [early] = kpi.compute(street, october, ["monthly_packet"], today=date(2026, 11, 3))
    assert early.status == "green"  # made before the deadline: done, not "not due"
    assert [r.day for r in early.measure.records] == ["2026-11-02"]


def test_community_contact_is_not_due_while_the_month_runs(street: Store) -> None:
    july = periods.month(2026, 7)
    [running] = kpi.compute(street, july, ["community_contact"], today=date(2026, 7, 10))
    assert running.status == "not_due"
    assert running.measure.records == ()
    [june] = kpi.compute(street, JUNE, ["community_contact"], today=date(2026, 7, 1))
    assert june.status == "red"  # 3 of 8 once June is over
    assert (june.measure.numerator, june.measure.denominator) == (3, 8)
