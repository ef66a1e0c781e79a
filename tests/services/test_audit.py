"""The sealed change log and the access log: an edit, a forgery, a deletion in the middle or at
the end, or a dropped trigger is named by `audit verify`; every full export is recorded."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, beneficiaries, team
from relief_desktop.services.inspection import rolls
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.fixtures.db import raw_connect

NUMBERS = ("510108198503120235", "51010819900101009X", "11010519491231002X")


def busy_store(root: Path) -> AppPaths:
    """A store with registrations: a dozen sealed change-log entries."""
    store = Store.open(AppPaths.under(root))
    team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    actor = team.team(store)[0].actor
    community = team.communities(store)[0].id
    for name, number in zip(("王芳", "李强", "赵敏"), NUMBERS, strict=True):
        beneficiaries.register(store, actor, BeneficiaryInput(name, community, id_number=number))
    store.close()  # notes the head outside the store
    return AppPaths.under(root)


def tamper(paths: AppPaths, *statements: str) -> None:
    """What someone with the file and the sqlite3 shell can do (no app functions loaded)."""
    conn = raw_connect(paths.database)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def check(paths: AppPaths) -> audit.AuditReport:
    store = Store.open(paths)
    try:
        return audit.verify(store)
    finally:
        store.reader().close()  # leave the head file as the tamperer left it


def entry_ids(paths: AppPaths) -> list[int]:
    conn = raw_connect(paths.database)
    try:
        return [r[0] for r in conn.execute("SELECT id FROM change_log ORDER BY id")]
    finally:
        conn.close()


def test_an_untouched_log_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = busy_store(tmp_path)
    report = check(paths)
    assert report.ok
    assert report.entries == len(entry_ids(paths)) > 5
    assert cli.main(["--data-dir", str(tmp_path), "audit", "verify"]) == 0
    assert "变更记录完整" in capsys.readouterr().out


def test_an_edited_entry_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = busy_store(tmp_path)
    target = entry_ids(paths)[4]
    tamper(
        paths,
        "DROP TRIGGER change_log_no_update",
        f"UPDATE change_log SET worker_name = '李四' WHERE id = {target}",
    )
    report = check(paths)
    assert any(f"第 {target} 条变更记录与封记不符" in p for p in report.problems)
    assert any("change_log_no_update" in p for p in report.problems)
    assert cli.main(["--data-dir", str(tmp_path), "audit", "verify"]) == 2
    assert f"第 {target} 条" in capsys.readouterr().out


def test_a_forged_insert_without_the_app_fails_and_with_the_trigger_dropped_is_named(
    tmp_path: Path,
) -> None:
    paths = busy_store(tmp_path)
    forged = (
        "INSERT INTO change_log (at, worker_name, table_name, record_uuid, action, changes)"
        " VALUES ('2026-01-01', '张三', 'beneficiary', 'x', 'delete', '{}')"
    )
    with pytest.raises(dbapi.OperationalError, match="relief_chain"):
        tamper(paths, forged)  # the sealing trigger needs the app's function
    tamper(paths, "DROP TRIGGER change_log_seal", forged)
    report = check(paths)
    last = entry_ids(paths)[-1]
    assert any(f"第 {last} 条变更记录没有封记" in p for p in report.problems)


def test_an_entry_deleted_from_the_middle_is_named(tmp_path: Path) -> None:
    paths = busy_store(tmp_path)
    ids = entry_ids(paths)
    gone = ids[3]
    tamper(paths, "DROP TRIGGER change_log_no_delete", f"DELETE FROM change_log WHERE id = {gone}")
    report = check(paths)
    assert any(f"第 {gone} 条变更记录已被删除" in p for p in report.problems)
    # Deleting the seal too leaves the chain broken at the next entry.
    tamper(
        paths,
        "DROP TRIGGER change_seal_no_delete",
        f"DELETE FROM change_seal WHERE log_id = {gone}",
    )
    report = check(paths)
    assert any(f"第 {ids[4]} 条变更记录与封记不符" in p for p in report.problems)


def test_entries_deleted_from_the_end_are_named_and_reopening_keeps_the_evidence(
    tmp_path: Path,
) -> None:
    paths = busy_store(tmp_path)
    ids = entry_ids(paths)
    tamper(
        paths,
        "DROP TRIGGER change_log_no_delete",
        "DROP TRIGGER change_seal_no_delete",
        f"DELETE FROM change_log WHERE id > {ids[-4]}",
        f"DELETE FROM change_seal WHERE log_id > {ids[-4]}",
    )
    store = Store.open(paths)
    store.close()  # the app opened and closed again: the noted head must not move back
    report = check(paths)
    assert any("末尾的记录被删除了" in p and f"第 {ids[-1]} 条" in p for p in report.problems)


def test_a_store_upgraded_to_schema_7_verifies(tmp_path: Path) -> None:
    import shutil

    from tests.fixtures.make_store import store_file

    paths = AppPaths.under(tmp_path)
    paths.data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store_file(6), paths.database)
    assert check(paths).ok


def test_a_full_export_is_recorded_with_who_what_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = busy_store(tmp_path)
    data = ["--data-dir", str(tmp_path)]
    masked = tmp_path / "masked.xlsx"
    assert cli.main([*data, "ledger", "export", "基础数据库", "--out", str(masked)]) == 0
    full = tmp_path / "full.xlsx"
    assert cli.main([*data, "ledger", "export", "基础数据库", "--out", str(full), "--full",
                     "--worker", "李四", "--reason", "民政局核对名单"]) == 0  # fmt: skip
    store = Store.open(paths)
    try:
        (entry,) = audit.access_entries(store)
    finally:
        store.close()
    assert (entry.worker, entry.action, entry.records, entry.reason) == (
        "李四", "完整导出", 3, "民政局核对名单",
    )  # fmt: skip
    assert "full.xlsx" in entry.what
    capsys.readouterr()
    assert cli.main([*data, "audit", "access"]) == 0
    assert "民政局核对名单" in capsys.readouterr().out
    out = tmp_path / "access.xlsx"
    assert cli.main([*data, "audit", "access", "--out", str(out)]) == 0
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    assert sheet is not None
    assert [c.value for c in sheet[2]][1:4] == ["李四", "完整导出", "基础数据库 → full.xlsx"]
    # The access log itself is append-only and sealed through the change log.
    with pytest.raises(dbapi.IntegrityError, match="append-only"):
        tamper(paths, "DELETE FROM access_log")
    assert check(paths).ok


def test_restoring_an_older_backup_is_not_reported_as_deletion(tmp_path: Path) -> None:
    from relief_desktop.services import backup

    paths = busy_store(tmp_path)
    older = backup.make_backup(paths)
    store = Store.open(paths)
    actor = team.team(store)[0].actor
    community = team.communities(store)[0].id
    beneficiaries.register(
        store, actor, BeneficiaryInput("钱多", community, id_type="无证件", sex="男")
    )
    store.close()
    backup.restore(paths, older)
    assert check(paths).ok


def test_a_bulk_roll_import_seals_every_entry_as_the_trigger_would(
    store: Store, tmp_path: Path
) -> None:
    """The roll import seals its change-log entries (its 300 entries in groups) in one pass
    (the trigger stands aside): the chain must read exactly as if each had been sealed by the
    trigger."""
    from tests.services.inspection.helpers import import_roll

    import_roll(store, tmp_path, "dibao", 300, date(2026, 10, 1))
    beneficiaries.register(
        store,
        team.team(store)[0].actor,
        BeneficiaryInput("钱多", team.communities(store)[0].id, id_type="无证件", sex="男"),
    )  # sealed by the trigger, after the bulk ones
    conn = store.reader()
    unsealed = conn.execute(
        "SELECT count(*) FROM change_log WHERE id NOT IN (SELECT log_id FROM change_seal)"
    ).fetchone()[0]
    assert unsealed == 0
    report = audit.verify(store)
    assert report.ok, report.problems
    (groups,) = conn.execute("SELECT count(*) FROM change_log WHERE table_name = 'roll_entry'")
    assert groups == (-(-300 // rolls.LOG_GROUP),)
    assert report.entries == conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
