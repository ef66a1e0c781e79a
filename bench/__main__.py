"""Start-up, search and memory figures of relief_desktop on a large demo store.

    .venv/bin/python -m bench                 # 100,000 persons, about 2 minutes
    .venv/bin/python -m bench --people 10000  # quicker
    .venv/bin/python -m bench --data-dir D    # reuse a store made by `relief-desktop demo`

The machine is shared and noisy (STACK-NOTES.md): start-up is reported as a ratio to a bare
PySide6 window measured in the same run, never as an absolute time.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    max_rss_mb: float
    stdout: str


def measured(args: list[str], env: dict[str, str], cwd: Path | str = REPO) -> Run:
    """Wall time from spawn to exit and the peak RSS of that one process (wait4)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=errors, text=True
        )
        assert proc.stdout is not None
        out = proc.stdout.read()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        proc.stdout.close()
        if proc.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{message}")
    return Run(seconds, usage.ru_maxrss / 1024, out)


def pad(text: str, width: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def build_store(data_dir: Path, people: int, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "relief_desktop", "--data-dir", str(data_dir), "demo",
         "--people", str(people)],
        cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def first_worker(data_dir: Path, password: str) -> tuple[str, int]:
    from bench import signin
    from relief_desktop.paths import AppPaths
    from relief_desktop.storage.connection import connect

    conn = connect(signin.unlock(AppPaths.under(data_dir), password).database)
    try:
        (name,) = conn.execute("SELECT name FROM worker WHERE active = 1 ORDER BY id").fetchone()
        (count,) = conn.execute("SELECT count(*) FROM beneficiary").fetchone()
    finally:
        conn.close()
    return str(name), int(count)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000, help="persons in the demo store")
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each kind (median)")
    parser.add_argument("--repeats", type=int, default=21, help="runs of each search query")
    parser.add_argument("--data-dir", type=Path, help="use this existing store instead")
    args = parser.parse_args()

    # The start-up measured includes signing in (an argon2id check of this password).
    env = {"RELIEF_DESKTOP_PASSWORD": "bench-Chenghua-2026", **os.environ,
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="relief-bench-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        if args.data_dir is None:
            print(f"Building a demo store of {args.people:,} persons …", flush=True)
            print(f"  built in {build_store(data_dir, args.people, env):.1f} s", flush=True)
        worker, persons = first_worker(data_dir, env["RELIEF_DESKTOP_PASSWORD"])
        size_mb = (data_dir / "relief.sqlite3").stat().st_size / 2**20
        print(f"Store: {persons:,} persons, {size_mb:.0f} MB; worker {worker}", flush=True)

        bare_cmd = [sys.executable, "-m", "bench.bare_window"]
        app_cmd = [sys.executable, "-m", "relief_desktop", "--data-dir", str(data_dir), "gui",
                   "--worker", worker, "--quit-when-shown"]  # fmt: skip
        measured(bare_cmd, env)  # warm the file cache for both
        measured(app_cmd, env)
        bare: list[Run] = []
        app: list[Run] = []
        for _ in range(args.runs):  # interleaved, so load changes hit both alike
            bare.append(measured(bare_cmd, env))
            app.append(measured(app_cmd, env))
        bare_s = statistics.median(r.seconds for r in bare)
        app_s = statistics.median(r.seconds for r in app)
        gui_rss = max(r.max_rss_mb for r in app)

        search = measured(
            [sys.executable, "-m", "bench.search_worker", str(data_dir), str(args.repeats)], env
        )
        queries = json.loads(search.stdout)["queries"]
        samples = [ms for q in queries for ms in q["ms"]]

    print()
    print(f"Start-up (median of {args.runs}): app {app_s:.3f} s, bare QMainWindow {bare_s:.3f} s")
    print()
    print(f"Search over {persons:,} persons: count + first page of 200, {args.repeats} runs each")
    print(f"  {'query':<17}{'text':<14}{'found':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for q in queries:
        print(
            f"  {q['kind']:<17}{pad(q['text'], 14)}{q['found']:>8}"
            f"{percentile(q['ms'], 0.5):>9.1f}{percentile(q['ms'], 0.95):>9.1f}"
        )
    print()
    rows = [
        ("start-up ÷ bare window", app_s / bare_s, 3.0, "×"),
        ("search p50", percentile(samples, 0.5), None, "ms"),
        ("search p95", percentile(samples, 0.95), 50.0, "ms"),
        ("max RSS, GUI start", gui_rss, 400.0, "MB"),
        ("max RSS, search", search.max_rss_mb, 400.0, "MB"),
    ]
    print(f"{'measure':<24}{'value':>10}{'target':>10}  result")
    for name, value, target, unit in rows:
        shown = f"{value:.2f}" if unit == "×" else f"{value:.1f}"
        if target is None:
            print(f"{name:<24}{shown:>10}{'':>10}  ({unit})")
            continue
        verdict = "PASS" if value <= target else "FAIL"
        print(f"{name:<24}{shown:>10}{'≤ ' + format(target, 'g'):>10}  {verdict} ({unit})")


if __name__ == "__main__":
    main()
