"""The imported packets as the district reads them: every version, the first and the latest."""

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from relief_desktop.storage.store import Store


@dataclass(frozen=True)
class Received:
    street_code: str
    period: str
    version: int
    generated_at: str
    generated_on: str
    imported_at: str
    file_name: str
    manifest_text: str

    @cached_property
    def manifest(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.manifest_text)
        return data

    @property
    def imported_on(self) -> str:
        return self.imported_at[:10]


def received(store: Store, periods: list[str] | None = None) -> list[Received]:
    """Every version imported (of the given months), by street, month and version."""
    sql = (
        "SELECT street_code, period, version, generated_at, generated_on, imported_at,"
        " file_name, manifest FROM district_packet"
    )
    params: list[str] = []
    if periods is not None:
        sql += f" WHERE period IN ({', '.join('?' * len(periods))})"
        params = periods
    rows = store.reader().execute(sql + " ORDER BY street_code, period, version", params)
    return [Received(*row) for row in rows]


def by_street_month(store: Store, periods: list[str]) -> dict[tuple[str, str], list[Received]]:
    """(street code, month) -> its versions, oldest first."""
    found: dict[tuple[str, str], list[Received]] = {}
    for item in received(store, periods):
        found.setdefault((item.street_code, item.period), []).append(item)
    return found
