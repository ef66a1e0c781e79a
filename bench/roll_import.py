"""Benchmark: importing a 50,000-row roll vs reading it and inserting it with plain executemany.

Run: `.venv/bin/python -m bench.roll_import [--rows 50000] [--repeat 3]`. Prints both medians
and their ratio (target ≤ 2.0). The baseline reads the same file with the fastest reader the
import uses (python-calamine) and inserts the same rows into roll_entry with executemany.
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

TARGET = 2.0


def make_file(path: Path, rows: int) -> Path:
    from openpyxl import Workbook

    from relief_desktop.domain.idcard import check_digit

    book = Workbook(write_only=True)
    sheet = book.create_sheet("在册名单")
    sheet.append(["双桥子街道城乡低保在册名单"])
    sheet.append(
        ["序号", "户主姓名", "公民身份号码", "所属社区", "家庭住址", "手机号码", "保障人数"]
    )
    communities = ("双林", "新鸿", "新华", "万晟", "三街坊")
    for i in range(rows):
        # Every row a distinct valid number: year, month, day and sequence each vary.
        birth = date(1940 + i % 60, 1 + (i // 60) % 12, 1 + (i // 720) % 28)
        first17 = f"510108{birth:%Y%m%d}{(i // 20160) % 1000:03d}"
        sheet.append(
            [
                i + 1,
                f"对象{i:05d}",
                first17 + check_digit(first17),
                communities[i % 5],
                f"成华区双林路{i % 300}号{i % 12}栋",
                f"138{i:08d}",
                1 + i % 5,
            ]
        )
    sheet.append(["合计", None, None, None, None, None, f"共 {rows} 户"])
    book.save(path)
    return path


def fresh_store(root: Path) -> "object":
    from relief_desktop.paths import AppPaths
    from relief_desktop.services import team
    from relief_desktop.storage.store import Store

    store = Store.open(AppPaths.under(root))
    team.setup(store, "双桥子", [("张三", "项目负责人"), ("李四", "项目专员")])
    return store


def run_import(path: Path, root: Path) -> tuple[float, int]:
    from relief_desktop.services import team
    from relief_desktop.services.inspection import rolls
    from relief_desktop.storage.store import Store

    store = fresh_store(root)
    assert isinstance(store, Store)
    actor = team.team(store)[0].actor
    started = time.perf_counter()
    result = rolls.preview(store, "dibao", path, date(2026, 10, 1))
    done = rolls.commit(store, actor, result)
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, done.added


def run_baseline(path: Path, root: Path) -> tuple[float, int]:
    from python_calamine import CalamineWorkbook

    from relief_desktop.storage.bulk import transaction
    from relief_desktop.storage.store import Store

    store = fresh_store(root)
    assert isinstance(store, Store)
    conn = store.reader()
    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    cells = book.get_sheet_by_name(book.sheet_names[0]).to_python()
    now = "2026-10-01T00:00:00+00:00"
    values = [
        ("低保", r[1], r[2], r[2], r[5], r[4], r[3], int(str(r[6]).split('.')[0]), "2026-10-01",
         str(uuid.uuid4()), now, now)
        for r in cells[2:-1]
    ]  # fmt: skip
    with transaction(conn):
        conn.executemany(
            "INSERT INTO roll_entry (category, name, id_number, household_key, phone, address,"
            " community_name, household_size, started_on, uuid, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed, len(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        started = time.perf_counter()
        path = make_file(base / "roll.xlsx", args.rows)
        print(f"roll file: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB "
              f"({time.perf_counter() - started:.1f} s to write)")  # fmt: skip
        ours: list[float] = []
        baseline: list[float] = []
        for n in range(args.repeat):
            b, b_rows = run_baseline(path, base / f"b{n}")
            o, o_rows = run_import(path, base / f"o{n}")
            assert b_rows == o_rows == args.rows, (b_rows, o_rows)
            baseline.append(b)
            ours.append(o)
            print(f"  run {n + 1}: import {o:.2f} s, baseline {b:.2f} s, ratio {o / b:.2f}")
        ratio = statistics.median(ours) / statistics.median(baseline)
        print(
            f"roll import median {statistics.median(ours):.2f} s; baseline (calamine read +"
            f" executemany) {statistics.median(baseline):.2f} s; ratio {ratio:.2f}"
            f" (target ≤ {TARGET})"
        )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
