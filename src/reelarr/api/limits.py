"""The bounds of what the API accepts, in one place: ids, counts and the lengths of text fields.

Ids and counts are stored in 32-bit integer columns (PostgreSQL's ``integer``), so anything
outside that range is a client's mistake, answered with a 400 before it reaches the database.
The text limits are far above anything Radarr's own data holds (TMDB titles stay under 300
characters, paths under the 4,096 of Linux's PATH_MAX) and far below what would hurt us.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

INT32_MAX = 2**31 - 1

# A row id in a path, a query or a body. 0 stands for "none yet" in Radarr's bodies.
Id = Annotated[int, Field(ge=0, le=INT32_MAX)]
# A stored count or number (days, minutes, sizes in MB per minute...).
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
PositiveInt32 = Annotated[int, Field(ge=1, le=INT32_MAX)]

TITLE_LENGTH = 1_000
NAME_LENGTH = 500
LABEL_LENGTH = 100
PATH_LENGTH = 4_096
TEXT_LENGTH = 100_000

Title = Annotated[str, Field(max_length=TITLE_LENGTH)]
Name = Annotated[str, Field(max_length=NAME_LENGTH)]
Label = Annotated[str, Field(max_length=LABEL_LENGTH)]
PathText = Annotated[str, Field(max_length=PATH_LENGTH)]
