"""`relief-desktop handover export|import`: the contract-end handover archive (合同结束移交)."""

import argparse
import os
from pathlib import Path
from typing import Any

from relief_desktop.cli.commands import command, open_store
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import handover, passwords, team

ENV_PASSWORD = "RELIEF_DESKTOP_HANDOVER_PASSWORD"


def add_commands(sub: Any) -> None:
    handover = sub.add_parser("handover", help="合同结束移交：导出或导入全部数据的加密移交包")
    actions = handover.add_subparsers(dest="handover_action", metavar="操作", required=True)
    export = actions.add_parser(
        "export", help="导出移交包（数据库、附件、台账、个案档案、变更记录）"
    )
    export.add_argument("--out", type=Path, required=True, help="移交包保存到的文件夹")
    export.add_argument(
        "--password-file", type=Path, help=f"密码文件（只读第一行）；也可用环境变量 {ENV_PASSWORD}"
    )
    export.add_argument("--worker", help="经办的团队成员（默认第一位）")
    imp = actions.add_parser("import", help="把移交包导入一个新的空数据文件夹（--data-dir）")
    imp.add_argument("file", type=Path, help="移交包 .zip 文件")
    imp.add_argument(
        "--password-file", type=Path, help=f"密码文件（只读第一行）；也可用环境变量 {ENV_PASSWORD}"
    )
    handover.set_defaults(command="handover")


def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        return passwords.read_file(args.password_file)
    value = os.environ.get(ENV_PASSWORD)
    if not value:
        raise RuleError("handover_password_missing")
    return value


@command("handover")
def _handover(args: argparse.Namespace, paths: AppPaths) -> int:
    password = _password(args)
    if args.handover_action == "import":
        done = handover.import_archive(paths, args.file, password)
        people = done.tables.get("beneficiary", 0)
        print(
            f"已导入移交包：{done.street}（{done.created_at} 由 {done.created_by} 生成），"
            f"登记对象 {people} 人，附件 {done.attachments} 个，全部文件已与清单核对无误。"
        )
        print(f"数据文件夹：{paths.data_dir}")
        return 0
    store = open_store(paths)
    try:
        member = team.member_by_name(store, args.worker) if args.worker else team.team(store)[0]
        result = handover.export_archive(store, member.actor, args.out, password)
    finally:
        store.close()
    print(f"已生成移交包：{result.path}")
    print(f"共 {result.files} 个文件，SHA-256：{result.sha256}")
    print("请把密码另行当面交给接收人；移交包含有敏感个人信息，请妥善保管。")
    return 0
