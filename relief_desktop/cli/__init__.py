"""`relief-desktop`: the command line. core holds the parser and the sign-in gate, commands the
handler registry, and each other module one area's sub-commands."""

from relief_desktop.cli.core import COMMANDS as COMMANDS
from relief_desktop.cli.core import main as main
