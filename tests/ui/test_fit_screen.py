"""Every page and every dialog fits a street center's PC: 1366×768 with the Windows taskbar
(1366×728 for windows), at 100 % and at 125 % display scaling. The tour (tests/ui/fit_tour.py)
runs in its own process so Qt starts with that screen; it fails on any button off the screen and
on 保存/取消 that would scroll away with a form. Screenshots go to $RELIEF_FIT_SHOTS if set."""

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

import relief_desktop.ui

ROOT = Path(__file__).resolve().parents[2]
SCREEN = {"name": "office-pc", "x": 0, "y": 0, "width": 1366, "height": 728}


def dialog_classes() -> set[str]:
    """Every QDialog subclass the app defines under relief_desktop/ui."""
    for module in pkgutil.walk_packages(relief_desktop.ui.__path__, "relief_desktop.ui."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo = list(QDialog.__subclasses__())
    while todo:
        cls = todo.pop()
        todo += cls.__subclasses__()
        if cls.__module__.startswith("relief_desktop.ui.") and not cls.__name__.startswith("_"):
            found.add(f"{cls.__module__}.{cls.__qualname__}")
    return found


def run_tour(tmp_path: Path, scale: str) -> dict[str, list[Any]]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{**SCREEN, "logicalDpi": 96, "dpr": 1}]}))
    shots = Path(os.environ.get("RELIEF_FIT_SHOTS", tmp_path / "shots")) / f"scale-{scale}"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_tour", str(shots)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, list[Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize(("scale", "screen"), [("1", [1366, 728]), ("1.25", [1093, 582])])
def test_every_page_and_dialog_fits_the_office_screen(
    tmp_path: Path, scale: str, screen: list[int]
) -> None:
    result = run_tour(tmp_path, scale)
    assert result["screen"] == screen
    assert result["problems"] == []
    # A new dialog must join the tour (tests/ui/fit_tour.py) before it can ship.
    missing = dialog_classes() - set(result["covered"])
    assert not missing, f"dialogs the tour does not open: {sorted(missing)}"
    assert {"main.png", "empty-cases.png", "case-plan.png", "ledger-resources.png"} <= set(
        result["shots"]
    )


def test_the_dialog_list_is_found() -> None:
    """The coverage check above only means something if it sees the app's dialogs."""
    found = dialog_classes()
    assert "relief_desktop.ui.dialogs.plan_dialog.PlanDialog" in found
    assert "relief_desktop.ui.dialogs.case_forms.ServiceRecordDialog" in found
    assert len(found) >= 19
