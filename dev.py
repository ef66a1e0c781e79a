"""Bootstrap: `python dev.py run` installs into .venv and starts the app; `python dev.py test` runs
every check headless. Needs only Python 3.11+ (stdlib), on Windows and Linux alike."""

import os
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
    wanted = f"{extra}:{(ROOT / 'pyproject.toml').stat().st_mtime_ns}"
    if STAMP.exists() and STAMP.read_text() in (wanted, f"test:{wanted.split(':', 1)[1]}"):
        return
    subprocess.run([PY, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    target = f".[{extra}]" if extra else "."
    subprocess.run([PY, "-m", "pip", "install", "-q", "-e", target], check=True, cwd=ROOT)
    STAMP.write_text(wanted)


def run(cmd: list[str | Path], env: dict[str, str] | None = None) -> int:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    what = argv[0] if argv else "help"
    if what == "run":
        ensure_venv("")
        return run([PY, "-m", "relief_desktop", *argv[1:]])
    if what == "test":
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
    print("用法: python dev.py run | test | bench")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
