"""District packet intake: 11 streets × 12 months of real packets imported into a district store,
against unzipping the same files and loading each workbook with openpyxl in read-only mode.

    .venv/bin/python -m bench.district_intake              # 11 streets × 12 months
    .venv/bin/python -m bench.district_intake --months 3   # quicker

The packets are written once by the street edition's own writer (demo/district.py),
then each run imports them all into a fresh district store (every check: zip, password, manifest,
SHA-256 of every file, one transaction) and is divided by the baseline measured in the same run.
Target ≤ 2.0.
"""

import argparse
import io
import statistics
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from relief_desktop.demo import district as demo
from relief_desktop.domain.vocab import STREETS
from relief_desktop.paths import AppPaths
from relief_desktop.services import team
from relief_desktop.services.district import edition, intake
from relief_desktop.storage.store import Store

TARGET = 2.0


def app_import(files: list[Path], root: Path) -> float:
    store = Store.open(AppPaths.under(root))
    edition.setup_district(store, "成华区", demo.DISTRICT_TEAM)
    actor = team.team(store)[0].actor
    started = time.perf_counter()
    outcomes = intake.import_files(store, actor, files)
    seconds = time.perf_counter() - started
    assert all(o.status == "imported" for o in outcomes), [o.message for o in outcomes][:3]
    store.close()
    return seconds


def baseline(files: list[Path]) -> float:
    from openpyxl import load_workbook

    started = time.perf_counter()
    for path in files:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                data = archive.read(name)
                if name.endswith(".xlsx"):
                    book = load_workbook(io.BytesIO(data), read_only=True)
                    book.close()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--people", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        keys = demo.demo_months(date.today(), args.months)
        print(f"准备资料包：{len(STREETS)} 个街道 × {len(keys)} 个月 …")
        files: list[Path] = []
        for code in STREETS:
            files += demo.write_street_packets(
                code, keys, root / "packets", root / "streets", 2026, args.people
            )
        apps = [app_import(files, root / f"district{i}") for i in range(args.repeat)]
        bases = [baseline(files) for _ in range(args.repeat)]
    app, base = statistics.median(apps), statistics.median(bases)
    ratio = app / base
    print(f"导入 {len(files)} 个资料包：应用 {app:.2f} 秒，基线 {base:.2f} 秒", end="")
    print(f"（中位数，各 {args.repeat} 次）")
    print(f"比值 {ratio:.2f}，目标 ≤ {TARGET}：{'PASS' if ratio <= TARGET else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
