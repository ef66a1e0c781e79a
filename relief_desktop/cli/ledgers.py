"""`relief-desktop ledger list|export|import`: every ledger and the registry (基础数据库)."""

import argparse
import sys
from pathlib import Path
from typing import Any

from relief_desktop.cli.commands import command, open_store
from relief_desktop.ledgers import exchange, registry
from relief_desktop.ledgers.service import LedgerQuery
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, registry_book, team
from relief_desktop.services import ledger_undo as undo
from relief_desktop.storage import settings

REGISTRY_NAMES = ("基础数据库", "registry", "beneficiaries")


def add_commands(sub: Any) -> None:
    ledger = sub.add_parser("ledger", help="台账：列出、导出、导入（含基础数据库）")
    actions = ledger.add_subparsers(dest="ledger_action", metavar="操作", required=True)
    actions.add_parser("list", help="列出全部台账及其简称")
    export = actions.add_parser("export", help="把一个台账导出为 Excel（默认脱敏）")
    export.add_argument(
        "name", metavar="台账", help="台账名称或简称，例如 救助资源台账 / resources"
    )
    export.add_argument("--out", type=Path, required=True, help="导出到的 .xlsx 文件")
    export.add_argument("--full", action="store_true", help="不脱敏（完整导出，可再导入）")
    export.add_argument("--from", dest="start", help="起始日期（含），例如 2026-03-01")
    export.add_argument("--to", dest="end", help="截止日期（含），例如 2026-03-31")
    export.add_argument("--reason", default="", help="导出完整信息的用途（记入完整信息访问记录）")
    export.add_argument("--worker", help="经办的团队成员（默认第一位）")
    imp = actions.add_parser("import", help="从 Excel 导入一个台账（先检查，全部无误才写入）")
    imp.add_argument("name", metavar="台账", help="台账名称或简称")
    imp.add_argument("file", type=Path, help="要导入的表格文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查并列出问题，不写入")
    imp.add_argument("--skip-bad", action="store_true", help="跳过有问题的行，导入其余各行")
    imp.add_argument("--worker", help="经办的团队成员（默认第一位）")
    _add_undo(actions)
    ledger.set_defaults(command="ledger")


def _worker(store: Any, name: str | None) -> Any:
    return (team.member_by_name(store, name) if name else team.team(store)[0]).actor


@command("ledger")
def _ledger(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.ledger_action == "undo":
        return _undo(args, paths)
    store = open_store(paths)
    try:
        if args.ledger_action == "list":
            return _list(store)
        is_registry = args.name.strip().lower() in REGISTRY_NAMES and (
            settings.edition(store) == settings.STREET
        )
        ledger = None if is_registry else registry.get_for(store, args.name)
        if args.ledger_action == "export":
            return _export(store, ledger, args)
        return _import(store, ledger, args)
    finally:
        store.close()


def _list(store: Any) -> int:
    """The ledgers of the store's edition (a district store lists the district center's)."""
    if settings.edition(store) == settings.STREET:
        print("基础数据库（registry）：关爱援助对象及家庭成员")
    for item in registry.of_store(store):
        aliases = "、".join(a for a in item.aliases if not a.isascii())
        print(f"{item.title}（{item.key}）" + (f"：也可写 {aliases}" if aliases else ""))
    return 0


def _export(store: Any, ledger: Any, args: argparse.Namespace) -> int:
    masked = not args.full
    if ledger is None:
        count = registry_book.export(store, args.out, masked=masked)
        title = "基础数据库"
    else:
        query = LedgerQuery(start=args.start, end=args.end, descending=False)
        count = exchange.export(store, ledger, args.out, query, masked=masked)
        title = ledger.title
    if not masked:
        audit.record_access(
            store, _worker(store, args.worker), "export_full", f"{title} → {args.out.name}",
            count, args.reason,
        )  # fmt: skip
    print(f"已导出{title} {count} 条{'（已脱敏）' if masked else '（完整）'}：{args.out}")
    return 0


def _import(store: Any, ledger: Any, args: argparse.Namespace) -> int:
    actor = _worker(store, args.worker)
    commit = not args.dry_run
    if ledger is None:
        result = registry_book.import_file(
            store, actor, args.file, commit=commit, skip_bad=args.skip_bad
        )
    else:
        result = exchange.import_file(
            store, actor, ledger, args.file, commit=commit, skip_bad=args.skip_bad
        )
    report = result.report()
    out = sys.stderr if result.problems else sys.stdout
    for line in report:
        print(line, file=out)
    if result.committed:
        print(f"已导入 {len(result.added)} 条。")
    elif commit and result.problems:
        print(
            "有问题的行未改正，本次没有写入任何数据（可加 --skip-bad 只导入无问题的行）。", file=out
        )
    elif not commit:
        print("（检查模式，未写入。）")
    return 1 if result.problems and not (result.committed and args.skip_bad) else 0


# -- ledger undo (撤销本次导入) ----------------------------------------------------------------


def _add_undo(actions: Any) -> None:
    undo = actions.add_parser(
        "undo", help="撤销一个台账（或基础数据库）最近一次导入（不加 --yes 只列出将撤销的内容）"
    )
    undo.add_argument("name", metavar="台账", help="台账名称或简称，基础数据库写 基础数据库")
    undo.add_argument("--worker", help="经办的团队成员（默认第一位）")
    undo.add_argument("--yes", action="store_true", help="确认撤销（不加时不写入任何数据）")


def _undo(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        found = undo.target(store, args.name)
        batch = undo.check(store, args.name)
        if not args.yes:
            print(f"将撤销{found.title}最近一次导入：")
            for line in batch.describe():
                print(f"  {line}")
            print("确认撤销请加 --yes。（本次未写入任何数据。）")
            return 1
        done = undo.undo(store, _worker(store, args.worker), args.name)
        print(f"已撤销{found.title}的导入（{done.batch.file_name}）：已{done.batch.effects()}。")
        return 0
    finally:
        store.close()
