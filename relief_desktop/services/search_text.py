"""What a person can be found by: name, pinyin (full and initials), ID and phone fragments."""

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

_ASCII_FULLWIDTH = {i + 0xFEE0: i for i in range(0x21, 0x7F)}
_ASCII_FULLWIDTH[0x3000] = 0x20


@cache
def _pinyin() -> Any:
    # pypinyin loads its dictionaries on import (~0.3 s): only on the write path, never at start.
    import pypinyin

    return pypinyin


def pinyin_of(name: str) -> tuple[list[str], list[str]]:
    """张三丰 -> (['zhang', 'san', 'feng'], other readings of the surname, e.g. 曾 -> ['ceng'])."""
    pypinyin = _pinyin()
    syllables = [s.lower() for s in pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL)]
    readings: list[str] = []
    if name and syllables:
        # Surnames such as 曾 (zeng), 单 (shan), 解 (xie) differ from the common reading.
        heteronyms = pypinyin.pinyin(name[0], style=pypinyin.Style.NORMAL, heteronym=True)
        readings = [r for r in heteronyms[0] if r and r != syllables[0]]
    return syllables, readings


def sort_key(name: str) -> str:
    """Names sort by pinyin, as people expect, not by code point."""
    return " ".join(pinyin_of(name)[0])


def build(name: str, id_number: str | None, phones: Iterable[str], extra_names: Iterable[str]) -> str:
    """The one column the search looks in, tokens separated by '|' so matches stay in a token."""
    syllables, readings = pinyin_of(name)
    tokens = [name, "".join(syllables), "".join(s[:1] for s in syllables)]
    for reading in readings:
        alternative = [reading, *syllables[1:]]
        tokens += ["".join(alternative), "".join(s[:1] for s in alternative)]
    if id_number:
        tokens.append(id_number)
    for phone in phones:
        if phone:
            tokens += [phone, phone.replace("-", "")]
    tokens += [n for n in extra_names if n]
    unique = dict.fromkeys(t.lower() for t in tokens if t)
    return "|" + "|".join(unique) + "|"


def normalise_query(text: str) -> str:
    """Full-width to ASCII, lower case; spaces dropped ('zhang san' finds 'zhangsan')."""
    text = text.translate(_ASCII_FULLWIDTH).strip().lower()
    return re.sub(r"[\s|%_\\]+", "", text)
