"""Real street packets, written by the street edition's packet writer, for the district tests."""

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from relief_desktop.domain.periods import month
from relief_desktop.paths import AppPaths
from relief_desktop.services import accounts, demo, team
from relief_desktop.services.district import edition
from relief_desktop.services.reporting import month_packet
from relief_desktop.storage.actor import SYSTEM
from relief_desktop.storage.store import Store
from tests.fixtures.people import TEST_PASSWORD

PACKET_PASSWORD = "Packet-Pass-2026!"


@dataclass(frozen=True)
class Packets:
    """双桥子: 08 on time, 09 late, 10 v1 on time then re-sent as v2 (late);
    猛追湾: 08 on time (AES, PACKET_PASSWORD), 09 never sent, 10 on time."""

    folder: Path
    shuangqiao: dict[str, list[Path]]
    mengzhuiwan: dict[str, list[Path]]


Sends = dict[str, list[tuple[str, str | None]]]  # month -> (sent at, password) per version


def _street(root: Path, name: str, sends: Sends) -> dict[str, list[Path]]:
    """A small demo street's packets; between versions of a month its 主题活动 target changes
    (4 → 9), so a re-sent version's figures differ from the first's."""
    store = Store.open(AppPaths.under(root / name))
    made: dict[str, list[Path]] = {}
    try:
        demo.generate(store, 12, name, 7)
        for key, versions in sends.items():
            year, number = (int(x) for x in key.split("-"))
            for sent, password in versions:
                result = month_packet.generate(
                    store,
                    SYSTEM,
                    month(year, number),
                    root / "out",
                    password=password,
                    generated_at=datetime.fromisoformat(sent),
                )
                made.setdefault(key, []).append(result.path)
                team.set_setting(store, SYSTEM, "kpi_target.activities", "9")
            team.set_setting(store, SYSTEM, "kpi_target.activities", "4")
    finally:
        store.close()
    return made


@pytest.fixture(scope="session")
def packets(tmp_path_factory: pytest.TempPathFactory) -> Packets:
    root = tmp_path_factory.mktemp("street-packets")
    shuangqiao = _street(
        root,
        "双桥子",
        {
            "2026-08": [("2026-09-03T10:00:00", None)],
            "2026-09": [("2026-10-08T10:00:00", None)],
            "2026-10": [("2026-11-05T17:00:00", None), ("2026-11-12T09:00:00", None)],
        },
    )
    mengzhuiwan = _street(
        root,
        "猛追湾",
        {
            "2026-08": [("2026-09-01T10:00:00", PACKET_PASSWORD)],
            "2026-10": [("2026-11-02T10:00:00", None)],
        },
    )
    return Packets(root / "out", shuangqiao, mengzhuiwan)


@pytest.fixture
def district(tmp_path: Path) -> Iterator[Store]:
    """A district store (成华区), 陈静 (项目负责人) and 赵敏 (项目专员), password TEST_PASSWORD."""
    opened = Store.open(AppPaths.under(tmp_path / "district"))
    edition.setup_district(opened, "成华区", [("陈静", "项目负责人"), ("赵敏", "项目专员")])
    accounts.set_all(opened, SYSTEM, TEST_PASSWORD)
    yield opened
    opened.close()


def copy(path: Path, folder: Path, name: str | None = None) -> Path:
    target = folder / (name or path.name)
    shutil.copyfile(path, target)
    return target
