"""Who is acting: recorded on every change."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The worker recorded on every change (chosen at start, or the CLI's --worker)."""

    uuid: str | None
    name: str


SYSTEM = Actor(None, "系统")
