"""`relief-desktop audit verify|access`: is the change log whole, and who saw full data."""

import argparse
from pathlib import Path
from typing import Any

from relief_desktop.cli.commands import command, open_store
from relief_desktop.exports.xlsx import write_workbook
from relief_desktop.paths import AppPaths
from relief_desktop.services import audit
from relief_desktop.services.team import print_heading


def add_commands(sub: Any) -> None:
    audit = sub.add_parser("audit", help="核查：变更记录是否完整、谁导出或查看过完整信息")
    actions = audit.add_subparsers(dest="audit_action", metavar="操作", required=True)
    actions.add_parser("verify", help="逐条核对变更记录的封记，报告删除、改动和伪造")
    access = actions.add_parser("access", help="列出完整信息（未脱敏）的导出和查看记录")
    access.add_argument("--out", type=Path, help="导出为 .xlsx 文件")
    audit.set_defaults(command="audit")


@command("audit")
def _audit(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    try:
        if args.audit_action == "verify":
            report = audit.verify(store)
            if report.ok:
                print(
                    f"变更记录完整：共 {report.entries} 条，逐条核对封记无误"
                    f"（最后一条第 {report.last_id} 条，{report.last_at}）。"
                )
                return 0
            print(f"变更记录有问题（共 {report.entries} 条，发现 {len(report.problems)} 处）：")
            for problem in report.problems:
                print(f"  - {problem}")
            print("请保留数据文件原样，并报告项目负责人；可用备份核对被改动前的内容。")
            return 2
        if args.out is not None:
            sheet = audit.access_sheet(store)

            result = write_workbook(args.out, [sheet], heading=print_heading(store))
            print(f"已导出访问记录 {result.row_counts[sheet.title]} 条：{args.out}")
            return 0
        entries = audit.access_entries(store)
        if not entries:
            print("还没有完整信息的导出或查看记录。")
        for e in entries:
            print(f"{e.at}  {e.worker}  {e.action}  {e.what}（{e.records} 条）  用途：{e.reason}")
        return 0
    finally:
        store.close()
