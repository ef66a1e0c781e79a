"""The Windows version resource of relief-desktop.exe, from the package version (0.1.0).

PyInstaller reads a file holding a `VSVersionInfo(...)` expression; Explorer shows these fields
under 属性 · 详细信息, and Inno Setup compares them on an upgrade."""

import re
from pathlib import Path

TEMPLATE = """VSVersionInfo(
  ffi=FixedFileInfo(filevers={numbers}, prodvers={numbers}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404b0', [
      StringStruct('CompanyName', '成华区街道社会关爱援助中心'),
      StringStruct('FileDescription', '关爱援助工作台'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'relief-desktop'),
      StringStruct('LegalCopyright', 'relief_desktop'),
      StringStruct('OriginalFilename', 'relief-desktop.exe'),
      StringStruct('ProductName', '关爱援助工作台'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def numbers(version: str) -> tuple[int, int, int, int]:
    """'0.1.0' -> (0, 1, 0, 0); '0.2.0rc1' -> (0, 2, 0, 0): the leading digits of each part."""
    parts = [int(m.group()) if (m := re.match(r"\d+", p)) else 0 for p in version.split(".")]
    return (*parts, 0, 0, 0, 0)[:4]  # type: ignore[return-value]


def write_version_file(version: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "version_info.txt"
    target.write_text(
        TEMPLATE.format(numbers=numbers(version), version=version), encoding="utf-8"
    )
    return target
