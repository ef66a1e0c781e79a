"""Which column holds what, judged from the cells when no header says so: a column of 2–4
character Chinese names, a column of ID-shaped numbers. Used by imports whose files come from
outside (the bureau's rolls) through read_table's `infer` hook."""

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?[eE]\+?\d+")
# Words that make a short Chinese cell something other than a person's name.
_NOT_NAME_ENDINGS = ("社区", "街道", "村", "路", "街", "号", "栋", "供养", "自理", "人", "户", "元")

SAMPLE = 200  # non-empty cells looked at per column
SHARE = 0.6  # of them that must look right: a roll with some broken IDs is still a roll


def looks_like_name(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = value.replace(" ", "").replace("\u3000", "")
    return bool(_NAME.fullmatch(text)) and not text.endswith(_NOT_NAME_ENDINGS)


def looks_like_id(value: Any) -> bool:
    """An ID number, also one Excel stored as a number (its digits are lost, but it is one)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return 1e14 <= abs(value) < 1e18
    if not isinstance(value, str):
        return False
    text = value.strip().replace(" ", "")
    return bool(_ID.fullmatch(text) or _SCIENTIFIC.fullmatch(text))


CHECKS: dict[str, Callable[[Any], bool]] = {"name": looks_like_name, "id_number": looks_like_id}


def _column_cells(rows: Sequence[Sequence[Any]], start: int, column: int) -> list[Any]:
    found: list[Any] = []
    for row in rows[start:]:
        if column < len(row):
            value = row[column]
            if value is not None and value != "":
                found.append(value)
                if len(found) >= SAMPLE:
                    break
    return found


def infer_columns(
    rows: Sequence[Sequence[Any]],
    start: int,
    wanted: Collection[str],
    taken: Collection[int] = (),
) -> dict[str, int]:
    """For each wanted kind ("name", "id_number"), the leftmost free column whose cells (from
    row index `start` on) mostly look like it. A name column must also hold mostly different
    values: a column of community names or of 集中供养 repeats itself."""
    width = max((len(r) for r in rows[start : start + SAMPLE]), default=0)
    used = set(taken)
    found: dict[str, int] = {}
    for kind in ("id_number", "name"):  # IDs first: an ID column never looks like names
        if kind not in wanted:
            continue
        check = CHECKS[kind]
        for column in range(width):
            if column in used:
                continue
            cells = _column_cells(rows, start, column)
            if not cells:
                continue
            hits = [c for c in cells if check(c)]
            if len(hits) < SHARE * len(cells):
                continue
            if kind == "name" and len(hits) >= 5 and len(set(hits)) < 0.8 * len(hits):
                continue
            found[kind] = column
            used.add(column)
            break
    return found


def required_hook(
    wanted: Sequence[str],
) -> Callable[[Sequence[Sequence[Any]], int, Mapping[str, int]], dict[str, int]]:
    """A read_table `infer` hook that fills the wanted keys no header matched."""

    def hook(
        rows: Sequence[Sequence[Any]], start: int, mapping: Mapping[str, int]
    ) -> dict[str, int]:
        missing = [key for key in wanted if key not in mapping]
        if not missing:
            return {}
        return infer_columns(rows, start, missing, set(mapping.values()))

    return hook


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
