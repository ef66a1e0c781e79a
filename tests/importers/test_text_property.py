"""Any text a user can type comes back from export -> import as stored (hypothesis)."""

from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from relief_desktop.domain import text as text_rules
from relief_desktop.exports.xlsx import Column, Sheet, write_workbook
from relief_desktop.importers.table_file import FieldSpec, read_table

# What input accepts: no control characters, no surrogates, not U+FFFE/U+FFFF.
TYPED = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from("\t\n\r =+-@＝_x0041_，。、“”👍\u200d\u3000"),
    max_size=40,
)
FIELDS = (
    FieldSpec("key", "序号", required=True),
    FieldSpec("line", "单行"),
    FieldSpec("block", "多行", multiline=True),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(TYPED, TYPED), min_size=1, max_size=8))
def test_typed_text_survives_export_and_import(pairs: list[tuple[str, str]]) -> None:
    stored = [(text_rules.clean_line(a), text_rules.clean_block(b)) for a, b in pairs]
    for line, block in stored:  # the tidy-up is done once: a second pass changes nothing
        assert text_rules.clean_line(line) == line
        assert text_rules.clean_block(block) == block
    # Two cells first that no rule skips (a row whose first cells read 合计/小计 is a total).
    rows = [[str(i), "甲", line, block] for i, (line, block) in enumerate(stored)]
    columns = [Column("序号"), Column("备用"), Column("单行"), Column("多行")]
    with TemporaryDirectory() as folder:
        path = Path(folder) / "t.xlsx"
        write_workbook(path, [Sheet("表", columns, rows)])
        table = read_table(path, FIELDS)
    assert table.problems == []
    back = {int(r.values["key"]): (r.values["line"], r.values["block"]) for r in table.rows}
    assert back == dict(enumerate(stored))
