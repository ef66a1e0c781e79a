"""`relief-desktop demo --district`: a district store with the 11 streets' packets of a year.

Each street is a small demo street (demo/__init__.py) whose monthly packets are written by the
street edition's own packet writer (month_packet.generate), as if sent on a chosen day: most by
the 5th, some late, one month re-sent as version 2, one month never sent. Then the district
imports them all, as a user would."""

import random
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from relief_desktop import demo as street_demo
from relief_desktop.demo import district_work
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.periods import Period, add_months, default_contract_start, month
from relief_desktop.domain.vocab import STREETS
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.district import edition, intake, overlaps
from relief_desktop.services.reporting import month_packet
from relief_desktop.services.reporting.packet import due_date
from relief_desktop.storage.actor import SYSTEM, Actor
from relief_desktop.storage.store import Store

DISTRICT_TEAM = (("陈静", "项目负责人"), ("赵敏", "项目专员"))
DEMO_ID_KEY = "chenghua-demo-district-id-key"  # the demo district's and streets' id-key
MISSING = ("510108017", 2)  # 白莲池: the month 3 months before the last one is never sent
RESENT = ("510108004", 1)  # 双桥子: the month before the last one is sent again as version 2


@dataclass(frozen=True)
class DistrictDemo:
    packets: int
    imported: int
    months: list[str]
    own_records: int = 0  # the district center's own ledger records (demo/district_work.py)


def demo_months(today: date, count: int) -> list[str]:
    """Up to `count` months whose packets are due by today, inside the demo streets' contract
    year (demo/__init__.py starts it a year before today), oldest first."""
    last = add_months(today.replace(day=1), -1)
    if today < due_date(f"{last:%Y-%m}"):
        last = add_months(last, -1)
    first = default_contract_start(today).replace(day=1)
    keys = [add_months(last, -n) for n in range(count - 1, -1, -1)]
    return [f"{k:%Y-%m}" for k in keys if k >= first]


def write_street_packets(
    code: str, months: list[str], out: Path, work: Path, seed: int, people: int
) -> list[Path]:
    """One demo street's monthly packets, written by the street edition's packet writer."""
    rng = random.Random(f"{seed}-{code}")
    paths = AppPaths.under(work / code)
    store = Store.open(paths)
    made: list[Path] = []
    try:
        # each street its own people (a seed of its own), the district's id key for overlaps
        street_demo.generate(store, people, STREETS[code], seed + list(STREETS).index(code))
        overlaps.set_key(store, SYSTEM, DEMO_ID_KEY)
        for back, key in enumerate(reversed(months)):
            if (code, back) == MISSING:
                continue
            year, number = (int(x) for x in key.split("-"))
            due = due_date(key)
            late = rng.random() < 0.12
            day = (
                due.replace(day=due.day + rng.randint(2, 9))
                if late
                else due.replace(day=rng.randint(1, due.day))
            )
            sent = datetime.combine(day, time(9 + rng.randint(0, 7), rng.randint(0, 59)))
            made.append(_packet(store, month(year, number), out, sent))
            if (code, back) == RESENT:
                again = datetime.combine(due.replace(day=due.day + 10), time(15, 30))
                made.append(_packet(store, month(year, number), out, again))
    finally:
        store.close()
    return made


def _packet(store: Store, period: Period, out: Path, sent: datetime) -> Path:
    result = month_packet.generate(store, SYSTEM, period, out, generated_at=sent, today=sent.date())
    return result.path


def generate(
    store: Store,
    months: int = 12,
    people: int = 12,
    seed: int = 2026,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> DistrictDemo:
    """Fill a district store (set up here if new) with the 11 streets' packets of `months`."""
    today = today or date.today()
    if edition.is_set_up(store) and not edition.is_district(store):
        raise RuleError("district_only")
    if not edition.is_set_up(store):
        edition.setup_district(store, "成华区", DISTRICT_TEAM)
        # the streets' contract (demo/__init__.py's default): months before it are owed by none
        start = default_contract_start(today).isoformat()
        team.set_setting(store, SYSTEM, team.CONTRACT_START_KEY, start)
        overlaps.set_key(store, SYSTEM, DEMO_ID_KEY)
    keys = demo_months(today, months)
    with tempfile.TemporaryDirectory(prefix="district-demo-") as temp:
        root = Path(temp)
        files: list[Path] = []
        for code, name in STREETS.items():
            if progress is not None:
                progress(f"{name}街道")
            files += write_street_packets(
                code, keys, root / "packets", root / "streets", seed, people
            )
        actor = edition_actor(store)
        outcomes = intake.import_files(store, actor, files)
        shutil.rmtree(root / "streets", ignore_errors=True)
    imported = sum(1 for o in outcomes if o.status == "imported")
    own = district_work.fill(store, actor, team.contract_start(store, today), today, seed)
    return DistrictDemo(len(files), imported, keys, own)


def edition_actor(store: Store) -> Actor:
    members = team.team(store)
    return members[0].actor if members else SYSTEM
