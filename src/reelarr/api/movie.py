"""``/api/v3/movie``: the library in Radarr's movie resource shape."""

from __future__ import annotations

import datetime as dt
import os
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import Field

from reelarr import languages, library
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.library import MovieChanges, MovieFields, MovieRecord
from reelarr.models import MovieFile

router = APIRouter(tags=["Movie"])


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def language_json(language_id: int) -> dict[str, Any]:
    language = languages.by_id(language_id) or languages.UNKNOWN
    return {"id": language.id, "name": language.name}


def movie_file_json(file: MovieFile, movie_path: str) -> dict[str, Any]:
    return {
        "id": file.id,
        "movieId": file.movie_id,
        "relativePath": file.relative_path,
        "path": os.path.join(movie_path, file.relative_path),
        "size": file.size,
        "dateAdded": iso(file.date_added),
        "sceneName": file.scene_name,
        "releaseGroup": file.release_group,
        "edition": file.edition,
        "languages": [language_json(lang) for lang in file.languages],
        "quality": file.quality,
        "customFormats": [],
        "customFormatScore": file.custom_format_score,
        "indexerFlags": file.indexer_flags,
        "mediaInfo": file.media_info,
        "originalFilePath": file.original_file_path,
        "qualityCutoffNotMet": False,
    }


def movie_json(record: MovieRecord, *, now: dt.datetime, availability_delay: int = 0) -> dict[str, Any]:
    """Radarr's MovieResource for one library movie (its default version's profile and file)."""
    movie, meta, file = record.movie, record.metadata, record.file
    path = movie.path
    release_dates = [d for d in (meta.digital_release, meta.physical_release) if d]
    resource: dict[str, Any] = {
        "id": movie.id,
        "title": meta.title,
        "originalTitle": meta.original_title,
        "originalLanguage": language_json(meta.original_language),
        "alternateTitles": [
            {
                "id": t.id,
                "sourceType": t.source_type,
                "movieMetadataId": t.movie_metadata_id,
                "title": t.title,
                "cleanTitle": t.clean_title,
            }
            for t in record.alternative_titles
        ],
        "secondaryYearSourceId": 0,
        "sortTitle": meta.sort_title,
        "sizeOnDisk": file.size if file else 0,
        "status": meta.status,
        "overview": meta.overview,
        "inCinemas": iso(meta.in_cinemas),
        "physicalRelease": iso(meta.physical_release),
        "digitalRelease": iso(meta.digital_release),
        "releaseDate": iso(min(release_dates)) if release_dates else None,
        "images": [dict(image) for image in meta.images],
        "website": meta.website,
        "year": meta.year,
        "youTubeTrailerId": meta.youtube_trailer_id,
        "studio": meta.studio,
        "path": path,
        "qualityProfileId": record.version.quality_profile_id,
        "hasFile": file is not None,
        "movieFileId": file.id if file else 0,
        "monitored": movie.monitored,
        "minimumAvailability": movie.minimum_availability,
        "isAvailable": library.is_available(
            movie.minimum_availability,
            meta.in_cinemas,
            meta.physical_release,
            meta.digital_release,
            now=now,
            delay_days=availability_delay,
        ),
        "folderName": path,
        "runtime": meta.runtime,
        "cleanTitle": meta.clean_title,
        "imdbId": meta.imdb_id,
        "tmdbId": meta.tmdb_id,
        "titleSlug": str(meta.tmdb_id),
        "rootFolderPath": os.path.dirname(path),
        "folder": os.path.basename(path),
        "certification": meta.certification,
        "genres": list(meta.genres),
        "keywords": list(meta.keywords),
        "tags": list(movie.tags),
        "added": iso(movie.added),
        "addOptions": movie.add_options or None,
        "ratings": meta.ratings or {},
        "popularity": meta.popularity,
        "lastSearchTime": iso(movie.last_search_time),
        "statistics": {
            "movieFileCount": 1 if file else 0,
            "sizeOnDisk": file.size if file else 0,
            "releaseGroups": [file.release_group] if file and file.release_group else [],
        },
    }
    if meta.secondary_year:
        resource["secondaryYear"] = meta.secondary_year
    if meta.collection_tmdb_id:
        resource["collection"] = {"title": meta.collection_title, "tmdbId": meta.collection_tmdb_id}
    if file is not None:
        resource["movieFile"] = movie_file_json(file, path)
    return resource


class ImageIn(ApiModel):
    cover_type: str = "poster"
    url: str | None = None
    remote_url: str | None = None


class AddOptionsIn(ApiModel):
    search_for_movie: bool = False
    monitor: str = "movieOnly"
    ignore_episodes_with_files: bool = False
    ignore_episodes_without_files: bool = False
    add_method: str = "manual"


class MovieIn(ApiModel):
    """The movie resource as clients send it; read-only fields they echo back are ignored."""

    id: int | None = None
    tmdb_id: int = 0
    title: str = ""
    year: int = 0
    original_title: str | None = None
    imdb_id: str | None = None
    overview: str | None = None
    status: str = "tba"
    in_cinemas: dt.datetime | None = None
    physical_release: dt.datetime | None = None
    digital_release: dt.datetime | None = None
    runtime: int = 0
    certification: str | None = None
    studio: str | None = None
    website: str | None = None
    you_tube_trailer_id: str | None = None
    genres: list[str] = Field(default_factory=list)
    images: list[ImageIn] = Field(default_factory=list)
    quality_profile_id: int = 0
    path: str | None = None
    root_folder_path: str | None = None
    monitored: bool = True
    minimum_availability: str = "released"
    tags: list[int] = Field(default_factory=list)
    add_options: AddOptionsIn | None = None


async def _availability_delay(ctx: CtxDep) -> int:
    return 0  # the availability delay setting arrives with the indexer settings


@router.get("/movie")
async def list_movies(
    ctx: CtxDep,
    session: SessionDep,
    tmdbId: Annotated[int | None, Query()] = None,
    excludeLocalCovers: bool = False,
) -> Response:
    records = await library.load_movies(session, tmdb_id=tmdbId)
    now = ctx.clock()
    return _json([movie_json(r, now=now) for r in records])


@router.get("/movie/{movie_id}")
async def get_movie(movie_id: int, ctx: CtxDep, session: SessionDep) -> Response:
    return _json(movie_json(await library.get_movie(session, movie_id), now=ctx.clock()))


@router.post("/movie", status_code=201)
async def add_movie(body: MovieIn, ctx: CtxDep) -> Response:
    fields = MovieFields(
        tmdb_id=body.tmdb_id,
        title=body.title,
        year=body.year,
        quality_profile_id=body.quality_profile_id,
        original_title=body.original_title or "",
        imdb_id=body.imdb_id,
        overview=body.overview or "",
        status=body.status,
        in_cinemas=_aware(body.in_cinemas),
        physical_release=_aware(body.physical_release),
        digital_release=_aware(body.digital_release),
        runtime=body.runtime,
        certification=body.certification,
        studio=body.studio,
        website=body.website,
        youtube_trailer_id=body.you_tube_trailer_id,
        genres=body.genres,
        images=[image.model_dump(by_alias=True) for image in body.images],
        path=body.path,
        root_folder_path=body.root_folder_path,
        monitored=body.monitored,
        minimum_availability=body.minimum_availability,
        tags=body.tags,
        add_options=(body.add_options or AddOptionsIn()).model_dump(by_alias=True),
    )
    async with ctx.db.write() as uow:
        movie_id = await library.add_movie(uow, fields)
    async with ctx.db.read() as session:
        return _json(movie_json(await library.get_movie(session, movie_id), now=ctx.clock()), 201)


@router.put("/movie", status_code=202)
@router.put("/movie/{movie_id}", status_code=202)
async def update_movie(
    body: MovieIn, ctx: CtxDep, movie_id: int | None = None, moveFiles: bool = False
) -> Response:
    target = movie_id if movie_id is not None else body.id
    if target is None:
        from reelarr.errors import ValidationFailed

        raise ValidationFailed(("id", "The movie id is required, in the path or the body"))
    changes = MovieChanges(
        monitored=body.monitored,
        quality_profile_id=body.quality_profile_id,
        minimum_availability=body.minimum_availability,
        tags=body.tags,
        path=body.path,
    )
    async with ctx.db.write() as uow:
        await library.update_movie(uow, target, changes)
    async with ctx.db.read() as session:
        return _json(movie_json(await library.get_movie(session, target), now=ctx.clock()), 202)


@router.delete("/movie/{movie_id}")
async def delete_movie(
    movie_id: int,
    ctx: CtxDep,
    deleteFiles: bool = False,
    addImportExclusion: bool = False,
) -> Response:
    await library.delete_movie(
        ctx, movie_id, delete_files=deleteFiles, add_import_exclusion=addImportExclusion
    )
    return _json({})


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _json(content: Any, status_code: int = 200) -> Response:
    from fastapi.responses import JSONResponse

    return JSONResponse(content, status_code=status_code)
