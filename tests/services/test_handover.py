"""合同结束移交: the archive holds everything, imports identically into a fresh folder, and a
wrong password, a truncated or a tampered archive is refused by name with nothing written."""

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.exports import archive
from relief_desktop.paths import AppPaths
from relief_desktop.services import handover, passwords, team
from relief_desktop.services.casework import attachments
from relief_desktop.storage import files
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect
from tests.services.reporting.data import fill_demo

PASSWORD = "移交-2026-春风"


def table_rows(database: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = raw_connect(database)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"'), key=repr) for n in names}
    finally:
        conn.close()


def attachment_bytes(paths: AppPaths) -> dict[str, bytes]:
    """The content of every attachment, decrypted: what the archive holds."""
    return {
        p.relative_to(paths.attachments).as_posix(): files.read(
            p
        )  # decrypted: the archive holds the content
        for p in paths.attachments.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def street(tmp_path_factory: pytest.TempPathFactory) -> tuple[AppPaths, Path]:
    """A demo street with two case attachments, and its handover archive."""
    root = tmp_path_factory.mktemp("street")
    store = Store.open(AppPaths.under(root / "data"))
    team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    fill_demo(store, people=60)
    actor = team.team(store)[0].actor
    case_uuid = store.reader().execute("SELECT uuid FROM aid_case LIMIT 1").fetchone()[0]
    photo = root / "家访.png"
    from PIL import Image

    Image.new("RGB", (40, 30), (200, 120, 40)).save(photo)
    consent = root / "同意书.pdf"
    consent.write_bytes(b"%PDF-1.4 consent form")
    attachments.add_attachment(store, actor, case_uuid, photo, "照片", "家访照片")
    attachments.add_attachment(store, actor, case_uuid, consent, "同意书", "知情同意书")
    result = handover.export_archive(store, actor, root / "out", PASSWORD)
    paths = store.paths
    store.close()
    return paths, result.path


def test_the_archive_holds_store_attachments_ledgers_case_files_change_log_and_manifest(
    street: tuple[AppPaths, Path],
) -> None:
    import pyzipper

    paths, path = street
    with pyzipper.AESZipFile(path) as opened:
        opened.setpassword(PASSWORD.encode())
        names = set(opened.namelist())
        manifest = json.loads(opened.read("manifest.json"))
    assert handover.STORE_ENTRY in names
    assert "台账/基础数据库.xlsx" in names
    assert "台账/救助资源台账.xlsx" in names
    assert any(n.startswith("个案档案/") and n.endswith(".pdf") for n in names)
    assert "变更记录.xlsx" in names
    assert len([n for n in names if n.startswith("附件/")]) == 2
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert manifest["tables"]["beneficiary"] == 60
    assert manifest["tables"]["change_log"] > 0
    # Every case has its file.
    conn = raw_connect(paths.database)
    (cases,) = conn.execute("SELECT count(*) FROM aid_case").fetchone()
    conn.close()
    assert len([n for n in names if n.startswith("个案档案/")]) == cases


def test_the_archive_is_encrypted_and_nothing_plain_is_left_beside_it(
    street: tuple[AppPaths, Path],
) -> None:
    paths, path = street
    assert list(path.parent.iterdir()) == [path]  # no hidden work folder in the output folder
    assert not list(paths.data_dir.glob(files.WORK_PREFIX + "*"))
    with zipfile.ZipFile(path) as plain, pytest.raises(RuntimeError):
        plain.read("manifest.json")  # WinZip AES: the standard library cannot read it
    raw = path.read_bytes()
    conn = raw_connect(paths.database)
    number = conn.execute("SELECT id_number FROM beneficiary WHERE id_number != ''").fetchone()[0]
    conn.close()
    assert number.encode() not in raw
    assert b"SQLite format 3" not in raw


@pytest.mark.skipif(shutil.which("7z") is None, reason="7-Zip (p7zip-full) missing")
def test_7zip_opens_the_archive_with_the_password_only(
    street: tuple[AppPaths, Path], tmp_path: Path
) -> None:
    _paths, path = street
    wrong = subprocess.run(
        ["7z", "t", "-pwrong-password", str(path)], capture_output=True, text=True
    )
    assert wrong.returncode != 0
    right = subprocess.run(["7z", "t", f"-p{PASSWORD}", str(path)], capture_output=True, text=True)
    assert right.returncode == 0, right.stdout


def test_import_into_a_fresh_folder_gives_identical_rows_and_attachments(
    street: tuple[AppPaths, Path], tmp_path: Path
) -> None:
    paths, path = street
    fresh = AppPaths.under(tmp_path / "new")
    done = handover.import_archive(fresh, path, PASSWORD)
    assert done.street == "双桥子街道"
    assert done.attachments == 2
    assert table_rows(fresh.database) == table_rows(paths.database)
    assert attachment_bytes(fresh) == attachment_bytes(paths)
    assert len(attachment_bytes(fresh)) == 2
    assert not list(fresh.data_dir.glob(files.WORK_PREFIX + "*"))
    reopened = Store.open(fresh)  # the imported store opens as any other
    assert team.street_name(reopened) == "双桥子"
    reopened.close()


def test_a_wrong_password_is_named_and_nothing_is_written(
    street: tuple[AppPaths, Path], tmp_path: Path
) -> None:
    _paths, path = street
    fresh = AppPaths.under(tmp_path / "new")
    with pytest.raises(RuleError) as refused:
        handover.import_archive(fresh, path, "not-the-password")
    assert refused.value.code == "handover_archive_password"
    assert "密码不对" in str(refused.value)
    assert not fresh.database.exists()


def test_a_truncated_archive_is_refused(street: tuple[AppPaths, Path], tmp_path: Path) -> None:
    _paths, path = street
    cut = tmp_path / "cut.zip"
    cut.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    fresh = AppPaths.under(tmp_path / "new")
    with pytest.raises(RuleError) as refused:
        handover.import_archive(fresh, cut, PASSWORD)
    assert refused.value.code == "handover_archive_damaged"
    assert not fresh.database.exists()
    assert not fresh.attachments.exists() or not any(fresh.attachments.iterdir())


def test_flipped_bytes_in_a_member_are_refused_naming_it(
    street: tuple[AppPaths, Path], tmp_path: Path
) -> None:
    _paths, path = street
    with zipfile.ZipFile(path) as plain:
        info = plain.getinfo(handover.STORE_ENTRY)
    raw = bytearray(path.read_bytes())
    middle = info.header_offset + 200 + info.compress_size // 2
    raw[middle : middle + 200] = bytes(b ^ 0xFF for b in raw[middle : middle + 200])
    tampered = tmp_path / "tampered.zip"
    tampered.write_bytes(bytes(raw))
    fresh = AppPaths.under(tmp_path / "new")
    with pytest.raises(RuleError) as refused:
        handover.import_archive(fresh, tampered, PASSWORD)
    assert refused.value.code == "handover_archive_tampered"
    assert handover.STORE_ENTRY in str(refused.value)
    assert not fresh.database.exists()


def test_a_file_swapped_in_with_the_password_is_caught_by_the_manifest(
    street: tuple[AppPaths, Path], tmp_path: Path
) -> None:
    """Someone who knows the password rewrites a ledger: the manifest's hash no longer fits."""
    import pyzipper

    _paths, path = street
    unpacked = tmp_path / "unpacked"
    with pyzipper.AESZipFile(path) as opened:
        opened.setpassword(PASSWORD.encode())
        opened.extractall(unpacked)
        names = opened.namelist()
    (unpacked / "台账" / "基础数据库.xlsx").write_bytes(b"forged")
    forged = tmp_path / "forged.zip"
    archive.write_zip(forged, [(unpacked / n, n) for n in names], PASSWORD)
    with pytest.raises(RuleError) as refused:
        handover.import_archive(AppPaths.under(tmp_path / "new"), forged, PASSWORD)
    assert refused.value.code == "handover_archive_tampered"
    assert "台账/基础数据库.xlsx" in str(refused.value)


def test_an_archive_can_only_go_into_an_empty_folder(
    street: tuple[AppPaths, Path], store: Store
) -> None:
    _paths, path = street
    before = table_rows(store.paths.database)
    with pytest.raises(RuleError) as refused:
        handover.import_archive(store.paths, path, PASSWORD)
    assert refused.value.code == "handover_target_not_empty"
    assert table_rows(store.paths.database) == before


def test_a_weak_password_is_refused_before_anything_is_written(
    store: Store, tmp_path: Path
) -> None:
    actor = team.team(store)[0].actor
    for weak in ("123456", "12345678", "aaaaaaaaaa"):
        with pytest.raises(RuleError):
            handover.export_archive(store, actor, tmp_path / "out", weak)
    assert not (tmp_path / "out").exists()


def test_the_password_file_gives_its_first_line_and_refuses_devices_and_big_files(
    tmp_path: Path,
) -> None:
    good = tmp_path / "pw.txt"
    good.write_text("第一行密码 2026\nsecond line\n", encoding="utf-8")
    assert passwords.read_file(good) == "第一行密码 2026"
    big = tmp_path / "big.txt"
    big.write_text("x" * 5000)
    for bad, code in (
        (big, "password_file_kind"),
        (Path("/dev/zero"), "password_file_kind"),
        (tmp_path, "password_file_kind"),
        (tmp_path / "none.txt", "password_file_missing"),
    ):
        with pytest.raises(RuleError) as refused:
            passwords.read_file(bad)
        assert refused.value.code == code


def test_cli_round_trip_with_password_file_and_environment(
    street: tuple[AppPaths, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    paths, _path = street
    source = tmp_path / "copy"
    shutil.copytree(paths.data_dir, source)
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["--data-dir", str(source), "handover", "export", "--out", str(out)]
    assert cli.main([*args]) == 1  # no password given
    assert "RELIEF_DESKTOP_HANDOVER_PASSWORD" in capsys.readouterr().err
    assert cli.main([*args, "--password-file", str(secret)]) == 0
    (made,) = out.iterdir()
    monkeypatch.setenv("RELIEF_DESKTOP_HANDOVER_PASSWORD", PASSWORD)
    target = tmp_path / "received"
    assert cli.main(["--data-dir", str(target), "handover", "import", str(made)]) == 0
    assert "核对无误" in capsys.readouterr().out
    assert table_rows(target / "relief.sqlite3") == table_rows(source / "relief.sqlite3")
    monkeypatch.setenv("RELIEF_DESKTOP_HANDOVER_PASSWORD", "wrong-password")
    again = tmp_path / "again"
    assert cli.main(["--data-dir", str(again), "handover", "import", str(made)]) == 1
    assert "密码不对" in capsys.readouterr().err
