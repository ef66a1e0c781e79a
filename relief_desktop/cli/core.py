"""The command line beside the GUI: scripted work and tests, non-interactive, errors in Chinese.

The parser, the sign-in gate and the general commands (gui, setup, demo, backup, restore); each
area adds its own sub-commands from its module in this package."""

import argparse
import contextlib
import gc
import gettext
import os
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from relief_desktop import __version__, demo, logs
from relief_desktop.app import crash_notice
from relief_desktop.app import main as gui_main
from relief_desktop.cli import (
    audit,
    casework,
    district,
    handover,
    inspection,
    ledgers,
    reporting,
    selftest,
    vault,
)
from relief_desktop.cli.commands import COMMANDS as COMMANDS
from relief_desktop.cli.commands import command, login_password, open_store
from relief_desktop.demo import district as district_demo
from relief_desktop.domain.errors import RuleError, ValidationFailedError
from relief_desktop.paths import ENV_DATA_DIR, AppPaths, private_umask
from relief_desktop.services import accounts, backup, passwords, team
from relief_desktop.services.district import edition
from relief_desktop.storage import faults
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store

if TYPE_CHECKING:
    from relief_desktop.services.backup import BackupSummary

# argparse words its own messages through gettext; these are the ones users meet.
_ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "命令",
    "options": "选项",
    "show this help message and exit": "显示帮助后退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
}


def _zh(message: str) -> str:
    return _ARGPARSE_ZH.get(message, gettext.gettext(message))


argparse._ = _zh  # type: ignore[attr-defined]


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}”不是日期，请按 2025-12-16 的格式填写") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relief-desktop",
        description="成华区街道社会关爱援助中心工作台。不带命令时启动图形界面。",
    )
    parser.add_argument(
        "--version", action="version", version=f"relief_desktop {__version__}", help="显示版本号"
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help=f"数据目录（默认为本用户的应用数据目录；也可用环境变量 {ENV_DATA_DIR} 指定）",
    )
    parser.add_argument(
        "--password-file",
        dest="signin_password_file",
        type=Path,
        metavar="文件",
        help="登录密码所在的文本文件（只读第一行）；也可用环境变量 RELIEF_DESKTOP_PASSWORD",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")

    gui = sub.add_parser("gui", help="启动图形界面（默认）")
    gui.add_argument("--worker", help="以此团队成员身份进入，不再询问")
    gui.add_argument(
        "--quit-when-shown", action="store_true", help="主窗口显示后立即退出（测速用）"
    )

    setup = sub.add_parser("setup", help="首次设置：街道和团队成员（不需要图形界面）")
    setup.add_argument("--street", help="街道名，例如 双桥子（街道中心必填）")
    setup.add_argument(
        "--district", help="区名，例如 成华区：建立区中心的数据目录（不填 --street）"
    )
    setup.add_argument(
        "--worker",
        action="append",
        required=True,
        metavar="姓名:角色",
        help="团队成员，可重复；项目负责人、项目专员各至少一人，例如 张三:项目负责人 李四:项目专员",
    )
    setup.add_argument(
        "--contract-start",
        type=_iso_date,
        help="合同开始日期（街道中心必填），例如 2025-12-16：合同年度指标从这天起算；以后可在“设置”中修改",
    )
    setup.add_argument(
        "--recovery-key-out",
        type=Path,
        metavar="文件",
        help="把恢复密钥写入这个文件（用于打印后删除）；不加此项则在屏幕上显示一次",
    )

    demo = sub.add_parser("demo", help="生成演示数据：一个街道一整个合同年的工作记录")
    demo.add_argument("--people", type=int, default=300, help="登记人数（默认 300）")
    demo.add_argument("--street", help="街道名（数据目录尚未设置时使用，默认 双桥子）")
    demo.add_argument("--seed", type=int, default=2026, help="随机种子，相同种子生成相同数据")
    demo.add_argument(
        "--district", action="store_true", help="生成区中心演示数据：11 个街道一年的报送资料包"
    )

    backup = sub.add_parser(
        "backup", help="备份数据（默认放在数据目录的 backups 文件夹）；backup list 列出全部备份"
    )
    backup.add_argument(
        "action", nargs="?", choices=["list"], help="list：列出每份备份及其内容、是否完好"
    )
    backup.add_argument("--out", type=Path, help="备份到这个文件夹，例如 U 盘")

    restore = sub.add_parser("restore", help="用备份文件恢复数据（当前数据会先另存一份）")
    restore.add_argument("file", type=Path, help="备份文件 relief-日期-….sqlite3")
    restore.add_argument("--yes", action="store_true", help="确认恢复；不加此项只检查备份文件")

    for area in AREAS:
        area.add_commands(sub)
    return parser


# The areas that add sub-commands, in --help order: each has `add_commands(subparsers)` and
# registers its handlers with @command.
AREAS = (reporting, inspection, casework, ledgers, handover, audit, selftest, vault, district)


@command("gui")
def _gui(args: argparse.Namespace, paths: AppPaths) -> int:

    # Warnings and uncaught errors of this run go, cleaned of personal data, to logs/.
    logs.install(paths, on_crash=crash_notice)
    return gui_main(
        paths,
        worker_name=getattr(args, "worker", None),
        quit_when_shown=getattr(args, "quit_when_shown", False),
    )


@command("setup")
def _setup(args: argparse.Namespace, paths: AppPaths) -> int:
    members = [team.parse_worker(text) for text in args.worker]
    if args.district is not None:
        return _setup_district(args, paths, members)
    for flag, value in (("--street", args.street), ("--contract-start", args.contract_start)):
        if value is None:  # required for a street center (not for --district): as argparse says it
            print(f"relief-desktop setup：错误：缺少必填参数：{flag}", file=sys.stderr)
            raise SystemExit(2)
    problems = team.check_first_run(args.street, members, args.contract_start)
    if problems:  # before anything is written
        raise ValidationFailedError(problems)
    password = login_password(args)
    if password is None:
        raise RuleError("signin_setup_password")
    passwords.check_new(password)  # before anything is written

    vault.unlock(args, paths, password)  # an encrypted store set up again: its password
    store = open_store(paths)
    try:
        created = team.first_run(store, args.street, members, args.contract_start)
        accounts.set_all(store, SYSTEM, password)
        print(f"已设置：{team.street_name(store)}街道，{len(team.communities(store))} 个社区")
        for member in created:
            print(f"  团队成员：{member.name}（{member.role}），已设置登录密码")
        print(f"数据文件：{paths.database}")
    finally:
        store.close()

    vault.show_recovery_key(paths, args.recovery_key_out)
    return 0


def _setup_district(
    args: argparse.Namespace, paths: AppPaths, members: list[tuple[str, str]]
) -> int:
    """`setup --district 成华区`: a district center store (区中心) with its team."""

    problems = edition.check_setup(args.district, members)
    if problems:
        raise ValidationFailedError(problems)
    password = login_password(args)
    if password is None:
        raise RuleError("signin_setup_password")
    passwords.check_new(password)

    vault.unlock(args, paths, password)  # as a street's setup (encryption at rest)
    store = open_store(paths)
    try:
        created = edition.setup_district(store, args.district, members)
        if args.contract_start is not None:
            team.set_setting(
                store, SYSTEM, team.CONTRACT_START_KEY, args.contract_start.isoformat()
            )
        accounts.set_all(store, SYSTEM, password)
        print(f"已设置：{edition.district_name(store)}社会关爱援助中心（区中心）")
        for member in created:
            print(f"  团队成员：{member.name}（{member.role}），已设置登录密码")
        print(f"数据文件：{paths.database}")
    finally:
        store.close()
    vault.show_recovery_key(paths, args.recovery_key_out)
    return 0


@command("demo")
def _demo(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.district:
        return _demo_district(args, paths)
    store = open_store(paths)
    started = time.perf_counter()
    try:
        if edition.is_district(store):  # a street's demo into a district store: no
            raise RuleError("street_only_in_district")
        summary = demo.generate(store, args.people, args.street, args.seed)
        password = login_password(args)
        if password is not None:
            accounts.set_all(store, SYSTEM, password)
        elif not accounts.sign_in_required(store):
            print("提示：演示数据还没有登录密码；打开程序时会请每位成员设置。", file=sys.stderr)
    finally:
        store.close()

    vault.show_recovery_key(paths)
    print(
        f"已生成演示数据：{summary.street}街道，登记 {summary.persons} 人，"
        f"家庭成员 {summary.members} 人，救助标签 {summary.labels} 条"
        f"（用时 {time.perf_counter() - started:.1f} 秒）"
    )
    print(f"数据文件：{paths.database}")
    return 0


def _demo_district(args: argparse.Namespace, paths: AppPaths) -> int:
    store = open_store(paths)
    started = time.perf_counter()
    try:
        made = district_demo.generate(
            store, people=12, seed=args.seed, progress=lambda s: print(f"  生成 {s}的资料包…")
        )
        password = login_password(args)
        if password is not None:
            accounts.set_all(store, SYSTEM, password)
    finally:
        store.close()

    vault.show_recovery_key(paths)
    print(
        f"已生成区中心演示数据：{made.months[0]} 至 {made.months[-1]}，"
        f"资料包 {made.packets} 个，导入 {made.imported} 个（用时 {time.perf_counter() - started:.1f} 秒）"
    )
    if made.own_records:
        print(f"区中心自身台账（培训、督导、研讨会、公众号等）：{made.own_records} 条")
    print(f"数据文件：{paths.database}")
    return 0


@command("backup")
def _backup(args: argparse.Namespace, paths: AppPaths) -> int:
    if args.action == "list":
        return _backup_list(paths)
    open_store(paths).close()  # the store exists and is current before it is copied
    made = backup.make_backup(paths, args.out)
    print(f"已备份到：{made}（{made.stat().st_size / 1e6:.1f} MB）")
    return 0


KIND_TEXT = {"daily": "每日自动", "manual": "手动", "before-restore": "恢复前"}


def summary_text(summary: "BackupSummary") -> str:
    """What a backup holds, in one line: shared by `restore` and `backup list`."""
    newest = f"{summary.newest:%Y-%m-%d}" if summary.newest else "无"
    return (
        f"{summary.street}街道，数据版本 {summary.version}，登记 {summary.people} 人，"
        f"个案 {summary.cases} 个，最新记录 {newest}"
    )


def _backup_list(paths: AppPaths) -> int:
    found = backup.backups(paths)
    if not found:
        print(f"还没有备份（备份文件夹：{paths.backups}）。")
        return 0
    print(f"备份文件夹：{paths.backups}")
    for item in found:
        kind = KIND_TEXT.get(item.kind, "升级前")
        result = backup.checked(item.path)
        what = (
            f"完好；{summary_text(result)}" if not isinstance(result, str) else f"不可用：{result}"
        )
        print(f"{item.made_at:%Y-%m-%d %H:%M}  {kind}  {item.size / 1e6:.1f} MB  {item.path.name}")
        print(f"    {what}")
    return 0


@command("restore")
def _restore(args: argparse.Namespace, paths: AppPaths) -> int:
    summary = backup.inspect_backup(args.file)
    if not args.yes:
        print(f"备份文件完好：{summary_text(summary)}。")
        print("确认恢复请加 --yes；恢复前当前数据会另存一份。")
        return 1
    restored = backup.restore(paths, args.file)
    print(f"已恢复：{args.file.name}（{summary_text(restored.summary)}）。")
    if restored.kept is not None:
        print(f"恢复前的数据已另存为 {restored.kept}")
    open_store(paths).close()  # an older backup is upgraded now, with its own dated copy
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    paths = AppPaths.under(args.data_dir) if args.data_dir else AppPaths.for_user()
    private_umask()  # the store, backups, logs and exports: user-only (POSIX)
    handler = COMMANDS[args.command or "gui"]
    with _quiet_cleanup():
        try:
            if _needs_sign_in(args):
                _sign_in(args, paths)
            return handler(args, paths)
        except ValidationFailedError as error:
            # Not the GUI's "已用红框标出": a terminal has no red frames.
            print(f"错误：有 {len(error.problems)} 处需要修改，未写入任何内容：", file=sys.stderr)
            for problem in error.problems:
                print(f"  - {problem.message()}", file=sys.stderr)
            return 1
        except RuleError as error:
            print(f"错误：{error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("已取消。", file=sys.stderr)
            return 130
        except BrokenPipeError:  # `relief-desktop ledger list | head`: the reader has gone
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        except Exception as error:
            fault = user_fault(error, paths)
            if fault is not None:
                print(f"错误：{fault}", file=sys.stderr)
                return 1
            # a bug: say so plainly, keep the details (personal data removed) for support

            log = logs.write_crash_log(paths, error)
            where = (
                f"详细信息已保存到 {log}（已去除身份证号、电话等个人信息），可发给技术支持。"
                if log
                else "请联系技术支持。"
            )
            print(
                f"程序内部错误（{type(error).__name__}），操作未完成，已保存的数据没有丢失。{where}",
                file=sys.stderr,
            )
            return 70


def user_fault(error: BaseException, paths: AppPaths) -> RuleError | None:
    """A full disk, a read-only or missing folder, a file held open, a drive pulled out: the
    Chinese message for it (None for a bug). The GUI's error path uses the same translation."""

    return faults.translate(error, paths.database)


@contextlib.contextmanager
def _quiet_cleanup() -> Iterator[None]:
    """After a failed write (a full disk), half-written workbooks are finalised as the error is
    dropped and print "Exception ignored" tracebacks; the user already has the message."""
    previous = sys.unraisablehook

    def hook(unraisable: "sys.UnraisableHookArgs") -> None:
        return None

    sys.unraisablehook = hook
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous


def _needs_sign_in(args: argparse.Namespace) -> bool:
    """Every command that reads or changes a team's data, except: the GUI (it asks itself),
    setup (it creates the accounts) and importing a handover into a fresh folder."""
    command_name = args.command or "gui"
    if command_name in ("gui", "setup", "selftest", "recover"):
        return False
    return not (command_name == "handover" and args.handover_action == "import")


def _sign_in(args: argparse.Namespace, paths: AppPaths) -> None:
    """Check the password before the command runs; the signed-in member becomes --worker.

    A data folder without a store yet (demo creates one) needs none. A store of an older
    version, before passwords, gets the given password for every member, once."""

    if not paths.database.exists():
        return
    password = login_password(args)
    if vault.unlock(args, paths, password):  # the password unwrapped the data key
        return
    store = open_store(paths)
    try:
        if not accounts.sign_in_required(store):
            if not team.team(store):
                return  # not set up yet: setup or demo creates the team and its accounts
            if password is None:
                raise RuleError("signin_first_password_missing")
            count = accounts.set_all(store, SYSTEM, password)
            print(f"提示：已为 {count} 位团队成员设置登录密码。", file=sys.stderr)
        if password is None:
            raise RuleError("signin_password_missing")
        member = accounts.sign_in(store, password, getattr(args, "worker", None))
        if hasattr(args, "worker") and args.worker is None:
            args.worker = member.name
        vault.encrypt_if_plain(store, password, member)
        _check_edition(args, store)
    finally:
        store.close()


# The commands a district center's store (区中心) has; the others read a street's records.
DISTRICT_COMMANDS = frozenset(
    {"district", "demo", "backup", "restore", "audit", "id-key", "ledger"}
)


def _check_edition(args: argparse.Namespace, store: "Store") -> None:
    if edition.is_district(store) and (args.command or "gui") not in DISTRICT_COMMANDS:
        raise RuleError("street_only_in_district")
