"""The inspection form's rules and the feedback list it feeds."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.services import team
from relief_desktop.services.inspection import feedback, records
from relief_desktop.services.inspection.records import InspectionInput
from relief_desktop.storage.store import Store
from tests.services.inspection.helpers import import_roll, inspect


def test_an_inspection_is_saved_and_loaded_with_all_its_fields(
    store: Store, tmp_path: Path
) -> None:
    entry = next(iter(import_roll(store, tmp_path, "tekun", 1, date(2026, 7, 1)).values()))
    saved = inspect(
        store,
        entry,
        date(2026, 10, 9),
        household_size=2,
        self_care="部分自理",
        support_mode="分散供养",
        policy_publicised=True,
        signed=True,
        photos=("a.jpg", "b.jpg"),
    )
    record = records.load(store, saved)
    assert record.data.self_care == "部分自理"
    assert record.data.photos == ("a.jpg", "b.jpg")
    assert record.inspector_names == ("张三", "李四")
    assert [r.id for r in records.of_entry(store, entry)] == [saved]
    assert feedback.items(store) == []  # 属实 with no issue: nothing to report


def test_the_form_refuses_one_inspector_a_future_date_and_a_date_off_the_roll(
    store: Store, tmp_path: Path
) -> None:
    entry = next(iter(import_roll(store, tmp_path, "tekun", 1, date(2026, 7, 1)).values()))
    members = team.team(store)
    data = InspectionInput(entry, date(2026, 6, 1), members[0].uuid, members[0].uuid, "建议退出")
    with pytest.raises(ValidationFailedError) as caught:
        records.save(store, members[0].actor, data, today=date(2026, 12, 1))
    codes = {p.code for p in caught.value.problems}
    assert codes == {
        "inspection_inspectors",
        "inspection_date_off_roll",
        "inspection_issues_required",
    }
    assert store.reader().execute("SELECT count(*) FROM inspection").fetchone()[0] == 0


def test_issues_found_go_to_the_feedback_list_and_move_through_statuses(
    store: Store, tmp_path: Path
) -> None:
    entry = next(iter(import_roll(store, tmp_path, "dibao", 1, date(2026, 7, 1)).values()))
    inspect(store, entry, date(2026, 10, 9), "建议调整", issues="儿子已就业，月收入 4000 元")
    inspect(store, entry, date(2026, 11, 9), "失联")

    found = feedback.items(store)

    assert [item.summary for item in found] == ["失联", "建议调整：儿子已就业，月收入 4000 元"]
    assert {item.status for item in found} == {"待报送"}
    assert found[0].source == "主动发现"
    lead = team.team(store)[0].actor
    feedback.set_status(store, lead, found[1].id, "已报送", on=date(2026, 10, 15))
    feedback.set_status(store, lead, found[1].id, "已办结", on=date(2026, 11, 1), reply="已调整")
    item = next(i for i in feedback.items(store) if i.id == found[1].id)
    assert (item.status, item.reported_on, item.closed_on, item.reply) == (
        "已办结",
        "2026-10-15",
        "2026-11-01",
        "已调整",
    )
    assert [i.id for i in feedback.items(store, status="待报送")] == [found[0].id]


def test_a_roll_end_is_shown_as_the_last_day_on_the_roll(store: Store, tmp_path: Path) -> None:
    """The store keeps the first day off the roll; the form says 在册 … 至 the day before."""
    from sqlalchemy import text

    from relief_desktop.domain.inspection import on_roll_until

    entry = next(iter(import_roll(store, tmp_path, "tekun", 1, date(2026, 7, 1)).values()))
    members = team.team(store)
    with store.write(members[0].actor) as session:
        session.execute(
            text("UPDATE roll_entry SET ended_on = '2026-10-01' WHERE id = :id"), {"id": entry}
        )
    data = InspectionInput(entry, date(2026, 10, 1), members[0].uuid, members[1].uuid, "属实")
    with pytest.raises(ValidationFailedError) as caught:
        records.save(store, members[0].actor, data, today=date(2026, 12, 1))
    (problem,) = caught.value.problems
    assert problem.code == "inspection_date_off_roll"
    assert "至 2026-09-30）" in problem.message()
    assert on_roll_until("2026-10-01") == "在册至 2026-09-30"
    assert on_roll_until(date(2026, 1, 1)) == "在册至 2025-12-31"
