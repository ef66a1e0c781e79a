"""An attacker who holds masked outputs of the app and wants the full IDs, names and phones back.

What the attacker does (and what a masked output must survive):

* IDs: every 18-character masked ID in a row (an Excel row, or a case file, or a line of a PDF or
  of the disclosure text) is completed with every date and birth year-month found in that row and
  in every row joinable to it — rows that carry the same file number (档案号), case number or the
  same masked ID, in any file of the set. Each date (or year-month) is one guess of the birth
  date; the hidden digits outside it are enumerated and the check digit (when visible) and the
  sex (when printed beside it) filter the candidates. An ID counts as rebuilt when one guess
  leaves few enough candidates to try by hand (at most `LIMIT`) and the real number is among
  them.
* Names: a full name printed anywhere (as a word of its own), or rebuilt by putting together the
  masked forms (张*丰 in one row, 张三* in another) of rows joined by the person's file number.
* Phones: a full phone number anywhere.
"""

import datetime as dt
import re
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path

from relief_desktop.domain.idcard import check_digit

LIMIT = 10  # candidates an attacker would still try one by one

_CJK = "\u4e00-\u9fff"
_ID_TOKEN = re.compile(r"(?<![0-9A-Za-z*])[0-9*]{17}[0-9Xx*](?![0-9A-Za-z*])")
_FULL_DATE = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})(?![\d])")
_MASKED_NAME = re.compile(rf"[{_CJK}*]*\*[{_CJK}*]*")
_SEX = re.compile(r"(?:^|[\s|:：])(男|女)(?:$|[\s|])")


@dataclass(frozen=True)
class Row:
    source: str  # file and sheet or page
    text: str  # the cells joined by " | "
    cells: tuple[str, ...]


@dataclass
class Person:
    kind: str  # beneficiary / member / volunteer / roll
    name: str
    id_number: str
    phone: str
    keys: frozenset[str]  # file and case numbers that identify the person in outputs


@dataclass
class Findings:
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # kind -> IDs
    names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    phones: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    examples: list[str] = field(default_factory=list)

    def total(self) -> int:
        return sum(len(v) for d in (self.ids, self.names, self.phones) for v in d.values())

    def summary(self) -> str:
        parts = []
        for title, found in (("IDs", self.ids), ("names", self.names), ("phones", self.phones)):
            counts = ", ".join(f"{k} {len(v)}" for k, v in sorted(found.items()) if v)
            parts.append(f"{title}: {counts or 'none'}")
        return "; ".join(parts)


# -- reading the outputs -------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_rows(path: Path, label: str = "") -> Iterator[Row]:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        for sheet in book.worksheets:
            for values in sheet.iter_rows(values_only=True):
                cells = tuple(_cell_text(v) for v in values)
                if any(cells):
                    yield Row(f"{label or path.name}:{sheet.title}", " | ".join(cells), cells)
    finally:
        book.close()


def pdf_text(path: Path) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def pdf_rows(path: Path, whole: bool) -> Iterator[Row]:
    """A case file is one record about one person (whole=True); a report is read line by line."""
    text = pdf_text(path)
    if whole:
        yield Row(path.name, text, tuple(text.split()))
        return
    yield from text_rows(text, path.name)


def text_rows(text: str, label: str) -> Iterator[Row]:
    for line in text.splitlines():
        if line.strip():
            yield Row(label, line, tuple(line.split()))


def zip_rows(path: Path, folder: Path) -> Iterator[Row]:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
        names = archive.namelist()
    for name in names:
        if name.endswith(".xlsx"):
            yield from xlsx_rows(folder / name, f"{path.name}/{name}")
        elif name.endswith(".pdf"):
            yield from pdf_rows(folder / name, whole=False)


# -- the attack ----------------------------------------------------------------------------


def _dates(text: str) -> tuple[set[str], set[str]]:
    """(full dates as YYYYMMDD, year-months as YYYYMM) written anywhere in the text."""
    full: set[str] = set()
    months: set[str] = set()
    for y, m, d in _FULL_DATE.findall(text):
        full.add(f"{y}{int(m):02d}{int(d):02d}")
        months.add(f"{y}{int(m):02d}")
    for y, m in _YEAR_MONTH.findall(text):
        if 1 <= int(m) <= 12:
            months.add(f"{y}{int(m):02d}")
    return full, months


def _fits(pattern: str, digits: str) -> bool:
    return all(p in ("*", d) for p, d in zip(pattern, digits, strict=True))


def _valid_day(yyyymmdd: str) -> bool:
    try:
        dt.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return False
    return True


_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


@cache
def _fills(hidden: tuple[int, ...], sex: str | None) -> dict[int, list[tuple[str, ...]]]:
    """The fills of the hidden sequence digits, by their weighted sum mod 11."""
    by_sum: dict[int, list[tuple[str, ...]]] = defaultdict(list)
    for fill in product("0123456789", repeat=len(hidden)):
        if sex is not None and 16 in hidden and (int(fill[-1]) % 2 == 1) != (sex == "男"):
            continue  # position 16 is the last hidden one when hidden
        total = sum(_WEIGHTS[i] * int(d) for i, d in zip(hidden, fill, strict=True))
        by_sum[total % 11].append(fill)
    return by_sum


@cache
def candidates(token: str, births: frozenset[str], sex: str | None) -> frozenset[str]:
    """Every full ID the masked `token` can be if the birth date is one of `births` (a date or
    the days of a year-month); more than LIMIT means the guess is useless."""
    if "*" in token[:6]:
        return frozenset(str(n) for n in range(LIMIT + 1))  # the region alone has ~3,000 values
    birth = token[6:14]
    if "*" not in birth:
        births = frozenset({birth})
    hidden = tuple(i for i in range(14, 17) if token[i] == "*")
    if sex is not None and 16 not in hidden and (int(token[16]) % 2 == 1) != (sex == "男"):
        return frozenset()
    fills = _fills(hidden, sex)
    found: set[str] = set()
    for b in sorted(births):
        if not _fits(birth, b):
            continue
        known = token[:6] + b + token[14:17]
        base = sum(_WEIGHTS[i] * int(known[i]) for i in range(17) if i not in hidden) % 11
        if token[17] == "*":
            chosen = [f for group in fills.values() for f in group]
        else:
            chosen = fills.get((_CHECK.index(token[17]) - base) % 11, [])
        if len(found) + len(chosen) > LIMIT:
            return frozenset(str(n) for n in range(LIMIT + 1))
        for fill in chosen:
            chars = list(known)
            for i, digit in zip(hidden, fill, strict=True):
                chars[i] = digit
            first17 = "".join(chars)
            found.add(first17 + check_digit(first17))
    return frozenset(found)


def _hypotheses(full: set[str], months: set[str]) -> set[frozenset[str]]:
    """Each date found is one guess of the birth date; each year-month, its days."""
    guesses = {frozenset({d}) for d in full if _valid_day(d)}
    for ym in months:
        guesses.add(frozenset(d for day in range(1, 32) if _valid_day(d := f"{ym}{day:02d}")))
    return guesses


def _join_keys(rows: list[Row], vocabulary: set[str]) -> list[set[str]]:
    """For each row, the file/case numbers and masked IDs it carries."""
    finder = re.compile("|".join(re.escape(k) for k in sorted(vocabulary, key=len, reverse=True)))
    keys: list[set[str]] = []
    for row in rows:
        found = set(finder.findall(row.text)) if vocabulary else set()
        found |= {t.upper() for t in _ID_TOKEN.findall(row.text) if "*" in t}
        keys.append(found)
    return keys


def attack(rows: list[Row], people: list[Person], skip_names: Iterable[str] = ()) -> Findings:
    findings = Findings()
    vocabulary = {k for p in people for k in p.keys}
    keys = _join_keys(rows, vocabulary)
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(keys):
        for key in found:
            by_key[key].append(index)
    dates = [_dates(r.text) for r in rows]
    ids: dict[str, Person] = {}
    for person in people:
        if len(person.id_number) == 18:
            ids.setdefault(person.id_number.upper(), person)

    for index, row in enumerate(rows):
        tokens = {t.upper() for t in _ID_TOKEN.findall(row.text) if "*" in t}
        if not tokens:
            continue
        joined = {index} | {j for key in keys[index] for j in by_key[key]}
        full: set[str] = set()
        months: set[str] = set()
        for j in joined:
            full |= dates[j][0]
            months |= dates[j][1]
        sexes = set(_SEX.findall(row.text))
        sex = sexes.pop() if len(sexes) == 1 else None
        guesses = _hypotheses(full, months)
        for token in tokens:
            found = set()
            for guess in guesses:
                some = candidates(token, guess, sex)
                if len(some) <= LIMIT:
                    found |= some
            for number in found & ids.keys():
                person = ids[number]
                if number not in findings.ids[person.kind]:
                    findings.examples.append(f"ID {token} -> {number} from {row.source}")
                findings.ids[person.kind].add(number)

    _attack_names(rows, people, keys, by_key, set(skip_names), findings)
    _attack_phones(rows, people, findings)
    return findings


def _attack_names(
    rows: list[Row],
    people: list[Person],
    keys: list[set[str]],
    by_key: dict[str, list[int]],
    skip: set[str],
    findings: Findings,
) -> None:
    everything = "\n".join(r.text for r in rows)
    for person in people:
        name = person.name
        if len(name) < 2 or name in skip:
            continue
        word = re.compile(rf"(?<![{_CJK}]){re.escape(name)}(?![{_CJK}])")
        hit = word.search(everything)
        if hit is not None:
            findings.names[person.kind].add(name)
            findings.examples.append(f"name {name} printed in full")
            continue
        # The masked forms in rows about this person, put together position by position.
        shown: dict[int, list[str | None]] = {}
        for key in person.keys:
            for j in by_key.get(key, ()):
                for masked in _MASKED_NAME.findall(rows[j].text):
                    if not (2 <= len(masked) <= 4) or masked.count("*") == len(masked):
                        continue
                    merged = shown.setdefault(len(masked), [None] * len(masked))
                    for i, char in enumerate(masked):
                        if char != "*":
                            merged[i] = char
        for merged in shown.values():
            if all(merged) and "".join(c or "" for c in merged) == name:
                findings.names[person.kind].add(name)
                findings.examples.append(f"name {name} put together from its masked forms")


def _attack_phones(rows: list[Row], people: list[Person], findings: Findings) -> None:
    digits = "\n".join(re.sub(r"[\s\-]", "", cell) for r in rows for cell in r.cells)
    for person in people:
        number = person.phone.replace("-", "")
        if len(number) >= 8 and number in digits:
            findings.phones[person.kind].add(number)
            findings.examples.append(f"phone {number[:3]}… printed in full")


def people_of(conn: object) -> list[Person]:
    """Everyone whose identity the outputs must protect, with the numbers they are joined by."""
    from relief_desktop.storage.sqldb import dbapi

    assert isinstance(conn, dbapi.Connection)
    cases: dict[int, set[str]] = defaultdict(set)
    for beneficiary_id, case_no in conn.execute("SELECT beneficiary_id, case_no FROM aid_case"):
        cases[beneficiary_id].add(case_no)
    found: list[Person] = []
    heads: dict[int, str] = {}
    for pid, file_no, name, number, phone in conn.execute(
        "SELECT id, file_no, name, coalesce(id_number, ''), coalesce(phone, '') FROM beneficiary"
    ):
        heads[pid] = file_no
        found.append(Person("beneficiary", name, number, phone, frozenset({file_no, *cases[pid]})))
    for head, name, number in conn.execute(
        "SELECT beneficiary_id, name, coalesce(id_number, '') FROM household_member"
    ):
        found.append(Person("member", name, number, "", frozenset({heads[head]})))
    for name, number, phone in conn.execute(
        "SELECT name, coalesce(id_number, ''), coalesce(phone, '') FROM volunteer"
    ):
        found.append(Person("volunteer", name, number, phone, frozenset()))
    for name, number, phone in conn.execute(
        "SELECT name, coalesce(id_number, ''), coalesce(phone, '') FROM roll_entry"
    ):
        found.append(Person("roll", name, number, phone, frozenset()))
    for name, number, phone in conn.execute(
        "SELECT coalesce(guardian_name, ''), coalesce(guardian_id_number, ''),"
        " coalesce(guardian_phone, '') FROM roll_entry"
        " WHERE coalesce(guardian_name, guardian_id_number, guardian_phone) IS NOT NULL"
    ):
        found.append(Person("guardian", name, number, phone, frozenset()))
    return found
