"""Several imports and registrations into one store at the same time, in separate processes
(as a CLI run beside the GUI, or two windows, are): everyone is registered once, with their own
file number, and no process fails.

The processes are forked from the test, which has already imported the app, and start together
at a barrier: they contend for the store at once without each paying the import cost (the
machine's other tests keep their CPU)."""

import contextlib
import multiprocessing
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from relief_desktop import cli
from relief_desktop.domain.beneficiary import BeneficiaryInput
from relief_desktop.domain.errors import RuleError
from relief_desktop.paths import AppPaths
from relief_desktop.services import beneficiaries, search_text, team
from relief_desktop.storage import db  # noqa: F401  (imported before fork, as the app would)
from relief_desktop.storage.store import Store
from tests.fixtures.people import make_id

IMPORTS = 5
PER_FILE = 6
REGISTRARS = 3
PER_REGISTRAR = 5

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers fork (POSIX only)")


def _setup(data_dir: Path) -> list[str]:
    store = Store.open(AppPaths.under(data_dir))
    try:
        team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
        return [c.name for c in team.communities(store)]
    finally:
        store.close()


def _registered(data_dir: Path) -> list[tuple[str, str]]:
    store = Store.open(AppPaths.under(data_dir))
    try:
        rows = store.reader().execute("SELECT id_number, file_no FROM beneficiary").fetchall()
        return [(str(r[0]), str(r[1])) for r in rows]
    finally:
        store.close()


def _run_all(
    target: Any, jobs: list[tuple[Any, ...]], log_dir: Path
) -> list[tuple[int | None, str]]:
    """Run target(*job) in one forked process per job, all released together; returns each
    process's (exit code, what it wrote to stderr)."""
    search_text.sort_key("预热")  # pypinyin loaded once, before forking
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(jobs))
    processes = [
        context.Process(target=_child, args=(target, job, barrier, log_dir / f"{n}.txt"))
        for n, job in enumerate(jobs)
    ]
    for process in processes:
        process.start()
    results = []
    for n, process in enumerate(processes):
        process.join(timeout=240)
        log = log_dir / f"{n}.txt"
        results.append((process.exitcode, log.read_text("utf-8") if log.exists() else ""))
    return results


def _child(target: Any, job: tuple[Any, ...], barrier: Any, log: Path) -> None:
    with log.open("w", encoding="utf-8") as err, contextlib.redirect_stderr(err):
        barrier.wait(timeout=120)
        code = target(*job)
    sys.exit(code)


def _import(data_dir: Path, path: Path) -> int:
    return cli.main(["--data-dir", str(data_dir), "ledger", "import", "基础数据库", str(path)])


@needs_fork
def test_two_registry_imports_at_once_died_with_integrity_error_same_file_number(
    tmp_path: Path,
) -> None:
    """Replays: 10 `ledger import 基础数据库 FILE` at once, 8 died with an internal
    IntegrityError (the same next file number). Now each waits for the other's write."""
    data_dir = tmp_path / "data"
    communities = _setup(data_dir)
    files: list[Path] = []
    wanted: set[str] = set()
    for k in range(IMPORTS):
        lines = ["姓名,身份证号,所属社区,登记日期"]
        for i in range(PER_FILE):
            number = make_id(date(1950 + k, 1 + i, 10), 100 + 2 * i + k * 20)
            wanted.add(number)
            lines.append(
                f"王{'一二三四五六七八九十'[k]}{'甲乙丙丁戊己'[i]},{number},"
                f"{communities[i % len(communities)]},2026-03-0{1 + i % 5}"
            )
        path = tmp_path / f"registry-{k}.csv"
        path.write_text("\n".join(lines), encoding="utf-8")
        files.append(path)
    outcomes = _run_all(_import, [(data_dir, path) for path in files], tmp_path)
    for code, err in outcomes:
        assert code == 0, err
        assert "程序内部错误" not in err
    registered = _registered(data_dir)
    assert sorted(n for n, _f in registered) == sorted(wanted)  # everyone once
    file_numbers = [f for _n, f in registered]
    assert len(set(file_numbers)) == len(file_numbers) == IMPORTS * PER_FILE
    # Numbers run on without gaps from 0001 for the year.
    assert sorted(int(f.rsplit("-", 1)[1]) for f in file_numbers) == list(
        range(1, IMPORTS * PER_FILE + 1)
    )


def _register(data_dir: Path, worker: int) -> int:
    store = Store.open(AppPaths.under(data_dir))
    try:
        community = team.communities(store)[0].id
        actor = team.team(store)[worker % 2].actor
        for i in range(PER_REGISTRAR):
            number = make_id(date(1970 + worker, 2, 1 + i), 300 + worker * 10 + i)
            data = BeneficiaryInput(
                name="李" + "甲乙丙丁戊"[i], community_id=community, id_number=number
            )
            beneficiaries.register(store, actor, data)
    finally:
        store.close()
    return 0


@needs_fork
def test_two_registrations_at_once_same_next_file_number(tmp_path: Path) -> None:
    """Replays: two registrations saved at once (GUI and CLI) took the same next file number."""
    data_dir = tmp_path / "data"
    _setup(data_dir)
    outcomes = _run_all(_register, [(data_dir, w) for w in range(REGISTRARS)], tmp_path)
    for code, err in outcomes:
        assert code == 0, err
    registered = _registered(data_dir)
    total = REGISTRARS * PER_REGISTRAR
    assert len(registered) == total
    assert len({f for _n, f in registered}) == total
    assert len({n for n, _f in registered}) == total


def test_registration_and_import_while_another_program_holds_the_store_say_so(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replays: "database is locked" from a concurrent writer ended in an internal error.
    Now the user reads that another import is writing, and nothing is written."""
    from relief_desktop.ledgers import exchange
    from relief_desktop.ledgers.definitions.volunteers import VOLUNTEERS
    from relief_desktop.storage import bulk
    from relief_desktop.storage.connection import connect

    monkeypatch.setattr(bulk, "WRITE_WAIT_SECONDS", 0.5)
    actor = team.team(store)[0].actor
    source = tmp_path / "v.csv"
    source.write_text("姓名,技能特长\n周志愿,理发\n", encoding="utf-8")
    blocker = connect(store.paths.database)
    blocker.execute("BEGIN IMMEDIATE")  # another program in the middle of its import
    try:
        data = BeneficiaryInput(
            name="吴小红",
            community_id=team.communities(store)[0].id,
            id_number=make_id(date(1960, 3, 3), 21),
        )
        with pytest.raises(RuleError) as registering:
            beneficiaries.register(store, actor, data)
        assert registering.value.code == "store_busy"
        assert "另一项导入或登记正在写入数据" in str(registering.value)
        with pytest.raises(RuleError) as importing:
            exchange.import_file(store, actor, VOLUNTEERS, source, commit=True)
        assert importing.value.code == "store_busy"
    finally:
        blocker.rollback()
        blocker.close()
    assert store.reader().execute("SELECT count(*) FROM beneficiary").fetchone()[0] == 0
    # Once the other program is done, the same actions go through.
    assert exchange.import_file(store, actor, VOLUNTEERS, source, commit=True).committed
