"""Highlights of a half-year or year-end report drawn from the records: the key sentences of the
monthly narratives (not the month texts pasted), cases closed, activities held, media reports.

Every text is masked: ID- and phone-shaped numbers by masking.scrub, and any full name of a
person the store protects (beneficiaries, household members, roll entries, volunteers) that a
worker typed into free text by masking.name.
"""

import re
from dataclasses import dataclass

from relief_desktop.domain import masking
from relief_desktop.domain.periods import Period
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

MAX_SENTENCES = 8
MAX_ITEMS = 10
_SPLIT = re.compile(r"[。！？；;!?\n]+")
_LEADING = re.compile(r"^(本月|当月|本季度|本周|近期|同时|此外|另外|并且|并)[，,、：:\s]*")
_WEIGHTY = ("链接", "帮助", "解决", "救助", "成功", "首次", "获得", "改善", "召开", "覆盖",
            "募集", "协调", "转介", "化解")  # fmt: skip
_PEOPLE_SQL = (
    "SELECT name FROM beneficiary UNION SELECT name FROM household_member"
    " UNION SELECT name FROM roll_entry UNION SELECT guardian_name FROM roll_entry"
    " UNION SELECT name FROM volunteer"
)


@dataclass(frozen=True)
class Highlights:
    work: tuple[str, ...]  # key sentences of the narratives, each with its month
    cases: tuple[str, ...]  # notable cases closed
    cases_closed: int
    activities: tuple[str, ...]
    activities_held: int
    media: tuple[str, ...]


class Masker:
    """Masks the full names the store protects, and ID/phone numbers, in free text."""

    def __init__(self, conn: dbapi.Connection) -> None:
        self.names = {
            str(n).strip() for (n,) in conn.execute(_PEOPLE_SQL) if n and len(str(n).strip()) >= 2
        }
        self.longest = max((len(n) for n in self.names), default=0)

    def __call__(self, text: str) -> str:
        text = masking.scrub(text)
        found = {
            text[i : i + size]
            for size in range(2, self.longest + 1)
            for i in range(len(text) - size + 1)
            if text[i : i + size] in self.names
        }
        for name in sorted(found, key=len, reverse=True):
            text = text.replace(name, masking.name(name))
        return text


def sentences(text: str) -> list[str]:
    """The sentences of a narrative, without 本月/同时… in front."""
    found = []
    for part in _SPLIT.split(text or ""):
        sentence = _LEADING.sub("", part.strip()).strip("，, ")
        if len(sentence) >= 8:
            found.append(sentence)
    return found


def _score(sentence: str) -> float:
    digits = 3.0 if re.search(r"\d", sentence) else 0.0
    weight = 2.0 * sum(word in sentence for word in _WEIGHTY)
    return digits + weight + min(len(sentence), 60) / 30


def key_sentences(
    months: list[tuple[str, str]], limit: int = MAX_SENTENCES
) -> list[tuple[str, str]]:
    """(month label, sentence): the weightiest distinct sentences, in the order of the months.
    Sentences that differ only in their numbers count once (the latest is kept)."""
    latest: dict[str, tuple[int, str, str]] = {}
    for order, (label, text) in enumerate(months):
        for sentence in sentences(text):
            latest[re.sub(r"\d+", "#", sentence)] = (order, label, sentence)
    ranked = sorted(latest.values(), key=lambda item: _score(item[2]), reverse=True)[:limit]
    return [(label, sentence) for _, label, sentence in sorted(ranked)]


def month_texts(store: Store, period: Period, fields: tuple[str, ...]) -> list[tuple[str, str]]:
    """(YYYY年M月, text) of the monthly narratives of the period, the fields joined."""
    allowed = {"work_by_area", "case_story", "problems", "next_plan"}
    assert set(fields) <= allowed
    rows = store.reader().execute(
        f"SELECT month, {', '.join(fields)} FROM monthly_narrative"
        " WHERE month BETWEEN ? AND ? ORDER BY month",
        (f"{period.start:%Y-%m}", f"{period.end:%Y-%m}"),
    )
    return [
        (f"{row[0][:4]}年{int(row[0][5:])}月", "。".join(t for t in row[1:] if t))
        for row in rows.fetchall()
    ]


def distinct_sentences(store: Store, period: Period, field: str) -> list[str]:
    """The distinct sentences of one narrative field over the period (e.g. the problems the
    monthly briefs named), masked: a starting point for the report's own words."""
    mask = Masker(store.reader())
    seen: dict[str, str] = {}
    for _, text in month_texts(store, period, (field,)):
        for sentence in sentences(text):
            seen.setdefault(re.sub(r"\d+", "#", sentence), mask(sentence))
    return list(seen.values())


def highlights(store: Store, period: Period) -> Highlights:
    conn = store.reader()
    mask = Masker(conn)
    span = (period.start.isoformat(), period.end.isoformat())
    work = [
        f"（{label}）{mask(sentence)}"
        for label, sentence in key_sentences(
            month_texts(store, period, ("work_by_area", "case_story"))
        )
    ]
    closed = conn.execute(
        """SELECT c.case_no, b.name, c.category, c.close_result, c.close_reason,
                  (SELECT count(*) FROM service_record s WHERE s.case_id = c.id) AS services,
                  EXISTS (SELECT 1 FROM aid_plan p WHERE p.case_id = c.id AND p.key_case = 1)
           FROM aid_case c JOIN beneficiary b ON b.id = c.beneficiary_id
           WHERE c.closed_on BETWEEN ? AND ?
           ORDER BY 7 DESC, services DESC, c.closed_on""",
        span,
    ).fetchall()
    cases = [
        f"{no}（{masking.name(name)}，{category}{'，重点个案' if key else ''}）："
        f"服务 {services} 次，目标{result or '—'}" + (f"；{mask(reason)}" if reason else "")
        for no, name, category, result, reason, services, key in closed[:MAX_ITEMS]
    ]
    held = conn.execute(
        """SELECT held_on, title, participants FROM activity WHERE held_on BETWEEN ? AND ?
           ORDER BY held_on""",
        span,
    ).fetchall()
    activities = [
        f"{day} {mask(title)}" + (f"（参与 {people} 人）" if people else "")
        for day, title, people in held[:MAX_ITEMS]
    ]
    media = [
        f"{day} {level} · {mask(outlet)} ·《{mask(title)}》"
        for day, level, outlet, title in conn.execute(
            """SELECT published_on, level, outlet, title FROM media_report
               WHERE published_on BETWEEN ? AND ? ORDER BY published_on""",
            span,
        ).fetchall()[:MAX_ITEMS]
    ]
    return Highlights(
        tuple(work), tuple(cases), len(closed), tuple(activities), len(held), tuple(media)
    )
