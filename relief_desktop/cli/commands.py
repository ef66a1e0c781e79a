"""The registry of command handlers: each area module registers its handlers with @command."""

import argparse
from collections.abc import Callable

from relief_desktop.paths import AppPaths
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
