"""Cross-street people (跨街道重复服务对象) without full IDs at the district (issue 15, item 5).

A street store and the district store share one key (setting `district_id_key`, given to the
streets by the district center). A masked monthly packet then carries `身份摘要-YYYY-MM.json`:
for every registered person with an ID, HMAC-SHA256(key, ID) and the masked name, plus a key check
(the HMAC of a fixed text) so the district can tell whether a street used its key. The district
keeps the digests of each imported packet and lists the digests found under two or more streets,
with the masked names by street; nobody at the district can turn a digest back into an ID without
the key and a candidate ID."""

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from relief_desktop.domain import masking
from relief_desktop.domain.errors import RuleError
from relief_desktop.domain.vocab import STREETS
from relief_desktop.paths import private_file
from relief_desktop.services import passwords, team
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.settings import set_secret_setting
from relief_desktop.storage.store import Store

KEY_SETTING = "district_id_key"
FORMAT = 1
KEY_CHECK_TEXT = b"relief_desktop district id key check"
MIN_KEY_LENGTH = 16


def file_name(month: str) -> str:
    return f"身份摘要-{month}.json"


def key(store: Store) -> str | None:
    return team.get_setting(store, KEY_SETTING)


MAX_KEY_LENGTH = 256
_KEY_TEXT = re.compile(r"[!-~]+")  # printable ASCII, no spaces: what a key file's line holds
FILE_NOTE = (
    "# 成华区身份摘要密钥（指纹 {0}）：只导入街道中心和区中心的本程序，请当面或用 U 盘交给各街道。"
)


def set_key(store: Store, actor: Actor, value: str) -> None:
    """Set or replace the key; the change log says who did it, never the key."""
    value = value.strip()
    if len(value) < MIN_KEY_LENGTH:
        raise RuleError("district_id_key_short", min=MIN_KEY_LENGTH)
    set_secret_setting(store, actor, KEY_SETTING, value)


def generate_key() -> str:
    """A new random key (256 bits) for the district to hand to its streets."""
    return secrets.token_urlsafe(32)


def fingerprint(secret: str) -> str:
    """A short name of a key to compare by eye or on the phone (ABCD-1234), from its key check:
    the same for the district and the streets, and saying nothing of the key itself."""
    check = key_check(secret)[:8].upper()
    return f"{check[:4]}-{check[4:]}"


def key_fingerprint(store: Store) -> str | None:
    secret = key(store)
    return None if secret is None else fingerprint(secret)


def write_key_file(store: Store, path: Path) -> Path:
    """The district's key in a text file for the streets: the key on the first line (what
    `id-key --file` and the street's 设置 read), a note with its fingerprint below."""
    secret = key(store)
    if secret is None:
        raise RuleError("district_id_key_missing")
    text = f"{secret}\n{FILE_NOTE.format(fingerprint(secret))}\n"
    path.write_text(text, encoding="utf-8")
    private_file(path)
    return path


def read_key_file(path: Path) -> str:
    """The key on a key file's first line; anything else is refused, saying why, in Chinese."""
    try:
        first = passwords.read_file(path).strip()
    except RuleError as error:
        reasons = {
            "password_file_missing": "找不到这个文件",
            "password_file_kind": "它不是一个小的文本文件",
            "password_file_encoding": "它不是文本文件",
            "password_file_empty": "第一行是空的",
        }
        reason = reasons.get(error.code, "无法读取")
        raise RuleError("district_id_key_file", file=path.name, reason=reason) from None
    if not _KEY_TEXT.fullmatch(first) or len(first) > MAX_KEY_LENGTH:
        reason = "第一行不是密钥（密钥只含英文字母、数字和符号，不含空格和汉字）"
        raise RuleError("district_id_key_file", file=path.name, reason=reason)
    if len(first) < MIN_KEY_LENGTH:
        reason = f"第一行只有 {len(first)} 个字符，密钥至少 {MIN_KEY_LENGTH} 个"
        raise RuleError("district_id_key_file", file=path.name, reason=reason)
    return first


def digest(secret: str, id_number: str) -> str:
    text = id_number.strip().upper().encode("utf-8")
    return hmac.new(secret.encode("utf-8"), text, hashlib.sha256).hexdigest()


def key_check(secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), KEY_CHECK_TEXT, hashlib.sha256).hexdigest()


def write_people_file(store: Store, folder: Path, month: str) -> str | None:
    """The street side: the digests file of a masked packet, or None when no key is set."""
    secret = key(store)
    if not secret:
        return None
    rows = store.reader().execute(
        "SELECT id_number, name FROM beneficiary WHERE id_number IS NOT NULL ORDER BY id"
    )
    people = [{"id_hmac": digest(secret, r[0]), "name": masking.name(r[1])} for r in rows]
    document = {"format": FORMAT, "key_check": key_check(secret), "people": people}
    name = file_name(month)
    (folder / name).write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return name


def read_people(raw: bytes, district_key: str | None) -> tuple[list[tuple[str, str]], bool]:
    """The district side: (digest, masked name) pairs of a packet's digests file, and whether
    they were made with the district's key (without a district key, trusted as they are)."""
    try:
        document: dict[str, Any] = json.loads(raw.decode("utf-8"))
        people = [(str(p["id_hmac"]), str(p["name"])) for p in document["people"]]
        same_key = district_key is None or document["key_check"] == key_check(district_key)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError):
        return [], False
    return people, same_key


@dataclass(frozen=True)
class Overlap:
    id_hmac: str
    streets: list[tuple[str, str, str]]  # (street name, masked name, latest month seen)

    def as_json(self) -> dict[str, object]:
        return {
            "id_hmac": self.id_hmac,
            "streets": [{"street": s, "name": n, "month": m} for s, n, m in self.streets],
        }


def overlaps(store: Store) -> list[Overlap]:
    """People (by digest) found in the packets of two or more streets."""
    rows = (
        store.reader()
        .execute(
            """SELECT id_hmac, street_code, max(name_masked), max(period) FROM district_person
           WHERE id_hmac IN (SELECT id_hmac FROM district_person GROUP BY id_hmac
                             HAVING count(DISTINCT street_code) > 1)
           GROUP BY id_hmac, street_code ORDER BY id_hmac, street_code"""
        )
        .fetchall()
    )
    found: dict[str, list[tuple[str, str, str]]] = {}
    for id_hmac, code, name, period in rows:
        found.setdefault(id_hmac, []).append((f"{STREETS.get(code, code)}街道", name, period))
    return [Overlap(h, streets) for h, streets in found.items()]
