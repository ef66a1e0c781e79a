"""Packet intake (资料包导入): open a street's packet zip (plain or AES), check it whole, keep it.

A packet is refused — with the reason in Chinese, nothing imported — when it is not a zip or not
a packet of this app, is truncated, needs a password that is wrong or missing, names a street
that is not Chenghua's, was written by a newer schema, or any file differs from the SHA-256 in
its manifest. The same file imported twice changes nothing; a later version of a street-month is
kept beside the earlier ones (figures read the latest, the on-time board the first)."""

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.vocab import STREETS
from relief_desktop.importers.limits import MAX_RATIO, RATIO_FLOOR
from relief_desktop.services import team
from relief_desktop.services.district import overlaps
from relief_desktop.services.reporting.manifest_figures import FORMAT
from relief_desktop.storage import orm
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.migrations import LATEST
from relief_desktop.storage.settings import put_secret_setting, set_secret_setting
from relief_desktop.storage.store import Store

MAX_PACKET_BYTES = 200 * 1024 * 1024  # a month's packet is a few MB
MAX_PART_BYTES = 300 * 1024 * 1024  # one file inside, unpacked
MAX_MANIFEST_BYTES = 5 * 1024 * 1024
MANIFEST = "manifest.json"
PASSWORD_KEY = "district_packet_password:"  # + street code: the street's packet password
_MONTH = re.compile(r"(\d{4})-(\d{2})")


@dataclass(frozen=True)
class CheckedPacket:
    """A packet that passed every check, ready to be kept."""

    path: Path
    sha256: str
    encrypted: bool
    manifest: dict[str, Any]
    password: str | None
    people: tuple[tuple[str, str], ...] = ()  # (keyed ID digest, masked name): cross-street
    same_key: bool = True  # the digests were made with the district's key

    @property
    def street_code(self) -> str:
        return str(self.manifest["street_code"])

    @property
    def street(self) -> str:
        return f"{STREETS[self.street_code]}街道"

    @property
    def period(self) -> str:
        return str(self.manifest["period"]["key"])

    @property
    def version(self) -> int:
        return int(self.manifest["version"])

    @property
    def generated_at(self) -> datetime:
        return datetime.fromisoformat(str(self.manifest["generated_at"]))


@dataclass(frozen=True)
class Outcome:
    """What became of one file: imported, already there, or refused with the reason."""

    path: Path
    status: str  # imported / duplicate / refused
    message: str
    packet: CheckedPacket | None = None
    password: str = ""  # refused for its password: "missing" (none to try) or "wrong"
    street_code: str | None = None  # the street the file name names, for a password refusal


def _refuse(path: Path, what: str) -> RuleError:
    return RuleError("district_packet_refused", file=path.name, reason=what)


class PacketPasswordError(RuleError):
    """An encrypted packet that no password given or kept opens: `wrong` when some were tried."""

    def __init__(self, path: Path, wrong: bool, street_code: str | None) -> None:
        if wrong:
            reason = "密码不对，无法打开加密的资料包；请向该街道核对报送密码"
        else:
            reason = "资料包已加密，需要密码：请用 --password-file 或在导入页面填写该街道的报送密码"
        super().__init__("district_packet_refused", file=path.name, reason=reason)
        self.wrong = wrong
        self.street_code = street_code


def saved_password(store: Store, street_code: str) -> str | None:
    return team.get_setting(store, PASSWORD_KEY + street_code)


def streets_with_password(store: Store) -> set[str]:
    """The codes of the streets whose packet password is kept."""
    rows = store.reader().execute(
        "SELECT key FROM setting WHERE key LIKE ? AND value IS NOT NULL AND value != ''",
        (PASSWORD_KEY + "%",),
    )
    return {str(r[0]).removeprefix(PASSWORD_KEY) for r in rows}


def save_password(store: Store, actor: Actor, street_code: str, password: str) -> None:
    """Keep a street's packet password (as the street told it; the street chose its strength).
    Kept in the encrypted store; the change log says who set it, never the password."""
    if street_code not in STREETS:
        raise RuleError("street_unknown", value=street_code, choices="、".join(STREETS.values()))
    if not password.strip():
        raise RuleError("district_street_password_short")
    set_secret_setting(store, actor, PASSWORD_KEY + street_code, password)


def clear_password(store: Store, actor: Actor, street_code: str) -> None:
    set_secret_setting(store, actor, PASSWORD_KEY + street_code, None)


def street_named(path: Path) -> str | None:
    """The street a packet's file name starts with (双桥子街道-2026年10月…), or None."""
    return next((code for code, name in STREETS.items() if path.name.startswith(name)), None)


def _candidate_passwords(store: Store, path: Path, given: str | None) -> list[str]:
    """The password given, then the one kept for the street the file name names, then the rest."""
    found: list[str] = [given] if given else []
    named = street_named(path)
    for code in [*([named] if named else []), *STREETS]:
        kept = saved_password(store, code)
        if kept and kept not in found:
            found.append(kept)
    return found


def check_packet(store: Store, path: Path, password: str | None = None) -> CheckedPacket:
    """Open and verify one packet; a RuleError naming what is wrong, else the checked packet."""
    # deferred: pyzipper is loaded only for an encrypted zip
    import pyzipper

    try:
        size = path.stat().st_size
    except OSError:
        raise _refuse(path, "文件不存在或无法读取") from None
    if size > MAX_PACKET_BYTES:
        raise _refuse(path, f"文件有 {size / 1024 / 1024:,.0f} MB，不是正常大小的报送资料包")
    with path.open("rb") as f:
        head = f.read(4)
    if head not in (b"PK\x03\x04", b"PK\x05\x06"):
        raise _refuse(path, "不是 zip 压缩包，不是街道导出的报送资料包")
    digest = _sha256(path)
    try:
        with pyzipper.AESZipFile(path) as archive:
            infos = archive.infolist()
            _check_sizes(path, infos)
            names = [info.filename for info in infos]
            if MANIFEST not in names:
                raise _refuse(path, "压缩包里没有 manifest.json，不是本程序生成的报送资料包")
            encrypted = any(info.flag_bits & 0x1 for info in infos)
            used = _open_with_password(store, archive, path, password, encrypted)
            manifest = _manifest(path, archive.read(MANIFEST))
            _check_manifest(path, manifest, names)
            people_raw = b""
            for name, expected in manifest["files"].items():
                data = archive.read(name)
                if hashlib.sha256(data).hexdigest() != expected:
                    raise _refuse(
                        path, f"文件“{name}”与清单中的校验值不符，资料包在发出后被改动过或已损坏"
                    )
                if name == overlaps.file_name(str(manifest["period"]["key"])):
                    people_raw = data
    except (zipfile.BadZipFile, pyzipper.BadZipFile, EOFError, OSError, zlib.error):
        raise _refuse(
            path, "压缩包不完整或已损坏（可能没有复制或下载完整），请让街道重新发送"
        ) from None
    people, same_key = (
        overlaps.read_people(people_raw, overlaps.key(store)) if people_raw else ([], True)
    )
    return CheckedPacket(path, digest, encrypted, manifest, used, tuple(people), same_key)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            h.update(chunk)
    return h.hexdigest()


def _check_sizes(path: Path, infos: Sequence[zipfile.ZipInfo]) -> None:
    """Declared sizes first (importers/limits.py's rule): nothing too big is unpacked."""
    for info in infos:
        packed = max(info.compress_size, 1)
        ratio_bomb = info.file_size > RATIO_FLOOR and info.file_size / packed > MAX_RATIO
        if info.file_size > MAX_PART_BYTES or ratio_bomb:
            raise _refuse(path, f"“{info.filename}”解压后过大，不是正常的报送资料包")
    if len(infos) > 20:
        raise _refuse(path, f"压缩包里有 {len(infos)} 个文件，不是报送资料包")


def _open_with_password(
    store: Store, archive: Any, path: Path, given: str | None, encrypted: bool
) -> str | None:
    if not encrypted:
        return None
    candidates = _candidate_passwords(store, path, given)
    if not candidates:
        raise PacketPasswordError(path, False, street_named(path))
    for candidate in candidates:
        archive.setpassword(candidate.encode("utf-8"))
        try:
            archive.read(MANIFEST)
        except RuntimeError:  # pyzipper: Bad password
            continue
        return candidate
    raise PacketPasswordError(path, True, street_named(path))


def _manifest(path: Path, raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_MANIFEST_BYTES:
        raise _refuse(path, "manifest.json 过大，不是本程序生成的清单")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _refuse(path, "manifest.json 无法读取，不是本程序生成的清单") from None
    if not isinstance(data, dict) or data.get("app") != "relief_desktop":
        raise _refuse(path, "manifest.json 不是本程序生成的清单，这不是街道的报送资料包")
    return data


def _check_manifest(path: Path, manifest: dict[str, Any], names: list[str]) -> None:
    try:
        schema = int(manifest["schema_version"])
        code = str(manifest["street_code"])
        street = str(manifest["street"])
        period = manifest["period"]
        key = str(period["key"])
        version = int(manifest["version"])
        datetime.fromisoformat(str(manifest["generated_at"]))
        files = manifest["files"]
        figures_format = int(manifest["figures"]["format"])
    except (KeyError, TypeError, ValueError):
        raise _refuse(
            path, "清单缺少必需的项目（街道、月份、版本或校验值），不是完整的报送资料包"
        ) from None
    if schema > LATEST:
        raise _refuse(
            path,
            f"资料包由更新版本的程序生成（数据版本 {schema}，本程序最高支持 {LATEST}），"
            "请先升级区中心的程序",
        )
    if figures_format > FORMAT:
        raise _refuse(path, f"清单的数字格式（第 {figures_format} 版）本程序不认识，请先升级程序")
    if code not in STREETS or street != f"{STREETS[code]}街道":
        raise _refuse(path, f"资料包的街道“{street}”（{code}）不是成华区的街道")
    if manifest.get("kind") != "month":
        raise _refuse(path, "这不是月度报送资料包")
    month = _MONTH.fullmatch(key)
    if month is None or not 1 <= int(month[2]) <= 12:
        raise _refuse(path, f"清单中的月份“{key}”不对")
    start = date(int(month[1]), int(month[2]), 1)
    if str(period.get("start")) != start.isoformat():
        raise _refuse(path, f"清单中的起止日期与月份“{key}”不一致")
    if version < 1:
        raise _refuse(path, f"清单中的版本号“{version}”不对")
    if not isinstance(files, dict) or not files:
        raise _refuse(path, "清单没有列出资料包里的文件")
    for name in files:
        if name not in names:
            raise _refuse(path, f"清单列出的文件“{name}”不在压缩包里，资料包不完整")
    extra = [n for n in names if n != MANIFEST and n not in files]
    if extra:
        raise _refuse(path, f"压缩包里有清单未列出的文件“{extra[0]}”，资料包被改动过")


def _known(store: Store, packet: CheckedPacket) -> str | None:
    """'duplicate' for the same file, 'conflict' for a different file of the same version."""
    conn = store.reader()
    if conn.execute("SELECT 1 FROM district_packet WHERE sha256 = ?", (packet.sha256,)).fetchone():
        return "duplicate"
    row = conn.execute(
        "SELECT 1 FROM district_packet WHERE street_code = ? AND period = ? AND version = ?",
        (packet.street_code, packet.period, packet.version),
    ).fetchone()
    return "conflict" if row else None


def _add_people(session: Any, packet_id: int, packet: CheckedPacket, actor: Actor) -> None:
    """The packet's digests, in one statement (derived data of the packet, whose own import is
    in the change log)."""
    # deferred: SQLAlchemy is heavy; the first window reads through sqlite3 alone
    from sqlalchemy import insert

    now = orm.utc_now()
    rows = [
        {
            "packet_id": packet_id,
            "street_code": packet.street_code,
            "period": packet.period,
            "id_hmac": id_hmac,
            "name_masked": name,
            "uuid": orm.new_uuid(),
            "created_at": now,
            "updated_at": now,
            "updated_by": actor.uuid,
        }
        for id_hmac, name in packet.people
    ]
    session.execute(insert(orm.DistrictPerson.__table__), rows)  # type: ignore[attr-defined]


def _keep_password(session: Any, actor: Actor, street_code: str, password: str) -> None:
    """The password that opened a street's packet, kept for the street (never logged)."""
    put_secret_setting(session, actor, PASSWORD_KEY + street_code, password)


def import_files(
    store: Store,
    actor: Actor,
    paths: Sequence[Path],
    password: str | None = None,
    now: datetime | None = None,
) -> list[Outcome]:
    """Check every file, then keep the good new ones in one transaction; one outcome per file.

    A password that opened a street's packet is kept for that street (the next packet opens
    by itself)."""

    outcomes: list[Outcome] = []
    fresh: list[CheckedPacket] = []
    seen: set[str] = set()
    for path in paths:
        try:
            packet = check_packet(store, path, password)
        except PacketPasswordError as error:
            problem = "wrong" if error.wrong else "missing"
            outcomes.append(Outcome(path, "refused", str(error), None, problem, error.street_code))
            continue
        except RuleError as error:
            outcomes.append(Outcome(path, "refused", str(error)))
            continue
        label = f"{packet.street} {packet.period} 第 {packet.version} 版"
        known = _known(store, packet)
        if known == "duplicate" or packet.sha256 in seen:
            outcomes.append(Outcome(path, "duplicate", f"{label}已导入过，未改动", packet))
        elif known == "conflict":
            message = str(
                RuleError(
                    "district_packet_refused",
                    file=path.name,
                    reason=f"{label}已导入过另一份内容不同的文件；请向街道核实哪一份是正确的",
                )
            )
            outcomes.append(Outcome(path, "refused", message))
        else:
            seen.add(packet.sha256)
            fresh.append(packet)
            note = "" if packet.same_key else "（身份摘要的密钥与区中心不同，未用于跨街道比对）"
            outcomes.append(Outcome(path, "imported", f"已导入：{label}{note}", packet))
    stamp = (now or datetime.now()).astimezone().isoformat(timespec="seconds")
    if fresh:
        with store.write(actor) as session:
            for packet in fresh:
                row = orm.DistrictPacket(
                    street_code=packet.street_code,
                    period=packet.period,
                    version=packet.version,
                    generated_at=packet.generated_at.isoformat(timespec="seconds"),
                    generated_on=packet.generated_at.date().isoformat(),
                    imported_at=stamp,
                    imported_by=actor.name,
                    file_name=packet.path.name,
                    sha256=packet.sha256,
                    encrypted=packet.encrypted,
                    schema_version=int(packet.manifest["schema_version"]),
                    app_version=str(packet.manifest.get("app_version", "")),
                    manifest=json.dumps(packet.manifest, ensure_ascii=False),
                )
                session.add(row)
                if packet.same_key and packet.people:
                    session.flush()
                    assert row.id is not None
                    _add_people(session, row.id, packet, actor)
                if packet.password:
                    _keep_password(session, actor, packet.street_code, packet.password)
    return outcomes
