"""Records for ledger tests, saved through the services as a user would."""

from datetime import date

from relief_desktop.domain import idcard
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.ledgers import service
from relief_desktop.ledgers.definitions.resources import HANDOVERS, PROVIDERS, RESOURCES
from relief_desktop.services import beneficiaries, team
from relief_desktop.storage.actor import Actor
from relief_desktop.storage.store import Store

TODAY = date(2026, 3, 20)


def make_id(birth: date, seq: int) -> str:
    first17 = f"510108{birth:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def lead(store: Store) -> Actor:
    return team.team(store)[0].actor


def person(store: Store, name: str, seq: int, community: int = 0) -> str:
    """Register a beneficiary; returns the file number."""
    data = BeneficiaryInput(
        name=name,
        community_id=team.communities(store)[community].id,
        id_number=make_id(date(1960, 1, 1 + seq % 28), seq),
        registered_on=date(2026, 1, 5),
    )
    uuid = beneficiaries.register(store, lead(store), data)
    return beneficiaries.load(store, uuid).file_no


def provider(store: Store, name: str = "成都爱心超市") -> str:
    return service.create(
        store,
        lead(store),
        PROVIDERS,
        {"name": name, "provider_type": "企业", "phone": "13800001111"},
    )


def receipt(store: Store, value: str = "1000", quantity: str = "", **more: str) -> str:
    raw: dict[str, object] = {
        "received_on": "2026-03-01",
        "provider_id": more.pop("provider", "成都爱心超市"),
        "channel": "线下定向筹款",
        "kind": "物资",
        "item": "大米",
        "value_fen": value,
        "value_basis": "市场价",
        "quantity": quantity,
        "unit": "袋" if quantity else "",
        **more,
    }
    return service.create(store, lead(store), RESOURCES, raw, today=TODAY)


def handover(store: Store, serial: str, file_no: str, value: str = "", quantity: str = "") -> str:
    raw = {
        "receipt_id": serial,
        "handed_on": "2026-03-05",
        "beneficiary_id": file_no,
        "value_fen": value,
        "quantity": quantity,
        "handler": "张三",
    }
    return service.create(store, lead(store), HANDOVERS, raw, today=TODAY)
