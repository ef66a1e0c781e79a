"""Text as the user typed it: what is kept, what is tidied, what is refused.

- Free text (names of things, addresses, notes, minutes) is stored exactly as typed: Chinese
  punctuation, full-width characters, internal spaces and emoji stay. Single-line text loses
  only the whitespace at its ends, and a tab or line break inside it (Alt+Enter in an Excel
  cell) becomes one space, since the field holds one line. Multi-line text keeps its line
  breaks and the indentation of its first line (Chinese paragraphs start with "　　"); line
  endings become "\\n", and blank lines at the start and whitespace at the end go.
- Values (ID numbers, phones, numbers, dates, times, choices) are folded with NFKC first, so
  full-width digits and letters typed with a Chinese input method still read: `fold`.
- Names of people lose every space (`person_name`): Chinese names have none, and a space typed
  between surname and given name would make the same person two people. This was already the
  registry's rule; it is named here so every caller applies the same one.
- Invisible control characters (C0 except tab and line breaks, DEL, C1), UTF-16 surrogates and
  the noncharacters U+FFFE/U+FFFF are refused on input (`check`, `problem`): they cannot be
  seen, and Excel files cannot hold most of them. Writers use `visible` for stores that hold
  one from before this rule.
"""

import re
import unicodedata

from relief_desktop.domain.errors import Problem, RuleError

# Everything a cell or a form must not hold. Tab, LF and CR are whitespace the tidy-up handles.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAK_RUN = re.compile(r"\s*[\t\r\n]\s*")
_LEADING_BLANK_LINES = re.compile(r"\A(?:[^\S\n]*\n)+")
REPLACEMENT = "\ufffd"


def control_position(text: str) -> int | None:
    """1-based position of the first forbidden character, or None when there is none."""
    if text.isprintable():  # the usual case, answered in C without a regex
        return None
    found = _FORBIDDEN.search(text)
    return None if found is None else found.start() + 1


def problem(field: str, label: str, text: str) -> Problem | None:
    """A Problem for `field` when `text` holds a control character (forms and imports)."""
    if not isinstance(text, str):
        return None
    position = control_position(text)
    if position is None:
        return None
    return Problem(field, "text_control", {"label": label, "position": position})


def check(label: str, text: str) -> None:
    """Raise RuleError('text_control') when `text` holds a control character."""
    position = control_position(text)
    if position is not None:
        raise RuleError("text_control", label=label, position=position)


def clean_line(value: object) -> str:
    """One line of free text: ends trimmed, a tab or line break inside becomes one space."""
    if value is None:
        return ""
    text = str(value).strip()
    if "\n" in text or "\r" in text or "\t" in text:
        text = _BREAK_RUN.sub(" ", text)
    return text


def clean_block(value: object) -> str:
    """Multi-line free text: line endings as '\\n', no blank lines before, nothing after."""
    if value is None:
        return ""
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.rstrip()
    if text[:1].isspace():
        text = _LEADING_BLANK_LINES.sub("", text)
    return text


def fold(value: object) -> str:
    """A value (ID, phone, number, date, choice): NFKC (full-width to ASCII), spaces collapsed."""
    if value is None:
        return ""
    text = str(value)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


def person_name(value: object) -> str:
    """A person's name: every space dropped (张 三 is 张三)."""
    return "".join(str(value or "").split())


def visible(text: str) -> str:
    """`text` with each forbidden character shown as U+FFFD, so a writer never fails on it."""
    if text.isprintable() or _FORBIDDEN.search(text) is None:
        return text
    return _FORBIDDEN.sub(REPLACEMENT, text)


def without_controls(text: str) -> str:
    """`text` with every forbidden character dropped (search boxes: never refuse, never fail)."""
    if text.isprintable():
        return text
    return _FORBIDDEN.sub("", text)
