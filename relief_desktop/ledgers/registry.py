"""Find a ledger by its ASCII key, Chinese title or an alias (CLI, GUI, reports).

A store lists the ledgers of its edition (storage/settings.py `edition`): a street center's, or
the district center's, which shares the street declarations that fit it unchanged."""

from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers.definitions import ALL, DISTRICT
from relief_desktop.ledgers.spec import Ledger
from relief_desktop.storage import settings
from relief_desktop.storage.store import Store

BY_EDITION: dict[str, tuple[Ledger, ...]] = {settings.STREET: ALL, settings.DISTRICT: DISTRICT}


def ledgers(edition: str = settings.STREET) -> tuple[Ledger, ...]:
    return BY_EDITION[edition]


def every() -> tuple[Ledger, ...]:
    """Every declared ledger once, street first (tests, the schema check)."""
    return tuple(dict.fromkeys((*ALL, *DISTRICT)))


def of_store(store: Store) -> tuple[Ledger, ...]:
    return ledgers(settings.edition(store))


def get(name: str, edition: str | None = None) -> Ledger:
    """The ledger of that name: in the edition's list, or any declared one when None."""
    found = every() if edition is None else ledgers(edition)
    wanted = name.strip().lower()
    for ledger in found:
        if wanted in (n.lower() for n in ledger.names()):
            return ledger
    choices = "、".join(f"{x.title}（{x.key}）" for x in found)
    raise RuleError("ledger_unknown", value=name, choices=choices)


def get_for(store: Store, name: str) -> Ledger:
    """The ledger of that name among the store's edition's (RuleError naming those if none)."""
    return get(name, settings.edition(store))
