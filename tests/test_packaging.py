"""What the installers are made of: the version they carry and the .deb a UOS/Kylin PC installs."""

import importlib.util
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest

import relief_desktop

INSTALLER = Path(__file__).resolve().parent.parent / "installer"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_app_reports_the_version_the_installers_carry() -> None:
    assert relief_desktop.__version__ == version("relief-desktop")


def test_windows_version_resource_numbers() -> None:
    info = _load("version_info")
    assert info.numbers("0.1.0") == (0, 1, 0, 0)
    assert info.numbers("1.2.0rc1") == (1, 2, 0, 0)


@pytest.fixture
def fake_bundle(tmp_path: Path) -> Path:
    """A folder shaped like dist/relief-desktop/: an executable and the package metadata."""
    bundle = tmp_path / "relief-desktop"
    meta = bundle / "_internal" / "relief_desktop-0.3.0.dist-info"
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text("Metadata-Version: 2.1\nName: relief-desktop\nVersion: 0.3.0\n")
    program = bundle / "relief-desktop"
    program.write_text("#!/bin/sh\necho bundle\n")
    program.chmod(0o700)  # as a umask 077 build leaves it
    return bundle


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb missing")
def test_deb_installs_under_opt_with_menu_entry_command_and_dependencies(
    fake_bundle: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    previous = os.umask(0o077)  # as the app's own commands leave a process (private_umask)
    try:
        made = subprocess.run(
            [sys.executable, INSTALLER / "deb.py", "--bundle", fake_bundle, "--out", out],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.umask(previous)
    assert made.returncode == 0, made.stderr
    deb = next(out.glob("relief-desktop_0.3.0_*.deb"))
    assert deb.name in made.stdout

    def field(name: str) -> str:
        return subprocess.run(
            ["dpkg-deb", "-f", deb, name], capture_output=True, text=True, check=True
        ).stdout.strip()

    assert field("Version") == "0.3.0"
    depends = field("Depends")
    for library in ("libc6 (>= ", "libegl1", "libgl1", "libxkbcommon0", "libfontconfig1",
                    "libdbus-1-3", "libglib2.0-0", "libxcb-cursor0"):  # fmt: skip
        assert library in depends
    listing = subprocess.run(
        ["dpkg-deb", "-c", deb], capture_output=True, text=True, check=True
    ).stdout
    assert "-rwxr-xr-x root/root" in next(
        line
        for line in listing.splitlines()
        if line.endswith("./opt/relief-desktop/relief-desktop")
    )
    for path in (
        "./usr/bin/relief-desktop",
        "./usr/share/applications/relief-desktop.desktop",
        "./usr/share/icons/hicolor/256x256/apps/relief-desktop.png",
        "./usr/share/doc/relief-desktop/copyright",
    ):
        assert path in listing

    unpacked = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
    entry = (unpacked / "usr/share/applications/relief-desktop.desktop").read_text()
    assert "Name[zh_CN]=关爱援助工作台" in entry.splitlines()
    assert "Exec=relief-desktop" in entry.splitlines()
    command = subprocess.run(
        [unpacked / "usr/bin/relief-desktop"], capture_output=True, text=True
    )  # it runs /opt/relief-desktop/relief-desktop: not installed here
    assert "/opt/relief-desktop/relief-desktop" in command.stderr
    scripts = subprocess.run(
        ["dpkg-deb", "-e", deb, tmp_path / "control"], check=True, capture_output=True
    )
    assert scripts.returncode == 0
    postrm = (tmp_path / "control" / "postrm").read_text()
    assert "rm " not in postrm  # removing or purging never deletes a user's data
    assert "wget" not in postrm + (tmp_path / "control" / "postinst").read_text()
