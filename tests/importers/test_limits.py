"""Files too large to load, or not what their extension says, are refused before any cell is
built, with a Chinese message, and the store is left as it was."""

import hashlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from relief_desktop import cli
from relief_desktop.domain.errors import RuleError
from relief_desktop.importers import limits
from relief_desktop.importers.table_file import read_sheets
from relief_desktop.storage.store import Store
from tests.fixtures.hostile_files import (
    OLE2_HEADER,
    far_cell,
    many_rows,
    shared_strings_bomb,
    write_xlsx,
    zip_bomb,
)

ROOT = Path(__file__).resolve().parents[2]

_MEASURED_IMPORT = """
import resource, sys
from relief_desktop import cli
code = cli.main(["--data-dir", sys.argv[1], "ledger", "import", "基础数据库", sys.argv[2]])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"exit={code} peak_mb={peak}", file=sys.stderr)
"""


def _store_state(store: Store) -> tuple[int, int, int]:
    row = (
        store.reader()
        .execute(
            "SELECT (SELECT count(*) FROM beneficiary), (SELECT count(*) FROM change_log),"
            " (SELECT count(*) FROM import_batch)"
        )
        .fetchone()
    )
    return (row[0], row[1], row[2])


def _refusal(path: Path) -> RuleError:
    with pytest.raises(RuleError) as raised:
        read_sheets(path)
    return raised.value


def test_one_mb_workbook_with_huge_shared_strings_used_3_gb_while_importing(
    store: Store, tmp_path: Path
) -> None:
    """Replays: a 1 MB workbook whose 2 MB shared string is used by 1,600 cells. Measured
    before the fix on 800 such cells: 3.8 GB peak and 80 s (dry run); 1,600 would need 6.4 GB.
    Now the registry import refuses it from the zip alone, within the memory of a bare run."""
    bomb = shared_strings_bomb(tmp_path / "基础数据库.xlsx")
    assert 900_000 < bomb.stat().st_size < 1_200_000
    before = _store_state(store)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _MEASURED_IMPORT, str(store.paths.data_dir), str(bomb)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert "exit=1" in done.stderr
    assert "超过一次导入的上限 500 MB，没有导入" in done.stderr
    assert "程序内部错误" not in done.stderr
    peak = int(done.stderr.rsplit("peak_mb=", 1)[1].split()[0])
    assert peak < 450  # about what starting the program costs (3.8 GB before), signing in too
    assert _store_state(store) == before


def test_more_than_200000_rows_refused_up_front(store: Store, tmp_path: Path) -> None:
    over = many_rows(tmp_path / "over.xlsx", limits.MAX_ROWS)  # + the header: 200,001 rows
    error = _refusal(over)
    assert error.code == "import_too_many_rows"
    assert "200,001 行，超过一次导入的上限 200,000 行" in str(error)
    assert "名单" in str(error)  # the sheet the user sees
    before = _store_state(store)
    code = cli.main(
        ["--data-dir", str(store.paths.data_dir), "ledger", "import", "志愿者", str(over)]
    )
    assert code == 1
    assert _store_state(store) == before


def test_a_file_at_the_row_limit_is_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    limits.check(many_rows(tmp_path / "at.xlsx", 999))  # + header = the limit
    with pytest.raises(RuleError):
        limits.check(many_rows(tmp_path / "over.xlsx", 1000))


def test_two_cells_far_apart_would_build_every_cell_between(tmp_path: Path) -> None:
    error = _refusal(far_cell(tmp_path / "far.xlsx"))
    assert error.code == "import_too_many_rows"
    assert "1,048,576" in str(error)


def test_zip_bomb_part_is_refused_without_unpacking(tmp_path: Path) -> None:
    bomb = zip_bomb(tmp_path / "bomb.xlsx", megabytes=40)
    error = _refusal(bomb)
    assert error.code == "import_too_large"


def test_a_part_declared_larger_than_the_limit_is_not_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", [["姓名", "身份证号"], ["张三", "1"]], [])
    with zipfile.ZipFile(path) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
    info.file_size = limits.MAX_BYTES + 1
    with pytest.raises(RuleError) as raised:
        limits._check_parts(path, [info])
    assert raised.value.code == "import_too_large"


def test_csv_with_more_than_200000_rows_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("姓名,身份证号\n" + "张三,1\n" * (limits.MAX_ROWS + 1), encoding="utf-8")
    assert _refusal(path).code == "import_too_many_rows"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("名单.xlsx", OLE2_HEADER, "旧版 Excel 工作簿（.xls）"),
        ("名单.xls", "<html><body><table><tr><td>姓名</td></tr></table>".encode(), "网页（HTML）"),
        ("名单.xlsx", "姓名,身份证号\n张三,1\n".encode(), "纯文本"),
        ("名单.csv", b"PK\x03\x04" + b"\x00" * 100, "压缩文件"),
        ("名单.xls", b"%PDF-1.7 ...", "PDF 文件"),
    ],
)
def test_file_that_is_not_what_its_extension_says(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    error = _refusal(path)
    assert error.code == "import_wrong_kind"
    assert says in str(error)
    assert "另存为" in str(error)


def test_xlsx_renamed_to_csv_says_it_is_a_workbook(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "a.xlsx", [["姓名", "身份证号"]], [])
    renamed = tmp_path / "名单.csv"
    renamed.write_bytes(book.read_bytes())
    assert "新版 Excel 工作簿（.xlsx）" in str(_refusal(renamed))


def test_password_protected_workbook_says_so(tmp_path: Path) -> None:
    path = tmp_path / "加密.xlsx"
    path.write_bytes(OLE2_HEADER + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    assert _refusal(path).code == "import_encrypted"


def test_ordinary_workbook_passes_the_limits_unchanged(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "ok.xlsx",
        [["姓名", "备注"], ["张三", "#0"], ["李四", "#0"]],
        ["长期卧床，需要上门服务"],
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sheets = read_sheets(path)
    assert sheets["名单"][1] == ["张三", "长期卧床，需要上门服务"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
