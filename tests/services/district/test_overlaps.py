"""Cross-street people: found by keyed ID digests, shown with masked names, never a full ID."""

import json
import re
import zipfile
from pathlib import Path

import pytest

from relief_desktop.cli import main
from relief_desktop.paths import AppPaths
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


def test_the_key_file_carries_the_key_and_id_key_reads_it(
    district: Store, store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The district's exported file, read by a street's `id-key --file`: the same key, the same
    fingerprint; a file that is no key file is refused in Chinese and changes nothing."""
    actor = team.team(district)[0].actor
    overlaps.set_key(district, actor, overlaps.generate_key())
    secret = overlaps.key(district)
    assert secret is not None
    path = overlaps.write_key_file(district, tmp_path / "身份摘要密钥.txt")
    assert overlaps.read_key_file(path) == secret
    street = store.paths.data_dir
    store.close()
    assert main(["--data-dir", str(street), "id-key", "--file", str(path)]) == 0
    assert overlaps.fingerprint(secret) in capsys.readouterr().out
    wrong = tmp_path / "名单.txt"
    wrong.write_text("张三 510108199001011234\n", encoding="utf-8")
    assert main(["--data-dir", str(street), "id-key", "--file", str(wrong)]) != 0
    assert "“名单.txt”不是身份摘要密钥文件" in capsys.readouterr().err
    reopened = Store.open(AppPaths.under(street))
    try:
        assert overlaps.key(reopened) == secret
    finally:
        reopened.close()
