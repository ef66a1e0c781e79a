"""Attachments on a case say when a filed copy went missing or was changed outside the app."""

from pathlib import Path

from pytestqt.qtbot import QtBot

from relief_desktop.services.casework import attachments
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs.case_dialog import CaseDialog
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
