"""Replays: "crash logs hold full IDs, phones and addresses from SQL parameters and ask the user to
send them to support; two logs in the same second overwrite each other"."""

import logging
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, MetaData, String, Table, create_engine, insert
from sqlalchemy.exc import IntegrityError

from relief_desktop import cli, logs
from relief_desktop.paths import POSIX, AppPaths

NUMBER = "510108198503120235"
PHONE = "13812345678"
ADDRESS = "成都市成华区建设路15号6栋2单元301"
NAME = "张三丰"


def sql_error_with_parameters() -> IntegrityError:
    """What SQLAlchemy raises when a save fails: its text carries every parameter."""
    engine = create_engine("sqlite://")
    columns = [Column(name, String) for name in ("phone", "address", "name")]
    table = Table("person", MetaData(), Column("id_number", String, unique=True), *columns)
    table.metadata.create_all(engine)
    row = {"id_number": NUMBER, "phone": PHONE, "address": ADDRESS, "name": NAME}
    with engine.begin() as conn:
        conn.execute(insert(table), row)
    try:
        with engine.begin() as conn:
            conn.execute(insert(table), row)
    except IntegrityError as error:
        return error
    raise AssertionError("the second insert should have failed")


def leaks(text: str) -> list[str]:
    return [value for value in (NUMBER, PHONE, ADDRESS, NAME) if value in text]


def test_a_crash_log_of_an_sql_error_holds_no_id_phone_address_or_name(tmp_path: Path) -> None:
    error = sql_error_with_parameters()
    assert leaks(str(error)) == [NUMBER, PHONE, ADDRESS, NAME]  # what the old log wrote
    try:
        raise RuntimeError("保存失败") from error
    except RuntimeError as wrapped:
        log = logs.write_crash_log(AppPaths.under(tmp_path), wrapped)
        assert log is not None
    text = log.read_text(encoding="utf-8")
    assert leaks(text) == []
    assert "IntegrityError" in text
    assert "UNIQUE constraint failed: person.id_number" in text
    assert "test_logs.py" in text  # the traceback itself stays, for support


def test_values_in_exception_messages_are_removed_and_ids_masked() -> None:
    assert logs.clean_message(KeyError(NAME)) == "'…'"
    assert logs.clean_message(ValueError(f"bad number {NUMBER}, call {PHONE}")) == (
        "bad number 510108***********5, call 138****5678"
    )


def test_two_crashes_in_the_same_second_keep_two_logs(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    first = logs.write_crash_log(paths, ValueError("one"))
    second = logs.write_crash_log(paths, ValueError("two"))
    assert first is not None
    assert second is not None
    assert first != second
    assert "one" in first.read_text(encoding="utf-8")
    assert "two" in second.read_text(encoding="utf-8")


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX; Windows keeps the per-user profile")
def test_a_crash_log_is_user_only(tmp_path: Path) -> None:
    log = logs.write_crash_log(AppPaths.under(tmp_path), ValueError("x"))
    assert log is not None
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


def test_the_cli_crash_message_offers_a_clean_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: object, _paths: AppPaths) -> int:
        raise sql_error_with_parameters()

    monkeypatch.setitem(cli.COMMANDS, "backup", broken)
    assert cli.main(["--data-dir", str(tmp_path), "backup"]) == 70
    said = capsys.readouterr().err
    assert "已去除身份证号、电话等个人信息" in said
    (log,) = (tmp_path / "logs").iterdir()
    assert leaks(log.read_text(encoding="utf-8")) == []


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """logs.install for one test; the hooks and the root logger are put back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    crashes: list[Path] = []
    logs.install(AppPaths.under(tmp_path), on_crash=crashes.append)
    yield crashes
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(level)


def test_warnings_logged_by_any_module_are_written_clean(
    installed: list[Path], tmp_path: Path
) -> None:
    log = logging.getLogger("relief_desktop.anything")
    log.warning("could not save %s (%s)", NUMBER, PHONE)
    try:
        raise sql_error_with_parameters()
    except IntegrityError:
        log.exception("import failed")
    (written,) = (tmp_path / "logs").glob("app-*.log")
    text = written.read_text(encoding="utf-8")
    assert "510108***********5" in text
    assert "import failed" in text
    assert leaks(text) == []


def test_an_uncaught_error_in_the_gui_becomes_a_clean_crash_log(installed: list[Path]) -> None:
    try:
        raise LookupError(f"no person {NAME} {NUMBER}")
    except LookupError as error:
        sys.excepthook(LookupError, error, error.__traceback__)
    (log,) = installed
    assert leaks(log.read_text(encoding="utf-8")) == []


def test_names_given_to_a_log_line_are_masked(installed: list[Path], tmp_path: Path) -> None:
    logging.getLogger("relief_desktop.anything").error("导入第 %d 行 %s 失败", 3, NAME)
    (written,) = (tmp_path / "logs").glob("app-*.log")
    assert "导入第 3 行 张** 失败" in written.read_text(encoding="utf-8")
