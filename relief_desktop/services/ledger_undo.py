"""撤销本次导入 for a ledger or the registry (基础数据库), found by the name users type."""

from dataclasses import dataclass

from relief_desktop.ledgers import registry
from relief_desktop.services import imports
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

REGISTRY_NAMES = ("基础数据库", "registry", "beneficiaries")


@dataclass(frozen=True)
class Target:
    kind: str  # ledger | registry
    key: str  # the journal's target: the ledger key or 'registry'
    title: str


def target(store: Store, name: str) -> Target:
    """基础数据库 / registry, or a ledger of the store's edition by key, title or alias
    (RuleError if none)."""
    if name.strip().lower() in REGISTRY_NAMES:
        return Target("registry", "registry", "基础数据库")
    ledger = registry.get_for(store, name)
    return Target("ledger", ledger.key, ledger.title)


def _nouns(store: Store) -> dict[str, str]:
    """Every ledger's rows named by its title, for "已被后来录入的记录使用（…）"."""
    return {ledger.table: ledger.title for ledger in registry.of_store(store)}


def undoable(store: Store, name: str) -> imports.ImportBatch | None:
    found = target(store, name)
    return imports.undoable(store, found.kind, found.key)


def check(store: Store, name: str) -> imports.ImportBatch:
    """What undo would do, after the same checks, writing nothing (RuleError if refused)."""
    found = target(store, name)
    return imports.check(store, found.kind, found.key, found.title, _nouns(store))


def undo(store: Store, actor: Actor, name: str) -> imports.UndoResult:
    found = target(store, name)
    return imports.undo_last(store, actor, found.kind, found.key, found.title, _nouns(store))
