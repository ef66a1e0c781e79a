"""报送: the team's packet password entered once in 设置 encrypts the packet made from the page
with nothing typed there, and the page offers the e-mail text for the district center."""

from pathlib import Path

import pytest
import pyzipper
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from relief_desktop.services.reporting import packet_password
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.settings_page import SettingsPage
from tests.ui.test_reporting_reports import Answers, answers, files_in, make_page, wait_done

__all__ = ["answers"]  # a fixture
TEAM_PASSWORD = "Shuangqiao-2026!"


def shot(widget: object, path: Path) -> None:
    """A screenshot to look at (QT_QPA_PLATFORM=offscreen); it must not come out empty."""
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000


def test_the_team_password_is_set_once_in_settings(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    settings = SettingsPage(context)
    qtbot.addWidget(settings)
    panel = settings.packet_password_panel
    settings.tabs.setCurrentWidget(panel)
    settings.resize(900, 560)
    settings.show()
    assert "还没有设置" in panel.status_label.text()

    panel.password_edit.setText(TEAM_PASSWORD)
    panel.again_edit.setText("something-else")
    assert not panel.save()
    assert "不一致" in panel.error_label.text()
    panel.password_edit.setText("1234567")
    panel.again_edit.setText("1234567")
    assert "太短" in panel.strength_label.text()
    assert not panel.save()
    assert "至少 8 位" in panel.error_label.text()
    assert packet_password.get(context.store) is None

    panel.password_edit.setText(TEAM_PASSWORD)
    panel.again_edit.setText(TEAM_PASSWORD)
    panel.save_button.click()
    assert packet_password.get(context.store) == TEAM_PASSWORD
    assert "已设置" in panel.status_label.text()
    assert panel.password_edit.text() == ""  # not left on screen
    shot(settings, tmp_path / "settings-packet-password.png")


def test_a_packet_from_the_page_uses_the_team_password_and_offers_the_mail(
    qtbot: QtBot, context: AppContext, answers: Answers, tmp_path: Path
) -> None:
    packet_password.save(context.store, context.worker.actor, TEAM_PASSWORD)
    page = make_page(qtbot, context)
    month = page.month_tab
    assert "已设置" in month.team_password_label.text()
    assert not month.mail_box.isVisibleTo(page)

    page.generate_button.click()  # nothing typed in the password fields
    wait_done(qtbot, page)

    assert answers.folder is not None
    [name] = files_in(answers.folder)
    with pyzipper.AESZipFile(answers.folder / name) as archive:
        with pytest.raises(RuntimeError):
            archive.read("manifest.json")
        archive.setpassword(TEAM_PASSWORD.encode())
        assert b"figures" in archive.read("manifest.json")

    assert month.mail_box.isVisibleTo(page)
    text = month.mail_box.text_edit.toPlainText()
    assert text.startswith("主题：【月度报送】双桥子街道社会关爱援助中心 2026年10月资料包")
    assert name in text
    assert "密码另行通过电话或短信告知" in text
    assert "请用 7-Zip 或 WinRAR 打开（Windows 资源管理器打不开 AES 加密压缩包）" in text
    assert TEAM_PASSWORD not in text
    month.mail_box.copy_button.click()
    clipboard = QGuiApplication.clipboard()
    assert clipboard is not None
    assert clipboard.text() == text
    assert "已复制" in month.mail_box.copied_label.text()
    shot(page, tmp_path / "packet-page-mail.png")
