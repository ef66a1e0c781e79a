"""The team's packet password: entered once, kept in the store, used by every packet run (GUI and
CLI) so packets are encrypted by default; never written to the change log; the CLI's
--password-file still wins. And the e-mail text that goes with a packet."""

from datetime import date
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import team
from relief_desktop.services.audit import verify as verify_log
from relief_desktop.services.reporting import month_packet, packet_mail, packet_password
from relief_desktop.storage.store import Store
from tests.services.reporting.data import TODAY
from tests.services.reporting.test_packet import (
    OCTOBER,
    demo_store,  # noqa: F401  (a fixture)
    needs_7z,
    seven_zip,
)

TEAM_PASSWORD = "Shuangqiao-2026!"


def test_the_team_password_is_checked_kept_and_cleared(store: Store) -> None:
    actor = team.team(store)[0].actor
    assert packet_password.get(store) is None
    with pytest.raises(RuleError) as short:
        packet_password.save(store, actor, "1234567")
    assert "至少 8 位" in str(short.value)
    with pytest.raises(RuleError):
        packet_password.save(store, actor, "12345678")  # common
    assert packet_password.get(store) is None
    packet_password.save(store, actor, TEAM_PASSWORD)
    assert packet_password.get(store) == TEAM_PASSWORD
    packet_password.save(store, actor, "Another-one-2026")
    assert packet_password.get(store) == "Another-one-2026"
    packet_password.clear(store, actor)
    assert packet_password.get(store) is None


def test_the_change_log_says_who_set_the_password_but_not_the_password(store: Store) -> None:
    actor = team.team(store)[0].actor
    packet_password.save(store, actor, TEAM_PASSWORD)
    packet_password.save(store, actor, "Another-one-2026")
    packet_password.clear(store, actor)
    rows = (
        store.reader()
        .execute("SELECT action, changes, worker_name FROM change_log WHERE table_name = 'setting'")
        .fetchall()
    )
    logged = [r for r in rows if packet_password.KEY in r[1]]
    assert [r[0] for r in logged] == ["insert", "update", "delete"]
    assert all(r[2] == actor.name for r in logged)
    everything = " ".join(str(r) for r in store.reader().execute("SELECT * FROM change_log"))
    assert TEAM_PASSWORD not in everything
    assert "Another-one-2026" not in everything
    assert verify_log(store).ok  # the chained log still checks out


def _zip_names(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob("*"))


@needs_7z
def test_with_the_team_password_a_run_is_encrypted_and_nothing_plain_touches_the_folder(
    demo_store: Store,  # noqa: F811
    tmp_path: Path,
) -> None:
    actor = team.team(demo_store)[0].actor
    packet_password.save(demo_store, actor, TEAM_PASSWORD)
    out = tmp_path / "U盘"
    seen: list[list[str]] = []

    def watch(_step: str, _share: float) -> None:
        seen.append(_zip_names(out) if out.exists() else [])

    result = month_packet.generate(
        demo_store, actor, OCTOBER, out, password=packet_password.get(demo_store),
        today=TODAY, progress=watch,
    )  # fmt: skip
    assert result.encrypted
    assert seen
    assert all(all(n.endswith(".zip") for n in names) for names in seen)
    assert _zip_names(out) == [result.path.name]
    assert seven_zip("t", f"-p{TEAM_PASSWORD}", str(result.path)).returncode == 0
    assert seven_zip("t", "-pwrong-password", str(result.path)).returncode != 0


@needs_7z
def test_the_cli_encrypts_with_the_team_password_by_default_and_the_file_overrides_it(
    demo_store: Store,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    actor = team.team(demo_store)[0].actor
    packet_password.save(demo_store, actor, TEAM_PASSWORD)
    data = str(demo_store.paths.data_dir)
    demo_store.close()
    out = tmp_path / "out"
    assert cli.main(["--data-dir", data, "packet", "--month", "2026-10", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已加密" in printed
    assert "未加密" not in printed
    assert "7-Zip 或 WinRAR" in printed
    assert TEAM_PASSWORD not in printed
    (made,) = out.glob("*.zip")
    assert seven_zip("t", f"-p{TEAM_PASSWORD}", str(made)).returncode == 0
    assert _zip_names(out) == [made.name]

    other = tmp_path / "pw.txt"
    other.write_text("Override-Pass-99\n", encoding="utf-8")
    out2 = tmp_path / "out2"
    args = ["--data-dir", data, "packet", "--month", "2026-10", "--out", str(out2),
            "--password-file", str(other), "--email-text"]  # fmt: skip
    assert cli.main(args) == 0
    printed = capsys.readouterr().out
    (made2,) = out2.glob("*.zip")
    assert seven_zip("t", "-pOverride-Pass-99", str(made2)).returncode == 0
    assert seven_zip("t", f"-p{TEAM_PASSWORD}", str(made2)).returncode != 0
    assert "主题：【月度报送】双桥子街道社会关爱援助中心 2026年10月资料包" in printed
    assert made2.name in printed
    assert "Override-Pass-99" not in printed


def test_the_mail_names_the_file_says_the_password_comes_apart_and_how_to_open_it() -> None:
    mail = packet_mail.compose(
        street="双桥子街道", period_label="2026年10月",
        file_name="双桥子街道-2026年10月月度报送-v2.zip", version=2, encrypted=True, masked=True,
        sender="王芳", today=date(2026, 11, 3),
    )  # fmt: skip
    assert mail.subject == "【月度报送】双桥子街道社会关爱援助中心 2026年10月资料包（第 2 版）"
    assert "双桥子街道-2026年10月月度报送-v2.zip" in mail.body
    assert "密码另行通过电话或短信告知" in mail.body
    assert "请用 7-Zip 或 WinRAR 打开（Windows 资源管理器打不开 AES 加密压缩包）" in mail.body
    assert "已脱敏" in mail.body
    assert mail.whole().startswith(f"主题：{mail.subject}\n\n区社会关爱援助中心：")
    plain = packet_mail.compose(
        street="双桥子街道", period_label="2026年10月", file_name="x.zip", version=1,
        encrypted=False, masked=True, sender="王芳", today=date(2026, 11, 3),
    )  # fmt: skip
    assert "密码" not in plain.body
    assert "7-Zip" not in plain.body
