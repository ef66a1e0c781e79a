"""The demo street's casework: about 40 cases a team, ≥10 key cases, ≥80% satisfied, tasks due."""

from datetime import date, timedelta

from relief_desktop import demo
from relief_desktop.domain.periods import default_contract_start
from relief_desktop.services.casework import kpi
from relief_desktop.services.casework.tasks import due_tasks
from relief_desktop.storage.store import Store

TODAY = date(2026, 6, 15)


def test_demo_casework_is_a_believable_contract_year(store: Store) -> None:
    demo.generate(store, 400, seed=7, today=TODAY)
    conn = store.reader()
    cases = conn.execute("SELECT count(*) FROM aid_case").fetchone()[0]
    assert 45 <= cases <= 60  # 400 people: 4/3 of a two-person team's 40 cases
    start = default_contract_start(TODAY)
    assert kpi.key_cases(store, start, TODAY) >= 10
    rate = kpi.satisfaction(store, start, TODAY).rate
    assert rate is not None
    assert rate >= 0.8
    month_ago = TODAY - timedelta(days=30)
    open_cases = conn.execute("SELECT count(*) FROM aid_case WHERE status = '在案'").fetchone()[0]
    # A service every two to four weeks for each open case: tens a month, not hundreds.
    assert open_cases <= kpi.services_in_period(store, month_ago, TODAY) <= 3 * open_cases
    assert conn.execute("SELECT max(served_on) FROM service_record").fetchone()[0] <= "2026-06-15"
    bad = conn.execute(
        "SELECT count(*) FROM aid_case WHERE closed_on IS NOT NULL AND closed_on < opened_on"
    ).fetchone()[0]
    assert bad == 0
    buckets = {t.bucket for t in due_tasks(store, TODAY)}
    assert {"已逾期", "今天"} <= buckets
