"""基础数据库 workbook: beneficiaries (sheet 1) with household members (sheet 家庭成员), exported
and imported through the same writer and the same importer as every ledger.

Rows are checked by domain.beneficiary.clean (via services.beneficiaries.validate); members are
linked to their head by the head's ID number or file number; the whole file is one transaction.
"""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from relief_desktop.domain import idcard, masking
from relief_desktop.domain.beneficiary import BeneficiaryInput, LabelInput, MemberInput
from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.money import format_yuan, parse_yuan
from relief_desktop.domain.text import fold
from relief_desktop.exports.xlsx import Column, Kind, Sheet, write_workbook
from relief_desktop.importers.table_file import FieldSpec, read_sheets, read_table
from relief_desktop.ledgers.exchange import MASKED_NOTE, ImportResult, ImportRow
from relief_desktop.ledgers.values import parse_date
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.team import print_heading
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

TITLE = "基础数据库"
MEMBER_SHEET = "家庭成员"

# (input field, header, synonyms)
HEAD: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("file_no", "档案号", ("档案编号",)),
    ("name", "姓名", ("对象姓名", "户主姓名")),
    ("id_type", "证件类型", ()),
    ("id_number", "身份证号", ("身份证号码", "证件号码")),
    ("sex", "性别", ()),
    ("birth_date", "出生日期", ()),
    ("phone", "联系电话", ("电话", "手机号")),
    ("hukou_address", "户籍地址", ()),
    ("address", "现居住地址", ("居住地址", "地址")),
    ("community", "所属社区", ("社区",)),
    ("marital", "婚姻状况", ()),
    ("education", "文化程度", ()),
    ("health", "健康状况", ()),
    ("disability_type", "残疾类型", ()),
    ("disability_grade", "残疾等级", ()),
    ("self_care", "自理能力", ()),
    ("household_income_fen", "家庭月收入（元）", ("家庭月收入", "月收入")),
    ("cause", "致困原因", ()),
    ("source", "来源", ()),
    ("registered_on", "登记日期", ()),
    ("status", "状态", ()),
    ("status_reason", "状态原因", ()),
    ("priority", "优先级", ()),
    ("labels", "救助标签", ("救助类别",)),
    ("notes", "备注", ()),
)
MEMBER: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("head_file_no", "户主档案号", ()),
    ("head_id", "户主身份证号", ()),
    ("relation", "与户主关系", ("关系",)),
    ("name", "成员姓名", ("姓名",)),
    ("id_number", "成员身份证号", ("身份证号", "身份证号码")),
    ("sex", "性别", ()),
    ("birth_date", "出生日期", ()),
    ("lives_together", "共同生活", ()),
    ("legal_supporter", "法定赡养人", ()),
    ("health", "健康状况", ()),
    ("disability", "残疾情况", ()),
    ("occupation", "工作/学业", ()),
    ("income_fen", "月收入（元）", ("收入",)),
)


_PLAIN_TEXT = (
    "phone", "hukou_address", "address", "marital", "education", "health", "disability_type",
    "disability_grade", "self_care", "cause", "source", "status_reason", "notes",
)  # fmt: skip


# Codes and choices: full-width forms fold to ASCII (domain/text.py); the rest stays as typed.
# Dates, money and phones fold in their own parsers.
_VALUE_KEYS = frozenset(
    {"file_no", "head_file_no", "id_type", "sex", "status", "priority", "lives_together",
     "legal_supporter"}
)  # fmt: skip


def _specs(columns: tuple[tuple[str, str, tuple[str, ...]], ...]) -> list[FieldSpec]:
    required = {"name", "relation"}
    ids = {"id_number", "head_id"}
    return [
        FieldSpec(key, label, synonyms, key in required, id_number=key in ids,
                  multiline=key == "notes")
        for key, label, synonyms in columns
    ]  # fmt: skip


def _values(row: dict[str, str]) -> dict[str, str]:
    return {key: fold(text) if key in _VALUE_KEYS else text for key, text in row.items()}


def _labels_text(labels: tuple[LabelInput, ...]) -> str:
    parts = []
    for item in labels:
        span = f"{item.start_date or ''}~{item.end_date or ''}"
        parts.append(f"{item.label}({span})")
    return "、".join(parts)


def export(store: Store, target: Path, masked: bool = True) -> int:
    """Both sheets; names and ID numbers masked by default. Returns the persons written."""
    book = sheets(store, masked)

    result = write_workbook(target, book, heading=print_heading(store))
    return result.row_counts[TITLE]


def sheets(store: Store, masked: bool = True, registered_until: date | None = None) -> list[Sheet]:
    """基础数据库 and its 家庭成员 sheet: everyone registered by `registered_until` (None: all)."""

    conn = store.reader()
    people = []
    members = []
    until = (registered_until or date.max).isoformat()
    for (uuid,) in conn.execute(
        "SELECT uuid FROM beneficiary WHERE registered_on <= ? ORDER BY file_no", (until,)
    ).fetchall():
        record = beneficiaries.load(store, uuid)
        data = record.data
        community = conn.execute(
            "SELECT name FROM community WHERE id = ?", (data.community_id,)
        ).fetchone()
        values: dict[str, Any] = {
            **{key: getattr(data, key, "") for key, _l, _s in HEAD if hasattr(data, key)},
            "file_no": record.file_no,
            "community": community[0] if community else "",
            "labels": _labels_text(data.labels),
        }
        if masked:  # domain/masking.py: beside a masked ID, the birth year-month only
            values["name"] = masking.name(data.name)
            values["id_number"] = masking.id_number(data.id_number)
            values["birth_date"] = masking.birth(data.birth_date)
            values["phone"] = masking.phone(data.phone)
            values["hukou_address"] = masking.address(data.hukou_address)
            values["address"] = masking.address(data.address)
            values["notes"] = masking.scrub(data.notes or "")
            values["status_reason"] = masking.scrub(data.status_reason or "")
        people.append([values.get(key) for key, _l, _s in HEAD])
        for member in data.members:
            m = {key: getattr(member, key, None) for key, _l, _s in MEMBER}
            m["head_file_no"], m["head_id"] = record.file_no, data.id_number
            if masked:
                m["name"] = masking.name(member.name)
                m["id_number"] = masking.id_number(member.id_number)
                m["birth_date"] = masking.birth(member.birth_date)
                m["head_id"] = masking.id_number(data.id_number)
            members.append([m.get(key) for key, _l, _s in MEMBER])
    birth: Kind = "text" if masked else "date"  # 1990-03 when masked
    kinds: dict[str, Kind] = {
        "birth_date": birth,
        "registered_on": "date",
        "household_income_fen": "money",
    }
    member_kinds: dict[str, Kind] = {
        "birth_date": birth,
        "income_fen": "money",
        "lives_together": "bool",
        "legal_supporter": "bool",
    }
    note = MASKED_NOTE if masked else ""

    def header(key: str, label: str) -> str:
        return "出生年月" if masked and key == "birth_date" else label

    return [
        Sheet(TITLE, [Column(header(key, label), kinds.get(key, "text"))
                      for key, label, _s in HEAD], people, note=note),
        Sheet(MEMBER_SHEET, [Column(header(key, label), member_kinds.get(key, "text"))
                             for key, label, _s in MEMBER], members, note=note),
    ]  # fmt: skip


def _parse_labels(text: str, registered: date | None) -> tuple[LabelInput, ...]:
    labels = []
    for part in re.split(r"[、,，;；]+", text):
        match = re.fullmatch(r"\s*([^()（）]+?)\s*(?:[(（]([^~～]*)[~～]([^)）]*)[)）])?\s*", part)
        if not part.strip() or match is None:
            continue
        start = parse_date(match[2] or "") or registered
        end = parse_date(match[3] or "")
        labels.append(LabelInput(match[1], start, end))
    return tuple(labels)


def _yes(text: str, default: bool) -> bool:
    return default if not text else text.strip() in ("是", "Y", "y", "1", "√", "TRUE", "True")


def _problem_from(error: RuleError, field: str) -> Problem:
    return Problem(field, error.code, error.details)


def import_file(
    store: Store, actor: Actor, path: Path, *, commit: bool, skip_bad: bool = False
) -> ImportResult:
    result = ImportResult(TITLE, path.name)
    heads = read_table(path, _specs(HEAD))
    if heads.missing:
        result.problems.append((0, Problem("", "import_missing_columns", {"labels": "姓名"})))
        return result
    member_rows = []
    if MEMBER_SHEET in read_sheets(path) and heads.sheet != MEMBER_SHEET:
        member_rows = read_table(path, _specs(MEMBER), sheet=MEMBER_SHEET).rows
    result.skipped.extend(heads.skipped)
    bad_lines = {line for line, _p in heads.problems}
    result.problems.extend(heads.problems)
    prepared: list[tuple[int, BeneficiaryInput, str]] = []
    seen_ids: dict[str, int] = {}
    seen_file_nos: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for row in heads.rows:
        if row.line in bad_lines:
            continue
        v = _values(row.values)
        problems: list[Problem] = []
        community_id = None
        try:
            community_id = team.community_by_name(store, v.get("community", "")).id
        except RuleError as error:
            problems.append(_problem_from(error, "community_id"))
        income = None
        if v.get("household_income_fen"):
            try:
                income = parse_yuan(v["household_income_fen"])
            except RuleError as error:
                problems.append(_problem_from(error, "household_income_fen"))
        registered = parse_date(v.get("registered_on", ""))
        text = {k: v.get(k, "") for k in _PLAIN_TEXT}
        data = BeneficiaryInput(
            name=v.get("name", ""),
            community_id=community_id,
            id_type=v.get("id_type") or ("居民身份证" if v.get("id_number") else "无证件"),
            id_number=v.get("id_number", ""),
            sex=v.get("sex", ""),
            birth_date=parse_date(v.get("birth_date", "")),
            household_income_fen=income,
            registered_on=registered,
            labels=_parse_labels(v.get("labels", ""), registered),
            status=v.get("status") or "待评估",
            priority=v.get("priority") or "一般",
        )
        data = replace(data, **text)  # type: ignore[arg-type]
        prepared.append((row.line, data, v.get("file_no", "")))
        if problems:
            result.problems.extend((row.line, p) for p in problems)
    # Household members go to their head, found by ID number or file number.
    lines_by_index: dict[int, list[MemberInput]] = {}
    for index, (_line, data, file_no) in enumerate(prepared):
        for key in (idcard.normalise(data.id_number) if data.id_number else "", file_no):
            if key:
                by_key[key] = index
    for row in member_rows:
        v = _values(row.values)
        head_key = idcard.normalise(v.get("head_id", "")) if v.get("head_id") else ""
        index = by_key.get(head_key, by_key.get(v.get("head_file_no", ""), -1))
        if index < 0:
            key = v.get("head_id") or v.get("head_file_no") or "空"
            problem = Problem(
                "members", "registry_head_missing", {"name": v.get("name"), "key": key}
            )
            if idcard.is_masked(v.get("head_id", "")):  # from a masked export
                problem = Problem("members", "id_masked", {"value": v.get("head_id")})
            result.problems.append((row.line, problem))
            continue
        income = None
        if v.get("income_fen"):
            try:
                income = parse_yuan(v["income_fen"])
            except RuleError as error:
                result.problems.append((row.line, _problem_from(error, "income_fen")))
        lines_by_index.setdefault(index, []).append(
            MemberInput(
                relation=v.get("relation", ""), name=v.get("name", ""),
                id_number=v.get("id_number", ""), sex=v.get("sex", ""),
                birth_date=parse_date(v.get("birth_date", "")),
                lives_together=_yes(v.get("lives_together", ""), True),
                legal_supporter=_yes(v.get("legal_supporter", ""), False),
                health=v.get("health", ""), disability=v.get("disability", ""),
                occupation=v.get("occupation", ""), income_fen=income,
            )
        )  # fmt: skip
    accepted: list[tuple[int, BeneficiaryInput, str]] = []
    refused_lines = {line for line, _p in result.problems}
    for index, (line, data, file_no) in enumerate(prepared):
        data = replace(data, members=tuple(lines_by_index.get(index, [])))
        if line in refused_lines:
            continue
        try:
            cleaned = beneficiaries.validate(store, data)
        except ValidationFailedError as error:
            result.problems.extend((line, p) for p in error.problems)
            continue
        if cleaned.id_number and cleaned.id_number in seen_ids:
            details = {"number_masked": idcard.mask(cleaned.id_number),
                       "other": seen_ids[cleaned.id_number]}  # fmt: skip
            result.problems.append(
                (line, Problem("id_number", "registry_duplicate_in_file", details))
            )
            continue
        if cleaned.id_number:
            seen_ids[cleaned.id_number] = line
        taken = (
            store.reader()
            .execute("SELECT 1 FROM beneficiary WHERE file_no = ?", (file_no,))
            .fetchone()
        )
        if file_no and taken:
            result.problems.append(
                (line, Problem("file_no", "registry_file_no_taken", {"value": file_no}))
            )
            continue
        if file_no and file_no in seen_file_nos:  # the database would refuse it: say so first
            details = {"value": file_no, "other": seen_file_nos[file_no]}
            result.problems.append((line, Problem("file_no", "registry_file_no_twice", details)))
            continue
        if file_no:
            seen_file_nos[file_no] = line
        accepted.append((line, cleaned, file_no))
        shown = {"档案号": file_no, "姓名": cleaned.name,
                 "身份证号": idcard.mask(cleaned.id_number),
                 "家庭成员": str(len(cleaned.members)),
                 "家庭月收入": format_yuan(cleaned.household_income_fen)}  # fmt: skip
        result.added.append(ImportRow(line, "", shown))
    if commit and accepted and (skip_bad or not result.problems):
        _register_all(store, actor, accepted, path.name)
        result.committed = True
    return result


def _register_all(
    store: Store,
    actor: Actor,
    accepted: list[tuple[int, BeneficiaryInput, str]],
    file_name: str = "",
) -> None:
    """Every accepted person in ONE transaction, journaled so the import can be undone."""

    people = [(data, file_no) for _l, data, file_no in accepted]
    beneficiaries.register_many(store, actor, people, file_name or "基础数据库")
