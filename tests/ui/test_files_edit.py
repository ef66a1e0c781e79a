"""Photos picked for a record are copied beside the store, once, named by their content."""

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.storage.files import keep, sha256_of
from relief_desktop.storage.store import Store
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


def test_a_kept_photo_opens_decrypted_by_double_click_and_a_forged_name_is_never_followed(
    qtbot: QtBot, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    photo = tmp_path / "走访照片.png"
    photo.write_bytes(b"\x89PNG a photo of the visit")
    attachments = store.paths.attachments
    monkeypatch.setattr(files_edit, "choose_files", lambda _parent: [photo])
    opened: list[Path] = []
    monkeypatch.setattr(files_edit, "open_in_viewer", opened.append)
    errors: list[str] = []
    monkeypatch.setattr(files_edit, "show_error", lambda _p, _t, text: errors.append(text))
    edit = FilesEdit(attachments, "activity")
    qtbot.addWidget(edit)
    edit.add_button.click()
    (name,) = edit.names()
    assert (attachments / name).read_bytes() != photo.read_bytes()  # encrypted at rest

    edit.list.itemDoubleClicked.emit(edit.list.item(0))

    (copy,) = opened
    assert copy.read_bytes() == photo.read_bytes()
    assert store.paths.data_dir in copy.parents
    # A name edited into the store to point at the keyring (or anything outside) is refused.
    edit.set_names(["../keyring.json"])
    edit.list.setCurrentRow(0)
    edit.open_button.click()
    assert len(opened) == 1
    assert errors
    assert "不在数据目录中" in errors[0]
