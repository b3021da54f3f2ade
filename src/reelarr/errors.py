"""The two failures a user's request can meet anywhere: bad input, and a missing record.

The API turns them into Radarr's 400 (a list of property/message pairs) and 404.
"""

from __future__ import annotations


class ValidationFailed(Exception):
    def __init__(self, *problems: tuple[str, str], attempted: dict[str, object] | None = None) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = list(problems)
        self.attempted = attempted or {}


class NotFound(Exception):
    def __init__(self, what: str, key: object) -> None:
        super().__init__(f"{what} with ID {key} does not exist")
