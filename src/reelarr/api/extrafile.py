"""``/api/v3/extrafile``: the subtitles, NFOs and other files that sit beside a movie's video.

Reelarr keeps no table of extras: they are the files named after the video in its folder
(``Movie (2020).en.forced.srt``), read from the disk when asked, so the answer is never stale.
"""

from __future__ import annotations

import asyncio
import zlib
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import select

from reelarr import importing
from reelarr.api.base import SessionDep
from reelarr.api.limits import Id
from reelarr.errors import NotFound
from reelarr.models import Movie, MovieFile
from reelarr.parser.language import parse_subtitle_info

router = APIRouter(tags=["ExtraFile"])

METADATA_EXTENSIONS = frozenset({".nfo", ".jpg", ".png", ".xml"})


def extra_file_json(movie_id: Id, movie_file_id: Id, folder: Path, extra: Path) -> dict[str, Any]:
    extension = extra.suffix.lower()
    body: dict[str, Any] = {
        # The id is a hash of the path, stable while the file keeps its name (as manual import's).
        "id": zlib.crc32(str(extra).encode()) & 0x7FFFFFFF,
        "movieId": movie_id,
        "movieFileId": movie_file_id,
        "relativePath": str(extra.relative_to(folder)) if extra.is_relative_to(folder) else extra.name,
        "extension": extension,
        "languageTags": [],
        "title": None,
        "type": "other",
    }
    if extension in importing.SUBTITLE_EXTENSIONS:
        info = parse_subtitle_info(extra.name)
        body.update(type="subtitle", languageTags=list(info.tags), title=info.title)
    elif extension in METADATA_EXTENSIONS:
        body["type"] = "metadata"
    return body


@router.get("/extrafile")
async def list_extra_files(
    session: SessionDep, movie_id: Annotated[Id, Query(alias="movieId")]
) -> list[dict[str, Any]]:
    """One movie's extras (Radarr asks for a movie too: a whole library would mean a walk of every folder)."""
    if await session.get(Movie, movie_id) is None:
        raise NotFound("Movie", movie_id)
    query = (
        select(Movie.id, Movie.path, MovieFile.id, MovieFile.relative_path)
        .join(MovieFile, MovieFile.movie_id == Movie.id)
        .where(Movie.id == movie_id)
    )
    rows = (await session.execute(query.order_by(MovieFile.id))).all()

    def collect() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for owner, folder, file_id, relative in rows:
            video = Path(folder) / relative
            found.extend(extra_file_json(owner, file_id, Path(folder), e) for e in importing.extras_of(video))
        return found

    return await asyncio.to_thread(collect)
