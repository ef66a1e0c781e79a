"""`python3 dev.py deb`: wrap dist/relief-desktop/ (the PyInstaller bundle) as a .deb.

Installs under /opt/relief-desktop, puts `relief-desktop` on PATH (/usr/bin, a small wrapper),
a desktop entry named 关爱援助工作台 in the applications menu and the icon in hicolor. Nothing is
downloaded after installation; the maintainer scripts only refresh the menu and icon caches.
Each user's data folder (~/.local/share/relief_desktop) is never touched by install, upgrade,
remove or purge. Stdlib only: runs with the system python3 and dpkg-deb.
"""

import argparse
import os
import shutil
import subprocess
import sys
from email.parser import Parser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "relief-desktop"
PREFIX = Path("opt") / PACKAGE
ICON = ROOT / "resources" / "icons" / "relief-desktop.png"
TEMPLATES = ROOT / "installer" / "linux"

# What the bundle's Qt needs from the system on Debian 12, 统信UOS 20 and 银河麒麟 V10 (all ship
# these names): OpenGL/EGL, fonts, D-Bus, GLib, and X11/xcb for the xcb platform plugin.
DEPENDS = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    "libglib2.0-0",
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-xfixes0",
    "libxcb-xinerama0",
    "libxcb-xkb1",
]


def bundle_version(bundle: Path) -> str:
    """The version the bundle carries in its copy of the package metadata."""
    internal = bundle / "_internal"
    found = [*internal.glob("relief_desktop-*.dist-info/METADATA"),
             *internal.glob("relief_desktop.egg-info/PKG-INFO")]  # an editable install's  # fmt: skip
    for metadata in found:
        return str(Parser().parsestr(metadata.read_text(encoding="utf-8"))["Version"])
    raise SystemExit(f"{bundle} 里没有 relief_desktop 的版本信息：请先运行 python3 dev.py bundle")


def glibc() -> str:
    """The glibc the bundle was built against: the oldest one it runs on."""
    name, _, version = os.confstr("CS_GNU_LIBC_VERSION").partition(" ")  # type: ignore[union-attr]
    return version


def architecture() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True)
    return out.stdout.strip()


def _tree(staging: Path, bundle: Path) -> None:
    target = staging / PREFIX
    shutil.copytree(bundle, target, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    wrapper = bin_dir / PACKAGE
    wrapper.write_text(f'#!/bin/sh\nexec /{PREFIX}/{PACKAGE} "$@"\n', encoding="utf-8")
    apps = staging / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(TEMPLATES / f"{PACKAGE}.desktop", apps / f"{PACKAGE}.desktop")
    icons = staging / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy(ICON, icons / f"{PACKAGE}.png")
    docs = staging / "usr" / "share" / "doc" / PACKAGE
    docs.mkdir(parents=True)
    shutil.copy(TEMPLATES / "copyright", docs / "copyright")
    _modes(staging)
    wrapper.chmod(0o755)


def _modes(staging: Path) -> None:
    """Folders 0755, files 0644, executables 0755, whatever the build's umask was."""
    for path in [staging, *staging.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
        else:
            executable = path.stat().st_mode & 0o111
            path.chmod(0o755 if executable else 0o644)


def _control(staging: Path, version: str) -> None:
    debian = staging / "DEBIAN"
    debian.mkdir()
    debian.chmod(0o755)
    size_kb = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file()) // 1024
    depends = ", ".join([f"libc6 (>= {glibc()})", *DEPENDS])
    (debian / "control").write_text(
        f"""Package: {PACKAGE}
Version: {version}
Architecture: {architecture()}
Maintainer: relief_desktop <relief-desktop@localhost>
Installed-Size: {size_kb}
Depends: {depends}
Section: misc
Priority: optional
Homepage: https://localhost/relief-desktop
Description: 成华区街道社会关爱援助中心 离线桌面工作台
 关爱援助工作台：困难群众登记、需求评估、援助方案、个案服务、入户核查、各类台账和每月报送。
 Offline desktop workbench of the street care-and-assistance centers of Chenghua District.
 Data stays on this PC in each user's ~/.local/share/relief_desktop; removing or purging the
 package leaves it there.
""",
        encoding="utf-8",
    )
    for script in ("postinst", "postrm"):
        shutil.copy(TEMPLATES / script, debian / script)
        (debian / script).chmod(0o755)


def build(bundle: Path, out_dir: Path, version: str | None, compression: str = "xz") -> Path:
    if shutil.which("dpkg-deb") is None:
        raise SystemExit("需要 dpkg-deb（Debian/Ubuntu/统信/麒麟 自带）")
    if not (bundle / PACKAGE).is_file():
        raise SystemExit(f"{bundle} 里没有可执行文件 {PACKAGE}：请先运行 python3 dev.py bundle")
    os.umask(0o022)  # what goes into the package is world-readable, whatever the caller's umask
    version = version or bundle_version(bundle)
    staging = out_dir / f"deb-staging-{version}"
    shutil.rmtree(staging, ignore_errors=True)
    _tree(staging, bundle)
    _control(staging, version)
    target = out_dir / f"{PACKAGE}_{version}_{architecture()}.deb"
    subprocess.run(
        # xz at level 1: nearly the size of level 6, a fraction of the time (a 200 MB bundle).
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "-z1", "--build", str(staging),
         str(target)],  # fmt: skip
        check=True,
        stdout=subprocess.DEVNULL,
    )
    shutil.rmtree(staging)
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="dev.py deb")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", help="版本号（默认取自程序包；CI 用较低版本模拟旧版）")
    parser.add_argument(
        "--compression", choices=["xz", "gzip", "none"], default="xz", help="CI: none is fastest"
    )
    args = parser.parse_args(argv)
    target = build(args.bundle, args.out, args.version, args.compression)
    print(f"已生成：{target}（{target.stat().st_size / 1e6:.1f} MB）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
