"""Entry point of the GUI. Qt lives in relief_desktop.ui; this module only hands over to it."""

from relief_desktop.paths import AppPaths


def main(paths: AppPaths, worker_name: str | None = None, quit_when_shown: bool = False) -> int:
    """Run the GUI on the store at `paths`; the exit code of the event loop."""
    from relief_desktop.ui.app import main as run

    return run(paths, worker_name=worker_name, quit_when_shown=quit_when_shown)
