"""A registered person and the team of the `store` fixture, for casework tests."""

from datetime import date

import pytest

from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.casework import DOMAINS, AssessmentInput, MeasureInput, PlanInput, Rating
from relief_desktop.services import beneficiaries, team
from relief_desktop.services.team import TeamMember
from relief_desktop.storage.store import Store

TODAY = date(2026, 6, 15)  # a Monday
ID_NUMBER = "510108198503120235"


@pytest.fixture
def lead(store: Store) -> TeamMember:
    return team.team(store)[0]


@pytest.fixture
def officer(store: Store) -> TeamMember:
    return team.team(store)[1]


def register(
    store: Store, who: TeamMember, name: str = "张三丰", id_number: str = ID_NUMBER
) -> str:
    data = BeneficiaryInput(
        name=name,
        community_id=team.communities(store)[0].id,
        id_type="居民身份证",
        id_number=id_number,
        registered_on=date(2026, 1, 5),
    )
    return beneficiaries.register(store, who.actor, data)


@pytest.fixture
def person(store: Store, lead: TeamMember) -> str:
    return register(store, lead)


def ratings(**overrides: int) -> tuple[Rating, ...]:
    """All 12 domains at 0 unless named by index: ratings(d0=2) rates 经济/基本生活 2."""
    values = {DOMAINS[int(k[1:])]: v for k, v in overrides.items()}
    return tuple(Rating(d, values.get(d, 0), "") for d in DOMAINS)


def assessment(
    lead: TeamMember, officer: TeamMember, day: date, **overrides: int
) -> AssessmentInput:
    return AssessmentInput(
        assessed_on=day,
        assessor1=lead.uuid,
        assessor2=officer.uuid,
        ratings=ratings(**overrides),
        method="入户访谈",
        next_assessment_on=date(2026, 6, 20),
    )


def plan(lead: TeamMember, day: date, key_case: bool = True) -> PlanInput:
    return PlanInput(
        made_on=day,
        needs=("经济/基本生活", "住房"),
        goals=("三个月内基本生活稳定", "落实住房维修"),
        measures=(
            MeasureInput("每月发放米面油", lead.uuid, "物资援助", "街道慈善超市",
                         start_on=day, end_on=date(2026, 12, 31), frequency="每月 1 次"),
            MeasureInput("链接志愿者维修屋顶", lead.uuid, "资源链接", partner="社区志愿队"),
        ),
        key_case=key_case,
        next_review_on=date(2026, 6, 18),
    )  # fmt: skip
