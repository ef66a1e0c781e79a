"""Putting a small roll and its inspections in a store for service and UI tests."""

from datetime import date
from pathlib import Path

from relief_desktop.domain.inspection import category_name
from relief_desktop.services import team
from relief_desktop.services.inspection import records, rolls
from relief_desktop.services.inspection.records import InspectionInput
from relief_desktop.storage.store import Store
from tests.services.inspection.roll_files import make_id, write_roll


def import_roll(
    store: Store,
    folder: Path,
    category: str,
    count: int,
    on: date,
    first: int = 0,
    name: str = "roll.xlsx",
) -> dict[str, int]:
    """A roll of `count` people (ids first..first+count) dated `on`; returns id_number -> entry."""
    communities = ["双林", "新鸿", "新华"]
    rows: list[list[object]] = [
        [
            i + 1,
            f"对象{i:03d}",
            make_id(date(1950, 1, 1 + i % 28), i),
            communities[i % 3],
            f"双林路{i}号",
            "",
            1 + i % 4,
        ]
        for i in range(first, first + count)
    ]
    path = write_roll(folder / name, rows)
    actor = team.team(store)[0].actor
    result = rolls.preview(store, category, path, on)
    # Test set-up: the ends of a roll that is meant to replace the last one are confirmed.
    rolls.commit(store, actor, result, confirmed_ends=len(result.ends))
    return dict(
        store.reader().execute(
            "SELECT id_number, id FROM roll_entry WHERE category = ? AND ended_on IS NULL",
            (category_name(category),),
        )
    )


def inspect(
    store: Store, entry_id: int, on: date, conclusion: str = "属实", **extra: object
) -> int:
    members = team.team(store)
    data = InspectionInput(
        roll_entry_id=entry_id,
        inspected_on=on,
        inspector1=members[0].uuid,
        inspector2=members[1].uuid,
        conclusion=conclusion,
        **extra,  # type: ignore[arg-type]
    )
    return records.save(store, members[0].actor, data, today=date(2030, 1, 1))
