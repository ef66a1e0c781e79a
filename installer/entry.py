"""The bundle's entry point: the same as `python -m relief_desktop`."""

import os
import sys

# The windowed Windows executable has no console: sys.stdout and sys.stderr are None there, and a
# print (a warning, a CLI message) would fail. Send them nowhere instead; logs/ keeps what matters.
for _name in ("stdout", "stderr"):
    if getattr(sys, _name) is None:
        setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115

from relief_desktop.launch import main  # noqa: E402

raise SystemExit(main())
