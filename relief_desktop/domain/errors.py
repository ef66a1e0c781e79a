"""Refusals raised by the rules; `relief_desktop.messages` words them in Chinese."""

import dataclasses
from dataclasses import dataclass
from typing import Any

from relief_desktop.messages import describe


class RuleError(Exception):
    """A rule refused an input. `code` names the rule; `details` fill its message."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details

    def __str__(self) -> str:
        return describe(self.code, **self.details)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field of a form or a row of a file."""

    field: str
    code: str
    details: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self) -> str:
        return describe(self.code, **self.details)


class ValidationFailedError(RuleError):
    """Several problems at once, each tied to a field; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("validation_failed", count=len(problems))
        self.problems = problems
