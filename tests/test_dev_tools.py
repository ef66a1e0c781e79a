"""`python dev.py test` names the system tools a fresh machine lacks before running anything."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_missing_pdf_tool_names_its_debian_package_and_windows_download(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dev = _dev()
    real_which = shutil.which
    monkeypatch.setattr(
        dev.shutil, "which", lambda tool: None if tool == "pdftotext" else real_which(tool)
    )
    missing = dev.missing_tools()
    assert [m[0] for m in missing if not m[0].startswith("lib")] == ["pdftotext"]
    message = dev.tools_message(missing)
    assert "pdftotext" in message
    assert "apt-get install -y poppler-utils" in message
    assert "poppler-windows" in message
    assert "7z" not in message.replace("7-zip", "")


def test_dev_test_stops_with_the_list_before_running_anything(tmp_path: Path) -> None:
    # A PATH without the tools: the command says what to install and exits non-zero at once.
    result = subprocess.run(
        [sys.executable, str(ROOT / "dev.py"), "test"],
        capture_output=True,
        text=True,
        env={"PATH": str(tmp_path)},
        timeout=60,
    )
    assert result.returncode != 0
    for package in ("poppler-utils", "p7zip-full", "libreoffice-calc"):
        assert package in result.stderr
    assert "$ " not in result.stdout  # no step (ruff, mypy, pytest) was started
