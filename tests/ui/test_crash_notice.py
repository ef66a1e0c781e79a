"""Replays: a crash log "asks the user to send it to support" while it holds IDs and phones. In the
GUI an uncaught error now writes a cleaned log and tells the worker where it is."""

import logging
import sys
import threading
from pathlib import Path

import pytest

from relief_desktop import app, logs
from relief_desktop.paths import AppPaths
from relief_desktop.ui import prompts


def test_an_error_nobody_caught_is_logged_clean_and_the_worker_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _parent, _title, text: shown.append(text))
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        logs.install(AppPaths.under(tmp_path), on_crash=app.crash_notice)
        number, phone = "5101081985" + "03120235", "138" + "12345678"  # not in a source line
        try:
            raise ValueError(f"{number} {phone}")
        except ValueError as error:
            sys.excepthook(ValueError, error, error.__traceback__)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            handler.close()
            root.removeHandler(handler)
    (log,) = (tmp_path / "logs").glob("error-*.txt")
    text = log.read_text(encoding="utf-8")
    assert "510108198503120235" not in text
    assert "13812345678" not in text
    assert "510108***********5" in text
    (message,) = shown
    assert str(log) in message
    assert "已去除身份证号、电话等个人信息" in message
