"""A restore is checked before it replaces anything, and never races another window.

Each test replays a failure seen by a tester (issue 11)."""

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import backup
from relief_desktop.storage.lock import hold_shared
from relief_desktop.storage.migrations import LATEST
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.fixtures.make_store import record_tables, store_file
from tests.fixtures.people import bulk_insert, filler_people, open_store

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "relief_desktop"]


def persons(path: Path) -> int:
    conn = raw_connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM beneficiary").fetchone()[0])
    finally:
        conn.close()


def with_people(root: Path, count: int) -> AppPaths:
    """A closed store of `count` persons."""
    store, _ = open_store(root)
    communities = [c[0] for c in store.reader().execute("SELECT id FROM community")]
    bulk_insert(store.reader(), "510108004", filler_people(communities, count))
    store.close()
    return store.paths


def snapshot(path: Path) -> bytes:
    return path.read_bytes()


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def refused(paths: AppPaths, source: Path) -> RuleError:
    before = snapshot(paths.database)
    with pytest.raises(RuleError) as caught:
        backup.restore(paths, source)
    assert snapshot(paths.database) == before  # nothing replaced
    assert not [p for p in paths.data_dir.iterdir() if p.name.startswith(".relief-check-")]
    return caught.value


def test_shell_store_with_the_right_version_is_refused_not_restored(tmp_path: Path) -> None:
    """Was: a store of one table with the right user_version restored with exit code 0, after
    which every command failed."""
    paths = with_people(tmp_path / "d", 5)
    shell = tmp_path / "shell.sqlite3"
    conn = raw_connect(shell)
    conn.execute("CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO setting VALUES ('street_code', '510108004')")
    conn.execute(f"PRAGMA user_version = {LATEST}")
    conn.commit()
    conn.close()
    error = refused(paths, shell)
    assert error.code == "restore_tables_missing"
    assert "数据未改动" in str(error)
    code = cli.main(["--data-dir", str(paths.data_dir), "restore", str(shell), "--yes"])
    assert code == 1
    assert persons(paths.database) == 5


@pytest.mark.parametrize("version", [0, LATEST + 1, 99])
def test_backup_of_a_schema_this_app_cannot_open_is_refused_and_the_store_kept(
    tmp_path: Path, version: int
) -> None:
    """Was: a backup with the wrong schema version printed "数据未改动" although the store had
    been replaced."""
    paths = with_people(tmp_path / "d", 3)
    made = backup.make_backup(paths, tmp_path / "usb")
    conn = raw_connect(made)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    error = refused(paths, made)
    assert error.code == ("restore_schema_unknown" if version == 0 else "schema_newer")
    assert ("数据未改动" if version == 0 else "数据未作任何改动") in str(error)
    assert persons(paths.database) == 3
    assert [b for b in backup.backups(paths) if b.kind == "before-restore"] == []


def test_two_hundred_flipped_bytes_are_named_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Was: 200 flipped bytes gave an internal UnicodeDecodeError."""
    paths = with_people(tmp_path / "d", 400)
    made = backup.make_backup(paths, tmp_path / "usb")
    data = bytearray(made.read_bytes())
    # The backup is encrypted: every page carries its own HMAC, so damage anywhere (the free
    # space of a page too) is caught when the page is read.
    start = len(data) // 2
    for i in range(start, start + 200):
        data[i] ^= 0xFF
    made.write_bytes(bytes(data))
    error = refused(paths, made)
    assert error.code == "restore_unreadable"
    assert "数据未改动" in str(error)
    code = cli.main(["--data-dir", str(paths.data_dir), "restore", str(made), "--yes"])
    err = capsys.readouterr().err
    assert code == 1
    assert "已损坏" in err
    assert "UnicodeDecodeError" not in err
    assert "程序内部错误" not in err


def test_a_truncated_backup_and_a_text_file_are_refused(tmp_path: Path) -> None:
    paths = with_people(tmp_path / "d", 3)
    made = backup.make_backup(paths, tmp_path / "usb")
    half = tmp_path / "half.sqlite3"
    half.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    assert refused(paths, half).code == "restore_unreadable"
    text = tmp_path / "notes.sqlite3"
    text.write_text("不是数据库", encoding="utf-8")
    assert refused(paths, text).code == "restore_unreadable"


def test_a_backup_without_a_street_is_refused(tmp_path: Path) -> None:
    paths = with_people(tmp_path / "d", 3)
    made = backup.make_backup(paths, tmp_path / "usb")
    conn = raw_connect(made)
    conn.execute("DELETE FROM setting WHERE key = 'street_code'")
    conn.commit()
    conn.close()
    assert refused(paths, made).code == "restore_no_street"


def wal_mode_backup(paths: AppPaths, folder: Path) -> Path:
    """A backup as older versions made them: a WAL-mode file."""
    made = backup.make_backup(paths, folder)
    conn = raw_connect(made)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert journal_mode(made) == "wal"  # in the (encrypted) header
    return made


def journal_mode(path: Path) -> str:
    conn = raw_connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)


def test_checking_a_backup_never_writes_beside_it(tmp_path: Path) -> None:
    """Was: a read-only open of a WAL-mode backup left -wal/-shm files beside it, on the USB
    drive and in the backups folder."""
    paths = with_people(tmp_path / "d", 3)
    usb = tmp_path / "usb"
    on_usb = wal_mode_backup(paths, usb)
    in_folder = wal_mode_backup(paths, paths.backups)
    before_usb, before_folder = listing(usb), listing(paths.backups)
    assert backup.inspect_backup(on_usb).people == 3
    summary = backup.checked(in_folder)
    assert not isinstance(summary, str)
    assert cli.main(["--data-dir", str(paths.data_dir), "backup", "list"]) == 0
    assert cli.main(["--data-dir", str(paths.data_dir), "restore", str(on_usb)]) == 1
    assert listing(usb) == before_usb
    assert listing(paths.backups) == before_folder
    backup.restore(paths, on_usb)
    assert listing(usb) == before_usb
    assert persons(paths.database) == 3


def test_new_backups_are_plain_files_that_open_without_side_files(tmp_path: Path) -> None:
    paths = with_people(tmp_path / "d", 3)
    made = backup.make_backup(paths, tmp_path / "usb")
    assert journal_mode(made) == "delete"  # rollback journal, not WAL
    assert not made.read_bytes().startswith(b"SQLite format 3")  # encrypted as the store
    conn = raw_connect(f"{made.as_uri()}?mode=ro", uri=True)
    conn.execute("SELECT count(*) FROM beneficiary").fetchone()
    conn.close()
    assert listing(tmp_path / "usb") == [made.name]


def test_the_summary_says_what_a_backup_holds(tmp_path: Path) -> None:
    paths = with_people(tmp_path / "d", 12)
    summary = backup.inspect_backup(backup.make_backup(paths))
    assert (summary.street, summary.version, summary.people, summary.cases) == (
        "双桥子",
        LATEST,
        12,
        0,
    )
    assert summary.newest is not None  # the setup wrote the change log


@pytest.mark.parametrize("version", list(range(1, LATEST + 1)))
def test_a_backup_of_every_schema_version_restores_and_is_upgraded_with_rows_intact(
    tmp_path: Path, version: int
) -> None:
    """Backups keep working across schema upgrades (tests/fixtures/stores)."""
    paths = with_people(tmp_path / "d", 2)
    usb = tmp_path / "usb"
    usb.mkdir()
    old = usb / f"relief-20250101-090000-schema{version}.sqlite3"
    shutil.copyfile(store_file(version), old)
    conn = raw_connect(old)
    tables = record_tables(conn)
    counts = {name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in tables}
    conn.close()
    summary = backup.inspect_backup(old)
    assert summary.version == version
    restored = backup.restore(paths, old)
    assert restored.kept is not None
    assert persons(restored.kept) == 2
    store = Store.open(paths)  # the next start upgrades it
    try:
        conn = store.reader()
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
        for name, count in counts.items():
            assert conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == count, name
    finally:
        store.close()


def test_restore_while_an_import_runs_in_another_process_is_refused_and_loses_nothing(
    tmp_path: Path,
) -> None:
    """Was: a restore while an import was running lost the import's 3,000 records silently (in
    neither the live store nor the before-restore copy). Two processes: the import, then the
    CLI restore."""
    paths = with_people(tmp_path / "d", 0)
    made = backup.make_backup(paths, tmp_path / "usb")
    importer = subprocess.Popen(
        [sys.executable, "-m", "tests.services.slow_import", str(paths.data_dir)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert importer.stdin is not None
    assert importer.stdout is not None
    try:
        assert importer.stdout.readline().strip() == "importing"
        restore = subprocess.run(
            [*CLI, "--data-dir", str(paths.data_dir), "restore", str(made), "--yes"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restore.returncode == 1
        assert "另一个" in restore.stderr
        assert "数据未改动" in restore.stderr
        assert "Traceback" not in restore.stderr
        importer.stdin.write("go\n")
        importer.stdin.flush()
        assert importer.stdout.readline().strip() == "committed"
        assert importer.wait(timeout=60) == 0
    finally:
        if importer.poll() is None:
            importer.kill()
            importer.wait()
        importer.stdin.close()
        importer.stdout.close()
    assert persons(paths.database) == 3000
    # With the import done, the restore goes ahead and the 3,000 are in the copy kept aside.
    restored = backup.restore(paths, made)
    assert persons(paths.database) == 0
    assert restored.kept is not None
    assert persons(restored.kept) == 3000


def test_no_store_opens_between_check_and_swap(tmp_path: Path) -> None:
    """No write slips in between the check and the swap: the store lock is held throughout,
    so another window opening the store waits (here: is told a restore is under way)."""
    paths = with_people(tmp_path / "d", 4)
    made = backup.make_backup(paths, tmp_path / "usb")
    with_people_more = paths.database
    conn = raw_connect(with_people_more)
    conn.execute("DELETE FROM beneficiary_label")
    conn.execute("DELETE FROM beneficiary")
    conn.commit()
    conn.close()
    seen: list[str] = []

    def meanwhile(_summary: backup.BackupSummary) -> None:
        with pytest.raises(RuleError) as caught:
            hold_shared(paths.database, wait_seconds=0)
        seen.append(caught.value.code)

    backup.restore(paths, made, before_swap=meanwhile)
    assert seen == ["store_restoring"]
    assert persons(paths.database) == 4


def test_a_window_that_opens_during_a_restore_waits_and_sees_the_restored_store(
    tmp_path: Path,
) -> None:
    paths = with_people(tmp_path / "d", 4)
    made = backup.make_backup(paths, tmp_path / "usb")
    conn = raw_connect(paths.database)
    conn.execute("DELETE FROM beneficiary_label")
    conn.execute("DELETE FROM beneficiary")
    conn.commit()
    conn.close()
    opened: list[int] = []
    swapping = threading.Event()

    def open_meanwhile() -> None:
        swapping.wait(30)
        store = Store.open(paths)  # blocks on the lock until the swap is done
        try:
            opened.append(store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0])
        finally:
            store.close()

    opener = threading.Thread(target=open_meanwhile)
    opener.start()

    def meanwhile(_summary: backup.BackupSummary) -> None:
        swapping.set()
        opener.join(0.5)  # the other window is still waiting for the lock

    backup.restore(paths, made, before_swap=meanwhile)
    opener.join(30)
    assert opened == [4]


def test_restore_refused_while_this_process_still_has_the_store_open(store: Store) -> None:
    made = backup.make_backup(store.paths)
    with pytest.raises(RuleError) as caught:
        backup.restore(store.paths, made)
    assert caught.value.code == "store_in_use"


def test_usb_drive_pulled_out_while_reading_the_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = with_people(tmp_path / "d", 3)
    made = backup.make_backup(paths, tmp_path / "usb")

    def pulled(src: object, dst: object, **_kw: object) -> None:
        Path(str(dst)).write_bytes(b"SQLite format 3\0 half")
        raise OSError(errno.EIO, os.strerror(errno.EIO), str(src))

    monkeypatch.setattr(shutil, "copyfile", pulled)
    error = refused(paths, made)
    assert error.code == "device_gone"
    assert "U 盘" in str(error)
