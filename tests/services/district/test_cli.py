"""`relief-desktop setup --district`, `district import|board|kpi`, as a script would run them."""

import json
from pathlib import Path

import pytest

from relief_desktop.cli import main
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets


def _setup(data: Path) -> None:
    code = main(
        ["--data-dir", str(data), "setup", "--district", "成华区",
         "--worker", "陈静:项目负责人", "--worker", "赵敏:项目专员"]
    )  # fmt: skip
    assert code == 0


def test_district_commands_end_to_end(
    tmp_path: Path, packets: Packets, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    secret = tmp_path / "packet-password.txt"
    secret.write_text(PACKET_PASSWORD + "\n", encoding="utf-8")
    files = [str(p) for paths in packets.shuangqiao.values() for p in paths]
    files += [str(p) for paths in packets.mengzhuiwan.values() for p in paths]
    capsys.readouterr()
    base = ["--data-dir", str(data), "district"]
    assert main([*base, "import", *files, "--password-file", str(secret)]) == 0
    assert "导入 6 个" in capsys.readouterr().out
    assert main([*base, "import", files[0]]) == 0  # the same file again: nothing changes
    assert "已导入过" in capsys.readouterr().out

    assert main([*base, "board", "--month", "2026-10", "--json"]) == 0
    board = json.loads(capsys.readouterr().out)
    rows = {s["name"]: s for s in board["streets"]}
    assert rows["双桥子街道"]["month"]["versions"] == 2
    assert rows["府青路街道"]["month"]["status"] == "missing"

    assert main([*base, "kpi", "--period", "2026-10", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["district"] == "成华区"
    ids = {k["id"] for s in document["streets"] for k in s["kpis"]}
    assert {"key_cases", "activities", "providers"} <= ids

    assert main([*base, "kpi", "--period", "2026Q4"]) == 0
    assert "合计" in capsys.readouterr().out


def test_a_refused_packet_fails_the_command_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    junk = tmp_path / "双桥子街道-2026年10月月度报送-v1.zip"
    junk.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "district", "import", str(junk)]) == 1
    assert "不完整" in capsys.readouterr().err


def test_district_commands_refuse_a_street_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "street"
    setup = ["--data-dir", str(data), "setup", "--street", "双桥子", "--contract-start",
             "2025-12-16", "--worker", "张三:项目负责人", "--worker", "李四:项目专员"]  # fmt: skip
    assert main(setup) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data), "district", "board", "--month", "2026-10"]) == 1
    assert "区中心" in capsys.readouterr().err


def test_setup_district_refuses_an_unknown_district(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path), "setup", "--district", "锦江区",
                 "--worker", "陈静:项目负责人"])  # fmt: skip
    assert code == 1
    assert "锦江区" in capsys.readouterr().err


def test_a_street_command_on_a_district_store_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "kpi", "--period", "2026-10"]) == 1
    assert "区中心" in capsys.readouterr().err


def test_the_street_demo_and_the_district_demo_keep_to_their_editions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    capsys.readouterr()
    assert main(["--data-dir", str(data), "demo", "--people", "5"]) == 1
    assert "区中心" in capsys.readouterr().err
    street = tmp_path / "street"
    setup = ["--data-dir", str(street), "setup", "--street", "双桥子", "--contract-start",
             "2025-12-16", "--worker", "张三:项目负责人", "--worker", "李四:项目专员"]  # fmt: skip
    assert main(setup) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(street), "demo", "--district"]) == 1
    assert "街道中心" in capsys.readouterr().err


def test_a_street_password_kept_by_command_opens_that_streets_packets_and_clears(
    tmp_path: Path, packets: Packets, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    secret = tmp_path / "猛追湾密码.txt"
    secret.write_text(PACKET_PASSWORD + "\n", encoding="utf-8")
    base = ["--data-dir", str(data), "district"]
    locked = str(packets.mengzhuiwan["2026-08"][0])
    capsys.readouterr()

    assert main([*base, "password", "--street", "火星", "--clear"]) == 1
    assert "没有名为“火星”的街道" in capsys.readouterr().err
    assert main([*base, "import", locked]) == 1  # encrypted, no password given or kept
    assert "密码" in capsys.readouterr().err
    assert main([*base, "password", "--street", "猛追湾", "--password-file", str(secret)]) == 0
    assert main([*base, "import", locked]) == 0  # no --password-file: the kept one opens it
    assert "导入 1 个" in capsys.readouterr().out
    assert main([*base, "password", "--street", "猛追湾街道", "--clear"]) == 0
    assert "已清除" in capsys.readouterr().out


def test_the_district_generates_the_id_key_file_the_streets_import_and_a_street_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "district"
    _setup(data)
    key_file = tmp_path / "身份摘要密钥.txt"
    capsys.readouterr()
    assert main(["--data-dir", str(data), "id-key", "--generate-to", str(key_file)]) == 0
    made = capsys.readouterr().out
    street = tmp_path / "street"
    assert main(
        ["--data-dir", str(street), "setup", "--street", "双桥子", "--contract-start",
         "2025-12-16", "--worker", "张三:项目负责人", "--worker", "李四:项目专员"]
    ) == 0  # fmt: skip
    capsys.readouterr()
    assert main(["--data-dir", str(street), "id-key", "--file", str(key_file)]) == 0
    imported = capsys.readouterr().out
    fingerprint = made.split("指纹 ")[1][:9]
    assert f"指纹 {fingerprint}" in imported  # the same key on both sides
    assert main(["--data-dir", str(street), "id-key", "--generate-to", str(tmp_path / "x")]) == 1
    assert "由区中心生成" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
