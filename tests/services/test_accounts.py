"""Sign-in: each member's own password (argon2id, never stored as typed), a growing wait after
wrong ones that survives a restart, and every command of the CLI behind it."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, team
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from tests.conftest import TEST_PASSWORD
from tests.fixtures.db import raw_connect

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def lead(store: Store) -> team.TeamMember:
    return team.member_by_name(store, "张三")


@pytest.fixture
def store(store_without_passwords: Store) -> Store:
    """These tests start where an older version left off: nobody has a password yet."""
    return store_without_passwords


def test_the_password_is_kept_only_as_an_argon2id_hash(store: Store) -> None:
    accounts.set_password(store, SYSTEM, lead(store).uuid, "春风十里-2026")
    (digest,) = store.reader().execute("SELECT password_hash FROM worker_secret").fetchone()
    assert digest.startswith("$argon2id$")
    raw = store.paths.database.read_bytes() + Path(str(store.paths.database) + "-wal").read_bytes()
    assert "春风十里-2026".encode() not in raw
    accounts.check(store, lead(store), "春风十里-2026")
    # The change log says the password changed, never what it is.
    (changes,) = (
        store.reader()
        .execute("SELECT changes FROM change_log WHERE table_name = 'worker_secret'")
        .fetchone()
    )
    assert "春风" not in changes


def test_weak_passwords_are_refused(store: Store) -> None:
    for weak in ("123456", "12345678", "aaaaaaaa", "password"):
        with pytest.raises(RuleError):
            accounts.set_password(store, SYSTEM, lead(store).uuid, weak)
    assert not accounts.sign_in_required(store)


def test_wrong_passwords_make_the_next_try_wait_longer_and_a_right_one_resets(
    store: Store,
) -> None:
    member = lead(store)
    accounts.set_password(store, SYSTEM, member.uuid, "春风十里-2026")
    for _ in range(2):  # the first two are free: a typo is not an attack
        with pytest.raises(RuleError) as wrong:
            accounts.check(store, member, "春风十里-2025", now=T0)
        assert wrong.value.code == "signin_wrong"
    with pytest.raises(RuleError) as third:
        accounts.check(store, member, "春风十里-2025", now=T0)
    assert third.value.code == "signin_wrong_wait"
    assert third.value.details["seconds"] == 2
    with pytest.raises(RuleError) as early:  # even the right password waits
        accounts.check(store, member, "春风十里-2026", now=T0 + timedelta(seconds=1))
    assert early.value.code == "signin_wait"
    with pytest.raises(RuleError) as fourth:
        accounts.check(store, member, "wrong-again", now=T0 + timedelta(seconds=3))
    assert fourth.value.details["seconds"] == 4
    # A restart does not reset it: the wait is in the store.
    reopened = Store.open(store.paths)
    with pytest.raises(RuleError):
        accounts.check(reopened, member, "春风十里-2026", now=T0 + timedelta(seconds=5))
    accounts.check(reopened, member, "春风十里-2026", now=T0 + timedelta(seconds=8))
    accounts.check(reopened, member, "春风十里-2026", now=T0 + timedelta(seconds=8))
    reopened.close()


def test_a_password_without_a_name_signs_in_whoever_it_belongs_to(store: Store) -> None:
    accounts.set_password(store, SYSTEM, lead(store).uuid, "张三的密码-2026")
    officer = team.member_by_name(store, "李四")
    accounts.set_password(store, SYSTEM, officer.uuid, "李四的密码-2026")
    assert accounts.sign_in(store, "李四的密码-2026") == officer
    # 李四's password was not counted as a wrong try against 张三.
    failures = store.reader().execute("SELECT sum(failures) FROM worker_secret").fetchone()[0]
    assert failures == 0
    with pytest.raises(RuleError) as wrong:
        accounts.sign_in(store, "谁的也不是-2026")
    assert wrong.value.code == "signin_wrong_any"


def data(store: Store) -> list[str]:
    return ["--data-dir", str(store.paths.data_dir)]


def test_setup_needs_a_password_and_gives_it_to_every_member(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--data-dir", str(tmp_path), "setup", "--street", "双桥子",
            "--contract-start", "2025-12-16",
            "--worker", "张三:项目负责人", "--worker", "李四:项目专员"]  # fmt: skip
    monkeypatch.delenv("RELIEF_DESKTOP_PASSWORD")
    assert cli.main(args) == 1
    assert "RELIEF_DESKTOP_PASSWORD" in capsys.readouterr().err
    assert not (tmp_path / "relief.sqlite3").exists()  # nothing written
    secret = tmp_path / "pw.txt"
    secret.write_text("团队初始密码-2026\n", encoding="utf-8")
    assert cli.main(["--password-file", str(secret), *args]) == 0
    store = Store.open(AppPaths.under(tmp_path))
    assert [a.has_password for a in accounts.accounts(store)] == [True, True]
    store.close()


def test_every_command_asks_for_the_password_once_members_have_one(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A store from before sign-in: the scripted password becomes everyone's, once.
    assert cli.main([*data(store), "kpi"]) == 0
    assert "已为 2 位团队成员设置登录密码" in capsys.readouterr().err
    assert accounts.sign_in_required(store)
    monkeypatch.delenv("RELIEF_DESKTOP_PASSWORD")
    assert cli.main([*data(store), "kpi"]) == 1
    assert "请先登录" in capsys.readouterr().err
    monkeypatch.setenv("RELIEF_DESKTOP_PASSWORD", "not-the-password")
    assert cli.main([*data(store), "kpi"]) == 1
    assert "密码不对" in capsys.readouterr().err
    assert cli.main([*data(store), "ledger", "export", "基础数据库", "--out",
                     str(store.paths.data_dir / "x.xlsx")]) == 1  # fmt: skip
    assert not (store.paths.data_dir / "x.xlsx").exists()


def test_the_signed_in_member_is_who_the_command_records(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    officer = team.member_by_name(store, "李四")
    accounts.set_password(store, SYSTEM, lead(store).uuid, TEST_PASSWORD)
    accounts.set_password(store, SYSTEM, officer.uuid, "李四的密码-2026")
    secret = tmp_path / "pw.txt"
    secret.write_text("李四的密码-2026", encoding="utf-8")
    monkeypatch.delenv("RELIEF_DESKTOP_PASSWORD")
    out = tmp_path / "full.xlsx"
    assert cli.main(["--password-file", str(secret), *data(store), "ledger", "export",
                     "基础数据库", "--out", str(out), "--full"]) == 0  # fmt: skip
    (who,) = store.reader().execute("SELECT worker_name FROM access_log").fetchone()
    assert who == "李四"
    # --worker with someone else's password is refused.
    assert cli.main(["--password-file", str(secret), *data(store), "ledger", "export",
                     "基础数据库", "--out", str(out), "--worker", "张三"]) == 1  # fmt: skip


def test_the_password_never_appears_in_the_store_or_the_change_log_as_text(store: Store) -> None:
    accounts.set_all(store, SYSTEM, "独一无二的密码-2026")
    conn = raw_connect(store.paths.database)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    dump = "\n".join(str(row) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"'))
    conn.close()
    assert "独一无二的密码-2026" not in dump
