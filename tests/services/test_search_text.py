"""The search column and how a typed query is routed to an index."""

import pytest

from relief_desktop.services import search_text


def test_the_search_column_holds_name_pinyin_initials_id_phones_and_members() -> None:
    text = search_text.build("张三丰", "11010519491231002X", ["028-84567890", ""], ["张无忌"])
    words = text.split()
    assert {"zhangsanfeng", "zsf", "11010519491231002x", "028-84567890", "02884567890"} <= set(
        words
    )
    assert "张 三 丰" in text  # each Chinese character is a word of its own
    assert "张 无 忌" in text


def test_surnames_with_a_special_reading_sort_and_search_by_it() -> None:
    assert search_text.sort_key("曾小明") == "zeng xiao ming"
    assert search_text.sort_key("单田芳") == "shan tian fang"
    words = search_text.build("曾小明", None, [], []).split()
    assert {"zengxiaoming", "zxm", "cengxiaoming", "cxm"} <= set(words)


def test_names_sort_by_pinyin() -> None:
    names = ["张三", "李娜", "曾小明", "丰子恺", "阿依古丽"]
    assert sorted(names, key=search_text.sort_key) == [
        "阿依古丽",
        "丰子恺",
        "李娜",
        "曾小明",
        "张三",
    ]


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        (" Zhang San ", "zhangsan"),
        ("０２３５", "0235"),
        ("ＺＳＦ", "zsf"),
        ("028-8456", "0288456"),
        ("扎西·多吉", "扎西多吉"),
        ('50%_"*', "50"),
    ],
)
def test_queries_are_normalised(typed: str, normal: str) -> None:
    assert search_text.normalise_query(typed) == normal


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("丰", "beneficiary_words"),  # one Chinese character
        ("李娜", "beneficiary_words"),  # the trigram index cannot match two characters
        ("张三丰", "beneficiary_words"),
        ("zs", "beneficiary_words"),
        ("35", "beneficiary_words"),
        ("zsf", "beneficiary_fts"),
        ("0235", "beneficiary_fts"),
    ],
)
def test_each_query_goes_to_an_index_that_can_answer_it(query: str, index: str) -> None:
    routed = search_text.match_expression(query)
    assert routed is not None
    assert routed[0] == index


def test_an_empty_query_matches_nothing_special() -> None:
    assert search_text.match_expression("") is None
