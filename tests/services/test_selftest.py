"""自检 (`relief-desktop selftest`): the whole chain in a temporary folder, not the user's data."""

import tempfile
from pathlib import Path

import pytest

from relief_desktop.cli import main
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import selftest
from relief_desktop.services.reporting import month_packet


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where selftest makes its temporary folder; the user's data folder is elsewhere."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("RELIEF_DESKTOP_DATA_DIR", str(tmp_path / "user-data"))
    return folder


def test_selftest_passes_step_by_step_and_leaves_nothing(
    scratch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["selftest"]) == 0

    lines = capsys.readouterr().out.splitlines()
    steps = [line for line in lines if line[:1] in "✓✗"]
    assert len(steps) == 8
    assert all(line.startswith("✓") for line in steps)
    assert any("报送包" in line and "AES-256" in line for line in steps)
    assert "自检通过。" in lines
    assert list(scratch.iterdir()) == []  # its temporary folder is gone
    assert not (tmp_path / "user-data").exists()  # the user's own data folder was never opened


def test_a_failing_step_is_named_and_the_folder_still_goes(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full_disk(*args: object, **kwargs: object) -> None:
        raise RuleError("disk_full", folder="/tmp", free="0 MB")

    monkeypatch.setattr(month_packet, "generate", full_disk)

    assert main(["selftest"]) == 1

    captured = capsys.readouterr()
    failed = [line for line in captured.out.splitlines() if line.startswith("✗")]
    assert len(failed) == 1
    assert failed[0].startswith("✗ 生成报送包")
    assert captured.out.splitlines()[-1] == "✓ 删除临时数据目录"
    assert "自检未通过" in captured.err
    assert list(scratch.iterdir()) == []


def test_a_packet_with_full_personal_data_fails_the_check(scratch: Path) -> None:
    original = month_packet.generate

    def unmasked(*args: object, **kwargs: object) -> object:
        kwargs["masked"] = False
        result = original(*args, **kwargs)  # type: ignore[arg-type]
        return type(result)(**{**result.__dict__, "masked": True})

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(month_packet, "generate", unmasked)
        steps = selftest.run()

    assert not selftest.passed(steps)
    assert steps[-2].title == "读回报送包并核对清单"
    assert not steps[-2].ok
