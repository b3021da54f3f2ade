"""The bounds of what the API accepts, in one place: ids, counts and the lengths of text fields.

Ids and counts are stored in 32-bit integer columns (PostgreSQL's ``integer``), so anything
outside that range is a client's mistake, answered with a 400 before it reaches the database.
The text limits are far above anything Radarr's own data holds (TMDB titles stay under 300
characters, paths under the 4,096 of Linux's PATH_MAX, tag labels under the 100 characters of
their column) and far below what would hurt us.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field

INT32_MAX = 2**31 - 1

# A row id in a path, a query or a body. 0 stands for "none yet" in Radarr's bodies.
Id = Annotated[int, Field(ge=0, le=INT32_MAX)]
# A stored count or number (days, minutes, sizes in MB per minute...).
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
PositiveInt32 = Annotated[int, Field(ge=1, le=INT32_MAX)]
# A span of days before or after today (the calendar feed): a century either way is plenty,
# and keeps the dates it makes inside what a datetime can hold.
Days = Annotated[int, Field(ge=0, le=36_500)]
# A page of results: its number and size (no client shows more than 100,000 rows at once).
PAGE_SIZE_MAX = 100_000

TITLE_LENGTH = 1_000
NAME_LENGTH = 500
LABEL_LENGTH = 100
PATH_LENGTH = 4_096
TEXT_LENGTH = 100_000

Title = Annotated[str, Field(max_length=TITLE_LENGTH)]
Name = Annotated[str, Field(max_length=NAME_LENGTH)]
Label = Annotated[str, Field(max_length=LABEL_LENGTH)]
PathText = Annotated[str, Field(max_length=PATH_LENGTH)]


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def storable_problem(value: Any, depth: int = 0) -> str | None:
    """Why a JSON value cannot be stored, or None: an integer beyond 64 bits, text longer than
    ``TEXT_LENGTH`` or with a lone surrogate (``"\\ud800"``, which is not Unicode), or nesting
    deeper than any resource Radarr has."""
    if depth > 32:
        return "The JSON is nested too deeply"
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return None
    if isinstance(value, int):
        return None if INT64_MIN <= value <= INT64_MAX else f"{value} is out of range"
    if isinstance(value, str):
        if len(value) > TEXT_LENGTH:
            return f"Text longer than {TEXT_LENGTH} characters"
        try:
            value.encode()
        except UnicodeEncodeError:
            return "Text must be valid Unicode"
        return None
    if isinstance(value, dict):
        items: Any = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple):
        items = value
    else:
        return None
    for item in items:
        problem = storable_problem(item, depth + 1)
        if problem is not None:
            return problem
    return None


def _storable_object(value: dict[str, Any]) -> dict[str, Any]:
    problem = storable_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


# A request body kept as plain JSON (settings sections, provider resources, commands).
JsonObject = Annotated[dict[str, Any], AfterValidator(_storable_object)]
