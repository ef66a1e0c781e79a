"""Encryption at rest, tried as someone with a copy of the data folder would (real SQLCipher)."""

import shutil
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, audit, backup, registry_query, team, vault
from relief_desktop.storage import files, keyring, sqldb
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.make_store import store_file
from tests.fixtures.people import TEST_PASSWORD, bulk_insert, filler_people, open_store

PLAIN = b"SQLite format 3"
NEW_PASSWORD = "新的密码-Shuangqiao-77"


def every_file(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def id_numbers(store: Store) -> list[str]:
    rows = store.reader().execute("SELECT id_number FROM beneficiary").fetchall()
    return [str(r[0]) for r in rows]


def assert_reveals_nothing(folder: Path, numbers: list[str]) -> None:
    found = every_file(folder)
    assert found
    for path in found:
        raw = path.read_bytes()
        assert not raw.startswith(PLAIN), path.name
        for number in numbers:
            assert number.encode() not in raw, f"an ID number in {path.name}"


def locked_again(paths: AppPaths) -> None:
    """As a new process on the same PC: nothing unlocked."""
    sqldb.forget_key(paths.database)


def test_a_copied_data_folder_reveals_nothing(tmp_path: Path) -> None:
    store, _lead = open_store(tmp_path / "data")
    communities = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(communities, 40))
    numbers = id_numbers(store)
    consent = tmp_path / "同意书.txt"
    consent.write_text(f"本人身份证号 {numbers[0]}，同意……", encoding="utf-8")
    kept = files.keep(store.paths.attachments, consent, "case-1")
    backup.make_backup(store.paths)
    # While the app is open (the -wal holds the latest writes) and after it closed.
    copy_open = tmp_path / "copy-open"
    shutil.copytree(store.paths.data_dir, copy_open)
    store.close()
    assert_reveals_nothing(copy_open, numbers)
    assert_reveals_nothing(store.paths.data_dir, numbers)
    # The attachment still reads back as it was, with the recorded checksum.
    stored = store.paths.attachments / kept.name
    assert files.read(stored) == consent.read_bytes()
    assert files.content_sha256(stored) == kept.sha256


def test_without_the_password_there_is_no_data(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    paths = store.paths
    store.close()
    locked_again(paths)
    with pytest.raises(RuleError) as refused:
        Store.open(paths)
    assert refused.value.code == "store_locked"
    with pytest.raises(RuleError) as wrong:
        vault.unlock(paths, "猜一个密码-123456", "张三")
    assert wrong.value.code == "signin_wrong"
    assert keyring.locked(paths)
    conn = dbapi.connect(str(paths.database))  # the sqlite3 shell, without the key
    with pytest.raises(dbapi.DatabaseError):
        conn.execute("SELECT count(*) FROM beneficiary").fetchone()
    conn.close()
    # The CLI says what to do, and shows nothing.
    wrong_file = _file(tmp_path, "错的密码-98765")
    assert cli.main(["--data-dir", str(tmp_path), "--password-file", str(wrong_file),
                     "audit", "verify"]) == 1  # fmt: skip
    assert vault.unlock(paths, TEST_PASSWORD, "李四")
    Store.open(paths).close()


def _file(folder: Path, text: str) -> Path:
    path = folder / f"secret-{abs(hash(text))}.txt"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def test_the_recovery_key_sets_a_new_password_when_all_are_forgotten(tmp_path: Path) -> None:
    data = tmp_path / "data"
    printed = tmp_path / "恢复密钥.txt"
    assert cli.main(["--data-dir", str(data), "setup", "--street", "双桥子", "--worker",
                     "张三:项目负责人", "--worker", "李四:项目专员",
                     "--contract-start", "2025-12-16",
                     "--recovery-key-out", str(printed)]) == 0  # fmt: skip
    recovery_key = printed.read_text(encoding="utf-8").strip()
    assert len(recovery_key.replace("-", "")) == 32
    paths = AppPaths.under(data)
    assert recovery_key not in path_text(keyring.path_of(paths))
    locked_again(paths)
    with pytest.raises(RuleError) as wrong:
        vault.recover(paths, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH", "张三", NEW_PASSWORD)
    assert wrong.value.code == "recovery_key_wrong"
    secret = _file(tmp_path, NEW_PASSWORD)
    assert cli.main(["--data-dir", str(data), "--password-file", str(secret), "recover",
                     "--recovery-key-file", str(printed), "--worker", "张三"]) == 0  # fmt: skip
    locked_again(paths)
    with pytest.raises(RuleError):
        vault.unlock(paths, TEST_PASSWORD, "张三")
    assert vault.unlock(paths, NEW_PASSWORD, "张三")


def path_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_a_changed_password_opens_the_store_and_the_old_one_no_longer(tmp_path: Path) -> None:
    store, lead = open_store(tmp_path)
    accounts.set_password(store, lead.actor, lead.uuid, NEW_PASSWORD)
    paths = store.paths
    store.close()
    locked_again(paths)
    with pytest.raises(RuleError):
        vault.unlock(paths, TEST_PASSWORD, "张三")
    assert vault.unlock(paths, NEW_PASSWORD, "张三") == lead.uuid
    store = Store.open(paths)
    assert accounts.sign_in(store, NEW_PASSWORD, "张三").uuid == lead.uuid
    store.close()


def plaintext_store_of_schema_8(root: Path) -> AppPaths:
    paths = AppPaths.under(root)
    paths.ensure()
    shutil.copyfile(store_file(8), paths.database)
    return paths


def test_a_plaintext_store_is_encrypted_at_first_sign_in_and_its_backup_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = plaintext_store_of_schema_8(tmp_path)
    monkeypatch.setenv("RELIEF_DESKTOP_PASSWORD", "Chenghua-2026")  # 张三's, in the fixture
    assert cli.main(["--data-dir", str(paths.data_dir), "audit", "verify"]) == 0
    assert not paths.database.read_bytes().startswith(PLAIN)
    assert not any(p.name.endswith("before-encryption.sqlite3") for p in every_file(paths.backups))
    for path in every_file(paths.backups):
        assert not path.read_bytes().startswith(PLAIN)  # the upgrade's copies too
    assert not Path(str(paths.database) + ".encrypting").exists()
    store = Store.open(paths)
    try:
        assert audit.verify(store).ok
        for text, name in (("zsf", "张三丰"), ("无忌", "张三丰"), ("002x", "李娜")):
            query = registry_query.RegistryQuery(text=text)  # the FTS5 indexes came along
            assert [r.name for r in registry_query.page(store.reader(), query, 0, 10)] == [name]
    finally:
        store.close()
    locked_again(paths)
    assert vault.unlock(paths, "Chenghua-2026", "张三")


def test_an_encryption_whose_check_fails_leaves_the_plaintext_store_usable(
    tmp_path: Path,
) -> None:
    paths = plaintext_store_of_schema_8(tmp_path)
    before = paths.database.read_bytes()
    store = Store.open(paths)
    lead = accounts.sign_in(store, "Chenghua-2026", "张三")

    def failing_check(_copy: Path) -> None:
        raise RuleError("encryption_check_failed", detail="测试中断")

    with pytest.raises(RuleError):
        vault.encrypt_store(store, "Chenghua-2026", lead, check=failing_check)
    assert paths.database.read_bytes().startswith(PLAIN)
    assert not keyring.exists(paths)
    assert not Path(str(paths.database) + ".encrypting").exists()
    assert not any(p.name.endswith("before-encryption.sqlite3") for p in every_file(paths.backups))
    # The same Store object carries on, unencrypted, as before.
    assert team.member_by_name(store, "张三").uuid == lead.uuid
    accounts.set_password(store, SYSTEM, lead.uuid, NEW_PASSWORD)
    store.close()
    assert paths.database.read_bytes() != before


def test_an_encrypted_backup_is_listed_and_restored(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    communities = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(communities, 5))
    paths = store.paths
    made = backup.make_backup(paths)
    bulk_insert(store.reader(), "510108004", filler_people(communities, 3, seed=5))
    store.close()
    assert not made.read_bytes().startswith(PLAIN)
    summary = backup.checked(made)
    assert not isinstance(summary, str)
    assert summary.people == 5
    backup.restore(paths, made)
    store = Store.open(paths)
    try:
        assert store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 5
    finally:
        store.close()


def test_a_member_who_left_can_no_longer_open_the_store(tmp_path: Path) -> None:
    store, lead = open_store(tmp_path)
    officer = team.member_by_name(store, "李四")
    team.save_member(store, lead.actor, officer.uuid, "李四", officer.role, active=False)
    paths = store.paths
    store.close()
    locked_again(paths)
    assert vault.unlock(paths, TEST_PASSWORD, "张三") == lead.uuid  # the team signs in …
    store = Store.open(paths)
    vault.signed_in_member(store, lead.uuid)
    store.close()
    locked_again(paths)
    with pytest.raises(RuleError) as refused:  # … and the keyring follows the team
        vault.unlock(paths, TEST_PASSWORD, "李四")
    assert refused.value.code == "signin_no_key"


def test_a_lost_store_file_is_restored_from_its_encrypted_backup(tmp_path: Path) -> None:
    store, lead = open_store(tmp_path)
    communities = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(communities, 4))
    paths = store.paths
    made = backup.make_backup(paths)
    store.close()
    paths.database.unlink()  # a disk fault took the store, the keyring and backups are left
    locked_again(paths)
    with pytest.raises(RuleError) as refused:
        Store.open(paths)  # not a new store with a new key: the backups need the old one
    assert refused.value.code == "store_locked"
    assert vault.unlock(paths, TEST_PASSWORD, "张三") == lead.uuid
    backup.restore(paths, made)
    store = Store.open(paths)
    try:
        assert store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 4
    finally:
        store.close()


def test_a_colleague_with_another_password_gets_their_key_at_their_first_sign_in(
    tmp_path: Path,
) -> None:
    paths = plaintext_store_of_schema_8(tmp_path)
    store = Store.open(paths)
    lead = team.member_by_name(store, "张三")
    officer = next(m for m in team.team(store) if m.uuid != lead.uuid)
    accounts.set_password(store, SYSTEM, officer.uuid, NEW_PASSWORD)  # before the upgrade
    accounts.sign_in(store, "Chenghua-2026", "张三")
    assert vault.encrypt_store(store, "Chenghua-2026", lead) is not None
    store.close()
    locked_again(paths)
    with pytest.raises(RuleError) as not_yet:
        vault.unlock(paths, NEW_PASSWORD, officer.name)
    assert not_yet.value.code == "signin_no_key"
    assert vault.unlock(paths, "Chenghua-2026", "张三")
    store = Store.open(paths)
    accounts.check(store, officer, NEW_PASSWORD)  # at the lock screen: the store is open
    store.close()
    locked_again(paths)
    assert vault.unlock(paths, NEW_PASSWORD, officer.name) == officer.uuid


def test_an_encryption_cut_short_after_the_swap_is_finished_at_the_next_sign_in(
    tmp_path: Path,
) -> None:
    store, lead = open_store(tmp_path)
    paths = store.paths
    # As left by a run killed after the swap: the plaintext backup and an attachment unencrypted.
    leftover = paths.backups / "relief-20261201-101010-before-encryption.sqlite3"
    shutil.copyfile(store_file(8), leftover)
    photo = paths.attachments / "case-1" / "photo.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8 a photo of a person")
    assert vault.encrypt_store(store, TEST_PASSWORD, lead) is None  # encrypted already
    store.close()
    assert not leftover.exists()
    assert files.is_encrypted(photo)
    assert files.read(photo) == b"\xff\xd8 a photo of a person"


def test_a_handover_imported_on_a_new_pc_is_encrypted_there_at_the_first_sign_in(
    tmp_path: Path,
) -> None:
    from relief_desktop.services import handover

    store, lead = open_store(tmp_path / "old")
    communities = [c.id for c in team.communities(store)]
    bulk_insert(store.reader(), "510108004", filler_people(communities, 6))
    numbers = id_numbers(store)
    consent = tmp_path / "同意书.txt"
    consent.write_text(f"身份证号 {numbers[0]}", encoding="utf-8")
    kept = files.keep(store.paths.attachments, consent, "case-1")
    made = handover.export_archive(store, lead.actor, tmp_path / "usb", "移交密码-Chenghua-2026")
    store.close()
    new_pc = AppPaths.under(tmp_path / "new")
    handover.import_archive(new_pc, made.path, "移交密码-Chenghua-2026")
    assert cli.main(["--data-dir", str(new_pc.data_dir), "audit", "verify"]) == 0  # signs in
    assert keyring.exists(new_pc)
    assert_reveals_nothing(new_pc.data_dir, numbers)
    assert files.read(new_pc.attachments / kept.name) == consent.read_bytes()
    locked_again(new_pc)
    assert vault.unlock(new_pc, TEST_PASSWORD, "张三") == lead.uuid
    store = Store.open(new_pc)
    try:
        assert sorted(id_numbers(store)) == sorted(numbers)
    finally:
        store.close()
