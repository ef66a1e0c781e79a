"""基础数据库 workbook: export then import into a new store gives the same people and households."""

from pathlib import Path

from relief_desktop import demo
from relief_desktop.paths import AppPaths
from relief_desktop.services import registry_book, team
from relief_desktop.storage.store import Store


def counts(store: Store) -> tuple[int, int, int]:
    row = (
        store.reader()
        .execute(
            "SELECT (SELECT count(*) FROM beneficiary), (SELECT count(*) FROM household_member),"
            " (SELECT count(*) FROM beneficiary_label)"
        )
        .fetchone()
    )
    return (row[0], row[1], row[2])


def test_registry_workbook_round_trip_in_one_transaction(tmp_path: Path) -> None:
    source = Store.open(AppPaths.under(tmp_path / "a"))
    target = Store.open(AppPaths.under(tmp_path / "b"))
    try:
        demo.generate(source, 40)
        team.setup(target, "双桥子", [("张三", "项目负责人")])
        book = tmp_path / "reg.xlsx"
        assert registry_book.export(source, book, masked=False) == 40
        actor = team.team(target)[0].actor
        preview = registry_book.import_file(target, actor, book, commit=False)
        assert len(preview.added) == 40
        assert not preview.problems
        assert counts(target) == (0, 0, 0)
        result = registry_book.import_file(target, actor, book, commit=True)
        assert result.committed
        assert counts(target) == counts(source)
        again = registry_book.import_file(target, actor, book, commit=True)
        assert not again.committed
        assert {p.code for _line, p in again.problems} == {"id_duplicate"}
        assert counts(target) == counts(source)
    finally:
        source.close()
        target.close()
