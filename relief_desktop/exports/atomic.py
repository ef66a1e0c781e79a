"""Write a file completely or not at all: a temp file beside the target, renamed at the end."""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from relief_desktop.domain.errors import RuleError
from relief_desktop.storage import faults


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces `target`, on any error it is removed.

    A cancelled or failed export therefore never leaves a half-written file behind. A fault of
    the disk is raised as a RuleError naming it: a full disk, a read-only or missing folder, a
    USB drive pulled out, or the old file held open by WPS/Excel (Windows refuses to replace it).
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{target.stem}-", suffix=target.suffix, dir=target.parent
        )
    except OSError as error:
        raise faults.from_os_error(error, target.parent) from None
    os.close(fd)
    temp = Path(name)
    try:
        try:
            yield temp
        except OSError as error:
            raise faults.from_os_error(error, target) from None
        try:
            os.replace(temp, target)
        except PermissionError as error:
            # The temp file was written in the same folder, so the folder is writable: the old
            # file is held open (WPS on Windows) or is itself read-only.
            if target.exists():
                raise RuleError("file_in_use", file=str(target)) from None
            raise faults.from_os_error(error, target) from None
        except OSError as error:
            raise faults.from_os_error(error, target) from None
    finally:
        with suppress(OSError):
            temp.unlink(missing_ok=True)
