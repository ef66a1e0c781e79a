"""What every area of the command line shares: the handler registry (@command), opening the
store and the signed-in worker's password."""

import argparse
import os
from collections.abc import Callable

from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, passwords
from relief_desktop.storage.store import Store

Handler = Callable[[argparse.Namespace, AppPaths], int]
COMMANDS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = handler
        return handler

    return register


def open_store(paths: AppPaths) -> Store:
    return Store.open(paths)


def login_password(args: argparse.Namespace) -> str | None:
    """The worker's password from --password-file (before the command) or the environment."""
    if getattr(args, "signin_password_file", None) is not None:
        return passwords.read_file(args.signin_password_file)
    return os.environ.get(accounts.ENV_PASSWORD) or None
