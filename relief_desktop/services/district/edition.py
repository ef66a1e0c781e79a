"""Which edition a store is: a street center (街道中心, default) or the district center (区中心).

Recorded in the store's settings at first run, so one app opens either kind of store."""

from collections.abc import Sequence

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.vocab import ROLES
from relief_desktop.services import team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage import orm, settings
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store

EDITION_KEY = settings.EDITION_KEY
DISTRICT_KEY = "district"
STREET = settings.STREET
DISTRICT = settings.DISTRICT
EDITIONS = {STREET: "街道中心", DISTRICT: "区中心"}
DISTRICTS = ("成华区",)  # the streets in domain/vocab.py STREETS are Chenghua's


def edition(store: Store) -> str:
    return settings.edition(store)


def is_district(store: Store) -> bool:
    return edition(store) == DISTRICT


def district_name(store: Store) -> str:
    return team.get_setting(store, DISTRICT_KEY) or ""


def is_set_up(store: Store) -> bool:
    """A street store has its street; a district store its district."""
    return bool(team.current_street(store) or district_name(store))


def check_setup(district: str | None, members: Sequence[tuple[str, str]]) -> list[Problem]:
    """What a district first run still needs, all at once: the district and a team."""
    problems: list[Problem] = []
    if not district:
        problems.append(Problem("district", "district_required"))
    elif district.strip() not in DISTRICTS:
        details = {"value": district, "choices": "、".join(DISTRICTS)}
        problems.append(Problem("district", "district_unknown", details))
    names = [name for name, _ in members]
    for name in dict.fromkeys(names):
        if names.count(name) > 1:
            problems.append(Problem("workers", "worker_duplicate", {"name": name}))
    for role in dict.fromkeys(role for _, role in members if role not in ROLES):
        problems.append(Problem("workers", "worker_role", {"value": role}))
    if not members:
        problems.append(Problem("workers", "worker_required"))
    return problems


def setup_district(
    store: Store, district: str | None, members: Sequence[tuple[str, str]]
) -> list[TeamMember]:
    """First run of a district store: its edition, district and team, in one transaction."""
    problems = check_setup(district, members)
    if problems:
        raise ValidationFailedError(problems)
    assert district is not None
    if is_set_up(store):
        raise RuleError(
            "district_already_set_up", name=district_name(store) or f"{team.street_name(store)}街道"
        )

    with store.write(SYSTEM) as session:
        session.add(orm.Setting(key=EDITION_KEY, value=DISTRICT))
        session.add(orm.Setting(key=DISTRICT_KEY, value=district.strip()))
        workers = [orm.Worker(name=name, role=role) for name, role in members]
        session.add_all(workers)
        session.flush()
        return [TeamMember(w.uuid, w.name, w.role) for w in workers]
