"""What a bureau roll says about a person beyond name, ID and address, per category (schema 6):
低保 保障人数 and 月保障金额; 特困 供养方式 and 自理能力; the guardian of a child; the reason,
amount and date of a 临时救助. One list of labels and kinds for the work list, form and report."""

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Final, Literal

from relief_desktop.domain import idcard, phone
from relief_desktop.domain.money import format_yuan
from relief_desktop.domain.names import mask_name

FactKind = Literal["text", "int", "money", "date", "name", "id", "phone"]


@dataclass(frozen=True)
class RollFacts:
    """The per-category columns of one roll entry, as stored (money in fen, dates ISO)."""

    covered_persons: int | None = None
    monthly_amount_fen: int | None = None
    support_mode: str = ""
    self_care: str = ""
    guardian_name: str = ""
    guardian_id_number: str = ""
    guardian_phone: str = ""
    aid_reason: str = ""
    aid_amount_fen: int | None = None
    aid_on: str | None = None

    @classmethod
    def from_row(cls, values: Sequence[object]) -> "RollFacts":
        """From the columns of FACT_SQL, in that order (NULL text columns read as "")."""
        cleaned: dict[str, Any] = {}
        for spec, value in zip(fields(cls), values, strict=True):
            cleaned[spec.name] = "" if value is None and spec.default == "" else value
        return cls(**cleaned)


def with_facts(row: Sequence[Any], first: int) -> list[Any]:
    """A row's own `first` columns, then its FACT_SQL columns as one RollFacts."""
    return [*row[:first], RollFacts.from_row(row[first:])]


# The roll_entry columns of RollFacts, for a SELECT over `roll_entry e`.
FACT_SQL: Final = ", ".join(f"e.{spec.name}" for spec in fields(RollFacts))


@dataclass(frozen=True)
class Fact:
    key: str  # a RollFacts field
    label: str
    kind: FactKind = "text"


FACTS: Final[dict[str, tuple[Fact, ...]]] = {
    "低保": (
        Fact("covered_persons", "保障人数", "int"),
        Fact("monthly_amount_fen", "月保障金额（元）", "money"),
    ),
    "特困": (
        Fact("support_mode", "供养方式"),
        Fact("self_care", "自理能力"),
    ),
    "临时救助": (
        Fact("aid_reason", "救助事由"),
        Fact("aid_amount_fen", "救助金额（元）", "money"),
        Fact("aid_on", "救助日期", "date"),
    ),
    "特殊困难群体儿童": (
        Fact("guardian_name", "监护人", "name"),
        Fact("guardian_id_number", "监护人身份证号", "id"),
        Fact("guardian_phone", "监护人电话", "phone"),
    ),
}


def facts_of(category: str) -> tuple[Fact, ...]:
    return FACTS.get(category, ())


def value(facts: RollFacts, fact: Fact) -> object:
    found: object = getattr(facts, fact.key)
    return found


def text(facts: RollFacts, fact: Fact, mask_ids: bool = True, mask_all: bool = False) -> str:
    """The fact as a person reads it: money as yuan with two decimals. `mask_ids` masks ID
    numbers (lists do); `mask_all` also masks names and phones (masked exports do)."""
    raw = value(facts, fact)
    if raw is None or raw == "":
        return ""
    if fact.kind == "money":
        assert isinstance(raw, int)
        return format_yuan(raw)
    if fact.kind == "id" and (mask_ids or mask_all):
        return idcard.mask(str(raw))
    if fact.kind == "name" and mask_all:
        return mask_name(str(raw))
    if fact.kind == "phone" and mask_all:
        return phone.mask(str(raw))
    return str(raw)


def cells(facts: RollFacts, category: str, masked: bool) -> list[object]:
    """The category's facts as workbook cells: money stays integer fen (the writer shows yuan),
    numbers stay numbers; names, IDs and phones masked when the export is."""
    out: list[object] = []
    for fact in facts_of(category):
        if fact.kind in ("int", "money", "date"):
            out.append(value(facts, fact))
        else:
            out.append(text(facts, fact, mask_ids=masked, mask_all=masked))
    return out


def guardian_text(written: str, facts: RollFacts, masked: bool) -> str:
    """An inspection's 监护人 notes for an export: a new inspection starts from the roll's
    guardian name, so a masked export masks that name wherever the notes repeat it."""
    name = facts.guardian_name
    if not masked or not name or name not in written:
        return written
    return written.replace(name, mask_name(name))


def lines(facts: RollFacts, category: str) -> list[tuple[str, str]]:
    """(label, text) of every fact of the category, unmasked, for the form of one person."""
    return [
        (fact.label.removesuffix("（元）"), _with_unit(fact, text(facts, fact, mask_ids=False)))
        for fact in facts_of(category)
    ]


def _with_unit(fact: Fact, shown: str) -> str:
    if not shown:
        return "—"
    if fact.kind == "money":
        return f"{shown} 元"
    if fact.key == "covered_persons":
        return f"{shown} 人"
    return shown
