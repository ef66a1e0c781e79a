"""Packet intake: a tampered, truncated, foreign, wrongly locked or future packet is refused with
the reason and nothing imported; the same file twice changes nothing; versions are all kept."""

import json
import zipfile
from pathlib import Path

from relief_desktop.services.district import intake
from relief_desktop.services.district import packets as received
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store
from tests.fixtures.street_packets import PACKET_PASSWORD, Packets, copy


def _actor(store: Store) -> Actor:
    from relief_desktop.services import team

    return team.team(store)[0].actor


def _count(store: Store) -> int:
    return int(store.reader().execute("SELECT count(*) FROM district_packet").fetchone()[0])


def _rewrite(source: Path, target: Path, change: "dict[str, bytes]") -> Path:
    """A copy of a plain packet with some members' bytes replaced (as someone editing it would)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change.get(info.filename, old.read(info.filename)))
    return target


def test_a_street_packet_is_imported_with_its_figures(district: Store, packets: Packets) -> None:
    path = packets.shuangqiao["2026-08"][0]
    [outcome] = intake.import_files(district, _actor(district), [path])
    assert outcome.status == "imported"
    assert "双桥子街道 2026-08" in outcome.message
    [kept] = received.received(district)
    assert (kept.street_code, kept.period, kept.generated_on) == (
        "510108004",
        "2026-08",
        "2026-09-03",
    )
    assert "key_cases" in kept.manifest["figures"]["kpis"]


def test_importing_the_same_file_twice_changes_nothing(district: Store, packets: Packets) -> None:
    path = packets.shuangqiao["2026-08"][0]
    intake.import_files(district, _actor(district), [path])
    [again] = intake.import_files(district, _actor(district), [path])
    assert again.status == "duplicate"
    assert _count(district) == 1


def test_a_tampered_file_is_refused_naming_it(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    source = packets.shuangqiao["2026-08"][0]
    with zipfile.ZipFile(source) as z:
        book = next(n for n in z.namelist() if n.endswith(".xlsx"))
        data = bytearray(z.read(book))
    data[-100] ^= 0xFF
    bad = _rewrite(source, tmp_path / source.name, {book: bytes(data)})
    [outcome] = intake.import_files(district, _actor(district), [bad])
    assert outcome.status == "refused"
    assert book in outcome.message
    assert "校验值不符" in outcome.message
    assert _count(district) == 0


def test_a_truncated_zip_is_refused(district: Store, packets: Packets, tmp_path: Path) -> None:
    source = packets.shuangqiao["2026-08"][0]
    cut = tmp_path / source.name
    cut.write_bytes(source.read_bytes()[: source.stat().st_size // 2])
    [outcome] = intake.import_files(district, _actor(district), [cut])
    assert outcome.status == "refused"
    assert "不完整" in outcome.message
    assert _count(district) == 0


def test_an_encrypted_packet_needs_the_right_password_then_remembers_it(
    district: Store, packets: Packets
) -> None:
    locked = packets.mengzhuiwan["2026-08"][0]
    [missing] = intake.import_files(district, _actor(district), [locked])
    assert missing.status == "refused"
    assert "需要密码" in missing.message
    [wrong] = intake.import_files(district, _actor(district), [locked], "not-the-password")
    assert wrong.status == "refused"
    assert "密码不对" in wrong.message
    assert _count(district) == 0
    [right] = intake.import_files(district, _actor(district), [locked], PACKET_PASSWORD)
    assert right.status == "imported"
    assert intake.saved_password(district, "510108002") == PACKET_PASSWORD


def test_a_foreign_zip_and_a_foreign_street_are_refused(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    other = tmp_path / "照片.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("a.txt", "hello")
    not_zip = tmp_path / "台账.zip"
    not_zip.write_text("not a zip", encoding="utf-8")
    source = packets.shuangqiao["2026-08"][0]
    with zipfile.ZipFile(source) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest["street_code"], manifest["street"] = "510104001", "春熙路街道"
    foreign = _rewrite(
        source, tmp_path / source.name, {"manifest.json": json.dumps(manifest).encode()}
    )
    outcomes = intake.import_files(district, _actor(district), [other, not_zip, foreign])
    assert [o.status for o in outcomes] == ["refused"] * 3
    assert "manifest.json" in outcomes[0].message
    assert "不是 zip" in outcomes[1].message
    assert "春熙路街道" in outcomes[2].message
    assert "不是成华区" in outcomes[2].message
    assert _count(district) == 0


def test_a_packet_of_a_newer_schema_is_refused(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    from relief_desktop.storage.migrations import LATEST

    source = packets.shuangqiao["2026-08"][0]
    with zipfile.ZipFile(source) as z:
        manifest = json.loads(z.read("manifest.json"))
    manifest["schema_version"] = LATEST + 1
    future = _rewrite(
        source, tmp_path / source.name, {"manifest.json": json.dumps(manifest).encode()}
    )
    [outcome] = intake.import_files(district, _actor(district), [future])
    assert outcome.status == "refused"
    assert "升级" in outcome.message
    assert _count(district) == 0


def test_one_bad_file_among_good_ones_imports_the_good_ones_only(
    district: Store, packets: Packets, tmp_path: Path
) -> None:
    good = packets.shuangqiao["2026-08"][0]
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[:500])
    outcomes = intake.import_files(district, _actor(district), [good, cut])
    assert [o.status for o in outcomes] == ["imported", "refused"]
    assert _count(district) == 1


def test_every_version_stays_in_history(district: Store, packets: Packets, tmp_path: Path) -> None:
    first, second = packets.shuangqiao["2026-10"]
    intake.import_files(district, _actor(district), [copy(second, tmp_path), first])
    versions = [r.version for r in received.received(district, ["2026-10"])]
    assert len(versions) == 2
    assert versions == sorted(versions)
