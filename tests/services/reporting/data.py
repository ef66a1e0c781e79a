"""A street with a contract year of work for the reporting pages, and a month of aid handed out."""

from dataclasses import dataclass
from datetime import date

from relief_desktop import demo
from relief_desktop.services import team
from relief_desktop.storage.bulk import insert_many, transaction
from relief_desktop.storage.store import Store

TODAY = date(2026, 11, 3)  # two days before October's packet is due


@dataclass(frozen=True)
class Recipient:
    name: str
    id_number: str


def fill_demo(store: Store, people: int = 200, today: date = TODAY) -> None:
    demo.generate(store, people, today=today)


def add_handovers(store: Store, day: date, count: int = 3) -> list[Recipient]:
    """One donation and `count` handovers of it on `day` to registered people with ID numbers."""
    conn = store.reader()
    actor = team.team(store)[0].actor
    people = conn.execute(
        "SELECT id, name, id_number FROM beneficiary WHERE id_number IS NOT NULL"
        " AND length(id_number) = 18 ORDER BY id LIMIT ?",
        (count,),
    ).fetchall()
    assert len(people) == count, "the demo street has too few people with ID numbers"
    with transaction(conn):
        insert_many(
            conn,
            "provider",
            [{"name": "成华爱心超市", "provider_type": "爱心企业"}],
            actor,
            log=False,
        )
        provider_id = conn.execute(
            "SELECT id FROM provider WHERE name = '成华爱心超市'"
        ).fetchone()[0]
        insert_many(
            conn,
            "resource_receipt",
            [
                {
                    "serial": "TEST-HANDOVER-1",
                    "received_on": day.isoformat(),
                    "provider_id": provider_id,
                    "channel": "线下",
                    "kind": "物资",
                    "item": "米面油套装",
                    "value_fen": 150_000 * count,
                    "value_basis": "发票",
                }
            ],
            actor,
            log=False,
        )
        receipt_id = conn.execute(
            "SELECT id FROM resource_receipt WHERE serial = 'TEST-HANDOVER-1'"
        ).fetchone()[0]
        insert_many(
            conn,
            "resource_handover",
            [
                {
                    "receipt_id": receipt_id,
                    "handed_on": day.isoformat(),
                    "beneficiary_id": person_id,
                    "value_fen": 150_000,
                    "handler": "张三",
                }
                for person_id, _name, _id in people
            ],
            actor,
            log=False,
        )
    return [Recipient(name, id_number) for _pid, name, id_number in people]


def add_liaisons(store: Store, day: date, community_ids: list[int]) -> None:
    """A liaison visit on `day` to each community named."""
    conn = store.reader()
    actor = team.team(store)[0].actor
    with transaction(conn):
        insert_many(
            conn,
            "community_liaison",
            [{"contacted_on": day.isoformat(), "community_id": c, "mode": "走访"}
             for c in community_ids],
            actor,
            log=False,
        )  # fmt: skip
