"""Attachments on a case say when a filed copy went missing or was changed outside the app."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.services.casework import attachments
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_dialog import CaseDialog
from relief_desktop.ui.widgets import files_edit
from tests.ui.case_helpers import open_case, register


def states(dialog: CaseDialog) -> list[str]:
    table = dialog.attachments_table
    return [table.item(row, 4).text() for row in range(table.rowCount())]  # type: ignore[union-attr]


def test_attachment_state_follows_the_file(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    store = context.store
    case = open_case(store, register(store))
    consent = tmp_path / "知情同意书.pdf"
    consent.write_bytes(b"%PDF-1.4 signed by the person")
    uuid = attachments.add_attachment(store, context.worker.actor, case, consent, "同意书")
    filed = next(a for a in attachments.attachments(store, case) if a.uuid == uuid)

    dialog = CaseDialog(context, case)
    qtbot.addWidget(dialog)
    assert states(dialog) == ["完好"]

    filed.path.write_bytes(b"%PDF-1.4 edited later")
    dialog.refresh()
    assert states(dialog) == ["已改动"]

    filed.path.unlink()
    dialog.refresh()
    assert states(dialog) == ["缺失"]


def test_an_attachment_opens_as_the_person_filed_it_and_a_missing_one_says_so(
    qtbot: QtBot, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = context.store
    case = open_case(store, register(store))
    consent = tmp_path / "知情同意书.pdf"
    consent.write_bytes(b"%PDF-1.4 signed by the person")
    uuid = attachments.add_attachment(store, context.worker.actor, case, consent, "同意书")
    filed = next(a for a in attachments.attachments(store, case) if a.uuid == uuid)
    assert filed.path.read_bytes() != consent.read_bytes()  # kept encrypted beside the store
    opened: list[Path] = []
    monkeypatch.setattr(files_edit, "open_in_viewer", opened.append)
    errors: list[str] = []
    monkeypatch.setattr(files_edit, "show_error", lambda _p, _t, text: errors.append(text))
    dialog = CaseDialog(context, case)
    qtbot.addWidget(dialog)

    dialog.attachments_table.cellDoubleClicked.emit(0, 1)

    (copy,) = opened
    assert copy.name == "知情同意书.pdf"
    assert copy.read_bytes() == consent.read_bytes()
    assert store.paths.data_dir in copy.parents  # a private work folder, not the output folder
    filed.path.unlink()
    dialog.attachments_table.selectRow(0)
    dialog.open_attachment_button.click()
    assert len(opened) == 1
    assert errors
    assert "不在数据目录中" in errors[0]
