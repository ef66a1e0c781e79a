"""Beneficiary intake: the input shape and its validation (DOMAIN.md §3 Beneficiary, §4).

The stored row (storage/tables.py) has a column for each input field; see there why the two
are declared apart and tests/test_architecture.py for the check that keeps them in step."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date

from relief_desktop.domain import idcard, phone
from relief_desktop.domain import text as text_rules
from relief_desktop.domain.errors import Problem, RuleError
from relief_desktop.domain.vocab import CHILD_LABELS, ID_TYPES, LABELS, PRIORITIES, SEXES, STATUSES

FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "证件号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "emergency_contact": "紧急联系人",
    "emergency_phone": "紧急联系电话",
    "hukou_address": "户籍地址",
    "address": "现居住地址",
    "community_id": "所属社区",
    "household_income_fen": "家庭月收入",
    "bank_account": "银行账号",
    "registered_on": "登记日期",
    "consent_date": "知情同意日期",
    "status": "状态",
    "status_reason": "状态原因",
    "priority": "优先级",
    "marital": "婚姻状况",
    "education": "文化程度",
    "occupation": "工作情况",
    "health": "健康状况",
    "disability_type": "残疾类型",
    "disability_grade": "残疾等级",
    "self_care": "自理能力",
    "income_sources": "收入来源",
    "housing": "住房情况",
    "cause": "致困原因",
    "source": "来源",
    "consent_scope": "知情同意范围",
    "consent_signer": "知情同意签字人",
    "notes": "备注",
}
MEMBER_LABELS: dict[str, str] = {
    "relation": "与户主关系",
    "name": "成员姓名",
    "id_number": "成员身份证号",
    "sex": "成员性别",
    "health": "成员健康状况",
    "disability": "成员残疾情况",
    "occupation": "成员工作/学业",
}


@dataclass(frozen=True)
class LabelInput:
    """An assistance label (低保, 特困 …) held from start to end (open-ended when None)."""

    label: str
    start_date: date | None
    end_date: date | None = None
    note: str = ""


@dataclass(frozen=True)
class MemberInput:
    relation: str
    name: str
    id_number: str = ""
    sex: str = ""
    birth_date: date | None = None
    lives_together: bool = True
    legal_supporter: bool = False
    health: str = ""
    disability: str = ""
    occupation: str = ""
    income_fen: int | None = None


@dataclass(frozen=True)
class BeneficiaryInput:
    name: str
    community_id: int | None
    id_type: str = "居民身份证"
    id_number: str = ""
    sex: str = ""
    birth_date: date | None = None
    phone: str = ""
    emergency_contact: str = ""
    emergency_phone: str = ""
    hukou_address: str = ""
    address: str = ""
    marital: str = ""
    education: str = ""
    occupation: str = ""
    health: str = ""
    disability_type: str = ""
    disability_grade: str = ""
    self_care: str = ""
    household_income_fen: int | None = None
    income_sources: str = ""
    housing: str = ""
    bank_account: str = ""
    cause: str = ""
    source: str = ""
    registered_on: date | None = None
    consent_date: date | None = None
    consent_scope: str = ""
    consent_signer: str = ""
    status: str = "待评估"
    status_reason: str = ""
    priority: str = "一般"
    notes: str = ""
    labels: tuple[LabelInput, ...] = ()
    members: tuple[MemberInput, ...] = field(default_factory=tuple)


# The text fields of each input, checked for control characters on every save.
_PERSON_TEXT = tuple(item.name for item in fields(BeneficiaryInput) if item.type is str)
_MEMBER_TEXT = tuple(item.name for item in fields(MemberInput) if item.type is str)


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def clean(
    data: BeneficiaryInput, today: date | None = None
) -> tuple[BeneficiaryInput, list[Problem]]:
    """Normalise the input (ID, phones, derived birth and sex) and list every problem found."""
    today = today or date.today()
    problems: list[Problem] = []

    def need(name: str, value: object) -> None:
        if value in ("", None):
            problems.append(Problem(name, "required", {"label": FIELD_LABELS.get(name, name)}))

    problems += _control_problems(data, FIELD_LABELS, "")
    for i, item in enumerate(data.labels):
        for text in (item.label, item.note):
            found = text_rules.problem(f"labels[{i}]", "救助标签", text)
            if found is not None:
                problems.append(found)
    for i, member in enumerate(data.members):
        problems += _control_problems(member, MEMBER_LABELS, f"members[{i}].")

    name = text_rules.person_name(data.name)
    need("name", name)
    if len(name) > 50:
        problems.append(Problem("name", "too_long", {"label": "姓名", "max": 50}))
    if re.search(r"\d", name):
        problems.append(Problem("name", "name_digits"))
    if data.id_type not in ID_TYPES:
        problems.append(Problem("id_type", "choice", {"label": "证件类型", "value": data.id_type}))

    id_number, sex, birth = data.id_number.strip(), data.sex, data.birth_date
    id_ok = True
    if data.id_type == "居民身份证":
        try:
            info = idcard.parse(id_number, today)
        except RuleError as error:
            id_ok = False
            problems.append(Problem("id_number", error.code, error.details))
        else:
            id_number, sex, birth = info.number, info.sex, info.birth_date
    elif data.id_type == "无证件":
        id_number = ""
    else:
        id_number = re.sub(r"\s+", "", text_rules.fold(id_number)).upper()
        need("id_number", id_number)
    if sex not in SEXES and id_ok:
        problems.append(Problem("sex", "sex_required"))
    if birth is not None and birth > today:
        problems.append(Problem("birth_date", "date_future", {"label": "出生日期"}))

    phones: dict[str, str] = {}
    for key in ("phone", "emergency_phone"):
        raw = getattr(data, key)
        try:
            phones[key] = phone.normalise(raw)
        except RuleError as error:
            phones[key] = raw
            problems.append(Problem(key, error.code, error.details))

    if data.community_id is None:
        problems.append(Problem("community_id", "community_required"))
    registered_on = data.registered_on or today
    if registered_on > today:
        problems.append(Problem("registered_on", "date_future", {"label": "登记日期"}))
    if data.consent_date is not None and data.consent_date > today:
        problems.append(Problem("consent_date", "date_future", {"label": "知情同意日期"}))
    if data.status not in STATUSES:
        problems.append(Problem("status", "choice", {"label": "状态", "value": data.status}))
    if data.status in ("转介", "结案") and not data.status_reason.strip():
        problems.append(Problem("status_reason", "reason_required", {"status": data.status}))
    if data.priority not in PRIORITIES:
        problems.append(Problem("priority", "choice", {"label": "优先级", "value": data.priority}))
    account = re.sub(r"\s+", "", text_rules.fold(data.bank_account))
    if account and not re.fullmatch(r"[0-9]{12,30}", account):
        problems.append(Problem("bank_account", "bank_account"))

    problems += _check_labels(data.labels, birth)
    members, member_problems = _clean_members(data.members, id_number, today)
    problems += member_problems

    cleaned = replace(
        data,
        name=name,
        id_number=id_number,
        sex=sex,
        birth_date=birth,
        phone=phones["phone"],
        emergency_phone=phones["emergency_phone"],
        bank_account=account,
        registered_on=registered_on,
        members=tuple(members),
    )
    return cleaned, problems


def _control_problems(
    data: BeneficiaryInput | MemberInput, labels: dict[str, str], prefix: str
) -> list[Problem]:
    """A control character in any text field of a person or a member (domain/text.py)."""
    found: list[Problem] = []
    names = _MEMBER_TEXT if isinstance(data, MemberInput) else _PERSON_TEXT
    for name in names:
        value = getattr(data, name)
        if isinstance(value, str) and not value.isprintable():  # the usual case: skip fast
            problem = text_rules.problem(prefix + name, labels.get(name, name), value)
            if problem is not None:
                found.append(problem)
    return found


def _check_labels(labels: Sequence[LabelInput], birth: date | None) -> list[Problem]:
    problems: list[Problem] = []
    for i, item in enumerate(labels):
        key = f"labels[{i}]"
        if item.label not in LABELS:
            problems.append(Problem(key, "choice", {"label": "救助标签", "value": item.label}))
            continue
        if item.start_date is None:
            problems.append(Problem(key, "label_start_required", {"label": item.label}))
            continue
        if item.end_date is not None and item.end_date < item.start_date:
            problems.append(
                Problem(
                    key,
                    "date_order",
                    {
                        "end_label": f"“{item.label}”结束日期",
                        "end": item.end_date.isoformat(),
                        "start_label": "开始日期",
                        "start": item.start_date.isoformat(),
                    },
                )
            )
        if item.label in CHILD_LABELS and birth is not None:
            age = age_on(birth, item.start_date)
            if age >= 18:
                details = {"label": item.label, "start": item.start_date.isoformat(), "age": age}
                problems.append(Problem(key, "label_child_age", details))
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            if a.label == b.label and a.start_date and b.start_date and _overlap(a, b):
                problems.append(Problem(f"labels[{i}]", "label_overlap", {"label": a.label}))
    return problems


def _overlap(a: LabelInput, b: LabelInput) -> bool:
    assert a.start_date is not None
    assert b.start_date is not None
    a_end = a.end_date or date.max
    b_end = b.end_date or date.max
    return a.start_date <= b_end and b.start_date <= a_end


def _clean_members(
    members: Sequence[MemberInput], own_id: str, today: date
) -> tuple[list[MemberInput], list[Problem]]:
    problems: list[Problem] = []
    cleaned: list[MemberInput] = []
    seen: set[str] = set()
    for i, member in enumerate(members):
        key = f"members[{i}]"
        name = text_rules.person_name(member.name)
        if not name:
            problems.append(Problem(f"{key}.name", "member_name_required", {"row": i + 1}))
        if not member.relation:
            problems.append(Problem(f"{key}.relation", "member_relation_required", {"row": i + 1}))
        number, sex, birth = member.id_number.strip(), member.sex, member.birth_date
        if number:
            try:
                info = idcard.parse(number, today)
            except RuleError as error:
                problems.append(Problem(f"{key}.id_number", error.code, error.details))
            else:
                number, sex, birth = info.number, info.sex, info.birth_date
                if number == own_id:
                    problems.append(Problem(f"{key}.id_number", "id_same_as_member"))
                elif number in seen:
                    masked = idcard.mask(number)
                    problems.append(
                        Problem(
                            f"{key}.id_number", "id_member_duplicate", {"number_masked": masked}
                        )
                    )
                seen.add(number)
        cleaned.append(replace(member, name=name, id_number=number, sex=sex, birth_date=birth))
    return cleaned, problems
