"""The ledger page and its generated form, on 救助资源台账 and 资源发放台账."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from relief_desktop.ledgers import registry, service
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.services import audit
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.ledger_form import problem_text
from relief_desktop.ui.models.ledger_table_model import LedgerTableModel
from relief_desktop.ui.pages import ledgers_page
from relief_desktop.ui.pages.ledgers_page import LedgersPage
from tests.ledgers.helpers import handover, person, provider, receipt


def test_the_model_pages_rows_and_passes_the_model_tester(
    store: Store, qtmodeltester: object
) -> None:
    provider(store)
    ledger = registry.get("resources")
    for n in range(5):
        receipt(store, value=str(10 + n))

    def load(query: LedgerQuery, offset: int, limit: int) -> list[service.Record]:
        return service.page(store, ledger, query, offset, limit)

    model = LedgerTableModel(ledger, load, lambda q: service.count(store, ledger, q))
    model.PAGE_SIZE = 2
    model.reload()
    assert model.rowCount() == 2
    model.fetchMore(model.index(0, 0).parent())
    assert model.rowCount() == 4
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.total == 5


def test_new_receipt_through_the_form_with_problems_shown_in_place(
    context: AppContext, qtbot: QtBot
) -> None:
    provider(context.store)
    page = LedgersPage(context)
    qtbot.addWidget(page)
    form = page.build_form(None)
    qtbot.addWidget(form)
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert problem_text(form, "item") == "资源名称不能为空，请填写。"
    assert form.isVisible() is False or form.result() != QDialog.DialogCode.Accepted
    widgets = form.widgets
    provider_combo = widgets["provider_id"]
    provider_combo.setCurrentIndex(1)  # type: ignore[attr-defined]
    widgets["channel"].set_value("线下定向筹款")  # type: ignore[attr-defined]
    widgets["kind"].set_value("物资")  # type: ignore[attr-defined]
    item = widgets["item"]
    assert isinstance(item, QLineEdit)
    item.setText("大米")
    widgets["value_fen"].setText("1,200.50")  # type: ignore[attr-defined]
    widgets["value_basis"].set_value("市场价")  # type: ignore[attr-defined]
    with qtbot.waitSignal(form.record_saved):
        save.click()
    assert page.model.total == 1
    record = page.model.record_at(0)
    assert record is not None
    assert record.values["value_fen"] == 120050
    assert page.count_label.text() == "共 1 条"


def test_over_spend_is_refused_in_the_handover_form(context: AppContext, qtbot: QtBot) -> None:
    store = context.store
    provider(store)
    file_no = person(store, "王大山", 1)
    uuid = receipt(store, value="100")
    serial = str(service.load(store, registry.get("resources"), uuid).values["serial"])
    handover(store, serial, file_no, value="80")
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.show_ledger("handovers")
    assert page.model.total == 1
    form = page.build_form(None)
    qtbot.addWidget(form)
    form.widgets["receipt_id"].setCurrentIndex(1)  # type: ignore[attr-defined]
    form.widgets["beneficiary_id"].setCurrentIndex(1)  # type: ignore[attr-defined]
    form.widgets["value_fen"].setText("30")  # type: ignore[attr-defined]
    form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "结余只有 20.00 元，不能发放 30.00 元" in problem_text(form, "value_fen")
    assert service.count(store, registry.get("handovers"), LedgerQuery()) == 1


def test_search_filter_export_and_import_from_the_page(
    context: AppContext, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = context.store
    provider(store)
    provider(store, "蓉城慈善基金会")
    receipt(store, item="棉被")
    receipt(store, provider="蓉城慈善基金会", item="大米")
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.search_edit.setText("棉被")
    qtbot.waitUntil(lambda: page.model.total == 1)
    page.search_edit.clear()
    qtbot.waitUntil(lambda: page.model.total == 2)
    page.filter_combos["kind"].setCurrentIndex(page.filter_combos["kind"].findData("资金"))
    assert page.model.total == 0
    page.filter_combos["kind"].setCurrentIndex(0)
    target = tmp_path / "full.xlsx"
    monkeypatch.setattr(ledgers_page, "choose_export_file", lambda _parent, _name: target)
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    monkeypatch.setattr(prompts, "ask_reason", lambda *_args: None)  # the user cancels
    assert page.export_file(masked=False) is None
    assert not target.exists()
    monkeypatch.setattr(prompts, "ask_reason", lambda *_args: "迁移到新电脑")
    assert page.export_file(masked=False) == target
    (entry,) = audit.access_entries(store)
    assert (entry.action, entry.records, entry.reason) == ("完整导出", 2, "迁移到新电脑")
    with service.transaction(store.reader()) as conn:
        conn.execute("DELETE FROM resource_receipt")
    page.refresh()
    assert page.model.total == 0
    monkeypatch.setattr(ledgers_page, "choose_import_file", lambda _parent: target)
    monkeypatch.setattr(ledgers_page, "run_dialog", lambda dialog: True)
    assert page.import_file()
    assert page.model.total == 2


def test_liaison_page_names_the_communities_not_contacted(
    context: AppContext, qtbot: QtBot
) -> None:
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.show_ledger("liaison")
    assert page.summary.text().startswith(
        f"本月（{page.today.year}年{page.today.month}月）已联络 0/8"
    )
    assert "双林社区" in page.summary.text()


def test_balance_column_is_the_balance_at_the_chosen_periods_end(
    context: AppContext, qtbot: QtBot
) -> None:
    """A receipt of 10-31 handed out in November: 上月 (October) shows its full balance."""
    from datetime import date

    provider(context.store)
    who = person(context.store, "王一", 1)
    ledger = registry.get("resources")
    from tests.ledgers.helpers import lead

    uuid = service.create(
        context.store, lead(context.store), ledger,
        {"received_on": "2026-10-31", "provider_id": "成都爱心超市", "channel": "线下定向筹款",
         "kind": "物资", "item": "大米", "value_fen": "1000", "value_basis": "市场价"},
        today=date(2026, 11, 15),
    )  # fmt: skip
    serial = str(service.load(context.store, ledger, uuid).values["serial"])
    service.create(
        context.store, lead(context.store), registry.get("handovers"),
        {"receipt_id": serial, "handed_on": "2026-11-02", "beneficiary_id": who,
         "value_fen": "1000", "handler": "张三"},
        today=date(2026, 11, 15),
    )  # fmt: skip
    page = LedgersPage(context)
    qtbot.addWidget(page)
    page.today = date(2026, 11, 15)
    page.show_ledger("resources")
    balance_column = page.model.headers().index("结余（元）")

    def balance() -> str:
        return str(page.model.index(0, balance_column).data())

    page.period_combo.setCurrentIndex(page.period_combo.findData("last_month"))
    assert balance() == "1,000.00"
    assert page.count_label.text() == "共 1 条 · 结余截至 2026-10-31"
    page.period_combo.setCurrentIndex(page.period_combo.findData(None))
    assert balance() == "0.00"
    assert page.count_label.text() == "共 1 条"
