"""Power-cut safety: a writer killed at random points never loses a committed registration."""

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from relief_desktop.paths import AppPaths
from tests.fixtures.db import raw_connect
from tests.fixtures.make_store import fts_indexes
from tests.fixtures.people import open_store

ROUNDS = 50
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writer forks (POSIX only)")
def test_sigkilled_writers_never_lose_a_committed_person(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path)
    store.close()
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.storage.crash_writer", str(tmp_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    assert writer.stdin is not None
    assert writer.stdout is not None
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in writer.stdout or ():
            lines.put(line)

    reader = threading.Thread(target=pump)
    reader.start()
    reported: list[str] = []

    def next_pid() -> int:
        while True:
            line = lines.get(timeout=30)
            if line.startswith("pid "):
                return int(line.split()[1])
            reported.append(line.split()[1])

    def next_commit() -> str:
        """The next `ok UUID` (however loaded the machine, a child does commit)."""
        while True:
            line = lines.get(timeout=60)
            if line.startswith("ok "):
                return line.split()[1]

    rng = random.Random(20261129)
    try:
        for round_no in range(ROUNDS):
            writer.stdin.write("fork\n")
            writer.stdin.flush()
            pid = next_pid()
            if round_no % 5 == 0:  # early kills land while the store opens
                time.sleep(rng.choice((0.0, 0.005, 0.02)))
            else:  # later ones mid-transaction or mid-commit, after this child committed once
                reported.append(next_commit())
                time.sleep(rng.uniform(0, 0.2))
            os.kill(pid, signal.SIGKILL)
        writer.stdin.close()
        assert writer.wait(timeout=30) == 0
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
        reader.join(timeout=30)
        writer.stdout.close()
    while not lines.empty():
        line = lines.get()
        if line.startswith("ok "):
            reported.append(line.split()[1])

    assert len(reported) >= ROUNDS * 4 // 5  # the kills did land among many commits
    conn = raw_connect(AppPaths.under(tmp_path).database)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for index in fts_indexes(conn):
            conn.execute(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        stored = {uuid for (uuid,) in conn.execute("SELECT uuid FROM beneficiary")}
        assert set(reported) <= stored
        # Each registration's log and household rows committed with it, or not at all.
        orphans = conn.execute(
            """SELECT count(*) FROM beneficiary b WHERE NOT EXISTS (
                   SELECT 1 FROM change_log l WHERE l.record_uuid = b.uuid)
               OR NOT EXISTS (SELECT 1 FROM household_member m WHERE m.beneficiary_id = b.id)"""
        ).fetchone()
        assert orphans == (0,)
        logged = conn.execute(
            "SELECT count(DISTINCT record_uuid) FROM change_log WHERE table_name = 'beneficiary'"
        ).fetchone()
        assert logged == (len(stored),)
    finally:
        conn.close()
