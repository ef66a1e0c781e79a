"""Cross-street people: found by keyed ID digests, shown with masked names, never a full ID."""

import json
import re
import zipfile
from pathlib import Path

from relief_desktop.services import team
from relief_desktop.services.district import intake, overlaps
from relief_desktop.storage.store import Store
from tests.fixtures.street_packets import DISTRICT_KEY, PACKET_PASSWORD, Packets


def _people(path: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.startswith("身份摘要"))
        people: list[dict[str, str]] = json.loads(z.read(name))["people"]
        return people


def test_a_masked_packet_carries_keyed_digests_not_ids(packets: Packets) -> None:
    path = packets.shuangqiao["2026-08"][0]
    people = _people(path)
    assert people
    assert all(len(p["id_hmac"]) == 64 for p in people)
    assert all("*" in p["name"] for p in people)
    with zipfile.ZipFile(path) as z:
        raw = z.read(next(n for n in z.namelist() if n.startswith("身份摘要"))).decode()
    assert re.search(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])", raw) is None


def test_the_district_lists_people_of_two_streets(district: Store, packets: Packets) -> None:
    actor = team.team(district)[0].actor
    overlaps.set_key(district, actor, DISTRICT_KEY)
    files = [packets.shuangqiao["2026-10"][-1], packets.mengzhuiwan["2026-10"][0]]
    assert {o.status for o in intake.import_files(district, actor, files)} == {"imported"}
    found = overlaps.overlaps(district)
    first, second = ({p["id_hmac"] for p in _people(f)} for f in files)
    shared = first & second
    assert shared  # the two demo streets (same seed) register some of the same people
    assert {o.id_hmac for o in found} == shared
    for item in found:
        assert {s for s, _, _ in item.streets} == {"双桥子街道", "猛追湾街道"}


def test_digests_made_with_another_key_are_not_compared(district: Store, packets: Packets) -> None:
    actor = team.team(district)[0].actor
    overlaps.set_key(district, actor, "another-district-key-0000")
    files = [packets.shuangqiao["2026-10"][-1], packets.mengzhuiwan["2026-10"][0]]
    outcomes = intake.import_files(district, actor, files, PACKET_PASSWORD)
    assert all("密钥与区中心不同" in o.message for o in outcomes)
    assert overlaps.overlaps(district) == []
