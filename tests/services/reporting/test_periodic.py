"""The half-year (中期) and year-end (末期) reports against a hand-built street with known answers.

The contract runs 2025-12-16 to 2026-12-15 (the half-year ends 2026-06-15); the reports are
made after the year is over. Activities: 2 in each half (target 4, due 2 at mid-term); media: 1
in the second half (target 2); one provider gives 90,000 yuan in the first half (target 80,000).
"""

import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from relief_desktop import cli
from relief_desktop.domain import masking, periods
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.reporting import narrative, periodic, periodic_data, report_texts
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.bulk import transaction
from relief_desktop.storage.store import Store
from tests.fixtures.people import make_id

START = date(2025, 12, 16)
TODAY = date(2026, 12, 20)
YEAR = periods.contract_year(START)
HALF = periods.contract_half(START)
HALF2 = periods.contract_half(START, second=True)
NAME = "欧阳明月"
ID_NUMBER = make_id(date(1950, 1, 1), 11)
PHONE = "13812345678"


def insert(store: Store, table: str, **values: Any) -> int:
    values.setdefault("uuid", str(uuid.uuid4()))
    values.setdefault("created_at", "2026-01-01T00:00:00+00:00")
    values.setdefault("updated_at", "2026-01-01T00:00:00+00:00")
    conn = store.reader()
    with transaction(conn):
        cursor = conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


@pytest.fixture
def street(store: Store) -> Store:
    team.set_setting(store, SYSTEM, "contract_start", START.isoformat())
    community = team.communities(store)[0].id
    person_uuid = beneficiaries.register(
        store, SYSTEM, BeneficiaryInput(NAME, community, id_number=ID_NUMBER, phone=PHONE)
    )
    (person,) = (
        store.reader()
        .execute("SELECT id FROM beneficiary WHERE uuid = ?", (person_uuid,))
        .fetchone()
    )
    for day in ("2026-01-10", "2026-05-20", "2026-08-01", "2026-11-11"):
        insert(store, "activity", title=f"主题活动{day}", held_on=day, participants=40)
    insert(store, "media_report", published_on="2026-09-01", outlet="成华发布", level="区级",
           title="街道关爱援助中心走进社区")  # fmt: skip
    provider = insert(store, "provider", name="爱心企业甲", provider_type="企业")
    insert(store, "resource_receipt", serial="R1", received_on="2026-03-01", provider_id=provider,
           channel="线下", kind="资金", item="助学金", value_fen=9_000_000,
           value_basis="现金")  # fmt: skip
    case = insert(store, "aid_case", case_no="C1", street_code="510108004", year=2026, seq=1,
                  beneficiary_id=person, category="政策外", priority="重点", source="社区",
                  opened_on="2026-02-01", status="结案", closed_on="2026-10-20",
                  close_result="达成", close_reason=f"{NAME}已重新就业")  # fmt: skip
    for day in ("2026-02-10", "2026-07-10", "2026-10-01"):
        insert(store, "service_record", case_id=case, beneficiary_id=person, served_on=day,
               mode="入户", content="走访", minutes=90)  # fmt: skip
    actor = team.team(store)[0].actor
    narrative.save(store, actor, narrative.Narrative(
        "2026-03", f"本月走访 8 个社区；为{NAME}链接助学资源；本月召开社区联系会议。",
        f"{NAME}（{ID_NUMBER}）获得临时救助。"))  # fmt: skip
    narrative.save(store, actor, narrative.Narrative("2026-09", "本月走访 9 个社区。"))
    return store


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def sheet_rows(path: Path, title: str) -> list[tuple[Any, ...]]:
    book = load_workbook(path, read_only=True)
    try:
        return [tuple(row) for row in book[title].iter_rows(values_only=True)]
    finally:
        book.close()


def rows_by_label(report: periodic_data.PeriodicReport) -> dict[str, periodic_data.KpiRow]:
    return {row.result.kpi.key: row for row in report.kpis}


def test_year_end_kpis_are_judged_against_the_full_yearly_targets(street: Store) -> None:
    rows = rows_by_label(periodic_data.build(street, YEAR, "年终报告", TODAY))

    activities, media, value = rows["activities"], rows["media"], rows["resource_value"]
    assert (activities.result.measure.value, activities.required, activities.met) == (4, 4, True)
    assert (media.result.measure.value, media.required, media.met) == (1, 2, False)
    assert media.gap == 1
    assert media.conclusion == "未达标"
    assert (value.result.measure.value, value.met) == (9_000_000, True)
    assert rows["providers"].met is False  # 1 of 10
    assert rows["key_cases"].met is False  # no plan flags the case as 重点个案
    # Nothing to measure is not a failure: no one on the 低保 roll, no survey.
    assert rows["inspection_dibao"].conclusion == "无数据"
    assert rows["satisfaction"].met is None


def test_the_mid_term_report_judges_progress_due_by_the_half_year(street: Store) -> None:
    rows = rows_by_label(periodic_data.build(street, HALF, "半年报告", TODAY))

    activities, media = rows["activities"], rows["media"]
    assert (activities.result.measure.value, activities.target, activities.required) == (2, 4, 2)
    assert activities.met is True
    assert (media.result.measure.value, media.required, media.met) == (0, 1, False)
    assert rows["resource_value"].met is True  # 90,000 yuan by mid-term of an 80,000 target


def test_key_figures_differ_per_half_and_add_up_to_the_year(street: Store) -> None:
    year = periodic_data.build(street, YEAR, "年终报告", TODAY)
    assert year.columns == ("上半年", "下半年", "全年合计")
    figures = {f.label: f.values for f in year.figures}
    assert figures["主题活动（场）"] == (2, 2, 4)
    assert figures["个案服务（次）"] == (1, 2, 3)
    assert figures["结案（个）"] == (0, 1, 1)

    second = periodic_data.build(street, HALF2, "下半年报告", TODAY)
    assert second.columns == ("本期", "合同年度累计")
    assert {f.label: f.values for f in second.figures}["主题活动（场）"] == (2, 4)
    assert periodic.stage(second) == "末期"  # it closes the contract year
    assert "开展主题活动 2 场" in periodic.summary_text(second)  # the period's own figure
    assert "开展主题活动 4 场" in periodic.summary_text(year)
    first = periodic_data.build(street, HALF, "半年报告", TODAY)
    assert first.columns == ("本期",)  # the year to date is the period: no second column


def test_monthly_trend_and_quarterly_coverage_cover_the_period(street: Store) -> None:
    report = periodic_data.build(street, YEAR, "年终报告", TODAY)
    labels = [m.label for m in report.months]
    assert labels[0] == "2025年12月*"
    assert labels[-1] == "2026年12月*"
    assert len(labels) == 13
    by_month = {m.label: m.values for m in report.months}
    assert by_month["2026年7月"]["个案服务（次）"] == 1
    quarters = {row.quarter for row in report.coverage}
    assert "2025年第四季度（12-16至12-31）" in quarters
    assert "2026年第三季度" in quarters
    assert len(report.coverage) == 5 * 4  # five quarters touched, four categories each


def test_the_report_reads_as_a_report_masked_with_the_teams_words(
    street: Store, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) missing")
    actor = team.team(street)[0].actor
    texts = report_texts.ReportTexts(
        "全年完成各项工作。",
        f"人手不足，{NAME}家入户多次未遇（电话 {PHONE}）。",
        "明年完成全覆盖核查。",
    )
    report_texts.save(street, actor, YEAR, texts)

    files = periodic.write(street, YEAR, tmp_path, "年终报告", today=TODAY)

    text = pdf_text(files.pdf)
    flat = text.replace(" ", "").replace("\n", "")
    assert "本月" not in text  # sentences drawn from the narratives, not month texts pasted
    assert "走访9个社区" in flat
    assert "走访8个社区" not in flat
    assert "人手不足" in flat
    assert "明年完成全覆盖核查" in flat
    assert "全年完成各项工作" in flat
    assert "七、存在问题" in text
    assert "八、下一合同年度工作计划" in text
    assert "C1（" + masking.name(NAME) in flat  # the closed case among the highlights
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret not in flat
    book_rows = [row for title in ("工作亮点", "问题与计划", "指标明细")
                 for row in sheet_rows(files.xlsx, title)]  # fmt: skip
    cells = " ".join(str(c) for row in book_rows for c in row if c is not None)
    assert "人手不足" in cells
    for secret in (NAME, ID_NUMBER, PHONE):
        assert secret not in cells


def test_excel_holds_numbers_and_conclusions(street: Store, tmp_path: Path) -> None:
    files = periodic.write(street, YEAR, tmp_path, "年终报告", today=TODAY)

    kpis = {row[0]: row for row in sheet_rows(files.xlsx, "合同指标")[2:]}
    assert kpis["主题活动"][2:5] == (4, 4, 4)
    assert kpis["主题活动"][6] == "达标"
    assert kpis["区级及以上媒体报道"][6] == "未达标"
    assert kpis["区级及以上媒体报道"][7] == 1
    assert kpis["募集资金、物资及服务"][1:4] == ("元", 90000, 80000)
    assert (kpis["主题活动"][5], kpis["区级及以上媒体报道"][5]) == (1, 0.5)  # rates as numbers
    figures = {row[0]: row for row in sheet_rows(files.xlsx, "主要数据")[2:]}
    assert figures["主题活动（场）"][1:4] == (2, 2, 4)
    months = sheet_rows(files.xlsx, "月度趋势")
    assert months[1][0] == "月份"
    assert all(isinstance(v, int) for v in months[2][1:])


def test_report_texts_round_trip_and_a_too_long_text_saves_nothing(street: Store) -> None:
    actor = team.team(street)[0].actor
    report_texts.save(street, actor, HALF, report_texts.ReportTexts("", " 问题一 ", "计划一"))
    assert report_texts.load(street, HALF) == report_texts.ReportTexts("", "问题一", "计划一")
    assert report_texts.load(street, YEAR) == report_texts.ReportTexts()  # another period

    too_long = report_texts.ReportTexts("", "问题二", "长" * (report_texts.MAX_CHARS + 1))
    with pytest.raises(RuleError) as raised:
        report_texts.save(street, actor, HALF, too_long)
    assert "下阶段工作计划最多" in str(raised.value)
    assert report_texts.load(street, HALF).problems == "问题一"


def test_the_cli_takes_problems_and_plan_from_text_files(street: Store, tmp_path: Path) -> None:
    problems, plan = tmp_path / "问题.txt", tmp_path / "计划.txt"
    problems.write_text("核查人手不足。", encoding="utf-8")
    plan.write_text("下半年补齐核查。", encoding="utf-8")
    data = ["--data-dir", str(street.paths.data_dir)]
    args = ["report", "--period", "contract-half", "--out", str(tmp_path)]

    assert cli.main([*data, *args, "--problems", str(problems), "--plan", str(plan)]) == 0

    saved = report_texts.load(street, HALF)
    assert (saved.problems, saved.next_plan) == ("核查人手不足。", "下半年补齐核查。")
    assert (tmp_path / "双桥子街道-半年报告.pdf").is_file()
    assert cli.main([*data, *args, "--plan", str(tmp_path / "没有.txt")]) != 0
    assert report_texts.load(street, HALF).next_plan == "下半年补齐核查。"
