"""Coverage and the work list against a real store: quarter boundaries, households, targets."""

from datetime import date
from pathlib import Path

from relief_desktop.domain.inspection import Quarter
from relief_desktop.services import team
from relief_desktop.services.inspection import coverage, worklist
from relief_desktop.services.inspection.common import target, target_key
from relief_desktop.storage.store import Store
from tests.services.inspection.helpers import import_roll, inspect

Q4 = Quarter(2026, 4)


def test_coverage_counts_the_roll_of_the_period_and_inspections_inside_it(
    store: Store, tmp_path: Path
) -> None:
    entries = list(import_roll(store, tmp_path, "tekun", 4, date(2026, 7, 1)).values())
    inspect(store, entries[0], date(2026, 12, 31))  # last day of the quarter: counts
    inspect(store, entries[1], date(2026, 9, 30))  # the quarter before: does not
    inspect(store, entries[2], date(2026, 10, 1))
    inspect(store, entries[2], date(2026, 11, 1))  # twice: counts once
    inspect(store, entries[3], date(2026, 10, 8), mode="电话")  # a phone call: not an 入户核查

    result = coverage.coverage_for(store, "tekun", date(2026, 10, 1), date(2026, 12, 31))

    assert (result.numerator, result.denominator) == (2, 4)
    assert result.target == 1.0
    q3 = coverage.coverage_for(store, "特困", date(2026, 7, 1), date(2026, 9, 30))
    assert (q3.numerator, q3.denominator) == (1, 4)


def test_people_ended_or_added_mid_quarter_count_in_it(store: Store, tmp_path: Path) -> None:
    import_roll(store, tmp_path, "linshi", 3, date(2026, 7, 1), first=0, name="a.xlsx")
    # The November roll drops person 0 and adds person 3.
    import_roll(store, tmp_path, "linshi", 3, date(2026, 11, 15), first=1, name="b.xlsx")

    q4 = coverage.coverage_for(store, "linshi", date(2026, 10, 1), date(2026, 12, 31))
    q1 = coverage.coverage_for(store, "linshi", date(2027, 1, 1), date(2027, 3, 31))

    assert q4.denominator == 4
    assert q1.denominator == 3


def test_dibao_counts_households_against_a_thirty_percent_target(
    store: Store, tmp_path: Path
) -> None:
    entries = list(import_roll(store, tmp_path, "dibao", 10, date(2026, 7, 1)).values())
    for entry in entries[:3]:
        inspect(store, entry, date(2026, 10, 20))

    work = worklist.work_list(store, "dibao", Q4)

    assert work.coverage.in_quarter.numerator == 3
    assert work.coverage.in_quarter.denominator == 10
    assert work.coverage.in_quarter.met
    assert len(work.remaining) == 7
    assert all(item.household_size for item in work.items)


def test_the_target_is_a_setting(store: Store, tmp_path: Path) -> None:
    lead = team.team(store)[0].actor
    assert target(store, "低保") == 0.3
    team.set_setting(store, lead, target_key("低保"), "50%")
    assert target(store, "低保") == 0.5
    import_roll(store, tmp_path, "dibao", 10, date(2026, 7, 1))
    result = coverage.coverage_for(store, "低保", date(2026, 10, 1), date(2026, 12, 31))
    assert result.required == 5


def test_the_work_list_shows_who_is_left_by_community_with_year_beside_quarter(
    store: Store, tmp_path: Path
) -> None:
    lead = team.team(store)[0].actor
    team.set_setting(store, lead, "contract_start", "2026-06-16")
    entries = import_roll(store, tmp_path, "ertong", 6, date(2026, 6, 16))
    ids = list(entries.values())
    inspect(store, ids[0], date(2026, 8, 1))  # last quarter: counts for the year only
    inspect(store, ids[1], date(2026, 10, 2))

    work = worklist.work_list(store, "ertong", Q4, remaining_only=True)

    assert len(work.items) == 5
    assert ids[1] not in {item.entry_id for item in work.items}
    communities = [item.community for item in work.items]
    assert communities == sorted(communities, key=["双林社区", "新鸿社区", "新华社区"].index)
    assert (work.coverage.in_quarter.numerator, work.coverage.in_quarter.denominator) == (1, 6)
    assert (work.coverage.in_year.numerator, work.coverage.in_year.denominator) == (2, 6)
    assert work.coverage.in_year.period.start == date(2026, 6, 16)
    first = next(item for item in work.items if item.entry_id == ids[0])
    assert first.last_inspected == "2026-08-01"
    assert not first.done

    community = team.community_by_name(store, "新鸿").id
    only = worklist.work_list(store, "ertong", Q4, community_id=community)
    assert {item.community for item in only.items} == {"新鸿社区"}
