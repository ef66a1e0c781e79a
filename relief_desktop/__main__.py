"""`python -m relief_desktop [command]`: the GUI without a command, the CLI with one."""

from relief_desktop.launch import main

raise SystemExit(main())
