"""The frozen bundle (dist/relief-desktop/, `python3 dev.py bundle`): its size, and its start-up
divided by a bare PySide6 window measured in the same run. Runs only when a bundle exists.

    .venv/bin/python -m bench.bundle               # a small street (300 persons)
    .venv/bin/python -m bench.bundle --people 100000

Start-up is process start to main window shown and closed (`gui --quit-when-shown`), signing in
included, of the bundle's own executable run from a folder outside the repo. The same store is
also opened with `python -m relief_desktop` from the venv, for comparison. Target ≤ 3.0.
"""

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.__main__ import REPO, first_worker, measured

TARGET = 3.0
BUNDLE = REPO / "dist" / "relief-desktop"
PROGRAM = BUNDLE / ("relief-desktop.exe" if os.name == "nt" else "relief-desktop")


def size_mb(folder: Path) -> float:
    """As `du`: PyInstaller links some libraries into two places; each file counts once."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bundle")
    parser.add_argument("--people", type=int, default=300, help="persons in the demo store")
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each kind (median)")
    args = parser.parse_args()
    if not PROGRAM.is_file():
        print(f"No bundle at {BUNDLE}: run `python3 dev.py bundle` first. Skipped.")
        return 0

    env = {**os.environ, "RELIEF_DESKTOP_PASSWORD": "bench-Chenghua-2026",
           "QT_QPA_PLATFORM": "offscreen"}  # fmt: skip
    env.pop("PYTHONPATH", None)
    debs = sorted((REPO / "dist").glob("relief-desktop_*.deb"))
    print(f"Bundle: {size_mb(BUNDLE):.0f} MB in {BUNDLE}")
    for deb in debs:
        print(f"Package: {deb.stat().st_size / 2**20:.0f} MB {deb.name}")
    with tempfile.TemporaryDirectory(prefix="relief-bench-bundle-") as tmp:
        data = Path(tmp) / "data"
        measured([str(PROGRAM), "--data-dir", str(data), "demo", "--people", str(args.people)],
                 env, cwd=tmp)  # fmt: skip
        bare_cmd = [sys.executable, "-m", "bench.bare_window"]
        worker, _ = first_worker(data, env["RELIEF_DESKTOP_PASSWORD"])
        gui = ["--data-dir", str(data), "gui", "--worker", worker, "--quit-when-shown"]
        bundle_cmd = [str(PROGRAM), *gui]
        venv_cmd = [sys.executable, "-m", "relief_desktop", *gui]
        for cmd in (bare_cmd, bundle_cmd, venv_cmd):  # warm the file cache for each
            measured(cmd, env)
        times: dict[str, list[float]] = {"bare": [], "bundle": [], "venv": []}
        for _ in range(args.runs):  # interleaved, so load changes hit all alike
            times["bare"].append(measured(bare_cmd, env).seconds)
            times["bundle"].append(measured(bundle_cmd, env, cwd=tmp).seconds)
            times["venv"].append(measured(venv_cmd, env).seconds)
    bare, bundle, venv = (statistics.median(times[k]) for k in ("bare", "bundle", "venv"))
    ratio = bundle / bare
    verdict = "ok" if ratio <= TARGET else "MISSED"
    print(f"Start-up ÷ bare window, bundle: {ratio:.2f} ({bundle:.3f} s ÷ {bare:.3f} s) "
          f"target ≤ {TARGET:g} {verdict}")  # fmt: skip
    print(f"Start-up ÷ bare window, venv:   {venv / bare:.2f} ({venv:.3f} s), for comparison")
    return 0


if __name__ == "__main__":
    sys.exit(main())
