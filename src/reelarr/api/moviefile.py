"""``/api/v3/moviefile``: the library's files in Radarr's MovieFileResource shape, edited and deleted.

A file's custom formats are matched when it is shown (as Radarr does), so a format changed in
the settings shows at once; its stored score is the one the import and decisions use.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import importing, mediainfo
from reelarr import settings as settings_store
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32
from reelarr.api.movie import language_json
from reelarr.api.profiles import custom_format_json
from reelarr.context import Context
from reelarr.custom_formats import compile_format, matching_formats, score
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import MovieFileDeleted
from reelarr.files import MediaManagementConfig, recycle
from reelarr.models import (
    CustomFormat,
    HistoryRecord,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    QualityProfile,
)
from reelarr.profiles import Profile

router = APIRouter(tags=["MovieFile"])


@dataclass(frozen=True)
class _Shown:
    """What a file's resource needs besides the file: its version and the formats and profiles."""

    # version id, and (None, movie id) for the default version -> (path of the version's
    # folder, year, original language, profile id)
    versions: dict[object, Any]
    profiles: dict[int, Profile]
    formats: list[CustomFormat]


async def _shown(session: AsyncSession, movie_ids: set[int]) -> _Shown:
    rows = list(
        await session.execute(
            select(
                MovieVersion.id,
                MovieVersion.movie_id,
                MovieVersion.is_default,
                func.coalesce(MovieVersion.path, Movie.path).label("path"),
                MovieMetadata.year,
                MovieMetadata.original_language,
                MovieVersion.quality_profile_id,
            )
            .join(Movie, Movie.id == MovieVersion.movie_id)
            .join(MovieMetadata, MovieMetadata.id == Movie.movie_metadata_id)
            .where(Movie.id.in_(movie_ids))
        )
    )
    versions: dict[object, Any] = {row.id: row for row in rows}
    # A file recorded before versions existed belongs to its movie's default version.
    versions.update({(None, row.movie_id): row for row in rows if row.is_default})
    profiles = {row.id: Profile.from_row(row) for row in await session.scalars(select(QualityProfile))}
    formats = list(await session.scalars(select(CustomFormat).order_by(CustomFormat.id)))
    return _Shown(versions, profiles, formats)


def movie_file_resource(file: MovieFile, shown: _Shown) -> dict[str, Any]:
    """Radarr's MovieFileResource, its path in its version's folder and its cutoff by that
    version's profile."""
    movie = shown.versions[file.version_id if file.version_id is not None else (None, file.movie_id)]
    compiled = [compile_format(row.id, row.name, row.specifications) for row in shown.formats]
    matched = matching_formats(
        compiled, importing.stored_file_format_facts(file, movie.year, movie.original_language)
    )
    matched_ids = {f.id for f in matched}
    profile = shown.profiles.get(movie.quality_profile_id)
    stored = importing.stored_quality(file.quality)
    cutoff_not_met = bool(
        profile and stored and not profile.cutoff_met(stored[0], file.custom_format_score or 0)
    )
    return {
        "id": file.id,
        "movieId": file.movie_id,
        "relativePath": file.relative_path,
        "path": str(Path(movie.path) / file.relative_path),
        "size": file.size,
        "dateAdded": file.date_added.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "sceneName": file.scene_name,
        "releaseGroup": file.release_group,
        "edition": file.edition,
        "languages": [language_json(i) for i in file.languages or []],
        "quality": file.quality,
        "customFormats": [custom_format_json(row) for row in shown.formats if row.id in matched_ids],
        "customFormatScore": score(profile.format_scores, matched) if profile else 0,
        "indexerFlags": file.indexer_flags,
        "mediaInfo": file.media_info or mediainfo.UNKNOWN_RESOURCE,
        "originalFilePath": file.original_file_path,
        "qualityCutoffNotMet": cutoff_not_met,
    }


async def _resources(session: AsyncSession, files: list[MovieFile]) -> list[dict[str, Any]]:
    shown = await _shown(session, {file.movie_id for file in files})
    return [movie_file_resource(file, shown) for file in files]


@router.get("/moviefile")
async def list_movie_files(
    session: SessionDep,
    movie_id: Annotated[list[Id] | None, Query(alias="movieId")] = None,
    movie_file_ids: Annotated[list[Id] | None, Query(alias="movieFileIds")] = None,
) -> list[dict[str, Any]]:
    if not movie_id and not movie_file_ids:
        raise ValidationFailed(("movieId", "movieId or movieFileIds must be provided"))
    query = select(MovieFile).order_by(MovieFile.id)
    if movie_id:
        query = query.where(MovieFile.movie_id.in_(movie_id))
    if movie_file_ids:
        query = query.where(MovieFile.id.in_(movie_file_ids))
    return await _resources(session, list(await session.scalars(query)))


@router.get("/moviefile/{file_id}")
async def get_movie_file(file_id: Id, session: SessionDep) -> dict[str, Any]:
    file = await session.get(MovieFile, file_id)
    if file is None:
        raise NotFound("Movie file", file_id)
    return (await _resources(session, [file]))[0]


class LanguageIn(ApiModel):
    id: Int32
    name: str | None = None


class MovieFileIn(ApiModel):
    """What a client may change on a file: quality, languages, edition, release group, scene name."""

    id: Int32 = 0
    movie_file_ids: list[Int32] = Field(default_factory=list)
    quality: dict[str, Any] | None = None
    languages: list[LanguageIn] | None = None
    edition: str | None = None
    release_group: str | None = None
    scene_name: str | None = None
    indexer_flags: Int32 | None = None


def _apply(file: MovieFile, body: MovieFileIn) -> None:
    if body.quality is not None:
        stored = importing.stored_quality(body.quality)
        if stored is None:
            raise ValidationFailed(("quality", "Unknown quality"))
        file.quality = importing.quality_json(*stored)
    if body.languages is not None:
        file.languages = [language.id for language in body.languages]
    if body.edition is not None:
        file.edition = body.edition or None
    if body.release_group is not None:
        file.release_group = body.release_group or None
    if body.scene_name is not None:
        file.scene_name = body.scene_name or None
    if body.indexer_flags is not None:
        file.indexer_flags = body.indexer_flags


async def _edit(ctx: Context, edits: list[tuple[int, MovieFileIn]]) -> list[dict[str, Any]]:
    async with ctx.db.write() as uow:
        files = []
        for file_id, body in edits:
            file = await uow.session.get(MovieFile, file_id)
            if file is None:
                raise NotFound("Movie file", file_id)
            _apply(file, body)
            files.append(file)
        await uow.session.flush()
        shown = await _shown(uow.session, {file.movie_id for file in files})
        for file in files:
            # The stored score follows the file's new facts, as the decisions read it.
            file.custom_format_score = movie_file_resource(file, shown)["customFormatScore"]
        return [movie_file_resource(file, shown) for file in files]


@router.put("/moviefile/editor", status_code=202)
async def edit_movie_files(body: MovieFileIn, ctx: CtxDep) -> list[dict[str, Any]]:
    """The same change to many files (Radarr's MovieFileListResource)."""
    return await _edit(ctx, [(file_id, body) for file_id in body.movie_file_ids])


@router.put("/moviefile/bulk", status_code=202)
async def update_movie_files(body: list[MovieFileIn], ctx: CtxDep) -> list[dict[str, Any]]:
    return await _edit(ctx, [(item.id, item) for item in body])


@router.put("/moviefile/{file_id}", status_code=202)
async def update_movie_file(file_id: Id, body: MovieFileIn, ctx: CtxDep) -> dict[str, Any]:
    return (await _edit(ctx, [(file_id, body)]))[0]


class MovieFileIdsIn(ApiModel):
    movie_file_ids: list[Int32] = Field(default_factory=list)


async def delete_files(ctx: Context, file_ids: list[int]) -> None:
    """Send files to the recycle bin (or delete them when none is set), then forget them.

    The file leaves first: if that fails the record stays, and the library never claims a
    file it no longer has for longer than the next disk scan.
    """
    async with ctx.db.read() as session:
        files = list(await session.scalars(select(MovieFile).where(MovieFile.id.in_(file_ids))))
        missing = set(file_ids) - {file.id for file in files}
        if missing:
            raise NotFound("Movie file", min(missing))
        # A version with a folder of its own keeps its file there.
        rows = await session.execute(
            select(MovieFile.id, func.coalesce(MovieVersion.path, Movie.path).label("path"))
            .join(Movie, Movie.id == MovieFile.movie_id)
            .outerjoin(MovieVersion, MovieVersion.id == MovieFile.version_id)
            .where(MovieFile.id.in_(file_ids))
        )
        paths = {row.id: row.path for row in rows}
        media = await settings_store.load(session, MediaManagementConfig)
    for file in files:
        folder = Path(paths[file.id])
        path = folder / file.relative_path
        await asyncio.to_thread(recycle, path, media.recycle_bin)
        for extra in importing.extras_of(path):
            await asyncio.to_thread(recycle, extra, media.recycle_bin)
        async with ctx.db.write() as uow:
            await uow.session.delete(await uow.session.get_one(MovieFile, file.id))
            uow.session.add(
                HistoryRecord(
                    movie_id=file.movie_id,
                    event_type=importing.FILE_DELETED_EVENT,
                    source_title=file.relative_path,
                    quality=file.quality,
                    languages=file.languages,
                    data={"reason": "Manual"},
                )
            )
            uow.publish(MovieFileDeleted(file.movie_id, file.id, "manual"))


@router.delete("/moviefile/bulk")
async def delete_movie_files(body: MovieFileIdsIn, ctx: CtxDep) -> dict[str, Any]:
    await delete_files(ctx, body.movie_file_ids)
    return {}


@router.delete("/moviefile/{file_id}")
async def delete_movie_file(file_id: Id, ctx: CtxDep) -> dict[str, Any]:
    await delete_files(ctx, [file_id])
    return {}
