"""报送: narrative round trip, completeness, generating and cancelling a packet, passwords,
history, half-year report, and the WeChat disclosure text."""

import hashlib
import json
import re
import threading
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from relief_desktop.domain.names import mask_name
from relief_desktop.services import audit
from relief_desktop.services.reporting import briefing, narrative, packet
from relief_desktop.storage import files
from relief_desktop.storage.store import Store
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages import reports_page
from relief_desktop.ui.pages.reports import common as reports_common
from relief_desktop.ui.pages.reports_page import ReportsPage
from relief_desktop.ui.workers import Job
from tests.services.reporting.data import TODAY, add_handovers, fill_demo


def cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None, (row, column)
    return item


TEXTS = {
    "work_by_area": "个案服务：本月走访重点个案 12 户。\n入户核查：完成低保户核查 30 户。",
    "case_story": "王女士独自照顾患病的儿子，经链接资源后获得临时救助。",
    "problems": "部分社区网格员更换，联络需重新对接。",
    "next_plan": "开展冬季送温暖活动。",
}


def make_page(qtbot: QtBot, context: AppContext) -> ReportsPage:
    page = ReportsPage(context, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def fill_texts(page: ReportsPage) -> None:
    for key, text in TEXTS.items():
        page.section_edits[key].setPlainText(text)


class Answers:
    """Stand-ins for the modal questions and the folder picker."""

    def __init__(self, folder: Path | None, confirm: bool = True) -> None:
        self.folder = folder
        self.confirm = confirm
        self.folder_asked = 0
        self.questions: list[str] = []

    def choose_folder(self, _parent: object, _title: str) -> Path | None:
        self.folder_asked += 1
        return self.folder

    def ask(self, _parent: object, _title: str, text: str) -> bool:
        self.questions.append(text)
        return self.confirm

    def reason(self, _parent: object, _title: str, text: str) -> str | None:
        self.questions.append(text)
        return "区中心要求核对完整名单" if self.confirm else None


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Answers:
    made = Answers(tmp_path / "报送")
    monkeypatch.setattr(reports_common, "choose_folder", made.choose_folder)
    monkeypatch.setattr(prompts, "confirm", made.ask)
    monkeypatch.setattr(prompts, "ask_reason", made.reason)
    return made


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def wait_done(qtbot: QtBot, page: ReportsPage) -> None:
    qtbot.waitUntil(lambda: page.job is None, timeout=60_000)


def test_narrative_saved_from_the_page_comes_back(
    qtbot: QtBot, context: AppContext, tmp_path: Path
) -> None:
    page = make_page(qtbot, context)
    assert page.month_key() == "2026-10"  # last month by default
    assert any("各项工作开展情况" in text for text, _ in page.gaps_shown())
    photo = tmp_path / "活动.png"
    photo.write_bytes(b"not really a png")
    fill_texts(page)
    page._add_photo_item(photo)

    page.save_button.click()

    saved = narrative.load(context.store, "2026-10")
    assert {key: getattr(saved, key) for key in TEXTS} == TEXTS
    assert saved.photos == (str(photo),)
    assert page.save_label.text() == "已保存。"
    assert not any("工作简报" in text for text, _ in page.gaps_shown())

    again = make_page(qtbot, context)
    assert {k: again.section_edits[k].toPlainText() for k in TEXTS} == TEXTS
    assert again.photo_list.count() == 1
    # Another month has its own (empty) text; coming back shows October's again.
    again.month_combo.setCurrentIndex(0)
    assert again.section_edits["work_by_area"].toPlainText() == ""
    again.month_combo.setCurrentIndex(1)
    assert again.section_edits["case_story"].toPlainText() == TEXTS["case_story"]


def test_switching_month_with_unsaved_text_offers_to_save(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    page = make_page(qtbot, context)
    page.section_edits["problems"].setPlainText("人手不足")

    page.month_combo.setCurrentIndex(2)

    assert answers.questions
    assert "还没有保存" in answers.questions[0]
    assert narrative.load(context.store, "2026-10").problems == "人手不足"


def test_gaps_are_listed_serious_ones_in_red(qtbot: QtBot, context: AppContext) -> None:
    page = make_page(qtbot, context)
    gaps = dict(page.gaps_shown())
    assert gaps["· 工作简报的“个案故事（匿名）”还没有填写。"] is False
    assert gaps["⚠ 本月没有任何个案服务记录。"] is True
    red = [page.gap_list.item(i) for i in range(page.gap_list.count())]
    assert all(
        (item.foreground().color().name() == reports_page.RED) == serious
        for item, (_, serious) in zip(red, page.gaps_shown(), strict=True)
    )


def test_generating_a_packet_from_the_page(
    qtbot: QtBot,
    store: Store,
    context: AppContext,
    answers: Answers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill_demo(store)
    version = packet.next_version(store, "month", "2026-10")  # the demo street made some
    page = make_page(qtbot, context)
    fill_texts(page)  # unsaved: generating saves it first

    page.generate_button.click()
    assert page.progress_dialog is not None
    assert page.progress_dialog.isVisible()
    wait_done(qtbot, page)

    folder = answers.folder
    assert folder is not None
    zips = files_in(folder)
    assert len(zips) == 1
    assert zips[0] == f"双桥子街道-2026年10月月度报送-v{version}.zip"
    with zipfile.ZipFile(folder / zips[0]) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert set(manifest["files"]) == {"台账-2026-10.xlsx", "工作简报-2026-10.pdf"}
        assert sorted(names) == sorted([*manifest["files"], "manifest.json"])
        for name, digest in manifest["files"].items():
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    assert manifest["masked"] is True
    assert narrative.load(store, "2026-10").next_plan == TEXTS["next_plan"]
    assert f"已生成第 {version} 版" in page.result_label.text()
    assert page.open_folder_button.isVisibleTo(page)

    record = packet.history(store)[0]
    table = page.history_table
    assert table.rowCount() == len(packet.history(store))
    row = [cell(table, 0, c).text() for c in range(table.columnCount())]
    assert row[:2] == ["2026-10", f"v{version}"]
    assert row[3:7] == ["张三", zips[0], "否", "是"]
    assert row[7] == ("✓" if record.on_time else "✗")
    assert row[8] == record.sha256[:12]
    assert record.sha256 == hashlib.sha256((folder / zips[0]).read_bytes()).hexdigest()

    opened: list[Path] = []
    monkeypatch.setattr(reports_common, "open_folder", opened.append)
    page.open_folder_button.click()
    assert opened == [folder]


def test_regenerating_makes_a_new_version(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    page = make_page(qtbot, context)
    for _ in range(2):
        page.generate_button.click()
        wait_done(qtbot, page)
    assert answers.folder is not None
    assert files_in(answers.folder) == [
        "双桥子街道-2026年10月月度报送-v1.zip",
        "双桥子街道-2026年10月月度报送-v2.zip",
    ]
    assert [cell(page.history_table, r, 1).text() for r in range(2)] == ["v2", "v1"]


def test_declining_the_gaps_question_generates_nothing(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    answers.confirm = False
    page = make_page(qtbot, context)
    page.generate_button.click()
    assert page.job is None
    [question] = answers.questions
    assert question.startswith("2026年10月的资料还不完整：")
    assert "⚠ 本月没有任何个案服务记录。" in question
    assert question.endswith("仍要生成吗？")
    assert answers.folder is not None
    assert files_in(answers.folder) == []
    assert packet.history(context.store) == []


def test_cancel_during_generation_leaves_no_file(
    qtbot: QtBot, context: AppContext, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, go_on = threading.Event(), threading.Event()
    document = briefing.document

    def slow_document(*args: Any, **kwargs: Any) -> Any:
        reached.set()  # the workbook is written by now, in the private work folder
        go_on.wait(10)
        return document(*args, **kwargs)

    monkeypatch.setattr(briefing, "document", slow_document)
    page = make_page(qtbot, context)
    page.generate_button.click()
    qtbot.waitUntil(reached.is_set, timeout=30_000)
    assert answers.folder is not None
    # Assembled in the app's private work folder: nothing in the output folder yet.
    assert not answers.folder.exists() or files_in(answers.folder) == []
    data = context.store.paths.data_dir
    assert list(data.glob(files.WORK_PREFIX + "packet-*"))

    dialog = page.progress_dialog
    assert dialog is not None
    [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "取消"]
    cancel.click()
    assert "正在取消" in dialog.labelText()
    go_on.set()
    wait_done(qtbot, page)

    assert files_in(answers.folder) == []
    assert not list(data.glob(files.WORK_PREFIX + "*"))
    assert packet.history(context.store) == []
    assert page.result_label.text() == "已取消，没有留下任何文件。"
    assert page.generate_button.isEnabled()


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        ("abc12345", "abc12346", "两次输入的密码不一致，请重新输入。"),
        (
            "abc1234",
            "abc1234",
            "密码至少 8 位，请换一个更长的密码（可用一句好记的话的拼音加数字）。",
        ),
        ("12345678", "12345678", "这个密码太常见，别人一猜就中，请换一个。"),
    ],
)
def test_bad_password_shows_a_message_and_generates_nothing(
    qtbot: QtBot, context: AppContext, answers: Answers, first: str, second: str, message: str
) -> None:
    page = make_page(qtbot, context)
    page.password_edit.setText(first)
    page.password_again_edit.setText(second)

    page.generate_button.click()

    assert page.option_error.text() == message
    assert answers.folder_asked == 0
    assert page.job is None
    assert packet.history(context.store) == []


def test_a_password_encrypts_the_packet(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    page = make_page(qtbot, context)
    page.password_edit.setText("1234567")
    assert "太短" in page.strength_label.text()
    page.password_edit.setText("chenghua2026")
    page.password_again_edit.setText("chenghua2026")
    page.generate_button.click()
    wait_done(qtbot, page)

    assert answers.folder is not None
    [name] = files_in(answers.folder)
    import pyzipper

    with pyzipper.AESZipFile(answers.folder / name) as archive:
        with pytest.raises(RuntimeError):
            archive.read("manifest.json")
        archive.setpassword(b"chenghua2026")
        assert json.loads(archive.read("manifest.json"))["version"] == 1
    assert cell(page.history_table, 0, 5).text() == "是"


def test_turning_masking_off_asks_first(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    page = make_page(qtbot, context)
    answers.confirm = False
    page.mask_check.setChecked(False)
    assert page.mask_check.isChecked()
    assert "完整的身份证号" in answers.questions[-1]

    answers.confirm = True
    page.mask_check.setChecked(False)
    assert not page.mask_check.isChecked()
    page.generate_button.click()
    wait_done(qtbot, page)
    assert packet.history(context.store)[0].masked is False
    assert cell(page.history_table, 0, 6).text() == "否"
    assert "记入“完整信息访问记录”" in answers.questions[-1]
    (entry,) = audit.access_entries(context.store)
    assert (entry.worker, entry.reason) == ("张三", "区中心要求核对完整名单")
    assert "资料包" in entry.what


def test_half_year_report_is_written_off_the_ui_thread(
    qtbot: QtBot, context: AppContext, answers: Answers
) -> None:
    page = make_page(qtbot, context)
    page.half_button.click()
    wait_done(qtbot, page)

    assert answers.folder is not None
    assert files_in(answers.folder) == ["双桥子街道-半年报告.pdf", "双桥子街道-半年报告.xlsx"]
    assert page.report_label.text().startswith("已生成：双桥子街道-半年报告.pdf")


def test_disclosure_text_masks_names_and_holds_no_id_numbers(
    qtbot: QtBot, store: Store, context: AppContext
) -> None:
    fill_demo(store)
    recipients = add_handovers(store, date(2026, 10, 20))
    page = make_page(qtbot, context)
    page.tabs.setCurrentIndex(2)
    assert page.disclosure_combo.currentText() == "2026年10月"

    text = page.disclosure_text.toPlainText()

    assert page.disclosure_text.isReadOnly()
    assert "10月20日" in text
    assert "成华爱心超市" in text
    for person in recipients:
        assert mask_name(person.name) in text
        assert person.name not in text
        assert person.id_number not in text
    assert not re.search(r"\d{17}[\dX]", text)
    assert not re.search(r"\d{11,}", text.replace(",", ""))  # nor phone numbers

    page.copy_button.click()
    assert QGuiApplication.clipboard().text() == text


def test_marking_the_disclosure_posted_records_it(qtbot: QtBot, context: AppContext) -> None:
    page = make_page(qtbot, context)
    page.posted_edit.set_value(date(2026, 11, 2))
    page.posted_button.click()

    rows = context.store.reader().execute(
        "SELECT period_start, period_end, posted_on FROM disclosure"
    )
    assert rows.fetchall() == [("2026-10-01", "2026-10-31", "2026-11-02")]
    assert "已记录" in page.disclosure_label.text()


def test_a_refusal_in_the_worker_is_shown_in_chinese(
    qtbot: QtBot, context: AppContext, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relief_desktop.domain.errors import RuleError
    from relief_desktop.services.reporting import month_packet

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise RuleError("packet_exists", file="双桥子街道-2026年10月月度报送-v1.zip")

    monkeypatch.setattr(month_packet, "generate", refuse)
    page = make_page(qtbot, context)
    page.generate_button.click()
    wait_done(qtbot, page)

    assert page.result_label.text() == (
        "没有生成：文件“双桥子街道-2026年10月月度报送-v1.zip”已存在，"
        "请换一个保存位置或先移走旧文件。"
    )
    assert page.generate_button.isEnabled()


def test_closing_the_window_mid_packet_cancels_and_leaves_nothing(
    qtbot: QtBot, context: AppContext, answers: Answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relief_desktop.ui.main_window import MainWindow
    from relief_desktop.ui.pages import pages

    reached = threading.Event()
    document = briefing.document
    jobs: list[Job] = []

    def slow_document(*args: Any, **kwargs: Any) -> Any:
        # Hold the packet half-made until closing the window has asked the job to stop, so
        # the cancel always lands mid-packet however busy the machine is.
        reached.set()
        deadline = time.monotonic() + 20
        while not (jobs and jobs[0].cancel_requested) and time.monotonic() < deadline:
            time.sleep(0.01)
        return document(*args, **kwargs)

    monkeypatch.setattr(briefing, "document", slow_document)
    window = MainWindow(context, [s for s in pages() if s.key == "reports"])
    qtbot.addWidget(window)
    window.show()
    page = window.pages["reports"]
    assert isinstance(page, ReportsPage)
    page.generate_button.click()
    assert page.job is not None
    jobs.append(page.job)
    outcome: list[str] = []
    page.job.cancelled.connect(lambda: outcome.append("cancelled"))
    page.job.failed.connect(outcome.append)
    qtbot.waitUntil(reached.is_set, timeout=30_000)

    window.close()
    qtbot.waitUntil(lambda: bool(outcome), timeout=10_000)
    assert outcome == ["cancelled"]  # stopped by the close, not failed

    assert page.job is None or not page.job.is_running()
    assert answers.folder is not None
    assert files_in(answers.folder) == []
