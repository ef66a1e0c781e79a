"""First-run setup, the street's communities and the team (设置)."""

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from relief_desktop.domain.errors import Problem, RuleError, ValidationFailedError
from relief_desktop.domain.periods import default_contract_start
from relief_desktop.domain.vocab import ROLES, STREETS, street_code
from relief_desktop.resources import resource_path
from relief_desktop.storage import orm
from relief_desktop.storage.actor import SYSTEM, Actor
from relief_desktop.storage.settings import STREET_KEY as STREET_KEY
from relief_desktop.storage.settings import CommunityRow as CommunityRow
from relief_desktop.storage.settings import communities as communities
from relief_desktop.storage.settings import current_street as current_street
from relief_desktop.storage.settings import get_setting as get_setting
from relief_desktop.storage.settings import print_heading as print_heading
from relief_desktop.storage.settings import set_setting as set_setting
from relief_desktop.storage.settings import street_name as street_name
from relief_desktop.storage.store import Store

CONTRACT_START_KEY = "contract_start"
CONTRACT_EARLIEST = date(2020, 1, 1)  # a contract start before this is a typing slip


@dataclass(frozen=True)
class TeamMember:
    uuid: str
    name: str
    role: str
    active: bool = True

    @property
    def actor(self) -> Actor:
        return Actor(self.uuid, self.name)


def communities_csv() -> Path:
    return resource_path("chenghua_communities.csv")


def default_communities(code: str, source: Path | None = None) -> list[tuple[str, str]]:
    """(community code, short name) of one street from the shipped CSV."""
    with (source or communities_csv()).open(encoding="utf-8") as f:
        return [
            (row["community_code"], row["community_name"])
            for row in csv.DictReader(f)
            if row["street_code"] == code
        ]


def parse_worker(text: str) -> tuple[str, str]:
    """'张三:项目负责人' (or with a full-width colon) -> (name, role)."""
    name, sep, role = text.replace("：", ":").partition(":")
    name, role = name.strip(), role.strip()
    if not sep or not name or not role:
        raise RuleError("worker_format", value=text)
    if role not in ROLES:
        raise RuleError("worker_role", value=role)
    return name, role


def setup(
    store: Store,
    street: str,
    members: Sequence[tuple[str, str]],
    contract_start: date | None = None,
) -> list[TeamMember]:
    """First run: the street, its communities from the shipped list, the team and the contract
    start date (yearly KPIs run from it), all in one transaction."""
    code = street_code(street)
    if code is None:
        raise RuleError("street_unknown", value=street, choices="、".join(STREETS.values()))
    existing = current_street(store)
    if existing is not None:
        raise RuleError("already_set_up", street=STREETS.get(existing, existing))
    if not members:
        raise RuleError("worker_required")
    names = [name for name, _ in members]
    for name in names:
        if names.count(name) > 1:
            raise RuleError("worker_duplicate", name=name)
    for _, role in members:
        if role not in ROLES:
            raise RuleError("worker_role", value=role)

    with store.write(SYSTEM) as session:
        session.add(orm.Setting(key=STREET_KEY, value=code))
        if contract_start is not None:
            session.add(orm.Setting(key=CONTRACT_START_KEY, value=contract_start.isoformat()))
        for order, (community_code, name) in enumerate(default_communities(code)):
            session.add(
                orm.Community(street_code=code, code=community_code, name=name, sort_order=order)
            )
        workers = [orm.Worker(name=name, role=role) for name, role in members]
        session.add_all(workers)
        session.flush()
        return [TeamMember(w.uuid, w.name, w.role) for w in workers]


def check_first_run(
    street: str | None,
    members: Sequence[tuple[str, str]],
    contract_start: date | None,
    today: date | None = None,
) -> list[Problem]:
    """What first run still needs, all at once: the street, the contract start date (no default:
    every contract-year KPI counts from it) and a team with a 项目负责人 and a 项目专员."""
    today = today or date.today()
    problems: list[Problem] = []
    if not street:
        problems.append(Problem("street", "street_required"))
    elif street_code(street) is None:
        problems.append(
            Problem(
                "street",
                "street_unknown",
                {"value": street, "choices": "、".join(STREETS.values())},
            )
        )
    if contract_start is None:
        problems.append(Problem("contract_start", "contract_start_required"))
    elif not CONTRACT_EARLIEST <= contract_start <= today + timedelta(days=366):
        latest = today + timedelta(days=366)
        details = {"value": contract_start, "min": CONTRACT_EARLIEST, "max": latest}
        problems.append(Problem("contract_start", "contract_start_range_between", details))
    names = [name for name, _ in members]
    for name in dict.fromkeys(names):
        if names.count(name) > 1:
            problems.append(Problem("workers", "worker_duplicate", {"name": name}))
    for role in dict.fromkeys(role for _, role in members if role not in ROLES):
        problems.append(Problem("workers", "worker_role", {"value": role}))
    roles = {role for _, role in members}
    for role in ROLES:
        if role not in roles:
            problems.append(Problem("workers", "team_role_missing", {"role": role}))
    return problems


def first_run(
    store: Store,
    street: str | None,
    members: Sequence[tuple[str, str]],
    contract_start: date | None,
) -> list[TeamMember]:
    """First run as the wizard and `relief-desktop setup` do it: refused, with every reason,
    unless `check_first_run` has nothing to say; then `setup` in one transaction."""
    problems = check_first_run(street, members, contract_start)
    if problems:
        raise ValidationFailedError(problems)
    assert street is not None
    return setup(store, street, members, contract_start)


def team(store: Store, include_inactive: bool = False) -> list[TeamMember]:
    sql = "SELECT uuid, name, role, active FROM worker"
    if not include_inactive:
        sql += " WHERE active = 1"
    rows = store.reader().execute(sql + " ORDER BY id").fetchall()
    return [TeamMember(r[0], r[1], r[2], bool(r[3])) for r in rows]


def member_by_name(store: Store, name: str) -> TeamMember:
    for member in team(store):
        if member.name == name:
            return member
    raise RuleError("worker_unknown", value=name)


def save_member(
    store: Store, actor: Actor, uuid: str | None, name: str, role: str, active: bool = True
) -> str:
    """Add a team member (uuid None) or change one; members leave by being made inactive."""
    name = name.strip()
    if not name:
        raise RuleError("required", label="姓名")
    if role not in ROLES:
        raise RuleError("worker_role", value=role)
    # deferred: SQLModel is heavy; the first window reads through sqlite3 alone
    from sqlmodel import select

    others = [m for m in team(store, include_inactive=True) if m.uuid != uuid]
    if any(m.name == name for m in others):
        raise RuleError("worker_duplicate", name=name)
    with store.write(actor) as session:
        if uuid is None:
            worker = orm.Worker(name=name, role=role, active=active)
        else:
            found = session.exec(select(orm.Worker).where(orm.Worker.uuid == uuid)).first()
            if found is None:
                raise RuleError("record_missing")
            worker = found
            worker.name, worker.role, worker.active = name, role, active
        session.add(worker)
        session.flush()
        return worker.uuid


def community_by_name(store: Store, name: str) -> CommunityRow:
    short = name.strip().removesuffix("居委会")
    for row in communities(store, include_inactive=True):
        if short in (row.name, row.name.removesuffix("社区"), row.name.removesuffix("村")):
            return row
    raise RuleError("community_unknown", value=name)


def save_community(
    store: Store,
    actor: Actor,
    community_id: int | None,
    name: str,
    code: str = "",
    active: bool = True,
) -> int:
    """Add or rename a community of the street; one in use is retired (inactive), never deleted."""
    name = name.strip()
    if not name:
        raise RuleError("required", label="社区名称")

    street = current_street(store)
    if street is None:
        raise RuleError("not_set_up")
    with store.write(actor) as session:
        if community_id is None:
            count = len(communities(store, include_inactive=True))
            row = orm.Community(street_code=street, code=code, name=name, sort_order=count)
        else:
            found = session.get(orm.Community, community_id)
            if found is None:
                raise RuleError("record_missing")
            row = found
            row.name, row.code, row.active = name, code, active
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def contract_start(store: Store, today: date | None = None) -> date:
    """The contract start date setting; a contract year ending today when it is not set."""

    text = get_setting(store, CONTRACT_START_KEY)
    if text:
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    return default_contract_start(today or date.today())
