"""Who changed what, and who saw full personal data: checking the sealed change log, and the
access log of every unmasked export or display.

The check (`relief-desktop audit verify`) walks the change log in order and recomputes each
entry's seal from the entry and the seal before it. It names: an entry changed after it was
written, an entry inserted by hand (no seal, or a seal that does not fit), entries deleted from
the middle (the next entry's seal no longer fits, or a seal is left without its entry), entries
deleted from the end (the head recorded outside the store when the app last closed is gone),
and missing protective triggers.

What it cannot do: someone with the data file, this program's source and time can drop the
triggers and rewrite the log and every seal after the point they change, and the head file too.
Encryption at rest (the store opened only with a worker's password) is what closes that door.
"""

from dataclasses import dataclass

from relief_desktop.exports.xlsx import Column, Sheet
from relief_desktop.storage import chain
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.bulk import insert_many, transaction, utc_now
from relief_desktop.storage.store import Store

TRIGGERS = (
    "change_log_no_update",
    "change_log_no_delete",
    "change_seal_no_update",
    "change_seal_no_delete",
    "change_log_seal",
    "access_log_no_update",
    "access_log_no_delete",
)
ACTIONS = {
    "export_full": "完整导出",
    "show_full": "查看完整信息",
    "handover": "合同结束移交",
}


@dataclass(frozen=True)
class AuditReport:
    entries: int
    last_id: int
    last_at: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class AccessEntry:
    at: str
    worker: str
    action: str
    what: str
    records: int
    reason: str


def verify(store: Store) -> AuditReport:
    conn = store.reader()
    problems: list[str] = []
    present = {
        row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    for name in TRIGGERS:
        if name not in present:
            problems.append(f"保护触发器 {name} 已被删除：有人绕过本程序改动过数据文件。")
    columns = ", ".join(f"l.{name}" for name in chain.FIELDS)
    previous: str | None = None
    count = last_id = 0
    last_at = ""
    for row in conn.execute(
        f"SELECT {columns}, s.hash FROM change_log l"
        " LEFT JOIN change_seal s ON s.log_id = l.id ORDER BY l.id"
    ):
        *fields, stored = row
        entry_id = int(fields[0])
        count, last_id, last_at = count + 1, entry_id, str(fields[1])
        if stored is None:
            problems.append(f"第 {entry_id} 条变更记录没有封记：它不是由本程序写入的（伪造）。")
            continue
        if chain.seal(previous, *fields) != stored:
            problems.append(
                f"第 {entry_id} 条变更记录与封记不符："
                "它被改动过、是伪造的，或它前面的记录被删除了。"
            )
        previous = str(stored)
    orphans = [
        int(r[0])
        for r in conn.execute(
            "SELECT log_id FROM change_seal WHERE log_id NOT IN (SELECT id FROM change_log)"
            " ORDER BY log_id"
        )
    ]
    if orphans:
        shown = "、".join(str(i) for i in orphans[:10]) + ("……" if len(orphans) > 10 else "")
        problems.append(
            f"第 {shown} 条变更记录已被删除（共 {len(orphans)} 条），只剩下它们的封记。"
        )
    problems.extend(_check_head(store))
    return AuditReport(count, last_id, last_at, problems)


def _check_head(store: Store) -> list[str]:
    conn = store.reader()
    head = chain.read_head(store.paths.config_dir)
    if head is None or chain.head_fits(conn, head):
        return []
    (last,) = conn.execute("SELECT coalesce(max(id), 0) FROM change_log").fetchone()
    if int(last) < int(head["log_id"]):
        return [
            f"上次关闭程序时变更记录共到第 {head['log_id']} 条（{head['at']}），"
            f"现在只到第 {last} 条：末尾的记录被删除了。"
        ]
    return [f"第 {head['log_id']} 条变更记录的封记与上次关闭程序时记下的不同：记录被改写过。"]


# -- access log ----------------------------------------------------------------------------


def record_access(
    store: Store, actor: Actor, action: str, what: str, records: int, reason: str = ""
) -> None:
    """One unmasked export or display: who, when, what, how many records, why."""
    conn = store.reader()
    with transaction(conn):
        insert_many(
            conn,
            "access_log",
            [
                {
                    "at": utc_now(),
                    "worker_uuid": actor.uuid,
                    "worker_name": actor.name,
                    "action": action,
                    "what": what,
                    "records": max(records, 0),
                    "reason": reason.strip() or "未填写",
                }
            ],
            actor,
        )


def access_entries(store: Store) -> list[AccessEntry]:
    rows = store.reader().execute(
        "SELECT at, worker_name, action, what, records, reason FROM access_log ORDER BY id DESC"
    )
    return [
        AccessEntry(str(at), name, ACTIONS.get(action, action), what, int(records), reason)
        for at, name, action, what, records, reason in rows
    ]


def access_sheet(store: Store) -> Sheet:
    columns = [
        Column("时间（UTC）"),
        Column("操作人"),
        Column("操作"),
        Column("内容"),
        Column("记录数", "int"),
        Column("用途"),
    ]
    rows = [[e.at, e.worker, e.action, e.what, e.records, e.reason] for e in access_entries(store)]
    return Sheet("完整信息访问记录", columns, rows)
