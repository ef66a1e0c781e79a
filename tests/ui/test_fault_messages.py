"""The GUI's error path uses the same translation as the CLI: a full disk in a background job or
in a page's own slot is named in Chinese, never "操作没有完成：OperationalError"."""

import errno
import os

import pytest
from pytestqt.qtbot import QtBot

from relief_desktop.storage.sqldb import dbapi
from relief_desktop.storage.store import Store
from relief_desktop.ui import app, prompts
from relief_desktop.ui.workers import Job, Progress


def test_a_full_disk_in_a_background_job_is_named(qtbot: QtBot, store: Store) -> None:
    def work(_progress: Progress) -> None:
        raise dbapi.OperationalError("database or disk is full")

    job = Job(work)
    with qtbot.waitSignal(job.failed, timeout=10_000) as failed:
        job.start()
    job.wait()
    text = str(failed.args[0]) if failed.args else ""
    assert "磁盘已满" in text
    assert "OperationalError" not in text


def test_a_fault_no_page_caught_is_shown_as_its_message(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(prompts, "show_error", lambda _p, _t, text: shown.append(text))
    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(store.paths.database))
    assert app.show_fault(error)
    assert "磁盘已满" in shown[0]
    assert not app.show_fault(ValueError("a bug"))  # bugs still go to the crash path
    assert len(shown) == 1
