"""What a person can be found by: name, pinyin (full and initials), ID and phone fragments."""

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from relief_desktop.domain.text import without_controls

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ALNUM = re.compile(r"[0-9a-z]+")
_ASCII_FULLWIDTH = {i + 0xFEE0: i for i in range(0x21, 0x7F)}
_ASCII_FULLWIDTH[0x3000] = 0x20
# Surnames whose reading differs from the character's common one (the first pypinyin gives).
_SURNAME_READINGS = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "盖": "ge", "缪": "miao", "覃": "qin", "召": "shao", "翟": "zhai", "种": "chong", "秘": "bi",
    "尉": "yu", "繁": "po", "员": "yun", "薄": "bo",
}  # fmt: skip


@cache
def _pinyin() -> Any:
    # pypinyin loads its dictionaries on import (~0.3 s): only on the write path, never at start.
    # deferred: pypinyin's dictionary is large; loaded on the first pinyin search
    import pypinyin

    return pypinyin


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """张三丰 -> (['zhang', 'san', 'feng'], other readings of the surname, e.g. 曾 -> ['ceng'])."""
    pypinyin = _pinyin()
    syllables = tuple(s.lower() for s in pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL))
    if syllables and name[0] in _SURNAME_READINGS:
        # pypinyin reads 曾小明 as 'ceng …'; as a surname it is Zeng, and sorts under Z.
        syllables = (_SURNAME_READINGS[name[0]], *syllables[1:])
    readings: tuple[str, ...] = ()
    if name and syllables:
        # Surnames such as 曾 (zeng), 单 (shan), 解 (xie) differ from the common reading.
        heteronyms = pypinyin.pinyin(name[0], style=pypinyin.Style.NORMAL, heteronym=True)
        readings = tuple(r for r in heteronyms[0] if r and r != syllables[0])
    return syllables, readings


def sort_key(name: str) -> str:
    """Names sort by pinyin, as people expect, not by code point."""
    return " ".join(pinyin_of(name)[0])


def build(
    name: str, id_number: str | None, phones: Iterable[str], extra_names: Iterable[str]
) -> str:
    """The one column both search indexes read: words separated by spaces, Chinese spaced out.

    '张三丰' becomes '张 三 丰 zhangsanfeng zsf …' so that the word index sees each character.
    """
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
    return " ".join(" ".join(t) if _CJK.search(t) else t for t in unique)


def normalise_query(text: str) -> str:
    """Full-width to ASCII, lower case; spaces dropped ('zhang san' finds 'zhangsan').

    Control characters (NUL, ESC …) and broken surrogates are left out: a search box never
    refuses and never fails, it searches for what can be seen."""
    text = without_controls(text).translate(_ASCII_FULLWIDTH).strip().lower()
    # Middle dots of minority names (扎西·多吉) are dropped: the name index splits on them.
    return re.sub(r"[\s|%_\\\"*\-·•・‧]+", "", text)


def match_expression(query: str) -> tuple[str, str] | None:
    """Which index answers a normalised query, and the FTS5 expression to give it.

    Chinese of any length: the word index, the characters as one phrase. Letters and digits:
    1-2 as a word prefix ('zs' finds initials zsf), 3+ as a substring in the trigram index.
    """
    if not query:
        return None
    if all(_CJK.match(ch) for ch in query):
        return "beneficiary_words", '"' + " ".join(query) + '"'
    if _ALNUM.fullmatch(query) and len(query) <= 2:
        return "beneficiary_words", f'"{query}"*'
    if len(query) >= 3:
        return "beneficiary_fts", '"' + query.replace('"', '""') + '"'
    return None
