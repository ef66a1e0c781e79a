"""`demo --district` fills a year of the district center's own ledgers so that 中心工作 shows a
believable mix: most duties on track, a missed supervision, a WeChat gap, no 市级 report yet."""

from datetime import date

from relief_desktop.demo import district_work
from relief_desktop.domain.periods import contract_year, default_contract_start
from relief_desktop.services import team
from relief_desktop.services.district import own_kpi
from relief_desktop.storage.store import Store

TODAY = date(2026, 12, 1)


def test_the_demo_year_shows_green_amber_and_red(district: Store) -> None:
    start = default_contract_start(TODAY)
    actor = team.team(district)[0].actor
    assert district_work.fill(district, actor, start, TODAY) > 200
    results = {r.kpi.key: r for r in own_kpi.compute(district, contract_year(start), TODAY)}
    statuses = {key: r.status for key, r in results.items()}
    assert {"green", "amber", "red"} <= set(statuses.values())
    supervision = results["supervision"].measure
    assert supervision.denominator == 44  # four quarters due, the running one not yet complete
    assert supervision.numerator == 43  # 白莲池 missed once
    wechat = results["wechat_weekly"].measure
    assert (wechat.numerator, wechat.denominator) == (49, 52)  # a three-week gap
    assert statuses["media_city"] == "red"
    assert statuses["journal_issues"] == statuses["people_helped"] == "green"
    assert district_work.fill(district, actor, start, TODAY) == 0  # never doubled
