"""Every KPI's figure and its list of "records that count" are the same records (DOMAIN.md §2, §6).

The demo street gets phone checks, 未遇 visits, a service home visit's worth of noise and an
inspection of an entry already off the roll: none of them may count, in the figure or the list.
"""

from datetime import date

import pytest

from relief_desktop.domain import periods
from relief_desktop.exports.xlsx import Typed
from relief_desktop.services import team
from relief_desktop.services.reporting import kpi, monthly
from relief_desktop.storage.bulk import insert_many, transaction
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.services.reporting.data import TODAY, fill_demo

UNCOUNTED_MODES = ("电话", "未遇")


@pytest.fixture
def street(store: Store) -> Store:
    fill_demo(store)
    _add_checks_that_do_not_count(store)
    return store


def _add_checks_that_do_not_count(store: Store) -> None:
    """Phone checks and 未遇 of entries nobody visited at home in Q4 2026, and an in-person
    inspection of an entry dated after it left the roll."""
    conn = store.reader()
    workers = [r[0] for r in conn.execute("SELECT id FROM worker ORDER BY id LIMIT 2")]
    entries = conn.execute(
        """SELECT e.id, e.category FROM roll_entry e WHERE e.ended_on IS NULL
           AND NOT EXISTS (SELECT 1 FROM inspection i WHERE i.roll_entry_id = e.id
                           AND i.inspected_on >= '2026-10-01') ORDER BY e.id LIMIT 6"""
    ).fetchall()
    assert len(entries) == 6, "the demo street has entries not yet inspected this quarter"
    ended = conn.execute(
        "SELECT id, category, ended_on FROM roll_entry WHERE ended_on BETWEEN '2026-07-02'"
        " AND '2026-09-30' ORDER BY id LIMIT 1"
    ).fetchone()
    rows: list[dict[str, object]] = [
        {"roll_entry_id": entry_id, "category": category, "inspected_on": "2026-10-20",
         "inspector1_id": workers[0], "inspector2_id": workers[1],
         "mode": UNCOUNTED_MODES[n % 2], "conclusion": "属实"}
        for n, (entry_id, category) in enumerate(entries)
    ]  # fmt: skip
    if ended is not None:
        rows.append({"roll_entry_id": ended[0], "category": ended[1], "inspected_on": "2026-10-21",
                     "inspector1_id": workers[0], "inspector2_id": workers[1], "mode": "入户",
                     "conclusion": "属实"})  # fmt: skip
    with transaction(conn):
        insert_many(conn, "inspection", rows, team.team(store)[0].actor, log=False)


def _periods(store: Store) -> list[periods.Period]:
    start = team.contract_start(store, TODAY)
    return [
        periods.month(2026, 10),
        periods.month(2026, 9),
        periods.quarter(2026, 4),
        periods.quarter(2026, 3),
        periods.contract_half(start),
        periods.contract_year(start),
    ]


def _exists(conn: dbapi.Connection, ref: kpi.RecordRef) -> bool:
    row = conn.execute(f"SELECT 1 FROM {ref.table} WHERE uuid = ?", (ref.uuid,)).fetchone()
    return row is not None


def _hold_figure_to_records(
    conn: dbapi.Connection, result: kpi.KpiResult, measure: kpi.Measure, span: periods.Period
) -> None:
    key = result.kpi.key
    refs = measure.records
    assert len({(r.table, r.uuid, r.text) for r in refs}) == len(refs), f"{key}: a record twice"
    for ref in refs:
        assert _exists(conn, ref), f"{key}: {ref.table} {ref.uuid} does not exist"
        if ref.table != "packet":  # a packet counts for the month it reports, made after it
            assert span.start <= date.fromisoformat(ref.day) <= span.end, f"{key}: {ref.day}"
    if result.kpi.unit == "fen":
        assert all(r.amount is not None for r in refs), key
        assert measure.value == sum(r.amount or 0 for r in refs), key
    elif measure.numerator is not None:
        assert measure.numerator == len(refs), f"{key}: {measure.numerator} ≠ {len(refs)} listed"
    else:
        assert measure.value == len(refs), f"{key}: {measure.value} ≠ {len(refs)} listed"


def test_every_kpi_figure_counts_exactly_the_records_it_lists(street: Store) -> None:
    conn = street.reader()
    seen: set[str] = set()
    for period in _periods(street):
        for result in kpi.compute(street, period, today=TODAY):
            seen.add(result.kpi.key)
            _hold_figure_to_records(conn, result, result.measure, period)
            if result.to_date is not None:
                assert result.to_date_period is not None
                _hold_figure_to_records(conn, result, result.to_date, result.to_date_period)
    assert seen == set(kpi.KPI_BY_KEY), "every KPI of the engine is checked"


def _units_by_hand(conn: dbapi.Connection, category: str, span: periods.Period) -> set[str]:
    """Coverage's numerator as DOMAIN.md §2 states it, written independently in SQL."""
    rows = conn.execute(
        """SELECT DISTINCT e.household_key FROM inspection i JOIN roll_entry e
           ON e.id = i.roll_entry_id WHERE i.category = ? AND i.mode = '入户'
           AND i.inspected_on BETWEEN ? AND ? AND e.started_on <= ?
           AND (e.ended_on IS NULL OR e.ended_on > ?)""",
        (category, span.start.isoformat(), span.end.isoformat(), span.end.isoformat(),
         span.start.isoformat()),
    )  # fmt: skip
    return {r[0] for r in rows}


def test_coverage_lists_one_in_person_inspection_per_unit_counted(street: Store) -> None:
    from relief_desktop.domain.inspection import CATEGORIES

    conn = street.reader()
    for period in _periods(street):
        results = {r.kpi.key: r for r in kpi.compute(street, period, today=TODAY)}
        for code, category in CATEGORIES.items():
            measure = results[f"inspection_{code}"].measure
            listed = conn.execute(
                f"""SELECT i.mode, e.household_key FROM inspection i JOIN roll_entry e
                    ON e.id = i.roll_entry_id WHERE i.uuid IN
                    ({", ".join("?" for _ in measure.records)})""",
                [r.uuid for r in measure.records],
            ).fetchall()
            assert {mode for mode, _unit in listed} <= {"入户"}, f"{category}: phone check listed"
            units = {unit for _mode, unit in listed}
            assert units == _units_by_hand(conn, category, period), (category, period.label)
            assert measure.numerator == len(units)


def test_inspection_count_of_the_brief_uses_the_coverage_rule(street: Store) -> None:
    conn = street.reader()
    october = periods.month(2026, 10)
    report = monthly.build(street, october, today=TODAY)
    numbers = {n.label: n for n in report.key_numbers}
    in_person_on_roll = conn.execute(
        """SELECT count(*) FROM inspection i JOIN roll_entry e ON e.id = i.roll_entry_id
           WHERE i.mode = '入户' AND i.inspected_on BETWEEN '2026-10-01' AND '2026-10-31'
           AND e.started_on <= '2026-10-31'
           AND (e.ended_on IS NULL OR e.ended_on > '2026-10-01')"""
    ).fetchone()[0]
    every_record = conn.execute(
        "SELECT count(*) FROM inspection WHERE inspected_on BETWEEN '2026-10-01' AND '2026-10-31'"
    ).fetchone()[0]
    assert every_record > in_person_on_roll  # the phone checks are there, and left out
    assert numbers["入户核查（次）"].month == str(in_person_on_roll)


def test_brief_gives_coverage_for_the_quarter_to_date_and_the_contract_year(
    street: Store,
) -> None:
    from relief_desktop.services.inspection.coverage import coverage_for

    october = periods.month(2026, 10)
    report = monthly.build(street, october, today=TODAY)
    assert [row.category for row in report.coverage] == ["低保", "特困", "临时救助",
                                                         "特殊困难群体儿童"]  # fmt: skip
    year = report.year
    for row in report.coverage:
        quarter = coverage_for(street, row.category, date(2026, 10, 1), date(2026, 10, 31))
        in_year = coverage_for(street, row.category, year.start, date(2026, 10, 31))
        assert (row.quarter.numerator, row.quarter.denominator) == (
            quarter.numerator, quarter.denominator)  # fmt: skip
        assert (row.year.numerator, row.year.denominator) == (
            in_year.numerator, in_year.denominator)  # fmt: skip
        assert row.target == (0.30 if row.category == "低保" else 1.0)
        assert row.quarter_label == "2026年第四季度"
    sheet = monthly.summary_sheet(report)
    cells = [[c.value if isinstance(c, Typed) else c for c in row] for row in sheet.rows]
    texts = [[str(cell) for cell in row] for row in cells]
    heading = next(i for i, row in enumerate(texts) if row[0].startswith("入户核查覆盖率（"))
    assert texts[heading][1:] == ["本季度已核查", "本季度在册", "本季度覆盖率", "季度目标",
                                  "合同年度覆盖率"]  # fmt: skip
    dibao = texts[heading + 1]
    assert dibao[0] == "低保（户）"
    assert cells[heading + 1][4] == pytest.approx(0.30)  # a percent cell, not text


def test_brief_pdf_shows_the_coverage_table(street: Store) -> None:
    from relief_desktop.exports import pdf
    from relief_desktop.services.reporting import briefing

    report = monthly.build(street, periods.month(2026, 10), today=TODAY)
    document = briefing.document(report)
    tables = [b for b in document.blocks if isinstance(b, pdf.Table)]
    coverage = next(t for t in tables if t.headers[0] == "核查类别")
    assert [row[0] for row in coverage.rows] == ["低保", "特困", "临时救助", "特殊困难群体儿童"]
    assert list(coverage.rows[0])[3] == "30%"
