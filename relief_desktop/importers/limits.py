"""What a spreadsheet would cost to load, judged before any cell is loaded.

calamine (and openpyxl) build every cell of a sheet in memory, and copy a shared string into
every cell that uses it: a 1 MB workbook whose one 2 MB string is used by 1,600 cells needs
gigabytes. So the importer first looks inside the file without building cells:

- the file is what its extension says (a zip with a workbook for .xlsx/.xlsm, an OLE2 file for
  .xls, a zip with content.xml for .ods, text for .csv), else a clear message;
- .xlsx/.xlsm: the zip's declared sizes (a part that unpacks to more than the limit, or at a
  zip-bomb ratio, is refused unread); then each sheet's XML is streamed once through a regular
  expression: the last row and column holding a value (the dense area calamine allocates;
  the <dimension ref> is only a hint, Excel counts formatted empty rows in it) and the bytes of
  every shared string each cell copies;
- .ods: the declared size of content.xml and a count of its rows; .xls: the file size (BIFF is
  not compressed, a sheet has at most 65,536 rows); .csv: the file size and a bounded line count.

Refusals are RuleErrors worded in messages.py; the store is never touched.
"""

import re
import zipfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from relief_desktop.domain.errors import RuleError

MAX_ROWS = 200_000
MAX_BYTES = 500 * 1024 * 1024  # memory the cells of one file may need
MAX_RATIO = 100  # a part unpacking to more than 100× its packed size, once it is large …
RATIO_FLOOR = 20 * 1024 * 1024  # … (above 20 MB: small XML parts often pack 200:1)
# Per cell of the dense area: calamine's cell (32 bytes) and the Python list slot and object.
CELL_BYTES = 64
# A shared string is copied into calamine's cell and again into the Python str.
STRING_COPIES = 2
CHUNK = 4 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

# Every pattern starts with a literal, so re scans for it at C speed; per-cell matching is left
# to the rare files that need it (a 50,000-row roll is checked in a fraction of its import).
# A cell that holds something (a value, an inline string or a formula): its column and row.
_VALUE_CELL = re.compile(rb' r="([A-Z]{1,3})([0-9]{1,9})"[^>/]*>\s*<(?:\w+:)?(?:v|is|f)\b')
# Cell references in rows 100,000 and beyond, and in columns AA and beyond.
_LONG_ROW = re.compile(rb' r="[A-Z]{1,3}([0-9]{6,9})"')
_WIDE = re.compile(rb' r="([A-Z]{2,3})[0-9]')
_ROW_TAG = b'row r="'
# A cell using a shared string: the string's index.
_SHARED_REF = re.compile(rb't="s"[^>]*>\s*<(?:\w+:)?v>\s*([0-9]{1,10})\s*<')
_PREFIXED_SHARED_END = re.compile(rb"</\w+:si>")
_ODS_ROW = re.compile(rb"<table:table-row\b")
_ATTRIBUTE = re.compile(r'([\w:]+)="([^"]*)"')
_HEAD_BYTES = 4 * 1024 * 1024


def check(path: Path) -> None:
    """Refuse a file whose cells would not fit the limits, or that is not what it says it is."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    if suffix in (".xlsx", ".xlsm"):
        _expect_zip(path, head, "xl/workbook.xml")
        _check_xlsx(path)
    elif suffix == ".ods":
        _expect_zip(path, head, "content.xml")
        _check_ods(path)
    elif suffix == ".xls":
        _check_xls(path, head)
    elif suffix == ".csv":
        _check_csv(path, head)


# -- what the file is ------------------------------------------------------------------------


def _actual_kind(path: Path, head: bytes) -> str:
    """How the content reads to a person, for the wrong-extension message."""
    if head.startswith((_ZIP, _EMPTY_ZIP)):
        try:
            with zipfile.ZipFile(path) as book:
                names = set(book.namelist())
        except (zipfile.BadZipFile, OSError):
            return "损坏的压缩文件"
        if "xl/workbook.xml" in names:
            return "新版 Excel 工作簿（.xlsx）"
        if "content.xml" in names:
            return "OpenDocument 表格（.ods）" if "mimetype" in names else "OpenDocument 文档"
        if "word/document.xml" in names:
            return "Word 文档（.docx）"
        return "压缩包（.zip）"
    if head.startswith(_OLE2):
        return "旧版 Excel 工作簿（.xls）或其他 Office 文档"
    if head.startswith(b"%PDF"):
        return "PDF 文件"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<html" in lowered or b"<table" in lowered or lowered.startswith(b"<!doctype html"):
        return "网页（HTML）格式的表格"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "Excel 2003 XML 表格"
    if lowered.startswith(b"<?xml"):
        return "XML 文件"
    if b"\x00" in head:
        return "无法识别的二进制文件"
    return "纯文本"


def _wrong_kind(path: Path, head: bytes) -> RuleError:
    if head.startswith(_OLE2) and _is_encrypted(path):
        return RuleError("import_encrypted", file=path.name)
    return RuleError(
        "import_wrong_kind", file=path.name, ext=path.suffix, actual=_actual_kind(path, head)
    )


def _is_encrypted(path: Path) -> bool:
    """A password-protected .xlsx is an OLE2 file holding an 'EncryptedPackage' stream."""
    with path.open("rb") as handle:
        return _ENCRYPTED in handle.read(8 * 1024 * 1024)


def _expect_zip(path: Path, head: bytes, part: str) -> None:
    if not head.startswith(_ZIP):
        raise _wrong_kind(path, head)
    try:
        with zipfile.ZipFile(path) as book:
            present = part in book.namelist()
    except (zipfile.BadZipFile, OSError) as error:
        raise RuleError("import_unreadable", file=path.name, detail=str(error)[:200]) from None
    if not present:
        raise _wrong_kind(path, head)


# -- sizes ---------------------------------------------------------------------------------


def _too_large(path: Path, needed: int) -> RuleError:
    return RuleError(
        "import_too_large",
        file=path.name,
        mb=f"{needed / 1024 / 1024:,.0f}",
        limit=MAX_BYTES // 1024 // 1024,
    )


def _too_many_rows(path: Path, sheet: str, rows: int) -> RuleError:
    return RuleError(
        "import_too_many_rows", file=path.name, sheet=sheet, rows=f"{rows:,}", limit=f"{MAX_ROWS:,}"
    )


def _check_parts(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Declared sizes first: nothing is unpacked that could not be loaded anyway."""
    for info in infos:
        if info.file_size > MAX_BYTES:
            raise _too_large(path, info.file_size)
        packed = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size / packed > MAX_RATIO:
            raise _too_large(path, info.file_size)
    if sum(info.file_size for info in infos) > 2 * MAX_BYTES:
        raise _too_large(path, sum(info.file_size for info in infos))


def _chunks(stream: IO[bytes], keep_from: bytes) -> Iterator[bytes]:
    """The stream in pieces that end just before the last `keep_from`, so no cell is cut."""
    tail = b""
    while True:
        block = stream.read(CHUNK)
        if not block:
            if tail:
                yield tail
            return
        buffer = tail + block
        cut = buffer.rfind(keep_from)
        if cut <= 0:
            cut = buffer.rfind(b"<")  # another writer's prefix (<x:c): cut between tags
        if cut <= 0 and len(buffer) < 4 * CHUNK:
            tail = buffer  # one huge element: read on (bounded: the part's size was checked)
            continue
        if cut <= 0:
            cut = len(buffer)
        yield buffer[:cut]
        tail = buffer[cut:]


def _shared_string_sizes(book: zipfile.ZipFile, name: str | None) -> "array[int]":
    """The size in bytes of each shared string, in order (its XML: an upper bound)."""
    sizes: array[int] = array("q")
    if name is None:
        return sizes
    carry = 0  # bytes of a string whose end is in the next piece
    with book.open(name) as stream:
        for piece in _chunks(stream, b"<"):  # never cuts a closing tag
            parts = (
                piece.split(b"</si>") if b"</si>" in piece else _PREFIXED_SHARED_END.split(piece)
            )
            if len(parts) == 1:
                carry += len(piece)
                continue
            sizes.append(carry + len(parts[0]) + 5)
            sizes.extend(map(len, parts[1:-1]))
            carry = len(parts[-1])
    # The <sst> header went with the first string: only an upper bound is wanted.
    return sizes


def _sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name as the user sees it, part name) for every worksheet."""
    parts = [n for n in book.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)]
    names: dict[str, str] = {}
    try:
        workbook = book.read("xl/workbook.xml")[:_HEAD_BYTES].decode("utf-8", "replace")
        rels = book.read("xl/_rels/workbook.xml.rels")[:_HEAD_BYTES].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        workbook = rels = ""
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attributes = dict(_ATTRIBUTE.findall(tag))
        target = attributes.get("Target", "").lstrip("/").removeprefix("xl/")
        targets[attributes.get("Id", "")] = "xl/" + target
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", workbook):
        attributes = dict(_ATTRIBUTE.findall(tag))
        part = targets.get(attributes.get("r:id", ""))
        if part:
            names[part] = attributes.get("name", part)
    return [(names.get(part, part.rsplit("/", 1)[1]), part) for part in parts]


def _check_xlsx(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            _check_parts(path, infos)
            lower = {info.filename.lower(): info.filename for info in infos}
            shared = _shared_string_sizes(book, lower.get("xl/sharedstrings.xml"))
            needed = 0
            for sheet, part in _sheet_parts(book):
                needed += _scan_sheet(path, book, sheet, part, shared)
                if needed > MAX_BYTES:
                    raise _too_large(path, needed)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise RuleError("import_unreadable", file=path.name, detail=str(error)[:200]) from None


def _scan_sheet(
    path: Path, book: zipfile.ZipFile, sheet: str, part: str, shared: "array[int]"
) -> int:
    """The memory loading this sheet would take (the dense area calamine allocates, the shared
    strings copied into cells, the XML's own text); refuses more than MAX_ROWS rows."""
    last_row = 0
    width = 0
    string_bytes = 0
    count = len(shared)
    longest = max(shared, default=0)
    text_bytes = book.getinfo(part).file_size
    with book.open(part) as stream:
        for piece in _chunks(stream, b"<"):
            last_row = max(last_row, _last_row(path, sheet, piece))
            width = max(width, _width(piece))
            # Shared strings: at most (cells using one) × (longest string), counted exactly
            # only once that bound could matter.
            uses = piece.count(b't="s"')
            bound = uses * longest
            if uses and string_bytes + bound > MAX_BYTES // 8:
                refs = _SHARED_REF.findall(piece)
                string_bytes += sum(shared[i] for i in map(int, refs) if i < count)
            else:
                string_bytes += bound
            needed = last_row * width * CELL_BYTES + string_bytes * STRING_COPIES + text_bytes
            if needed > MAX_BYTES:
                raise _too_large(path, needed)
    return last_row * width * CELL_BYTES + string_bytes * STRING_COPIES + text_bytes


def _last_row(path: Path, sheet: str, piece: bytes) -> int:
    """The last row of a piece of sheet XML, from its last <row r=…> and any cell reference
    beyond row 99,999 (rows out of order, or one far cell, cannot hide)."""
    row = 0
    at = piece.rfind(_ROW_TAG)
    if at >= 0:
        digits = piece[at + len(_ROW_TAG) : at + len(_ROW_TAG) + 10].split(b'"', 1)[0]
        row = int(digits) if digits.isdigit() else 0
    long_rows = _LONG_ROW.findall(piece)
    if long_rows:
        row = max(row, max(map(int, long_rows)))
    if row > MAX_ROWS:
        # Formatted but empty cells far down are not loaded: count only cells with a value.
        cells = _VALUE_CELL.findall(piece)
        row = max((int(r) for _c, r in cells), default=0)
        if row > MAX_ROWS:
            raise _too_many_rows(path, sheet, row)
    return row


def _width(piece: bytes) -> int:
    """The widest column referenced (26 when every reference is a single letter, A–Z)."""
    letters = set(_WIDE.findall(piece))
    return max((_column_number(c) for c in letters), default=26)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_ods(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as book:
            _check_parts(path, book.infolist())
            rows = 0
            with book.open("content.xml") as stream:
                for piece in _chunks(stream, b"<"):
                    rows += len(_ODS_ROW.findall(piece))
                    if rows > MAX_ROWS:
                        raise _too_many_rows(path, "content.xml", rows)
            size = book.getinfo("content.xml").file_size
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise RuleError("import_unreadable", file=path.name, detail=str(error)[:200]) from None
    if size * STRING_COPIES > MAX_BYTES:
        raise _too_large(path, size * STRING_COPIES)


def _check_xls(path: Path, head: bytes) -> None:
    if not head.startswith(_OLE2) or _is_encrypted(path):
        raise _wrong_kind(path, head)
    size = path.stat().st_size
    # BIFF8 is not compressed, but a shared string is still copied into each cell using it.
    if size * 8 > MAX_BYTES:
        raise _too_large(path, size * 8)


def _check_csv(path: Path, head: bytes) -> None:
    if head.startswith((_ZIP, _EMPTY_ZIP, _OLE2, b"%PDF")) or b"\x00" in head:
        raise _wrong_kind(path, head)
    size = path.stat().st_size
    if size * 4 > MAX_BYTES:
        raise _too_large(path, size * 4)
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            lines += block.count(b"\n")
            if lines > MAX_ROWS + 1:  # the header line is not a row
                raise _too_many_rows(path, path.stem, lines)
