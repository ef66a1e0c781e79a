"""Casework GUI test helpers: a registered person, a case, dialogs found by type."""

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.casework import cases
from relief_desktop.storage.store import Store

SHOTS = Path(__file__).resolve().parents[2] / "shots"


def register(store: Store, name: str = "张三丰", id_number: str = "510108198503120235") -> str:
    member = team.team(store)[0]
    data = BeneficiaryInput(
        name=name,
        community_id=team.communities(store)[0].id,
        id_type="居民身份证",
        id_number=id_number,
        registered_on=date(2026, 1, 5),
    )
    return beneficiaries.register(store, member.actor, data)


def open_case(store: Store, person: str) -> str:
    member = team.team(store)[0]
    data = cases.OpenCaseInput(person, "低保", "一般", "社区", date(2026, 1, 6))
    return cases.open_case(store, member.actor, data)


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def top_level(kind: type) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
