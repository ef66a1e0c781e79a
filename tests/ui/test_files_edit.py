"""Photos picked for a record are copied beside the store, once, named by their content."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.storage.files import keep, sha256_of
from relief_desktop.ui.widgets import files_edit
from relief_desktop.ui.widgets.files_edit import FilesEdit


def test_picked_photos_are_kept_once_under_the_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "走访照片.JPG"
    photo.write_bytes(b"\xff\xd8 not much of a photo")
    attachments = tmp_path / "attachments"
    monkeypatch.setattr(files_edit, "choose_files", lambda _parent: [photo, photo])
    edit = FilesEdit(attachments, "inspection")
    qtbot.addWidget(edit)
    edit.add_button.click()
    edit.add_button.click()
    (name,) = edit.names()
    assert name == f"inspection/{sha256_of(photo)[:20]}.jpg"
    assert (attachments / name).read_bytes() == photo.read_bytes()
    assert not list(attachments.rglob("*.part"))


def test_keeping_the_same_file_twice_says_it_was_already_there(tmp_path: Path) -> None:
    source = tmp_path / "consent.pdf"
    source.write_bytes(b"%PDF-1.4 signed")
    first = keep(tmp_path / "a", source, "case-1")
    again = keep(tmp_path / "a", source, "case-1")
    assert first.created
    assert not again.created
    assert (first.name, first.size) == (again.name, len(b"%PDF-1.4 signed"))
