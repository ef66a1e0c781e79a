"""合同结束移交: one encrypted archive of everything the team holds, and its faithful import.

The archive (AES-256 zip) holds the store as one SQLite file, every attachment, every ledger and
the registry as full workbooks, every case file as a PDF, the change log as a workbook, and a
manifest with the SHA-256 and size of every file and the row count of every table. Importing it
into a fresh data folder puts back the very same store and attachments, after checking every
file against the manifest; a wrong password, a truncated or a tampered archive is refused with
the name of what is wrong, and nothing is written.

Everything is assembled in a private folder inside the data folder (never in the output
folder), so no unencrypted copy ever sits beside the archive.
"""

import hashlib
import json
import os
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from relief_desktop import __version__
from relief_desktop.domain.errors import RuleError
from relief_desktop.exports import archive
from relief_desktop.exports.xlsx import Column, Sheet, write_workbook
from relief_desktop.ledgers import exchange, registry
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, passwords, registry_book, team
from relief_desktop.services.casework.case_file import CaseFileOptions, write_case_file
from relief_desktop.storage import files, sqldb
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.connection import connect
from relief_desktop.storage.files import private_workdir, sha256_of
from relief_desktop.storage.migrations import LATEST
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store

Progress = Callable[[str, float], None]

MANIFEST = "manifest.json"
STORE_ENTRY = "数据库/relief.sqlite3"
ATTACHMENT_DIR = "附件/"
LEDGER_DIR = "台账/"
CASE_DIR = "个案档案/"
CHANGE_LOG_ENTRY = "变更记录.xlsx"
README_ENTRY = "说明.txt"
FORMAT = 1
_SHEET_ROWS = 1_000_000  # Excel and WPS stop at 1,048,576 rows a sheet
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class HandoverResult:
    path: Path
    sha256: str
    files: int
    tables: dict[str, int]


@dataclass(frozen=True)
class ImportedHandover:
    street: str
    created_at: str
    created_by: str
    tables: dict[str, int]
    attachments: int


def _report(progress: Progress | None, step: str, share: float) -> None:
    if progress is not None:
        progress(step, share)


def table_counts(conn: dbapi.Connection) -> dict[str, int]:
    """Rows of every table of the store (search indexes included), by name."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return {
        name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]) for name in names
    }


def _copy_store(store: Store, target: Path) -> None:
    """A consistent single-file copy of the live store, decrypted: it goes only into the AES
    archive (the receiving PC has its own data key; its first sign-in encrypts the store)."""
    source = connect(store.paths.database)
    try:
        sqldb.export(source, target, None)
    finally:
        source.close()
    copy = sqldb.connect(target, None)
    try:
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()


def _file_name(text: str) -> str:
    return _UNSAFE_NAME.sub("_", text).strip() or "未命名"


def _write_ledgers(store: Store, work: Path) -> list[tuple[Path, str]]:
    folder = work / "ledgers"
    folder.mkdir()
    entries = []
    target = folder / "基础数据库.xlsx"
    registry_book.export(store, target, masked=False)
    entries.append((target, f"{LEDGER_DIR}基础数据库.xlsx"))
    for ledger in registry.of_store(store):
        name = f"{_file_name(ledger.title)}.xlsx"
        target = folder / name
        exchange.export(store, ledger, target, masked=False)
        entries.append((target, LEDGER_DIR + name))
    return entries


def _write_case_files(
    store: Store, work: Path, progress: Progress | None
) -> list[tuple[Path, str]]:
    folder = work / "cases"
    folder.mkdir()
    cases = store.reader().execute("SELECT uuid, case_no FROM aid_case ORDER BY case_no").fetchall()
    options = CaseFileOptions(full_identity=True, include_sensitive=True)
    entries = []
    for done, (case_uuid, case_no) in enumerate(cases, start=1):
        name = f"{_file_name(str(case_no))}.pdf"
        target = folder / name
        write_case_file(store, case_uuid, target, options)
        entries.append((target, CASE_DIR + name))
        if done % 10 == 0:
            _report(progress, f"个案档案 {done}/{len(cases)}", 0.3 + 0.4 * done / len(cases))
    return entries


def _write_change_log(store: Store, work: Path) -> tuple[Path, str]:
    conn = store.reader()
    (total,) = conn.execute("SELECT count(*) FROM change_log").fetchone()
    columns = [
        Column("序号", "int"),
        Column("时间"),
        Column("操作人"),
        Column("数据表"),
        Column("记录编号"),
        Column("操作"),
        Column("变更内容（原值 → 新值）", width=80),
    ]
    sheets = []
    for part, start in enumerate(range(0, max(int(total), 1), _SHEET_ROWS), start=1):
        rows = conn.execute(
            "SELECT id, at, worker_name, table_name, record_uuid, action, changes"
            " FROM change_log ORDER BY id LIMIT ? OFFSET ?",
            (_SHEET_ROWS, start),
        )
        title = "变更记录" if total <= _SHEET_ROWS else f"变更记录{part}"
        sheets.append(Sheet(title, columns, rows))
    target = work / "change_log.xlsx"

    write_workbook(target, sheets, heading=team.print_heading(store))
    return target, CHANGE_LOG_ENTRY


def _readme(street: str, created: str, by: str) -> str:
    return (
        f"{street}街道社会关爱援助中心 合同结束移交包\n"
        f"生成时间：{created}　经办：{by}\n\n"
        "数据库/relief.sqlite3  全部数据（用 relief-desktop handover import 导入新的数据文件夹）\n"
        "附件/                  个案附件原件（照片、知情同意书等）\n"
        "台账/                  基础数据库及各类台账，完整信息，Excel/WPS 可直接打开\n"
        "个案档案/              每个个案的完整档案 PDF\n"
        "变更记录.xlsx          每一次新增、修改、删除：谁、何时、原值 → 新值\n"
        "manifest.json          每个文件的 SHA-256 和大小、每张数据表的行数，用于核对\n\n"
        "本包含有困难群众的敏感个人信息，请按保密协定保管，密码另行当面交接。\n"
    )


def export_archive(
    store: Store,
    actor: Actor,
    out_dir: Path,
    password: str,
    progress: Progress | None = None,
) -> HandoverResult:
    """Write the handover archive into `out_dir`; returns where it is and its SHA-256."""

    passwords.check_new(password)
    paths = store.paths
    street = team.street_name(store)
    now = datetime.now().astimezone()
    target = out_dir / f"{street}街道-合同结束移交-{now:%Y%m%d-%H%M}.zip"
    if target.exists():
        raise RuleError("handover_archive_exists", file=target.name)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RuleError("export_folder", folder=str(out_dir), detail=error.strerror) from None
    # Recorded first, so that the archive holds the record of its own making.
    (people,) = store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()
    audit.record_access(store, actor, "handover", target.name, int(people), "合同结束移交")
    work = private_workdir(paths.data_dir, "handover")
    try:
        _report(progress, "复制数据库", 0.02)
        store_copy = work / "relief.sqlite3"
        _copy_store(store, store_copy)
        check = sqldb.connect(store_copy, None)
        try:
            tables = table_counts(check)
            schema = int(check.execute("PRAGMA user_version").fetchone()[0])
        finally:
            check.close()
        entries: list[tuple[Path, str]] = [(store_copy, STORE_ENTRY)]
        _report(progress, "附件", 0.1)
        for path in sorted(paths.attachments.rglob("*")) if paths.attachments.is_dir() else []:
            if path.is_file() and not path.name.endswith(".part"):
                relative = path.relative_to(paths.attachments).as_posix()
                plain = work / "attachments" / relative  # decrypted, for the archive only
                plain.parent.mkdir(parents=True, exist_ok=True)
                plain.write_bytes(files.read(path))
                entries.append((plain, ATTACHMENT_DIR + relative))
        _report(progress, "台账", 0.15)
        entries += _write_ledgers(store, work)
        _report(progress, "个案档案", 0.3)
        entries += _write_case_files(store, work, progress)
        _report(progress, "变更记录", 0.7)
        entries.append(_write_change_log(store, work))
        created = now.isoformat(timespec="seconds")
        readme = work / "readme.txt"
        readme.write_text(_readme(street, created, actor.name), encoding="utf-8")
        entries.append((readme, README_ENTRY))
        _report(progress, "核对清单", 0.8)
        manifest = {
            "app": "relief_desktop",
            "kind": "handover",
            "format": FORMAT,
            "app_version": __version__,
            "schema_version": schema,
            "street_code": team.current_street(store) or "",
            "street": f"{street}街道",
            "created_at": created,
            "created_by": actor.name,
            "tables": tables,
            "files": {
                name: {"sha256": sha256_of(path), "size": path.stat().st_size}
                for path, name in entries
            },
        }
        manifest_path = work / MANIFEST
        manifest_path.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        entries.append((manifest_path, MANIFEST))
        _report(progress, "加密压缩", 0.85)
        try:
            archive.write_zip(
                target,
                entries,
                password,
                lambda done: _report(progress, "加密压缩", 0.85 + 0.14 * done / len(entries)),
            )
        except OSError as error:
            raise RuleError("export_folder", folder=str(out_dir), detail=error.strerror) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(progress, "完成", 1.0)
    return HandoverResult(target, sha256_of(target), len(entries), tables)


# -- import --------------------------------------------------------------------------------


def _broken() -> tuple[type[Exception], ...]:
    """What reading a damaged zip raises: pyzipper has its own BadZipFile class."""
    # deferred: pyzipper is loaded only for an encrypted zip
    import pyzipper

    return (pyzipper.BadZipFile, zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error)


def _open(path: Path, password: str) -> Any:
    # deferred: pyzipper is loaded only for an encrypted zip
    import pyzipper

    if not path.is_file():
        raise RuleError("import_missing", file=str(path))
    try:
        opened = pyzipper.AESZipFile(path)
    except _broken():
        raise RuleError("handover_archive_damaged", file=path.name) from None
    opened.setpassword(password.encode("utf-8"))
    return opened


def _read_manifest(opened: Any, file_name: str) -> dict[str, Any]:
    try:
        raw = opened.read(MANIFEST)
    except KeyError:
        raise RuleError("handover_archive_not_ours", file=file_name) from None
    except RuntimeError:  # pyzipper: "Bad password for file"
        raise RuleError("handover_archive_password", file=file_name) from None
    except _broken():
        raise RuleError("handover_archive_damaged", file=file_name) from None
    try:
        manifest: dict[str, Any] = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise RuleError("handover_archive_tampered", file=file_name, entry=MANIFEST) from None
    if manifest.get("kind") != "handover" or not isinstance(manifest.get("files"), dict):
        raise RuleError("handover_archive_not_ours", file=file_name)
    return manifest


def _copy_out(opened: Any, name: str, target: IO[bytes] | None) -> tuple[str, int]:
    """Stream one member out (to `target`, or only through the hash); (sha256, size)."""
    digest = hashlib.sha256()
    size = 0
    with opened.open(name) as member:
        for block in iter(lambda: member.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
            if target is not None:
                target.write(block)
    return digest.hexdigest(), size


def _attachment_path(paths: AppPaths, name: str) -> Path:
    relative = PurePosixPath(name[len(ATTACHMENT_DIR) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise RuleError("handover_archive_tampered", file="", entry=name)
    return paths.attachments.joinpath(*relative.parts)


def import_archive(
    paths: AppPaths, source: Path, password: str, progress: Progress | None = None
) -> ImportedHandover:
    """Check the whole archive, then put its store and attachments into an empty data folder."""
    if paths.database.exists():
        raise RuleError("handover_target_not_empty", folder=str(paths.data_dir))
    opened = _open(source, password)
    with opened:
        manifest = _read_manifest(opened, source.name)
        if int(manifest.get("schema_version", 0)) > LATEST:
            raise RuleError("schema_newer", found=manifest["schema_version"], supported=LATEST)
        files: dict[str, dict[str, Any]] = manifest["files"]
        present = set(opened.namelist()) - {MANIFEST}
        missing, extra = sorted(set(files) - present), sorted(present - set(files))
        if missing:
            raise RuleError("handover_archive_incomplete", file=source.name, entry=missing[0])
        if extra:
            raise RuleError("handover_archive_tampered", file=source.name, entry=extra[0])
        if STORE_ENTRY not in files:
            raise RuleError("handover_archive_incomplete", file=source.name, entry=STORE_ENTRY)
        paths.ensure()
        work = private_workdir(paths.data_dir, "handover")
        try:
            _report(progress, "核对文件", 0.05)
            for done, name in enumerate(sorted(files), start=1):
                expected = files[name]
                keep = name == STORE_ENTRY or name.startswith(ATTACHMENT_DIR)
                staged = work / f"{done:06d}" if keep else None
                try:
                    if staged is not None:
                        with staged.open("wb") as out:
                            digest, size = _copy_out(opened, name, out)
                    else:
                        digest, size = _copy_out(opened, name, None)
                except RuntimeError:
                    raise RuleError("handover_archive_password", file=source.name) from None
                except _broken():
                    raise RuleError(
                        "handover_archive_tampered", file=source.name, entry=name
                    ) from None
                if digest != expected.get("sha256") or size != expected.get("size"):
                    raise RuleError("handover_archive_tampered", file=source.name, entry=name)
                _report(progress, "核对文件", 0.05 + 0.6 * done / len(files))
            staged_store = work / f"{sorted(files).index(STORE_ENTRY) + 1:06d}"
            _check_store(staged_store, manifest, source.name)
            _report(progress, "放回附件", 0.7)
            for index, name in enumerate(sorted(files), start=1):
                if name.startswith(ATTACHMENT_DIR):
                    target = _attachment_path(paths, name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(work / f"{index:06d}", target)
            _report(progress, "放回数据库", 0.9)
            os.replace(staged_store, paths.database)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    Store.open(paths).close()  # an archive of an older schema is upgraded here
    attachments = sum(1 for name in files if name.startswith(ATTACHMENT_DIR))
    _report(progress, "完成", 1.0)
    return ImportedHandover(
        str(manifest.get("street", "")),
        str(manifest.get("created_at", "")),
        str(manifest.get("created_by", "")),
        dict(manifest.get("tables", {})),
        attachments,
    )


def _check_store(path: Path, manifest: dict[str, Any], file_name: str) -> None:
    try:
        conn = sqldb.connect(path, None, readonly=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            counts = table_counts(conn)
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except dbapi.DatabaseError:
        raise RuleError("handover_archive_tampered", file=file_name, entry=STORE_ENTRY) from None
    if ok != "ok" or version != manifest.get("schema_version"):
        raise RuleError("handover_archive_tampered", file=file_name, entry=STORE_ENTRY)
    if counts != manifest.get("tables"):
        raise RuleError("handover_archive_tampered", file=file_name, entry=STORE_ENTRY)
