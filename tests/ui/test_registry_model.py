"""The registry model pages through the store, re-queries to sort and filter."""

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from relief_desktop.services import registry_query, team
from relief_desktop.services.registry_query import RegistryQuery, RegistryRow
from relief_desktop.storage.store import Store
from relief_desktop.ui.models.registry_table_model import COLUMNS, UUID_ROLE, RegistryTableModel
from tests.fixtures.people import bulk_insert, filler_people


def _model(store: Store) -> RegistryTableModel:
    conn = store.reader()
    return RegistryTableModel(
        lambda q, offset, limit: registry_query.page(conn, q, offset, limit),
        lambda q: registry_query.count(conn, q),
    )


@pytest.fixture
def crowded(store: Store) -> Store:
    """450 people: more than two pages of the model."""
    ids = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(ids, 450))
    return store


def _column(name: str) -> int:
    return [c[0] for c in COLUMNS].index(name)


def _names(model: RegistryTableModel) -> list[str]:
    return [model.index(r, _column("name")).data() for r in range(model.rowCount())]


def test_model_passes_qt_model_tester_with_three_pages(
    crowded: Store, qtmodeltester: object
) -> None:
    model = _model(crowded)
    model.reload()
    assert model.rowCount() == RegistryTableModel.PAGE_SIZE
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total == 450
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_only_fetched_pages_are_held(crowded: Store) -> None:
    calls: list[tuple[int, int]] = []
    conn = crowded.reader()

    def load(query: RegistryQuery, offset: int, limit: int) -> list[RegistryRow]:
        calls.append((offset, limit))
        return registry_query.page(conn, query, offset, limit)

    model = RegistryTableModel(load, lambda q: registry_query.count(conn, q))
    model.reload()
    assert model.total == 450
    assert model.rowCount() == 200
    model.fetchMore(QModelIndex())
    assert calls == [(0, 200), (200, 200)]


def test_sorting_by_a_header_requeries(crowded: Store) -> None:
    model = _model(crowded)
    model.reload()
    birth = _column("birth_date")
    model.sort(birth, Qt.SortOrder.AscendingOrder)
    oldest_first = [model.index(r, birth).data() for r in range(model.rowCount())]
    assert oldest_first == sorted(oldest_first)
    model.sort(birth, Qt.SortOrder.DescendingOrder)
    newest_first = [model.index(r, birth).data() for r in range(model.rowCount())]
    assert newest_first == sorted(newest_first, reverse=True)
    assert newest_first[0] > oldest_first[0]
    assert model.query.sort == "birth_date"
    assert model.query.descending


def test_unsortable_column_keeps_the_order(crowded: Store) -> None:
    model = _model(crowded)
    model.reload()
    before = _names(model)
    model.sort(_column("labels"), Qt.SortOrder.DescendingOrder)
    assert _names(model) == before


def test_filters_narrow_the_rows(crowded: Store) -> None:
    model = _model(crowded)
    model.reload()
    everyone = model.total
    model.set_query(replace(model.query, status="结案"))
    assert 0 < model.total < everyone
    assert {model.index(r, _column("status")).data() for r in range(model.rowCount())} == {"结案"}
    model.set_query(replace(model.query, status=None, label="低保"))
    assert 0 < model.total < everyone
    assert all("低保" in model.index(r, _column("labels")).data() for r in range(model.rowCount()))


def test_ids_are_masked_and_uuid_is_available(crowded: Store) -> None:
    model = _model(crowded)
    model.reload()
    shown = model.index(0, _column("id_number")).data()
    assert "********" in shown
    assert len(shown) == 18
    assert model.index(0, 0).data(UUID_ROLE) == model.uuid_at(0)


def test_a_fed_list_works_without_a_store(tmp_path: Path) -> None:
    rows = [
        RegistryRow(
            f"u{i}", f"F{i}", f"人{i}", "男", None, None, "", "双林", "", "在案", "一般", ""
        )
        for i in range(5)
    ]
    model = RegistryTableModel(lambda q, offset, limit: rows[offset : offset + limit], lambda q: 5)
    model.reload()
    assert _names(model) == [f"人{i}" for i in range(5)]


def test_a_person_found_through_a_relative_is_marked_in_the_name_column() -> None:
    row = RegistryRow(
        "u1", "F-1", "艾国强", "男", None, None, "", "双林", "", "在案", "一般", "2025-01-02",
        member_match="王秀英",
    )  # fmt: skip
    model = RegistryTableModel(lambda q, offset, limit: [row][offset:limit], lambda q: 1)
    model.reload()
    assert model.index(0, _column("name")).data() == "艾国强（家属：王秀英）"
    assert "王秀英" in model.index(0, _column("name")).data(Qt.ItemDataRole.ToolTipRole)
