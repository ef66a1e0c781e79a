"""Refusals of bad casework input: each names the field and has a Chinese message."""

from datetime import date

from relief_desktop.domain.casework import (
    DOMAINS,
    AssessmentInput,
    MeasureInput,
    PlanInput,
    Rating,
    ReviewInput,
    ServiceInput,
    SurveyInput,
    check_assessment,
    check_closure,
    check_plan,
    check_review,
    check_service,
    check_survey,
    due_bucket,
)

TODAY = date(2026, 6, 17)  # a Wednesday
OPENED = date(2026, 3, 1)


def codes(problems: list) -> set[str]:  # type: ignore[type-arg]
    return {p.code for p in problems}


def full(value: int = 0) -> tuple[Rating, ...]:
    return tuple(Rating(d, value) for d in DOMAINS)


def test_ratings_outside_zero_to_three_are_refused_with_the_domain_named() -> None:
    bad = (Rating(DOMAINS[0], 4), *full()[1:])
    problems = check_assessment(AssessmentInput(TODAY, "a", "b", bad), OPENED, TODAY)
    assert codes(problems) == {"rating_range"}
    assert "经济/基本生活" in problems[0].message()
    assert "0（无）" in problems[0].message()


def test_an_assessment_needs_two_different_assessors_and_every_domain() -> None:
    problems = check_assessment(AssessmentInput(TODAY, "a", "a", full()[:10]), OPENED, TODAY)
    assert codes(problems) == {"assessors_same", "ratings_missing"}
    assert "法律/证件" in next(p for p in problems if p.code == "ratings_missing").message()


def test_overriding_the_level_needs_a_written_reason() -> None:
    data = AssessmentInput(TODAY, "a", "b", full(), level="重点")
    assert codes(check_assessment(data, OPENED, TODAY)) == {"level_override_reason"}
    reasoned = AssessmentInput(TODAY, "a", "b", full(), level="重点", override_reason="独居高龄")
    assert check_assessment(reasoned, OPENED, TODAY) == []


def test_an_assessment_cannot_be_dated_in_the_future_or_before_the_case() -> None:
    later = check_assessment(AssessmentInput(date(2026, 7, 1), "a", "b", full()), OPENED, TODAY)
    earlier = check_assessment(AssessmentInput(date(2026, 2, 1), "a", "b", full()), OPENED, TODAY)
    assert codes(later) == {"date_future"}
    assert codes(earlier) == {"date_order"}


def test_a_measure_without_worker_or_ending_before_it_starts_is_refused() -> None:
    plan = PlanInput(
        TODAY,
        ["住房"],
        ["修好屋顶"],
        [
            MeasureInput("维修", ""),
            MeasureInput("送米", "w", start_on=date(2026, 6, 1), end_on=date(2026, 5, 1)),
        ],
    )
    problems = check_plan(plan, OPENED, TODAY)
    assert codes(problems) == {"measure_worker_required", "measure_dates"}
    assert "第 1 项" in problems[0].message()
    assert "第 2 项" in problems[1].message()


def test_a_plan_needs_a_goal_and_a_measure() -> None:
    assert codes(check_plan(PlanInput(TODAY, [], [" "], []), OPENED, TODAY)) == {
        "plan_goal_required",
        "plan_measure_required",
    }


def test_a_review_before_the_plan_is_refused() -> None:
    review = ReviewInput(date(2026, 4, 1), [("目标", "进展顺利")])
    problems = check_review(review, date(2026, 5, 1), TODAY)
    assert codes(problems) == {"review_before_plan"}
    assert "2026-05-01" in problems[0].message()


def test_no_service_in_the_future_before_opening_or_after_closure() -> None:
    def service(day: date) -> ServiceInput:
        return ServiceInput(day, "入户", "走访", ["w"], 30)

    assert codes(check_service(service(date(2026, 6, 18)), OPENED, None, TODAY)) == {
        "service_future"
    }
    assert codes(check_service(service(date(2026, 2, 1)), OPENED, None, TODAY)) == {
        "service_before_open"
    }
    assert codes(check_service(service(date(2026, 6, 1)), OPENED, date(2026, 5, 1), TODAY)) == {
        "service_after_close"
    }
    assert check_service(service(TODAY), OPENED, None, TODAY) == []


def test_a_service_needs_a_mode_content_and_a_worker() -> None:
    problems = check_service(ServiceInput(TODAY, "上门", " ", [], 30), OPENED, None, TODAY)
    assert codes(problems) == {"choice", "required", "service_worker_required"}


def test_a_service_takes_some_minutes() -> None:
    for minutes in (0, -5, 1441):
        problems = check_service(
            ServiceInput(TODAY, "电话", "回访", ["w"], minutes), OPENED, None, TODAY
        )
        assert [(p.field, p.code) for p in problems] == [("minutes", "minutes_range")]
        assert "1 到 1440 分钟" in problems[0].message()
    assert check_service(ServiceInput(TODAY, "电话", "回访", ["w"], 1), OPENED, None, TODAY) == []


def test_an_empty_choice_asks_to_choose_it() -> None:
    service = check_service(ServiceInput(TODAY, "", "回访", ["w"], 10), OPENED, None, TODAY)
    assert [p.message() for p in service] == ["请选择服务方式。"]
    closure = check_closure(TODAY, "", "目标达成", OPENED, TODAY)
    assert [p.message() for p in closure] == ["请选择结案结果。"]
    wrong = check_service(ServiceInput(TODAY, "上门", "回访", ["w"], 10), OPENED, None, TODAY)
    assert "“上门”不在可选项中" in wrong[0].message()


def test_closure_date_cannot_precede_opening() -> None:
    problems = check_closure(date(2026, 2, 1), "达成", "目标达成", OPENED, TODAY)
    assert codes(problems) == {"close_before_open"}
    assert codes(check_closure(TODAY, "", "", OPENED, TODAY)) == {"choice", "required"}


def test_survey_answers_are_one_to_five_and_at_least_one_is_given() -> None:
    assert codes(check_survey(SurveyInput(TODAY, "w", {"overall": 6}), TODAY)) == {"survey_range"}
    assert codes(check_survey(SurveyInput(TODAY, "w", {}), TODAY)) == {"survey_empty"}
    assert check_survey(SurveyInput(TODAY, "w", {"overall": 5, "skill": None}), TODAY) == []


def test_due_buckets_follow_the_calendar_week() -> None:
    assert due_bucket(date(2026, 6, 16), TODAY) == "已逾期"
    assert due_bucket(TODAY, TODAY) == "今天"
    assert due_bucket(date(2026, 6, 21), TODAY) == "本周"  # Sunday
    assert due_bucket(date(2026, 6, 22), TODAY) is None
