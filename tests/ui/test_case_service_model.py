"""The service record list model pages like the registry and passes Qt's model tester."""

from datetime import date, timedelta

from pytestqt.modeltest import ModelTester

from relief_desktop.services.casework.service_records import ServiceRow
from relief_desktop.ui.models.service_record_table_model import ServiceRecordTableModel


def rows(n: int) -> list[ServiceRow]:
    return [
        ServiceRow(
            i, f"s{i}", "c", "510108004-2026-C001", "张三丰", date(2026, 1, 1) + timedelta(days=i),
            None, "", "物资援助", "入户", f"第 {i} 次", 30, ("w",), "张三", "", None, "", None,
        )
        for i in range(n)
    ]  # fmt: skip


def test_two_pages_and_the_model_tester(qtmodeltester: ModelTester) -> None:
    data = rows(250)
    model = ServiceRecordTableModel(
        lambda offset, limit: data[offset : offset + limit], lambda: 250
    )
    model.reload()
    assert model.rowCount() == 100
    qtmodeltester.check(model)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 250
    assert model.index(249, 4).data() == "第 249 次"
    assert (
        model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "日期"
    )


def test_rows_that_vanish_stop_the_paging() -> None:
    model = ServiceRecordTableModel(
        lambda offset, limit: rows(10)[offset : offset + limit], lambda: 50
    )
    model.reload()
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 10
    assert not model.canFetchMore(model.index(-1, -1))
