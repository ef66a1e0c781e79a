"""设置 in both editions: the district id key (generate, export, import; only its fingerprint shown)
and the streets' packet passwords (set, change, clear; asked at intake when missing or wrong).
Changes ask first and reach the change log without the secret; the store file never holds it in
plain text."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop import demo
from relief_desktop.domain.periods import month
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.district import intake, overlaps
from relief_desktop.services.reporting import month_packet
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.dialogs import street_password_dialog
from relief_desktop.ui.main_window import MainWindow
from relief_desktop.ui.pages.district import intake_page
from relief_desktop.ui.pages.settings_page import SettingsPage
from relief_desktop.ui.widgets import district_key_panel
from relief_desktop.ui.widgets.street_passwords_panel import StreetPasswordsPanel
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets

MENGZHUIWAN = "510108002"


def _setting_log(store: Store, key: str) -> list[tuple[str, str]]:
    rows = store.reader().execute(
        "SELECT action, changes FROM change_log WHERE table_name = 'setting'"
    )
    return [(r[0], r[1]) for r in rows if json.loads(r[1]).get("key", [None])[0] == key]


def _everything_logged(store: Store) -> str:
    return " ".join(str(r) for r in store.reader().execute("SELECT * FROM change_log"))


def _on_disk(store: Store) -> bytes:
    database = store.paths.database
    files = [database, database.with_name(database.name + "-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def _district_page(district: Store, qtbot: QtBot, member: int = 0) -> SettingsPage:
    page = SettingsPage(AppContext(district, team.team(district)[member]))
    qtbot.addWidget(page)
    return page


def _passwords(page: SettingsPage) -> StreetPasswordsPanel:
    assert page.street_passwords_panel is not None  # the district edition's 设置 has them
    return page.street_passwords_panel


def _street_store(root: Path, name: str) -> Store:
    store = Store.open(AppPaths.under(root / name))
    demo.generate(store, 12, name, 7)  # the same seed: the two streets share some people
    return store


def test_the_district_settings_page_is_in_the_district_edition(
    district: Store, qtbot: QtBot
) -> None:
    window = MainWindow(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(window)
    window.resize(1366, 728)
    window.show()
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    tabs = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert tabs[tabs.index("身份摘要密钥") + 1] == "街道报送密码"
    assert "报送密码" not in tabs  # the street's own packet password: not the district's
    assert _passwords(page).table.rowCount() == 11
    assert page.district_key_panel.status_label.text() == "还没有设置身份摘要密钥"


def test_id_key_round_trip_district_exports_streets_import_overlaps_found(
    district: Store, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _district_page(district, qtbot)
    panel = page.district_key_panel
    panel.generate_button.click()
    secret = overlaps.key(district)
    assert secret is not None
    fingerprint = overlaps.fingerprint(secret)
    assert fingerprint in panel.status_label.text()
    shown = " ".join(w.text() for w in (panel.status_label, panel.message_label))
    assert secret not in shown  # only the fingerprint, never the key

    key_file = tmp_path / "身份摘要密钥.txt"
    monkeypatch.setattr(district_key_panel, "choose_export_path", lambda _p, _s: key_file)
    panel.export_button.click()
    assert key_file.read_text(encoding="utf-8").splitlines()[0] == secret

    monkeypatch.setattr(district_key_panel, "choose_key_file", lambda _p: key_file)
    files = []
    for name in ("双桥子", "猛追湾"):
        street = _street_store(tmp_path, name)
        try:
            settings = SettingsPage(AppContext(street, team.team(street)[0]))
            qtbot.addWidget(settings)
            settings.district_key_panel.import_button.click()
            assert fingerprint in settings.district_key_panel.status_label.text()
            assert overlaps.key(street) == secret
            made = month_packet.generate(
                street,
                SYSTEM,
                month(2026, 10),
                tmp_path / "out",
                generated_at=datetime(2026, 11, 3, 10),
            )
            files.append(made.path)
        finally:
            street.close()
    outcomes = intake.import_files(district, team.team(district)[0].actor, files)
    assert [o.status for o in outcomes] == ["imported", "imported"]
    assert all("密钥与区中心不同" not in o.message for o in outcomes)
    found = overlaps.overlaps(district)
    assert found
    assert all({s for s, _, _ in o.streets} == {"双桥子街道", "猛追湾街道"} for o in found)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"PK\x03\x04" + bytes(range(256)) * 4, "它不是文本文件"),
        ("成华区的密钥在这里\n".encode(), "第一行不是密钥"),
        (b"short-key\n", "第一行只有 9 个字符"),
        (b"\n\n", "第一行是空的"),
    ],
)
def test_a_wrong_key_file_is_refused_in_chinese_and_nothing_changes(
    district: Store,
    tmp_path: Path,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    content: bytes,
    reason: str,
) -> None:
    overlaps.set_key(district, SYSTEM, "the-district-key-before-0001")
    wrong = tmp_path / "密钥.txt"
    wrong.write_bytes(content)
    monkeypatch.setattr(district_key_panel, "choose_key_file", lambda _p: wrong)
    monkeypatch.setattr(prompts, "confirm", lambda *_a: pytest.fail("asked before checking"))
    page = _district_page(district, qtbot)
    panel = page.district_key_panel
    panel.import_button.click()
    message = panel.message_label.text()
    assert "“密钥.txt”不是身份摘要密钥文件" in message
    assert reason in message
    assert overlaps.key(district) == "the-district-key-before-0001"


def test_replacing_the_key_asks_first_and_the_log_never_holds_the_key(
    district: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _district_page(district, qtbot)
    panel = page.district_key_panel
    panel.generate_button.click()
    first = overlaps.key(district)
    asked: list[str] = []

    def answer(value: bool) -> None:
        def confirm(_parent: object, _title: str, text: str) -> bool:
            asked.append(text)
            return value

        monkeypatch.setattr(prompts, "confirm", confirm)

    answer(False)
    panel.generate_button.click()
    assert overlaps.key(district) == first
    assert "各街道必须导入新的密钥文件" in asked[-1]
    answer(True)
    panel.generate_button.click()
    second = overlaps.key(district)
    assert second not in (None, first)
    assert [a for a, _ in _setting_log(district, overlaps.KEY_SETTING)] == ["insert", "update"]
    logged = _everything_logged(district)
    assert str(first) not in logged
    assert str(second) not in logged
    assert str(second).encode() not in _on_disk(district)


def test_only_the_project_lead_may_set_keys_and_passwords(district: Store, qtbot: QtBot) -> None:
    page = _district_page(district, qtbot, member=1)  # 赵敏, 项目专员
    assert not page.district_key_panel.generate_button.isEnabled()
    assert not page.district_key_panel.import_button.isEnabled()
    assert "只有项目负责人" in page.district_key_panel.role_label.text()
    _passwords(page).table.setCurrentCell(0, 0)
    assert not _passwords(page).set_button.isEnabled()


def test_street_passwords_are_set_changed_cleared_kept_encrypted_and_never_logged(
    district: Store, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = _district_page(district, qtbot)
    panel = _passwords(page)
    typed = iter(["Mengzhui-First-2026", "Mengzhui-Second-2026"])
    monkeypatch.setattr(street_password_dialog, "ask_street_password", lambda *_a: next(typed))
    asked: list[str] = []

    def confirm(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(prompts, "confirm", confirm)
    row = list(panel.codes).index(MENGZHUIWAN)
    panel.table.setCurrentCell(row, 0)
    assert not panel.clear_button.isEnabled()
    panel.set_button.click()
    assert asked == []  # a first password: nothing to confirm
    assert intake.saved_password(district, MENGZHUIWAN) == "Mengzhui-First-2026"
    item = panel.table.item(row, 1)
    assert item is not None
    assert item.text() == "已保存"
    panel.set_button.click()
    assert "确定要改成新的密码吗" in asked[-1]
    assert intake.saved_password(district, MENGZHUIWAN) == "Mengzhui-Second-2026"
    assert b"Mengzhui-Second-2026" not in _on_disk(district)
    panel.clear_button.click()
    assert "确定清除吗" in asked[-1]
    assert intake.saved_password(district, MENGZHUIWAN) is None
    key = intake.PASSWORD_KEY + MENGZHUIWAN
    assert [a for a, _ in _setting_log(district, key)] == ["insert", "update", "delete"]
    logged = _everything_logged(district)
    assert "Mengzhui-First-2026" not in logged
    assert "Mengzhui-Second-2026" not in logged


def test_intake_asks_for_a_missing_or_wrong_password_in_chinese(
    district: Store, packets: Packets, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = intake_page.IntakePage(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(page)
    locked = packets.mengzhuiwan["2026-08"][0]
    messages: list[str] = []
    answers = iter(["not-the-password", PACKET_PASSWORD])

    def ask(_parent: object, street: str, message: str) -> str:
        assert street == "猛追湾街道"
        messages.append(message)
        return next(answers)

    monkeypatch.setattr(street_password_dialog, "ask_street_password", ask)
    outcomes = page.import_files([locked])
    assert [o.status for o in outcomes] == ["imported"]
    assert "本机还没有保存猛追湾街道的报送密码" in messages[0]
    assert "输入的密码也打不开" in messages[1]
    assert intake.saved_password(district, MENGZHUIWAN) == PACKET_PASSWORD  # kept for next time
    logged = _everything_logged(district)
    assert PACKET_PASSWORD not in logged


def test_intake_asks_again_when_the_kept_password_is_wrong_and_cancel_refuses(
    district: Store, packets: Packets, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    intake.save_password(district, SYSTEM, MENGZHUIWAN, "an-old-password")
    page = intake_page.IntakePage(AppContext(district, team.team(district)[0]))
    qtbot.addWidget(page)
    locked = packets.mengzhuiwan["2026-08"][0]
    messages: list[str] = []

    def cancel(_parent: object, _street: str, message: str) -> None:
        messages.append(message)

    monkeypatch.setattr(street_password_dialog, "ask_street_password", cancel)
    outcomes = page.import_files([locked])
    assert [o.status for o in outcomes] == ["refused"]
    assert "本机保存的猛追湾街道报送密码打不开" in messages[0]
    item = page.result_table.item(0, 2)
    assert item is not None
    assert "密码不对" in item.text()

    monkeypatch.setattr(street_password_dialog, "ask_street_password", lambda *_a: PACKET_PASSWORD)
    assert [o.status for o in page.import_files([locked])] == ["imported"]
    assert intake.saved_password(district, MENGZHUIWAN) == PACKET_PASSWORD  # replaced
