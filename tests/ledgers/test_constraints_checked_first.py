"""Dry run and real run apply the same checks: every rule the database enforces on a ledger
(CHECK, NOT NULL, UNIQUE, foreign keys) is checked first by the service, in Chinese, so a file
that passes --dry-run never fails the real run with an IntegrityError."""

import re
from pathlib import Path

import pytest

from relief_desktop.domain.errors import RuleError
from relief_desktop.ledgers import exchange, registry, service
from relief_desktop.ledgers.definitions.resources import RESOURCES
from relief_desktop.ledgers.definitions.volunteers import VOLUNTEERS
from relief_desktop.ledgers.spec import TEXT_KINDS, Ledger
from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from tests.ledgers.helpers import TODAY, lead, provider

LEDGERS = registry.every()


def _table_sql(store: Store, ledger: Ledger) -> str:
    conn = store.reader()
    parts = [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL",
            (ledger.table,),
        )
    ]
    return "\n".join(parts)


@pytest.mark.parametrize("ledger", LEDGERS, ids=[ledger.key for ledger in LEDGERS])
def test_every_database_rule_of_a_ledger_is_checked_by_the_service_first(
    store: Store, ledger: Ledger
) -> None:
    sql = _table_sql(store, ledger)
    columns = {row[1]: row for row in store.reader().execute(f"PRAGMA table_info({ledger.table})")}
    for spec in ledger.fields:
        _cid, _name, _type, not_null, default, _pk = columns[spec.key]
        blank_is_null = spec.kind not in (*TEXT_KINDS, "bool")
        if not_null and default is None and blank_is_null:
            assert spec.required, f"{ledger.key}.{spec.key}: NOT NULL but not required"
        for check in re.findall(rf"\b{spec.key}\b[^,\n]*?CHECK \(([^\n]*)\)", sql):
            listed = re.search(r"IN \(([^)]*)\)", check)
            if listed:
                allowed = tuple(re.findall(r"'([^']*)'", listed[1]))
                assert spec.kind == "choice", f"{ledger.key}.{spec.key}"
                assert tuple(spec.choices) == allowed, f"{ledger.key}.{spec.key}"
                assert spec.required, f"{ledger.key}.{spec.key}: blank fails the CHECK"
            bound = re.search(rf"{spec.key} (>=|>) (\d+)", check)
            if bound:
                least = int(bound[2]) + (1 if bound[1] == ">" else 0)
                assert spec.minimum is not None, f"{ledger.key}.{spec.key}: no minimum"
                assert spec.minimum >= least, f"{ledger.key}.{spec.key}"
        unique = re.search(
            rf"{spec.key} TEXT NOT NULL UNIQUE|ON {ledger.table} \({spec.key}\)", sql
        )
        if unique and "UNIQUE" in sql[max(0, unique.start() - 60) : unique.end()]:
            assert spec.unique, f"{ledger.key}.{spec.key}: UNIQUE in the schema only"
        if spec.kind == "ref":
            assert spec.ref is not None  # resolved against the referenced table first


def test_negative_value_from_a_form_is_refused_by_the_check_not_the_database(
    store: Store,
) -> None:
    provider(store)
    raw = {
        "received_on": "2026-03-01",
        "provider_id": "成都爱心超市",
        "channel": "线下定向筹款",
        "kind": "资金",
        "item": "善款",
        "value_fen": -100,  # a form's number field
        "value_basis": "现金到账",
    }
    values, problems = service.check(store, RESOURCES, raw, today=TODAY)
    assert [p.code for p in problems] == ["int_min"]
    assert values["value_fen"] is None


def test_a_database_refusal_the_checks_missed_is_a_row_problem_not_a_crash(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Safety net: were a check ever missing, the row is reported in Chinese, in the dry run
    and the real run alike, and nothing is written."""
    service.create(store, lead(store), VOLUNTEERS, {"name": "周志愿", "id_number": ""})
    store.reader().execute(
        "CREATE UNIQUE INDEX test_volunteer_name ON volunteer (name)"
    )  # a rule the declaration does not know
    source = tmp_path / "v.csv"
    source.write_text("姓名,技能特长\n周志愿,理发\n", encoding="utf-8")
    for commit in (False, True):
        result = exchange.import_file(store, lead(store), VOLUNTEERS, source, commit=commit)
        assert not result.committed
        assert [(line, p.code) for line, p in result.problems] == [(2, "ledger_duplicate")]
        assert "姓名“周志愿”已存在" in result.problems[0][1].message()
    count = store.reader().execute("SELECT count(*) FROM volunteer").fetchone()[0]
    assert count == 1


def test_constraint_error_names_the_field_in_chinese() -> None:
    error = service.constraint_error(
        RESOURCES,
        dbapi.IntegrityError("CHECK constraint failed: value_fen >= 0"),
        {"value_fen": -1},
    )
    assert isinstance(error, RuleError)
    assert error.code == "ledger_constraint"
    assert "价值（元）" in str(error)


def test_registry_file_number_twice_in_one_file_is_reported_in_dry_run_too(
    store: Store, tmp_path: Path
) -> None:
    """The UNIQUE file number was only enforced by the database: the dry run passed, the real
    run failed. Now both report the second row."""
    from datetime import date

    from relief_desktop.services import registry_book, team
    from tests.ledgers.helpers import make_id

    community = team.communities(store)[0].name
    source = tmp_path / "registry.csv"
    source.write_text(
        "档案号,姓名,身份证号,所属社区\n"
        f"510108004-2025-0007,吴小红,{make_id(date(1960, 1, 2), 11)},{community}\n"
        f"510108004-2025-0007,吴小明,{make_id(date(1961, 1, 2), 13)},{community}\n",
        encoding="utf-8",
    )
    for commit in (False, True):
        result = registry_book.import_file(store, lead(store), source, commit=commit)
        assert [(line, p.code) for line, p in result.problems] == [(3, "registry_file_no_twice")]
        assert not result.committed
    assert store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 0
