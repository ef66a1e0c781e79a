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

# The common surnames (about nine in ten people carry one of these): a column of 待补 or 集中供养
# is not a column of names.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_COMPOUND = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐")

SAMPLE = 200  # non-empty cells looked at per column
SHARE = 0.6  # of them that must look right: a roll with some broken IDs is still a roll


def looks_like_name(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = value.replace(" ", "").replace("\u3000", "")
    if not _NAME.fullmatch(text) or text.endswith(_NOT_NAME_ENDINGS):
        return False
    return "·" in text or text[0] in _SURNAMES or text.startswith(_COMPOUND)


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
