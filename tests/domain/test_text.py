"""Text rules: free text as typed, values folded, control characters found and made visible."""

import pytest

from relief_desktop.domain import text
from relief_desktop.domain.errors import RuleError


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("目标达成，结案", "目标达成，结案"),  # Chinese punctuation is not folded to ASCII
        ("＝1+1", "＝1+1"),  # nor full-width signs
        (" ＡＢ  李四 ", "ＡＢ  李四"),  # internal spaces stay, the ends go
        ("\u3000王芳\u3000", "王芳"),
        ("建设路\n15号", "建设路 15号"),  # Alt+Enter inside a one-line cell: one space
        ("建设路 \r\n\t 15号", "建设路 15号"),
        ("👍👨‍👩‍👧‍👦", "👍👨‍👩‍👧‍👦"),
        (None, ""),
    ],
)
def test_one_line_of_text_keeps_what_was_typed(typed: str | None, kept: str) -> None:
    assert text.clean_line(typed) == kept


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("一、通报\r\n二、部署\r三", "一、通报\n二、部署\n三"),
        ("\n \n　　第一段缩进\n\n第二段  \n ", "　　第一段缩进\n\n第二段"),
        ("一\n\n 二 ", "一\n\n 二"),
    ],
)
def test_several_lines_keep_breaks_and_first_line_indent(typed: str, kept: str) -> None:
    assert text.clean_block(typed) == kept


def test_values_fold_full_width_forms_and_names_lose_spaces() -> None:
    assert text.fold(" ２０２６／３／５ ") == "2026/3/5"
    assert text.fold("１２３４．５ 元") == "1234.5 元"
    assert text.person_name(" 张　三 ") == "张三"


@pytest.mark.parametrize(
    ("typed", "position"),
    [("正常文本", None), ("a\tb\nc\r", None), ("\u200d👍", None), ("张\x07三", 2),
     ("\x00", 1), ("ab\x7f", 3), ("ab\x9b", 3), ("ab\udc80", 3), ("\uffff", 1)],
)  # fmt: skip
def test_control_characters_are_found_with_their_position(typed: str, position: int | None) -> None:
    assert text.control_position(typed) == position
    if position is None:
        text.check("姓名", typed)
        assert text.visible(typed) == typed
    else:
        with pytest.raises(RuleError) as refused:
            text.check("姓名", typed)
        assert str(refused.value) == (
            f"姓名含有不可见的控制字符（第 {position} 个字），请删除后重新输入。"
        )
        assert text.visible(typed)[position - 1] == "\ufffd"
        assert text.control_position(text.without_controls(typed)) is None


def test_case_forms_refuse_control_characters_through_the_same_rule() -> None:
    from datetime import date

    from relief_desktop.domain.casework import ServiceInput, check_closure, check_service

    day = date(2026, 3, 2)
    service = ServiceInput(
        day, "入户", "电话回访\x07，屋顶不再漏雨", ["w1"], 20, next_step="跟\x00进"
    )
    found = {(p.field, p.message()) for p in check_service(service, day, None, day)}
    assert found == {
        ("content", "服务内容含有不可见的控制字符（第 5 个字），请删除后重新输入。"),
        ("next_step", "下一步计划含有不可见的控制字符（第 2 个字），请删除后重新输入。"),
    }
    closing = check_closure(day, "达成", "目标达成，结案\x1b", day, day)
    assert [p.code for p in closing] == ["text_control"]
