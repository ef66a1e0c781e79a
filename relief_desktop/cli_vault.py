"""Encryption at rest on the command line: signing in unwraps the data key, the recovery key is
shown (or written) once, and `relief-desktop recover` sets a new password with it."""

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relief_desktop.cli import command, login_password
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths, private_file

if TYPE_CHECKING:
    from relief_desktop.services.team import TeamMember
    from relief_desktop.storage.store import Store

RECOVERY_WARNING = "这是忘记全部密码时唯一的找回方式，请打印后锁好保存（不要和电脑放在一起）。"


def add_commands(sub: Any) -> None:
    recover = sub.add_parser("recover", help="忘记密码：用打印保存的恢复密钥为一位成员设置新密码")
    recover.add_argument(
        "--recovery-key-file", type=Path, metavar="文件", help="恢复密钥所在的文本文件"
    )
    recover.add_argument("--worker", required=True, help="要设置新密码的团队成员姓名")
    recover.set_defaults(command="recover")


@command("recover")
def _recover(args: argparse.Namespace, paths: AppPaths) -> int:
    from relief_desktop.services import passwords, vault

    if args.recovery_key_file is None:
        raise RuleError("recovery_key_file_missing")
    recovery_key = passwords.read_file(args.recovery_key_file)
    password = login_password(args)
    if password is None:
        raise RuleError("signin_setup_password")
    member = vault.recover(paths, recovery_key, args.worker, password)
    print(f"已为 {member.name} 设置新密码，请用新密码登录。")
    return 0


def show_recovery_key(paths: AppPaths, out: Path | None = None) -> None:
    """The recovery key made in this run (a new or newly encrypted store), shown once."""
    from relief_desktop.storage import keyring

    recovery_key = keyring.take_recovery_key(paths)
    if recovery_key is None:
        return
    if out is not None:
        out.write_text(recovery_key + "\n", encoding="utf-8")
        private_file(out)
        print(f"恢复密钥已写入 {out}。{RECOVERY_WARNING}", file=sys.stderr)
        return
    print(f"本机数据的恢复密钥（只显示这一次）：{recovery_key}", file=sys.stderr)
    print(RECOVERY_WARNING, file=sys.stderr)


def unlock(args: argparse.Namespace, paths: AppPaths, password: str | None) -> bool:
    """Unwrap the data key with the password when the store is encrypted and still locked;
    the signed-in member becomes --worker. False when there was nothing to unlock."""
    from relief_desktop.services import vault
    from relief_desktop.storage import keyring
    from relief_desktop.storage.store import Store

    if not keyring.locked(paths):
        return False
    if password is None:
        raise RuleError("signin_password_missing")
    named = getattr(args, "worker", None)
    uuid = vault.unlock(paths, password, named if isinstance(named, str) else None)
    store = Store.open(paths)
    try:
        member = vault.signed_in_member(store, uuid)
    finally:
        store.close()
    if hasattr(args, "worker") and args.worker is None:
        args.worker = member.name
    return True


def encrypt_if_plain(store: "Store", password: str, member: "TeamMember") -> None:
    """An older store is encrypted at its first sign-in; a failed check leaves it as it was."""
    from relief_desktop.services import vault

    try:
        if vault.encrypt_store(store, password, member) is not None:
            print("提示：本机数据已加密保存（首次登录时一次性完成）。", file=sys.stderr)
    except RuleError as error:
        print(f"提示：{error}", file=sys.stderr)
        return
    show_recovery_key(store.paths)
