"""Faults of the PC, each replayed: a full disk, a read-only folder, a file held open by WPS, a
USB drive pulled out mid-write. Each is named in Chinese with the next step — never a traceback,
never "程序内部错误", never "the data file cannot be opened, restore a backup" — and a failed
write leaves no partial file. Real tiny/read-only filesystems where tmpfs can be mounted (root
on Linux), simulated faults everywhere."""

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from relief_desktop import cli, faults
from relief_desktop.domain.errors import RuleError
from relief_desktop.exports.atomic import atomic_path
from relief_desktop.paths import AppPaths
from relief_desktop.services import backup
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures import tinyfs
from tests.fixtures.people import bulk_insert, filler_people, open_store

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "relief_desktop"]
SETUP = ("setup", "--street", "双桥子", "--contract-start", "2025-12-16",
         "--worker", "张三:项目负责人", "--worker", "李四:项目专员")  # fmt: skip
NOT_SAID = ("Traceback", "程序内部错误", "Exception ignored", "请从 backups")


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, "--data-dir", str(data), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def said_plainly(text: str) -> None:
    for wrong in NOT_SAID:
        assert wrong not in text, text


def store_with_people(root: Path, count: int) -> AppPaths:
    store, _ = open_store(root)
    communities = [c[0] for c in store.reader().execute("SELECT id FROM community")]
    bulk_insert(store.reader(), "510108004", filler_people(communities, count))
    store.close()
    return store.paths


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tinyfs.tmpfs(tmp_path / "small", "8m") as mounted:
        yield mounted


# --- a full disk ----------------------------------------------------------------------------


def test_backup_to_a_full_disk_names_it_and_leaves_no_part_file(
    tmp_path: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: "程序内部错误（OperationalError）" and a 0-byte .part left on the drive."""
    paths = store_with_people(tmp_path / "d", 3000)
    tinyfs.fill(small_disk, leave=64 * 1024)
    before = sorted(p.name for p in small_disk.iterdir())
    code = cli.main(["--data-dir", str(paths.data_dir), "backup", "--out", str(small_disk)])
    err = capsys.readouterr().err
    assert code == 1
    assert "磁盘已满" in err
    assert "腾出空间" in err
    said_plainly(err)
    assert sorted(p.name for p in small_disk.iterdir()) == before  # no .part, no -journal


def test_backup_that_runs_out_of_space_simulated(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RuleError) as caught:
        backup.make_backup(store.paths, tmp_path / "usb")
    assert caught.value.code == "backup_no_space"
    assert list((tmp_path / "usb").iterdir()) == []


def test_a_large_write_on_a_full_disk_names_it_and_keeps_the_store(tmp_path: Path) -> None:
    """Was: imports on a full disk reported "程序内部错误（OperationalError）"."""
    with tinyfs.tmpfs(tmp_path / "small", "6m") as small:
        data = small / "d"
        assert run(data, *SETUP).returncode == 0
        tinyfs.fill(small, leave=200 * 1024)
        done = run(data, "demo", "--people", "2000")
        assert done.returncode == 1
        assert "磁盘已满" in done.stderr
        said_plainly(done.stderr)
        (small / "filler.bin").unlink()
        kpi = run(data, "kpi", "--period", "2026-10")
        assert kpi.returncode == 0, kpi.stderr  # the store is fine once space is freed


def test_sqlite_full_inside_a_write_is_named_by_the_cli(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from relief_desktop.services import team

    def full(*_args: object, **_kw: object) -> None:
        raise dbapi.OperationalError("database or disk is full")

    monkeypatch.setattr(team, "setup", full)
    store.close()
    code = cli.main(
        [
            "--data-dir",
            str(store.paths.data_dir),
            *SETUP,
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "磁盘已满" in err
    said_plainly(err)


def test_kpi_at_zero_bytes_free_says_the_disk_is_full_not_restore_a_backup(
    tmp_path: Path,
) -> None:
    """Was: at 0 bytes free `kpi` said the data file could not be opened and advised restoring
    a backup; after freeing space the store was fine."""
    with tinyfs.tmpfs(tmp_path / "small", "4m") as small:
        data = small / "d"
        assert run(data, *SETUP).returncode == 0
        tinyfs.fill(small, leave=0)
        assert shutil.disk_usage(small).free == 0
        kpi = run(data, "kpi", "--period", "2026-10")
        if kpi.returncode != 0:
            assert "磁盘已满" in kpi.stderr
            assert "剩余 0 字节" in kpi.stderr
            said_plainly(kpi.stderr)
        (small / "filler.bin").unlink()
        again = run(data, "kpi", "--period", "2026-10")
        assert again.returncode == 0


def test_export_to_a_full_disk_gives_the_message_and_no_traceback(tmp_path: Path) -> None:
    """Was: the Chinese error, then a Python traceback ("Exception ignored in …")."""
    paths = store_with_people(tmp_path / "d", 2000)
    with tinyfs.tmpfs(tmp_path / "usb", "64k") as usb:
        done = run(
            paths.data_dir,
            "ledger",
            "export",
            "registry",
            "--out",
            str(usb / "登记.xlsx"),
            "--full",
        )
        assert done.returncode == 1
        assert "磁盘已满" in done.stderr
        said_plainly(done.stderr)
        assert list(usb.iterdir()) == []  # no half-written workbook


# --- a read-only folder ---------------------------------------------------------------------


def test_read_only_data_folder_is_named_by_every_command(tmp_path: Path) -> None:
    """Was: with a read-only data folder 5 of 6 commands printed an 89-line traceback."""
    source = store_with_people(tmp_path / "d", 20)
    with tinyfs.tmpfs(tmp_path / "ro", "16m") as ro:
        data = ro / "d"
        shutil.copytree(source.data_dir, data)
        tinyfs.make_read_only(ro)
        roll = REPO / "tests" / "fixtures" / "rolls" / "dibao_messy.xls"
        commands = (
            ("kpi", "--period", "2026-10"),
            ("backup",),
            ("case-tasks",),
            ("roll", "import", "--category", "dibao", str(roll)),
            ("ledger", "export", "registry", "--out", str(tmp_path / "out.xlsx")),
            SETUP,
        )
        for command in commands:
            done = run(data, *command)
            assert done.returncode == 1, (command, done.stderr)
            assert "不能写入" in done.stderr, (command, done.stderr)
            assert f"“{data}”" in done.stderr  # the folder itself, not a temp file in it
            said_plainly(done.stderr)


def test_export_into_a_read_only_folder(tmp_path: Path, store: Store) -> None:
    with tinyfs.tmpfs(tmp_path / "ro", "1m") as ro:
        tinyfs.make_read_only(ro)
        with pytest.raises(RuleError) as caught, atomic_path(ro / "a.xlsx") as temp:
            temp.write_bytes(b"x")
        assert caught.value.code == "folder_read_only"


# --- a file held open, a drive pulled out, a folder gone ------------------------------------


def test_export_over_a_file_held_open_by_wps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to replace a workbook WPS holds open (PermissionError on replace)."""
    target = tmp_path / "登记.xlsx"
    target.write_bytes(b"the old workbook")
    real_replace = os.replace

    def held_open(src: object, dst: object) -> None:
        if Path(str(dst)) == target:
            error = PermissionError(errno.EACCES, "Access is denied", str(dst))
            raise error
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", held_open)
    with pytest.raises(RuleError) as caught, atomic_path(target) as temp:
        temp.write_bytes(b"the new workbook")
    assert caught.value.code == "file_in_use"
    assert "WPS" in str(caught.value)
    assert target.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # the temp file is gone


def test_usb_drive_pulled_out_mid_write(tmp_path: Path) -> None:
    target = tmp_path / "usb" / "台账.xlsx"

    def write_half(temp: Path) -> None:
        temp.write_bytes(b"half a work")
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(temp))

    with pytest.raises(RuleError) as caught, atomic_path(target) as temp:
        write_half(temp)
    assert caught.value.code == "device_gone"
    assert "U 盘" in str(caught.value)
    assert list(target.parent.iterdir()) == []


def test_usb_drive_pulled_out_mid_backup(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pulled(_fd: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "fsync", pulled)
    with pytest.raises(RuleError) as caught:
        backup.make_backup(store.paths, tmp_path / "usb")
    assert caught.value.code == "device_gone"
    assert list((tmp_path / "usb").iterdir()) == []


def test_attachment_copy_cut_short_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relief_desktop.storage import files

    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg" * 100)

    def pulled(src: object, dst: object) -> None:
        Path(str(dst)).write_bytes(b"jp")
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(src))

    monkeypatch.setattr(shutil, "copyfile", pulled)
    with pytest.raises(OSError):  # noqa: PT011  (the caller names it through faults)
        files.keep(tmp_path / "attachments", photo, "case")
    assert list((tmp_path / "attachments" / "case").iterdir()) == []


@pytest.mark.parametrize(
    ("error", "code", "words"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/mnt/usb/a.xlsx"),
            "disk_full",
            "腾出空间",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/mnt/ro/a"),
            "folder_read_only",
            "不能写入",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "/x/a"), "folder_read_only", "权限"),
        (FileNotFoundError(errno.ENOENT, "No such file", "E:/备份"), "path_missing", "U 盘"),
        (OSError(errno.EIO, "Input/output error", "E:/a"), "device_gone", "U 盘"),
        (OSError(errno.EBUSY, "Device busy", "E:/a"), "file_in_use", "关闭"),
    ],
)
def test_every_fault_of_the_pc_has_a_message_with_the_next_step(
    error: OSError, code: str, words: str
) -> None:
    found = faults.translate(error)
    assert found is not None
    assert found.code == code
    assert words in str(found)


def test_a_bug_is_not_dressed_up_as_a_fault() -> None:
    assert faults.translate(ValueError("bug")) is None
    assert faults.translate(dbapi.OperationalError("no such column: x"), Path("a")) is None


def test_a_missing_usb_file_to_restore_is_named(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(
        ["--data-dir", str(store.paths.data_dir), "restore", "E:/备份/relief-x.sqlite3", "--yes"]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "U 盘" in err
