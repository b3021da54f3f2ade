"""Editions: Director's Cut, Extended, IMAX, 50th Anniversary Edition and the like."""

from __future__ import annotations

import re

# Words that make an edition on their own, or only before Cut/Edition/Version.
EDITION = r"""
    (?:(?:recut|extended|ultimate).)?
    (?:director.?s|collector.?s|theatrical|ultimate|extended|despecialized
      |(?:special|rouge|final|assembly|imperial|diamond|signature|hunter|rekall)(?=.(?:cut|edition|version))
      |\d{2,3}(?:th)?.anniversary)
    (?:.(?:cut|edition|version))?
    (?:.(?:extended|uncensored|remastered|unrated|uncut|open.?matte|imax|fan.?edit))?
  |uncensored|remastered|unrated|uncut|open.?matte|imax|fan.?edit|restored|[234]in1
"""
# The first edition after the start of a name.
_ANY_EDITION = re.compile(
    r"(?<=.)\(?\b(?P<edition>" + EDITION + r")\b\)?", re.IGNORECASE | re.VERBOSE | re.DOTALL
)
# Cheap pre-check: every edition contains one of these.
_EDITION_HINTS = (
    "cut", "edition", "version", "director", "collector", "theatrical", "ultimate", "extended",
    "despecialized", "anniversary", "uncensored", "remastered", "unrated", "imax", "fan", "restored",
    "in1", "matte",
)  # fmt: skip


def might_have_edition(lowered: str) -> bool:
    return any(hint in lowered for hint in _EDITION_HINTS)


def tidy_edition(raw: str) -> str:
    return raw.replace(".", " ")


def parse_edition(title: str) -> str:
    """The first edition named after the start of ``title``, dots as spaces; ``""`` when none."""
    if not might_have_edition(title.lower()):
        return ""
    match = _ANY_EDITION.search(title)
    return tidy_edition(match.group("edition")) if match else ""
