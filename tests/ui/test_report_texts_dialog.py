"""填写报告文字: the team writes the problems and plan of the half-year or year-end report."""

from datetime import date

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from relief_desktop.domain import periods
from relief_desktop.services import team
from relief_desktop.services.reporting import narrative, report_texts
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.ui import prompts
from relief_desktop.ui.context import AppContext
from relief_desktop.ui.pages.reports.report_texts_dialog import ReportTextsDialog

START = date(2025, 12, 16)
TODAY = date(2026, 12, 1)
HALF = periods.contract_half(START)
YEAR = periods.contract_year(START)


@pytest.fixture
def dialog(qtbot: QtBot, context: AppContext) -> ReportTextsDialog:
    team.set_setting(context.store, SYSTEM, "contract_start", START.isoformat())
    made = ReportTextsDialog(context, TODAY, kind="half")
    qtbot.addWidget(made)
    return made


def button(dialog: ReportTextsDialog, name: str) -> QPushButton:
    found = dialog.findChild(QPushButton, name)
    assert found is not None, name
    return found


def test_saving_stores_the_texts_of_the_period_chosen(
    dialog: ReportTextsDialog, context: AppContext
) -> None:
    assert dialog.period == HALF
    dialog.edits["problems"].setPlainText("一是人手不足。")
    dialog.edits["next_plan"].setPlainText("一是补齐核查。")
    dialog._on_save()

    assert report_texts.load(context.store, HALF) == report_texts.ReportTexts(
        "", "一是人手不足。", "一是补齐核查。"
    )
    assert report_texts.load(context.store, YEAR) == report_texts.ReportTexts()


def test_switching_period_shows_that_periods_texts_and_asks_before_dropping_edits(
    dialog: ReportTextsDialog, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_texts.save(context.store, context.worker.actor, YEAR, report_texts.ReportTexts(
        "全年概述", "全年问题", "明年计划"))  # fmt: skip
    dialog.edits["problems"].setPlainText("未保存的上半年问题")
    monkeypatch.setattr(prompts, "confirm", lambda *_args: False)
    dialog.period_combo.setCurrentIndex(1)
    assert dialog.period == HALF  # stayed, the edit kept
    assert dialog.edits["problems"].toPlainText() == "未保存的上半年问题"

    monkeypatch.setattr(prompts, "confirm", lambda *_args: True)
    dialog.period_combo.setCurrentIndex(1)
    assert dialog.period == YEAR
    assert dialog.edits["problems"].toPlainText() == "全年问题"


def test_gathering_collects_the_monthly_problems_once_each(
    dialog: ReportTextsDialog, context: AppContext
) -> None:
    actor = context.worker.actor
    problems = "部分对象居住分散，核查需多次预约。物资价值认定依据不足。"
    narrative.save(context.store, actor, narrative.Narrative("2026-01", problems=problems))
    narrative.save(context.store, actor, narrative.Narrative(
        "2026-02", problems="部分对象居住分散，核查需多次预约。"))  # fmt: skip
    narrative.save(context.store, actor, narrative.Narrative(
        "2026-08", problems="下半年的问题不在上半年报告里。"))  # fmt: skip

    button(dialog, "gather_problems").click()

    assert dialog.edits["problems"].toPlainText() == (
        "1. 部分对象居住分散，核查需多次预约。\n2. 物资价值认定依据不足。"
    )
    button(dialog, "gather_problems").click()  # nothing new: said so, nothing doubled
    assert dialog.edits["problems"].toPlainText().count("居住分散") == 1
    assert "没有可以汇总的新内容" in dialog.error_label.text()


def test_a_text_too_long_is_refused_with_the_field_named_and_nothing_saved(
    dialog: ReportTextsDialog, context: AppContext
) -> None:
    dialog.edits["problems"].setPlainText("问题")
    dialog.edits["overview"].setPlainText("长" * (report_texts.MAX_CHARS + 1))
    dialog._on_save()

    assert "工作概述最多" in dialog.error_label.text()
    assert report_texts.load(context.store, HALF) == report_texts.ReportTexts()
