"""The bundle's entry point: the same as `python -m relief_desktop`."""

from relief_desktop.cli import main

raise SystemExit(main())
