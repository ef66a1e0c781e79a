"""Casework rules (DOMAIN.md §3): the assessment level, plan, service, closure and survey checks.

Pure functions over plain values: no Qt, no SQL. Each `check_*` returns the problems found;
the services refuse to save while any remain, so nothing is half-saved.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from relief_desktop.domain import text as text_rules
from relief_desktop.domain.errors import Problem

# The 12 assessment domains, in the order of the form (DOMAIN.md §3 needs assessment).
DOMAINS: Final = (
    "经济/基本生活",
    "住房",
    "医疗健康",
    "残疾康复",
    "照料/自理",
    "教育",
    "就业",
    "心理",
    "家庭/监护",
    "社会支持/融入",
    "安全风险",
    "法律/证件",
)
SAFETY: Final = "安全风险"
RATING_WORDS: Final = ("无", "轻度", "中度", "重度")
LEVELS: Final = ("一般", "重点", "紧急")
SOURCES: Final = ("主动发现", "社区", "区中心", "来访")
METHODS: Final = ("入户访谈", "来访面谈", "电话访谈", "线上访谈", "资料查阅", "多种方式")
MEASURE_TYPES: Final = (
    "物资援助",
    "资金援助",
    "资源链接",
    "心理疏导",
    "社会融入",
    "能力提升",
    "照料服务",
    "政策咨询",
    "转介",
    "其他",
)
SERVICE_TYPES: Final = MEASURE_TYPES
MODES: Final = ("入户", "来访", "电话", "线上", "陪同")
RESULTS: Final = ("达成", "部分达成", "未达成")
ATTACHMENT_KINDS: Final = ("同意书", "照片", "其他")
SURVEY_METHODS: Final = ("面访", "电话", "问卷", "线上")
# (field, label) of the five survey items; 1 非常不满意 … 5 非常满意.
SURVEY_ITEMS: Final = (
    ("attitude", "服务态度"),
    ("timeliness", "及时性"),
    ("skill", "专业能力"),
    ("result", "服务效果"),
    ("overall", "总体满意度"),
)
SCALE: Final = ("非常不满意", "不满意", "一般", "满意", "非常满意")
NO_SERVICE_DAYS: Final = 30


def rating_text(value: int | None) -> str:
    """A score with its word, as forms and outputs show it: 2 -> "2 中度"."""
    if value is None:
        return "—"
    word = RATING_WORDS[value] if 0 <= value < len(RATING_WORDS) else "?"
    return f"{value} {word}"


def compute_level(ratings: Mapping[str, int]) -> str:
    """紧急 if any domain is 3 or 安全风险 ≥ 2; else 重点 if three or more domains are 2; else 一般.

    The rule is the product's decision (DOMAIN.md §3 **Decided**); an override needs a reason.
    """
    values = list(ratings.values())
    if any(v >= 3 for v in values) or ratings.get(SAFETY, 0) >= 2:
        return "紧急"
    if sum(1 for v in values if v == 2) >= 3:
        return "重点"
    return "一般"


def needs_from(ratings: Mapping[str, int]) -> list[str]:
    """The plan's needs, pre-filled from the domains rated 2 or 3, in form order."""
    return [d for d in DOMAINS if ratings.get(d, 0) >= 2]


@dataclass(frozen=True)
class Rating:
    domain: str
    rating: int
    note: str = ""


@dataclass(frozen=True)
class AssessmentInput:
    assessed_on: date | None
    assessor1: str  # worker uuid
    assessor2: str
    ratings: Sequence[Rating]
    method: str = ""
    strengths: str = ""
    wishes: str = ""
    next_assessment_on: date | None = None
    level: str | None = None  # None: take the computed level
    override_reason: str = ""

    def rating_map(self) -> dict[str, int]:
        return {r.domain: r.rating for r in self.ratings}


def check_assessment(data: AssessmentInput, opened_on: date, today: date) -> list[Problem]:
    problems = _typed(
        ("method", "评估方式", data.method),
        ("strengths", "优势与资源", data.strengths),
        ("wishes", "服务对象意愿", data.wishes),
        ("override_reason", "调整等级的理由", data.override_reason),
        *(("ratings", f"“{r.domain}”的说明", r.note) for r in data.ratings),
    )
    if data.assessed_on is None:
        problems.append(Problem("assessed_on", "required", {"label": "评估日期"}))
    else:
        problems += _not_future("assessed_on", "评估日期", data.assessed_on, today)
        problems += _order("assessed_on", "开案日期", opened_on, "评估日期", data.assessed_on)
        if data.next_assessment_on is not None and data.next_assessment_on <= data.assessed_on:
            problems.append(Problem("next_assessment_on", "next_assessment_order"))
    if not data.assessor1 or not data.assessor2:
        problems.append(Problem("assessors", "assessors_two"))
    elif data.assessor1 == data.assessor2:
        problems.append(Problem("assessors", "assessors_same"))
    seen = {r.domain for r in data.ratings}
    for rating in data.ratings:
        if rating.domain not in DOMAINS:
            problems.append(Problem("ratings", "domain_unknown", {"domain": rating.domain}))
        elif not 0 <= rating.rating <= 3:
            problems.append(
                Problem(
                    "ratings", "rating_range", {"domain": rating.domain, "value": rating.rating}
                )
            )
    missing = [d for d in DOMAINS if d not in seen]
    if missing:
        problems.append(Problem("ratings", "ratings_missing", {"domains": "、".join(missing)}))
    if len(data.ratings) != len(seen):
        problems.append(Problem("ratings", "ratings_duplicate"))
    if data.level is not None:
        if data.level not in LEVELS:
            problems.append(Problem("level", "choice", {"label": "评估等级", "value": data.level}))
        elif (
            not problems
            and data.level != compute_level(data.rating_map())
            and not data.override_reason.strip()
        ):
            problems.append(
                Problem(
                    "override_reason",
                    "level_override_reason",
                    {"computed": compute_level(data.rating_map()), "level": data.level},
                )
            )
    return problems


@dataclass(frozen=True)
class DomainChange:
    domain: str
    before: int | None
    after: int
    note: str = ""

    @property
    def delta(self) -> int:
        return self.after - (self.before or 0)


def compare(before: Mapping[str, int] | None, after: Mapping[str, int]) -> list[DomainChange]:
    """Per domain what a re-assessment changed (before None: first assessment, all shown)."""
    return [
        DomainChange(d, None if before is None else before.get(d), after.get(d, 0))
        for d in DOMAINS
        if before is None or before.get(d) != after.get(d, 0)
    ]


@dataclass(frozen=True)
class MeasureInput:
    content: str
    worker: str  # worker uuid; required
    measure_type: str = ""
    resource: str = ""
    partner: str = ""
    start_on: date | None = None
    end_on: date | None = None
    frequency: str = ""
    uuid: str | None = None  # an existing measure keeps its identity across versions


@dataclass(frozen=True)
class PlanInput:
    made_on: date | None
    needs: Sequence[str]
    goals: Sequence[str]
    measures: Sequence[MeasureInput]
    key_case: bool = False
    approver: str = ""
    client_signed: bool = False
    next_review_on: date | None = None
    note: str = ""  # what this save changed, kept with the version


def check_plan(data: PlanInput, opened_on: date, today: date) -> list[Problem]:
    problems = _typed(
        *(("needs", "需求", need) for need in data.needs),
        *(("goals", "目标", goal) for goal in data.goals),
        *(
            ("measures", f"第 {row} 项措施", text)
            for row, m in enumerate(data.measures, start=1)
            for text in (m.content, m.measure_type, m.resource, m.partner, m.frequency)
        ),
        ("approver", "审核人", data.approver),
        ("note", "修改说明", data.note),
    )
    if data.made_on is None:
        problems.append(Problem("made_on", "required", {"label": "制定日期"}))
    else:
        problems += _not_future("made_on", "方案制定日期", data.made_on, today)
        problems += _order("made_on", "开案日期", opened_on, "方案制定日期", data.made_on)
        if data.next_review_on is not None and data.next_review_on <= data.made_on:
            problems.append(Problem("next_review_on", "review_due_order"))
    if not [g for g in data.goals if g.strip()]:
        problems.append(Problem("goals", "plan_goal_required"))
    if not data.measures:
        problems.append(Problem("measures", "plan_measure_required"))
    for row, measure in enumerate(data.measures, start=1):
        if not measure.content.strip():
            problems.append(Problem("measures", "measure_content_required", {"row": row}))
        if not measure.worker:
            problems.append(Problem("measures", "measure_worker_required", {"row": row}))
        if measure.start_on and measure.end_on and measure.end_on < measure.start_on:
            problems.append(
                Problem(
                    "measures",
                    "measure_dates",
                    {"row": row, "start": measure.start_on, "end": measure.end_on},
                )
            )
    return problems


@dataclass(frozen=True)
class ReviewInput:
    reviewed_on: date | None
    progress: Sequence[tuple[str, str]]  # (goal, progress)
    changes: str = ""
    next_review_on: date | None = None
    reviewer: str | None = None


def check_review(data: ReviewInput, plan_made_on: date, today: date) -> list[Problem]:
    if data.reviewed_on is None:
        return [Problem("reviewed_on", "required", {"label": "回顾日期"})]
    problems = _not_future("reviewed_on", "回顾日期", data.reviewed_on, today)
    problems += _typed(
        *(("progress", f"“{goal}”的进展", text) for goal, text in data.progress),
        ("changes", "方案调整", data.changes),
    )
    if data.reviewed_on < plan_made_on:
        problems.append(
            Problem(
                "reviewed_on",
                "review_before_plan",
                {"reviewed": data.reviewed_on, "made": plan_made_on},
            )
        )
    if data.next_review_on is not None and data.next_review_on <= data.reviewed_on:
        problems.append(Problem("next_review_on", "review_due_order"))
    if not any(p.strip() for _, p in data.progress) and not data.changes.strip():
        problems.append(Problem("progress", "review_empty"))
    return problems


@dataclass(frozen=True)
class ServiceInput:
    served_on: date | None
    mode: str
    content: str
    workers: Sequence[str]  # worker uuids
    minutes: int = 0
    service_type: str = ""
    measure_uuid: str | None = None
    resources: str = ""
    next_step: str = ""
    next_step_on: date | None = None
    handover_uuid: str | None = None  # the 资源发放 this service handed over, if any


def check_service(
    data: ServiceInput, opened_on: date, closed_on: date | None, today: date
) -> list[Problem]:
    problems = _typed(
        ("content", "服务内容", data.content),
        ("service_type", "服务类型", data.service_type),
        ("resources", "使用的资源", data.resources),
        ("next_step", "下一步计划", data.next_step),
    )
    if data.served_on is None:
        problems.append(Problem("served_on", "required", {"label": "服务日期"}))
    else:
        if data.served_on > today:
            problems.append(Problem("served_on", "service_future", {"date": data.served_on}))
        if data.served_on < opened_on:
            problems.append(
                Problem(
                    "served_on",
                    "service_before_open",
                    {"date": data.served_on, "opened": opened_on},
                )
            )
        if closed_on is not None and data.served_on > closed_on:
            problems.append(
                Problem(
                    "served_on",
                    "service_after_close",
                    {"date": data.served_on, "closed": closed_on},
                )
            )
        if data.next_step_on is not None and data.next_step_on < data.served_on:
            problems.append(Problem("next_step_on", "next_step_order"))
    if data.mode not in MODES:
        problems.append(Problem("mode", "choice", {"label": "服务方式", "value": data.mode}))
    if not data.content.strip():
        problems.append(Problem("content", "required", {"label": "服务内容"}))
    if not data.workers:
        problems.append(Problem("workers", "service_worker_required"))
    if not 0 < data.minutes <= 1440:
        problems.append(Problem("minutes", "minutes_range", {"value": data.minutes}))
    if data.next_step_on is not None and not data.next_step.strip():
        problems.append(Problem("next_step", "required", {"label": "下一步计划"}))
    return problems


def check_closure(
    closed_on: date | None, result: str, reason: str, opened_on: date, today: date
) -> list[Problem]:
    problems = _typed(("reason", "结案原因", reason))
    if closed_on is None:
        problems.append(Problem("closed_on", "required", {"label": "结案日期"}))
    else:
        problems += _not_future("closed_on", "结案日期", closed_on, today)
        if closed_on < opened_on:
            problems.append(
                Problem(
                    "closed_on", "close_before_open", {"closed": closed_on, "opened": opened_on}
                )
            )
    if result not in RESULTS:
        problems.append(Problem("result", "choice", {"label": "结案结果", "value": result}))
    if not reason.strip():
        problems.append(Problem("reason", "required", {"label": "结案原因"}))
    return problems


@dataclass(frozen=True)
class SurveyInput:
    surveyed_on: date | None
    surveyor: str  # worker uuid
    answers: Mapping[str, int | None] = field(default_factory=dict)
    method: str = ""
    anonymous: bool = False
    comment: str = ""


def check_survey(data: SurveyInput, today: date) -> list[Problem]:
    problems = _typed(("comment", "意见建议", data.comment), ("method", "调查方式", data.method))
    if data.surveyed_on is None:
        problems.append(Problem("surveyed_on", "required", {"label": "调查日期"}))
    else:
        problems += _not_future("surveyed_on", "调查日期", data.surveyed_on, today)
    if not data.surveyor:
        problems.append(Problem("surveyor", "required", {"label": "调查人"}))
    labels = dict(SURVEY_ITEMS)
    for key, value in data.answers.items():
        if key not in labels:
            problems.append(Problem("answers", "survey_item_unknown", {"item": key}))
        elif value is not None and not 1 <= value <= 5:
            problems.append(Problem(key, "survey_range", {"item": labels[key], "value": value}))
    if all(data.answers.get(key) is None for key, _ in SURVEY_ITEMS):
        problems.append(Problem("answers", "survey_empty"))
    return problems


def is_satisfied(overall: int | None) -> bool:
    """满意 (4) or 非常满意 (5): the numerator of the satisfaction KPI (DOMAIN.md §6)."""
    return overall is not None and overall >= 4


def due_bucket(due: date, today: date) -> str | None:
    """已逾期 / 今天 / 本周 (through this Sunday), or None when further away."""
    if due < today:
        return "已逾期"
    if due == today:
        return "今天"
    if due <= today + timedelta(days=6 - today.weekday()):
        return "本周"
    return None


def case_no(street_code: str, year: int, seq: int) -> str:
    """510108004-2026-C001: street code, year of opening, sequence within that street and year."""
    return f"{street_code}-{year}-C{seq:03d}"


def _typed(*fields: tuple[str, str, str]) -> list[Problem]:
    """(field, label, text) typed in a form: a control character is refused (domain/text.py)."""
    found = (text_rules.problem(key, label, text) for key, label, text in fields)
    return [problem for problem in found if problem is not None]


def _not_future(name: str, label: str, value: date, today: date) -> list[Problem]:
    return [Problem(name, "date_future", {"label": label})] if value > today else []


def _order(name: str, start_label: str, start: date, end_label: str, end: date) -> list[Problem]:
    if end >= start:
        return []
    details = {"start_label": start_label, "start": start, "end_label": end_label, "end": end}
    return [Problem(name, "date_order", details)]
