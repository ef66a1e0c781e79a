"""`relief-desktop kpi`: the default period, the table and the machine-readable --json."""

import json
from datetime import date

import pytest

from relief_desktop import cli
from relief_desktop.domain import periods
from relief_desktop.services.reporting import kpi
from relief_desktop.storage.store import Store
from tests.services.reporting.data import fill_demo

KPI_KEYS = {"id", "name", "unit", "value", "target", "status", "to_date", "progress", "expected",
            "numerator", "denominator"}  # fmt: skip


def run(store: Store, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert cli.main(["--data-dir", str(store.paths.data_dir), "kpi", *args]) == 0
    return capsys.readouterr().out


def test_json_has_stable_keys_for_every_kpi(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_demo(store)
    out = json.loads(run(store, capsys, "--json", "--period", "2026-10", "--today", "2026-11-03"))
    assert set(out) == {"street", "period", "as_of", "contract_year", "kpis"}
    assert out["street"] == {"code": "510108004", "name": "双桥子街道"}
    assert out["period"] == {"kind": "month", "label": "2026年10月", "start": "2026-10-01",
                             "end": "2026-10-31"}  # fmt: skip
    assert [k["id"] for k in out["kpis"]] == [k.key for k in kpi.KPIS]
    by_id = {k["id"]: k for k in out["kpis"]}
    for item in out["kpis"]:
        assert set(item) == KPI_KEYS
        assert item["unit"] in ("count", "yuan", "ratio")
        assert item["status"] in ("green", "amber", "red", "not_due")
    october = periods.month(2026, 10)
    results = {r.kpi.key: r for r in kpi.compute(store, october, today=date(2026, 11, 3))}
    assert by_id["resource_value"]["value"] == results["resource_value"].measure.value / 100
    assert by_id["resource_value"]["target"] == 80_000
    assert by_id["activities"]["target"] == 4  # the yearly target: never pro-rated
    assert by_id["activities"]["to_date"]["value"] == results["activities"].judged.value
    assert by_id["inspection_dibao"]["target"] == 0.3
    assert by_id["inspection_dibao"]["to_date"]["start"] == "2026-10-01"
    # October's packet, two days before its deadline: not due, no value, no progress.
    packet = by_id["monthly_packet"]
    if results["monthly_packet"].status == "not_due":
        assert (packet["value"], packet["progress"], packet["status"]) == (None, None, "not_due")


def test_default_period_is_last_month_until_its_packet_is_made(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(store, capsys, "--today", "2026-11-03")
    assert out.startswith("2026年10月（2026-10-01 至 2026-10-31）")
    assert "未到期" in out  # October's packet is due on the 5th
    assert "滞后" not in out.split("月度资料按时报送")[1].splitlines()[0]
    data = json.loads(run(store, capsys, "--today", "2026-11-03", "--json"))
    assert data["period"]["start"] == "2026-10-01"
