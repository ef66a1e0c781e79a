"""Attachments of a case (consent forms, photos): copied into the data dir with their SHA-256.

Photos of minors are sensitive (PIPL art. 28, DOMAIN.md §3) and stay out of exports unless chosen.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from relief_desktop.domain.beneficiary import age_on
from relief_desktop.domain.casework import ATTACHMENT_KINDS
from relief_desktop.domain.errors import RuleError
from relief_desktop.services.casework._common import load_case
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.files import content_sha256, keep
from relief_desktop.storage.store import Store

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp")


@dataclass(frozen=True)
class AttachmentRecord:
    uuid: str
    kind: str
    title: str
    original_name: str
    path: Path
    sha256: str
    size: int
    sensitive: bool
    added_on: date

    @property
    def is_picture(self) -> bool:
        return self.path.suffix.lower() in PHOTO_SUFFIXES


def is_minor(store: Store, case_uuid: str, day: date) -> bool:
    case = load_case(store, case_uuid)
    row = (
        store.reader()
        .execute("SELECT birth_date FROM beneficiary WHERE id = ?", (case.beneficiary_id,))
        .fetchone()
    )
    return bool(row and row[0]) and age_on(date.fromisoformat(row[0]), day) < 18


def add_attachment(
    store: Store,
    actor: Actor,
    case_uuid: str,
    source: Path,
    kind: str,
    title: str = "",
    sensitive: bool = False,
    today: date | None = None,
) -> str:
    """Copy `source` into the store's attachments folder and list it on the case."""
    from relief_desktop.storage.tables_casework import CaseAttachment

    if kind not in ATTACHMENT_KINDS:
        raise RuleError("attachment_kind")
    if not source.is_file():
        raise RuleError("attachment_missing", file=source.name)
    today = today or date.today()
    case = load_case(store, case_uuid)
    # A photo of a child is always sensitive; the worker may mark anything else so too.
    if kind == "照片" and is_minor(store, case_uuid, today):
        sensitive = True
    kept = keep(store.paths.attachments, source, case.uuid)
    try:
        with store.write(actor) as session:
            row = CaseAttachment(
                case_id=case.id,
                kind=kind,
                title=title.strip() or source.stem,
                original_name=source.name,
                stored_name=kept.name,
                sha256=kept.sha256,
                size=kept.size,
                sensitive=sensitive,
                added_on=today,
            )
            session.add(row)
            session.flush()
            return row.uuid
    except BaseException:
        if kept.created:  # nothing half-saved: no orphan file when the record was not written
            (store.paths.attachments / kept.name).unlink(missing_ok=True)
        raise


def attachments(store: Store, case_uuid: str) -> list[AttachmentRecord]:
    rows = store.reader().execute(
        """SELECT a.uuid, a.kind, a.title, a.original_name, a.stored_name, a.sha256, a.size,
                  a.sensitive, a.added_on
           FROM case_attachment a JOIN aid_case c ON c.id = a.case_id
           WHERE c.uuid = ? ORDER BY a.id""",
        (case_uuid,),
    )
    return [
        AttachmentRecord(
            r[0], r[1], r[2], r[3], store.paths.attachments / r[4], r[5], r[6], bool(r[7]),
            date.fromisoformat(r[8]),
        )
        for r in rows
    ]  # fmt: skip


def verify(record: AttachmentRecord) -> bool:
    """The file is there and unchanged since it was added."""
    return record.path.is_file() and content_sha256(record.path) == record.sha256
