"""撤销本次导入 for a bureau roll: the newest import of one category, undone exactly."""

from relief_desktop.domain.inspection import category_name
from relief_desktop.services import imports
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store


def title(category: str) -> str:
    return f"{category_name(category)}在册名单"


def undoable(store: Store, category: str) -> imports.ImportBatch | None:
    """The roll import the button would undo, or None (never imported, or undone already)."""
    return imports.undoable(store, "roll", category_name(category))


def check(store: Store, category: str) -> imports.ImportBatch:
    """What undo would do, after the same checks, writing nothing (RuleError if refused)."""
    name = category_name(category)
    return imports.check(store, "roll", name, title(name))


def undo(store: Store, actor: Actor, category: str) -> imports.UndoResult:
    """People the import added leave the roll, changed entries get their earlier values and
    people it ended are back on the roll; the roll's last import is the one before again."""
    name = category_name(category)
    return imports.undo_last(store, actor, "roll", name, title(name))
