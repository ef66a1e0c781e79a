"""Find a ledger by its ASCII key, Chinese title or an alias (CLI, GUI, reports)."""

from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers.definitions import ALL
from relief_desktop.ledgers.spec import Ledger


def ledgers() -> tuple[Ledger, ...]:
    return ALL


def get(name: str) -> Ledger:
    wanted = name.strip().lower()
    for ledger in ledgers():
        if wanted in (n.lower() for n in ledger.names()):
            return ledger
    choices = "、".join(f"{x.title}（{x.key}）" for x in ledgers())
    raise RuleError("ledger_unknown", value=name, choices=choices)
