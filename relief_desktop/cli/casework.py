"""Casework commands: the case file PDF and the due task list."""

import argparse
from pathlib import Path

from relief_desktop.cli.commands import command, open_store
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit, team
from relief_desktop.services.casework.case_file import (
    CaseFileOptions,
    case_uuid_by_no,
    write_case_file,
)
from relief_desktop.services.casework.tasks import due_tasks


def add_commands(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    case_file = sub.add_parser("case-file", help="导出个案档案 PDF（身份证号和姓名默认遮挡）")
    case_file.add_argument("--case", required=True, help="个案编号，例如 510108004-2026-C001")
    case_file.add_argument("--out", required=True, type=Path, help="输出的 PDF 文件")
    case_file.add_argument("--full-id", action="store_true", help="显示完整姓名和证件号码")
    case_file.add_argument(
        "--reason", default="", help="导出完整信息的用途（记入完整信息访问记录）"
    )
    case_file.add_argument("--worker", help="经办的团队成员（默认第一位）")
    case_file.add_argument(
        "--include-sensitive", action="store_true", help="包含敏感附件（如未成年人照片）"
    )
    tasks = sub.add_parser("case-tasks", help="列出已逾期、今天和本周到期的个案事项")
    tasks.add_argument("--all", action="store_true", help="显示全部（默认最多 50 条）")


@command("case-file")
def _case_file(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        uuid = case_uuid_by_no(store, args.case)
        options = CaseFileOptions(args.full_id, args.include_sensitive)
        pages = write_case_file(store, uuid, args.out, options)
        if args.full_id:
            member = team.member_by_name(store, args.worker) if args.worker else team.team(store)[0]
            audit.record_access(
                store, member.actor, "export_full", f"个案档案 {args.case} → {args.out.name}",
                1, args.reason,
            )  # fmt: skip
    finally:
        store.close()
    print(f"已导出个案档案：{args.out}（共 {pages} 页）")
    return 0


@command("case-tasks")
def _case_tasks(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        found = due_tasks(store)
    finally:
        store.close()
    for task in found if args.all else found[:50]:
        print(f"{task.bucket}\t{task.due}\t{task.kind}\t{task.case_no}\t{task.text}")
    print(f"共 {len(found)} 项")
    return 0
