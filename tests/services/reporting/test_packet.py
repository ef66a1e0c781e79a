"""The monthly packet as the district center opens it: 7-Zip with the password, the workbook in
LibreOffice, the briefing PDF as text."""

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from relief_desktop.domain import periods
from relief_desktop.services import team
from relief_desktop.services.reporting import month_packet, monthly, narrative
from relief_desktop.storage import files
from relief_desktop.storage.store import Store
from tests.services.reporting.data import TODAY, fill_demo

OCTOBER = periods.month(2026, 10)
PASSWORD = "Chenghua-2026"

needs_7z = pytest.mark.skipif(shutil.which("7z") is None, reason="7-Zip (7z, p7zip-full) missing")
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing"
)


@pytest.fixture
def demo_store(store: Store) -> Store:
    fill_demo(store)
    actor = team.team(store)[0].actor
    narrative.save(
        store,
        actor,
        narrative.Narrative(
            "2026-10",
            "个案服务：走访重点个案。",
            "王女士获得临时救助。",
            "人手不足。",
            "冬季送温暖。",
        ),
    )
    return store


def make_packet(store: Store, out: Path, password: str | None = None) -> Path:
    actor = team.team(store)[0].actor
    return month_packet.generate(store, actor, OCTOBER, out, password=password, today=TODAY).path


def seven_zip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["7z", *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60
    )


@needs_7z
def test_encrypted_packet_opens_in_7zip_only_with_the_password(
    demo_store: Store, tmp_path: Path
) -> None:
    path = make_packet(demo_store, tmp_path, PASSWORD)

    good = seven_zip("t", f"-p{PASSWORD}", str(path))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Everything is Ok" in good.stdout
    listing = seven_zip("l", "-slt", f"-p{PASSWORD}", str(path)).stdout
    assert "AES-256" in listing
    assert "台账-2026-10.xlsx" in listing

    wrong = seven_zip("t", "-pnot-the-password", str(path))
    assert wrong.returncode != 0
    none = seven_zip("t", "-p", str(path))  # an empty password, as when none is typed
    assert none.returncode != 0

    out = tmp_path / "x"
    extracted = seven_zip("x", f"-p{PASSWORD}", f"-o{out}", str(path))
    assert extracted.returncode == 0, extracted.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "manifest.json",
        "台账-2026-10.xlsx",
        "工作简报-2026-10.pdf",
    ]


@needs_7z
def test_plain_packet_opens_in_7zip_without_a_password(demo_store: Store, tmp_path: Path) -> None:
    path = make_packet(demo_store, tmp_path)
    tested = seven_zip("t", str(path))
    assert tested.returncode == 0, tested.stdout + tested.stderr


def extract(path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


@needs_soffice
def test_workbook_reads_back_in_libreoffice(demo_store: Store, tmp_path: Path) -> None:
    files = extract(make_packet(demo_store, tmp_path / "out"), tmp_path / "files")
    out = tmp_path / "csv"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", CSV_FILTER, "--outdir", str(out), str(files / "台账-2026-10.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheets = {p.name: p for p in out.glob("*.csv")}
    summary_csv = next(p for name, p in sheets.items() if "工作简报" in name)
    with summary_csv.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))

    report = monthly.build(demo_store, OCTOBER, True, TODAY)
    # The summary sheet: a title note, then the key numbers with this month and the year so far.
    assert any("双桥子街道" in c and "2026年10月" in c for c in rows[0])
    start = next(i for i, row in enumerate(rows) if row[:3] == ["项目", "本月", "合同年度累计"])
    numbers = [row[:3] for row in rows[start + 1 : start + 1 + len(report.key_numbers)]]

    # The figures are numbers (the CSV holds their raw values): yuan for money, 0..1 for rates.
    def raw(unit: str, value: float | None) -> float | None:
        return None if value is None else value / 100 if unit == "fen" else value

    def read(text: str) -> float | None:  # a percentage keeps its % sign in the CSV
        if not text:
            return None
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)

    assert [[row[0], read(row[1]), read(row[2])] for row in numbers] == [
        [
            n.label,
            pytest.approx(raw(n.unit, n.month_value)),
            pytest.approx(raw(n.unit, n.year_value)),
        ]
        for n in report.key_numbers
    ]
    start = next(i for i, row in enumerate(rows) if row[:2] == ["合同指标", "本年累计"])
    kpis = [row[:3] for row in rows[start + 1 : start + 1 + len(report.year_kpis)]]
    assert [[row[0], read(row[1]), read(row[2])] for row in kpis] == [
        [
            r.kpi.label,
            pytest.approx(raw(r.kpi.unit, r.measure.value)),
            pytest.approx(raw(r.kpi.unit, r.target)),
        ]
        for r in report.year_kpis
    ]
    assert len(sheets) == 1 + len(monthly.ledger_sheets(demo_store, OCTOBER, True))


@needs_pdftotext
def test_briefing_pdf_text_has_the_street_and_key_numbers(
    demo_store: Store, tmp_path: Path
) -> None:
    files = extract(make_packet(demo_store, tmp_path / "out"), tmp_path / "files")
    text = subprocess.run(
        ["pdftotext", "-layout", str(files / "工作简报-2026-10.pdf"), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    assert "双桥子街道社会关爱援助中心工作简报" in text
    assert "关键数字" in text
    assert "2026年10月" in text
    assert "王女士获得临时救助。" in text
    cases = next(line for line in text.splitlines() if "个案服务（次）" in line)
    report = monthly.build(demo_store, OCTOBER, True, TODAY)
    number = next(n for n in report.key_numbers if n.label == "个案服务（次）")
    assert cases.split()[-2:] == [number.month, number.year]


def test_nothing_unencrypted_touches_the_output_folder_while_a_packet_is_made(
    demo_store: Store, tmp_path: Path
) -> None:
    """A killed run with a password once left the unencrypted workbook in a hidden folder of the
    output folder, and the next run did not clean it."""
    out = tmp_path / "U盘"
    seen: list[set[str]] = []

    def watch(_step: str, _share: float) -> None:
        seen.append({p.name for p in out.rglob("*")} if out.exists() else set())

    actor = team.team(demo_store)[0].actor
    result = month_packet.generate(
        demo_store, actor, OCTOBER, out, password=PASSWORD, today=TODAY, progress=watch
    )
    assert seen
    for names in seen:  # only the encrypted zip being written, never a workbook or a PDF
        assert all(name.endswith(".zip") for name in names), names
    assert [p.name for p in out.iterdir()] == [result.path.name]
    assert not list(demo_store.paths.data_dir.glob(files.WORK_PREFIX + "*"))


def test_a_work_folder_left_by_a_killed_run_is_removed_at_the_next_start(
    store: Store, tmp_path: Path
) -> None:
    data = store.paths.data_dir
    dead = data / f"{files.WORK_PREFIX}packet-999999999-abcd"
    dead.mkdir()
    (dead / "台账-2026-10.xlsx").write_bytes(b"unencrypted")
    mine = files.private_workdir(data, "packet")  # this process's own run goes on
    Store.open(store.paths).close()
    assert not dead.exists()
    assert mine.exists()
