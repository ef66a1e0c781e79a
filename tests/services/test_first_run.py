"""First run needs a street, a contract start date (no default) and both contract roles."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import ValidationFailedError
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.storage.store import Store

TODAY = date(2026, 6, 17)
BOTH = [("张三", "项目负责人"), ("李四", "项目专员")]


def messages(street: str | None, members: list[tuple[str, str]], start: date | None) -> list[str]:
    return [p.message() for p in team.check_first_run(street, members, start, TODAY)]


def test_a_complete_first_run_has_nothing_to_say() -> None:
    assert messages("双桥子", BOTH, date(2025, 12, 16)) == []


def test_every_missing_piece_is_named_at_once() -> None:
    assert messages(None, [("张三", "项目负责人")], None) == [
        "请选择街道。",
        "请填写合同开始日期（合同签订生效的那天）：合同年度的各项指标都从这天起算。",
        "团队还缺一名项目专员：合同要求项目负责人和项目专员各至少一人，请添加成员并选择角色。",
    ]
    assert [m[:11] for m in messages("双桥子", [("李四", "项目专员")], TODAY)] == [
        "团队还缺一名项目负责人"
    ]


def test_a_contract_start_out_of_range_says_the_range() -> None:
    (found,) = messages("双桥子", BOTH, date(2019, 12, 31))
    assert "2019-12-31" in found
    assert "应在 2020-01-01 至 2027-06-18 之间" in found


def test_first_run_refuses_and_writes_nothing(tmp_path: Path) -> None:
    store = Store.open(AppPaths.under(tmp_path))
    try:
        with pytest.raises(ValidationFailedError) as caught:
            team.first_run(store, "双桥子", [("张三", "项目负责人")], None)
        assert {p.code for p in caught.value.problems} == {
            "contract_start_required",
            "team_role_missing",
        }
        assert team.current_street(store) is None
        team.first_run(store, "双桥子", BOTH, date(2025, 12, 16))
        assert team.contract_start(store) == date(2025, 12, 16)
    finally:
        store.close()


def test_setup_on_the_command_line_needs_the_contract_start_and_both_roles(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = [
        "--data-dir",
        str(tmp_path),
        "setup",
        "--street",
        "双桥子",
        "--worker",
        "张三:项目负责人",
    ]
    with pytest.raises(SystemExit) as exited:
        cli.main([*base, "--worker", "李四:项目专员"])
    assert exited.value.code == 2
    assert "--contract-start" in capsys.readouterr().err

    assert cli.main([*base, "--contract-start", "2025-12-16"]) == 1
    err = capsys.readouterr().err
    assert "团队还缺一名项目专员" in err
    assert "红框" not in err
    assert not (tmp_path / "relief.sqlite3").exists()  # nothing written

    assert cli.main([*base, "--worker", "李四:项目专员", "--contract-start", "2025-12-16"]) == 0
    store = Store.open(AppPaths.under(tmp_path))
    try:
        assert team.contract_start(store) == date(2025, 12, 16)
    finally:
        store.close()
