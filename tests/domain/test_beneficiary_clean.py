"""Intake validation: each problem names its field and a Chinese message says what to fix."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput, clean
from relief_desktop.domain.errors import Problem
from relief_desktop.messages import MESSAGES, describe

TODAY = date(2026, 6, 1)
ADULT_ID = "510108198503120235"  # a man born 1985-03-12
BASE = BeneficiaryInput(name="张三丰", community_id=1, id_number=ADULT_ID, phone="13800138000")


def problems_of(data: BeneficiaryInput) -> list[Problem]:
    return clean(data, TODAY)[1]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


def test_a_complete_form_has_no_problems_and_derives_sex_and_birth_from_the_id() -> None:
    cleaned, problems = clean(replace(BASE, name=" 张 三丰 ", phone="138 0013 8000"), TODAY)
    assert problems == []
    assert cleaned.name == "张三丰"
    assert cleaned.sex == "男"
    assert cleaned.birth_date == date(1985, 3, 12)
    assert cleaned.phone == "13800138000"
    assert cleaned.registered_on == TODAY


def test_label_ending_before_it_starts() -> None:
    labels = (LabelInput("低保", date(2025, 5, 1), date(2025, 1, 1)),)
    problem = only(problems_of(replace(BASE, labels=labels)))
    assert (problem.field, problem.code) == ("labels[0]", "date_order")
    assert problem.message() == (
        "“低保”结束日期（2025-01-01）早于开始日期（2025-05-01），请把结束日期改到开始日期之后。"
    )


def test_child_label_for_an_adult() -> None:
    labels = (LabelInput("孤儿", date(2025, 1, 1)),)
    problem = only(problems_of(replace(BASE, labels=labels)))
    assert (problem.field, problem.code) == ("labels[0]", "label_child_age")
    assert "未满 18 周岁" in problem.message()
    assert "已 39 岁" in problem.message()


def test_child_label_for_a_child_is_fine() -> None:
    child = BeneficiaryInput(
        name="王小明", community_id=1, id_number="", id_type="无证件", sex="男",
        birth_date=date(2015, 1, 1), labels=(LabelInput("困境儿童", date(2025, 1, 1)),),
    )  # fmt: skip
    assert problems_of(child) == []


def test_overlapping_periods_of_one_label() -> None:
    labels = (
        LabelInput("低保", date(2024, 1, 1), date(2024, 12, 31)),
        LabelInput("低保", date(2024, 6, 1)),
    )
    problem = only(problems_of(replace(BASE, labels=labels)))
    assert (problem.field, problem.code) == ("labels[0]", "label_overlap")
    assert "合并为一段或修改日期" in problem.message()


def test_consecutive_periods_of_one_label_do_not_overlap() -> None:
    labels = (
        LabelInput("低保", date(2024, 1, 1), date(2024, 12, 31)),
        LabelInput("低保", date(2025, 1, 1)),
    )
    assert problems_of(replace(BASE, labels=labels)) == []


def test_member_with_the_persons_own_id_number() -> None:
    members = (MemberInput(relation="配偶", name="李娜", id_number=ADULT_ID.lower()),)
    problem = only(problems_of(replace(BASE, members=members)))
    assert (problem.field, problem.code) == ("members[0].id_number", "id_same_as_member")
    assert "与本人相同" in problem.message()


def test_two_members_with_one_id_number_are_shown_masked() -> None:
    wife = "510108198701010029"
    members = (
        MemberInput(relation="配偶", name="李娜", id_number=wife),
        MemberInput(relation="子女", name="张小", id_number=wife),
    )
    problem = only(problems_of(replace(BASE, members=members)))
    assert (problem.field, problem.code) == ("members[1].id_number", "id_member_duplicate")
    assert "510108***********9" in problem.message()


@pytest.mark.parametrize("status", ["结案", "转介"])
def test_closing_or_referring_needs_a_reason(status: str) -> None:
    problem = only(problems_of(replace(BASE, status=status)))
    assert (problem.field, problem.code) == ("status_reason", "reason_required")
    assert problem.message() == f"状态为“{status}”时必须填写原因。"
    assert problems_of(replace(BASE, status=status, status_reason="已迁出本街道")) == []


def test_bad_id_number_is_reported_on_its_field() -> None:
    problem = only(problems_of(replace(BASE, id_number="510108198503120236")))
    assert (problem.field, problem.code) == ("id_number", "id_check_digit")


def test_every_problem_of_a_bad_form_is_listed_at_once() -> None:
    bad = BeneficiaryInput(
        name="", community_id=None, id_number="510108198502300235", phone="12345",
        status="结案", bank_account="12ab",
    )  # fmt: skip
    fields = {p.field for p in problems_of(bad)}
    assert fields == {"name", "id_number", "phone", "community_id", "status_reason", "bank_account"}


def test_every_code_the_rules_raise_has_a_chinese_message() -> None:
    """A new RuleError or Problem code without wording would show the generic fallback."""
    package = Path(__file__).resolve().parents[2] / "relief_desktop"
    codes: set[str] = set()
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        codes |= set(re.findall(r"\bRuleError\(\s*\"(\w+)\"", text))
        codes |= set(re.findall(r"\bProblem\(\s*[^,()]+(?:\([^()]*\))?,\s*\"(\w+)\"", text))
    assert len(codes) > 20
    assert codes - set(MESSAGES) == set()


def test_describe_words_a_code_and_survives_missing_details() -> None:
    assert (
        describe("date_future", label="登记日期")
        == "登记日期不能晚于今天，只能填今天或以前的日期，请核对。"
    )
    assert describe("date_future") == MESSAGES["date_future"]
    assert "no_such_code" in describe("no_such_code")
