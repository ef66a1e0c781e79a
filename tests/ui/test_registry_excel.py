"""基础数据库 Excel from the registry page: masked export, and import through the preview."""

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pytestqt.qtbot import QtBot

from relief_desktop.domain.beneficiary import BeneficiaryInput, MemberInput
from relief_desktop.services import beneficiaries, registry_query, team
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.ledger_import import ImportPreviewDialog
from relief_desktop.ui.pages.registry_page import RegistryPage
from tests.fixtures.people import make_id


@pytest.fixture
def page(context: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> RegistryPage:
    monkeypatch.setattr(prompts, "inform", lambda *_args: None)
    widget = RegistryPage(context)
    qtbot.addWidget(widget)
    return widget


def test_masked_export_hides_ids_names_and_phones(
    page: RegistryPage, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    community = team.communities(store)[0].id
    number = make_id(date(1985, 3, 12), 23)
    beneficiaries.register(
        store,
        team.team(store)[0].actor,
        BeneficiaryInput(
            "张三丰", community, id_number=number, phone="13800138000",
            members=(MemberInput("配偶", "李秀英"),),
        ),
    )  # fmt: skip
    target = tmp_path / "book.xlsx"
    monkeypatch.setattr(prompts, "choose_export_file", lambda _parent, _name: target)
    page.export_masked_action.trigger()
    book = load_workbook(target, read_only=True)
    cells = [str(c) for row in book["基础数据库"].iter_rows(values_only=True) for c in row if c]
    assert "张**" in cells
    assert number[:6] + "*" * 11 + number[-1] in cells
    assert "138****8000" in cells
    assert not {"张三丰", number, "13800138000"} & set(cells)
    members = list(book["家庭成员"].iter_rows(values_only=True))
    assert any("李**" in row for row in members)


def write_book(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "基础数据库"
    sheet.append(["双桥子街道基础数据库"])  # a title row above the header
    sheet.append(["姓名", "身份证号", "所属社区", "联系电话", "状态"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_import_previews_then_commits_in_one_go(
    page: RegistryPage, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = make_id(date(1950, 1, 1), 11)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = write_book(
        tmp_path / "in.xlsx",
        [["王建国", good, "双林社区", "13900001111", "在案"], ["赵敏", bad, "双林", "", "待评估"]],
    )
    monkeypatch.setattr(prompts, "choose_import_file", lambda _parent: path)
    errors: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: errors.append(text))
    seen: list[ImportPreviewDialog] = []

    def refuse(dialog: ImportPreviewDialog) -> bool:
        seen.append(dialog)
        return False

    monkeypatch.setattr(prompts, "run_dialog", refuse)
    page.import_action.trigger()
    assert seen, "the preview is shown before anything is written"
    assert registry_query.count(store.reader(), registry_query.RegistryQuery()) == 0

    def accept_skipping_bad(dialog: ImportPreviewDialog) -> bool:
        dialog.skip_bad.setChecked(True)
        return True

    monkeypatch.setattr(prompts, "run_dialog", accept_skipping_bad)
    page.import_action.trigger()
    names = [
        r.name for r in registry_query.page(store.reader(), registry_query.RegistryQuery(), 0, 10)
    ]
    assert names == ["王建国"]
    assert page.model.rowCount() == 1
