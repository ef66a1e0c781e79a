"""Replays: "the data folder, backups, attachments and logs are created 0644 in 0755 folders"."""

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.ledgers import exchange
from relief_desktop.ledgers.definitions.volunteers import VOLUNTEERS
from relief_desktop.paths import AppPaths
from relief_desktop.services import backup, team
from relief_desktop.storage import files
from relief_desktop.storage.store import Store

pytestmark = pytest.mark.skipif(
    os.name != "posix", reason="file modes are POSIX; on Windows the per-user profile keeps them"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """A PC whose umask lets everyone read (022), as the failure was seen; put back after."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_a_new_store_and_its_folders_are_user_only(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "data")
    store = Store.open(paths)
    try:
        team.setup(store, "双桥子", [("张三", "项目负责人")])
        for folder in (paths.data_dir, paths.backups, paths.attachments, paths.logs):
            assert mode(folder) == 0o700, folder
        store_files = [p for p in paths.data_dir.iterdir() if p.name.startswith("relief.sqlite3")]
        assert {p.name for p in store_files} >= {"relief.sqlite3", "relief.sqlite3-wal"}
        assert {p.name: mode(p) for p in store_files} == dict.fromkeys(
            (p.name for p in store_files), 0o600
        )
    finally:
        store.close()


@pytest.mark.usefixtures("open_umask")
def test_an_older_install_made_0755_and_0644_is_tightened_on_start(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "data")
    Store.open(paths).close()
    paths.data_dir.chmod(0o755)
    paths.backups.chmod(0o755)
    paths.database.chmod(0o644)
    Store.open(paths).close()
    assert (mode(paths.data_dir), mode(paths.backups), mode(paths.database)) == (
        0o700,
        0o700,
        0o600,
    )


@pytest.mark.usefixtures("open_umask")
def test_backups_attachments_and_exports_are_user_only(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "data")
    store = Store.open(paths)
    try:
        team.setup(store, "双桥子", [("张三", "项目负责人")])
        made = backup.make_backup(paths)
        photo = tmp_path / "photo.png"
        photo.write_bytes(b"\x89PNG not really")
        kept = files.keep(paths.attachments, photo, "case")
        export = tmp_path / "out" / "志愿者.xlsx"
        exchange.export(store, VOLUNTEERS, export)
    finally:
        store.close()
    assert mode(made) == 0o600
    assert mode(paths.attachments / kept.name) == 0o600
    assert mode(export) == 0o600


def test_the_command_line_creates_files_user_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        cli.main(
            [
                "--data-dir",
                str(tmp_path / "data"),
                "setup",
                "--street",
                "双桥子",
                "--contract-start",
                "2025-12-16",
                "--worker",
                "张三:项目负责人",
                "--worker",
                "李四:项目专员",
            ]
        )
        (tmp_path / "note.txt").write_text("x", encoding="utf-8")  # anything the process writes
    finally:
        os.umask(old)
    assert mode(tmp_path / "note.txt") == 0o600
    assert mode(tmp_path / "data") == 0o700
