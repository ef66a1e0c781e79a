"""Bootstrap: `python dev.py run` installs into .venv and starts the app; `python dev.py test` runs
every check headless. Needs only Python 3.11+ (stdlib), on Windows and Linux alike.
`python dev.py bundle` builds the PyInstaller folder, `python dev.py deb` the Debian package."""

import ctypes.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def ensure_venv(extra: str) -> None:
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    mtime = str((ROOT / "pyproject.toml").stat().st_mtime_ns)
    wanted = f"{extra}:{mtime}"
    # One token per extra installed for this pyproject.toml; any extra includes the plain install.
    done = [t for t in (STAMP.read_text().split() if STAMP.exists() else []) if t.endswith(mtime)]
    if wanted in done or (not extra and done):
        return
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    target = f".[{extra}]" if extra else "."
    subprocess.run([PY, "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT)
    STAMP.write_text(" ".join([*done, wanted]))


# The clients the tests open real files with (as the district center does), and where to get them:
# (program, Debian package, Windows download).
TOOLS = (
    ("pdftotext", "poppler-utils", "https://github.com/oschwartz10612/poppler-windows/releases"),
    ("pdftoppm", "poppler-utils", "https://github.com/oschwartz10612/poppler-windows/releases"),
    ("7z", "p7zip-full", "https://www.7-zip.org/download.html"),
    ("soffice", "libreoffice-calc", "https://www.libreoffice.org/download/download/"),
)
# The system libraries Qt needs offscreen on Linux: (library name for find_library, package).
QT_LIBS = (
    ("EGL", "libegl1"),
    ("GL", "libgl1"),
    ("xkbcommon", "libxkbcommon0"),
    ("fontconfig", "libfontconfig1"),
    ("dbus-1", "libdbus-1-3"),
    ("glib-2.0", "libglib2.0-0"),
)


def missing_tools() -> list[tuple[str, str, str]]:
    """(what, Debian package, Windows download or "") for each system tool the tests lack."""
    missing = [(tool, deb, win) for tool, deb, win in TOOLS if shutil.which(tool) is None]
    if sys.platform.startswith("linux") and Path("/sbin/ldconfig").exists():
        # find_library asks ldconfig; without it a missing library cannot be told, so skip.
        for lib, deb in QT_LIBS:
            if not ctypes.util.find_library(lib):
                missing.append((f"lib{lib}", deb, ""))
    return missing


def tools_message(missing: list[tuple[str, str, str]]) -> str:
    """What to install before the tests can run, in the words a new team member needs."""
    debs = " ".join(dict.fromkeys(deb for _what, deb, _win in missing))
    lines = [
        "测试需要的系统工具缺失：" + "、".join(what for what, _deb, _win in missing),
        "Debian/Ubuntu 请先安装：",
        f"    sudo apt-get install -y {debs}",
    ]
    downloads: dict[str, list[str]] = {}
    for what, _deb, win in missing:
        if win:
            downloads.setdefault(win, []).append(what)
    if downloads:
        lines.append("Windows 请下载安装（并把程序所在文件夹加入 PATH）：")
        lines += [f"    {'、'.join(whats)}：{win}" for win, whats in downloads.items()]
    lines.append("安装后再运行 python dev.py test。")
    return "\n".join(lines)


def run(cmd: list[str | Path], env: dict[str, str] | None = None) -> int:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "help"
    if what == "run":
        ensure_venv("")
        return run([PY, "-m", "relief_desktop", *argv[1:]])
    if what == "test":
        if missing := missing_tools():
            print(tools_message(missing), file=sys.stderr)
            return 3
        ensure_venv("test")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        for step in (
            [PY, "-m", "ruff", "format", "--check", "."],
            [PY, "-m", "ruff", "check", "."],
            [PY, "-m", "mypy"],
            [PY, "-m", "pytest", "-n", "2", "-q", *argv[1:]],
        ):
            if rc := run(step, env):
                return rc
        return 0
    if what == "bench":
        ensure_venv("test")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return run([PY, "-m", "bench", *argv[1:]], env)
    if what == "bundle":  # the PyInstaller folder for this platform: dist/relief-desktop/
        ensure_venv("bundle")
        spec = ROOT / "installer" / "relief-desktop.spec"
        build = ROOT / "build" / "pyinstaller"
        return run([PY, "-m", "PyInstaller", spec, "--noconfirm", "--log-level", "WARN",
                    "--distpath", ROOT / "dist", "--workpath", build, *argv[1:]])  # fmt: skip
    if what == "deb":  # dist/relief-desktop_<version>_<arch>.deb from the bundle (built if missing)
        if not (ROOT / "dist" / "relief-desktop").is_dir() and (rc := main(["bundle"])):
            return rc
        return run([sys.executable, ROOT / "installer" / "deb.py", *argv[1:]])
    print("用法: python dev.py run | test | bench | bundle | deb")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
