"""The monthly packet (报送): one zip with the ledgers workbook, the PDF briefing and a manifest.

Built in a temporary folder and moved into place only when complete, so a cancel or an error
never leaves a half packet. Every packet generated is recorded; regenerating makes a new version.
"""

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from relief_desktop import __version__
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period
from relief_desktop.exports import archive
from relief_desktop.services import passwords, team
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.files import private_workdir, sha256_of
from relief_desktop.storage.migrations import LATEST
from relief_desktop.storage.store import Store

Progress = Callable[[str, float], None]  # (step in Chinese, share done 0..1); may raise to cancel


class CancelledError(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class PacketResult:
    path: Path
    version: int
    sha256: str
    row_counts: dict[str, int]
    files: tuple[str, ...]
    encrypted: bool
    masked: bool


@dataclass(frozen=True)
class PacketRecord:
    kind: str
    period: str
    version: int
    generated_at: str
    generated_on: str
    worker_name: str
    file_name: str
    path: str
    sha256: str
    encrypted: bool
    masked: bool
    row_counts: dict[str, int]

    @property
    def on_time(self) -> bool:
        """Monthly packets are due by the 5th of the next month, inclusive (DOMAIN.md §5)."""
        if self.kind != "month":
            return True
        return date.fromisoformat(self.generated_on) <= due_date(self.period)


def month_key(period: Period) -> str:
    return f"{period.start:%Y-%m}"


def due_date(month: str, due_day: int = 5) -> date:
    """The 5th of the month after `month` ('2026-10' -> 2026-11-05)."""
    year, number = (int(x) for x in month.split("-"))
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return date(year, number, due_day)


def history(store: Store, kind: str | None = None, period: str | None = None) -> list[PacketRecord]:
    """Packets generated, newest first."""
    sql = (
        "SELECT kind, period, version, generated_at, generated_on, worker_name, file_name, path,"
        " sha256, encrypted, masked, row_counts FROM packet WHERE 1 = 1"
    )
    params: list[str] = []
    if kind:
        sql += " AND kind = ?"
        params.append(kind)
    if period:
        sql += " AND period = ?"
        params.append(period)
    rows = store.reader().execute(sql + " ORDER BY generated_at DESC, id DESC", params)
    return [
        PacketRecord(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            bool(r[9]),
            bool(r[10]),
            json.loads(r[11] or "{}"),
        )
        for r in rows
    ]


def next_version(store: Store, kind: str, period: str) -> int:
    row = (
        store.reader()
        .execute("SELECT max(version) FROM packet WHERE kind = ? AND period = ?", (kind, period))
        .fetchone()
    )
    return int(row[0] or 0) + 1


def write_zip(target: Path, folder: Path, names: list[str], password: str | None) -> None:
    """Zip the files atomically; with a password, AES-256 that 7-Zip and WinRAR open."""
    archive.write_zip(target, [(folder / name, name) for name in names], password)


@dataclass(frozen=True)
class PacketContent:
    """What goes into one packet: the files already written into `folder` and their rows."""

    files: list[str]
    row_counts: dict[str, int]
    figures: dict[str, object] = field(default_factory=dict)  # the brief's figures, as JSON


def assemble(
    store: Store,
    actor: Actor,
    *,
    kind: str,
    period: Period,
    period_key: str,
    title: str,
    out_dir: Path,
    write_files: Callable[[Path, Progress], PacketContent],
    password: str | None = None,
    masked: bool = True,
    progress: Progress | None = None,
    generated_at: datetime | None = None,
) -> PacketResult:
    """Write the files (via `write_files`), the manifest and the zip; record the packet.

    `generated_at` is now, except for a demo district's packets made as if sent on that day."""

    def report(step: str, share: float) -> None:
        if progress is not None:
            progress(step, share)

    if password is not None:
        passwords.check_new(password)
    street_code = team.current_street(store) or ""
    street = team.street_name(store)
    version = next_version(store, kind, period_key)
    out_dir.mkdir(parents=True, exist_ok=True)
    file_name = f"{street}街道-{title}-v{version}.zip"
    target = out_dir / file_name
    if target.exists():
        raise RuleError("packet_exists", file=file_name)
    # Assembled in the data folder, never in the output folder: with a password set, nothing
    # unencrypted may touch the folder the packet is sent from.
    work = private_workdir(store.paths.data_dir, "packet")
    try:
        content = write_files(work, report)
        report("写入清单", 0.92)
        manifest = {
            "app": "relief_desktop",
            "app_version": __version__,
            "schema_version": LATEST,
            "street_code": street_code,
            "street": f"{street}街道",
            "kind": kind,
            "period": {
                "key": period_key,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
            },
            "version": version,
            "generated_at": (generated_at or datetime.now()).astimezone().isoformat("T", "seconds"),
            "generated_by": actor.name,
            "masked": masked,
            "row_counts": content.row_counts,
            "files": {name: sha256_of(work / name) for name in content.files},
            "figures": content.figures,
        }
        (work / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        report("压缩打包", 0.95)
        write_zip(target, work, [*content.files, "manifest.json"], password)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    digest = sha256_of(target)
    try:
        _record(store, actor, kind, period_key, version, target, digest, password, masked, content)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    report("完成", 1.0)
    return PacketResult(
        target, version, digest, content.row_counts, tuple(content.files), bool(password), masked
    )


def _record(
    store: Store,
    actor: Actor,
    kind: str,
    period_key: str,
    version: int,
    target: Path,
    digest: str,
    password: str | None,
    masked: bool,
    content: PacketContent,
) -> None:
    now = datetime.now()
    with store.write(actor) as session:
        session.add(
            orm.Packet(
                kind=kind,
                period=period_key,
                version=version,
                generated_at=now.isoformat(timespec="seconds"),
                generated_on=now.date().isoformat(),
                worker_name=actor.name,
                file_name=target.name,
                path=str(target),
                sha256=digest,
                encrypted=bool(password),
                masked=masked,
                row_counts=json.dumps(content.row_counts, ensure_ascii=False),
            )
        )
