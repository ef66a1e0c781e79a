"""Where `resources/` is: beside the package in a checkout, inside the bundle when frozen."""

import sys
from pathlib import Path


def resource_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def font_path() -> Path:
    """The CJK TrueType font the UI and every PDF use (WenQuanYi Micro Hei, Apache-2.0)."""
    return resource_path("fonts", "wqy-microhei.ttc")
