"""``/api/v3/movie``: the library in Radarr's movie resource shape, lookup, editor and import.

The full list, which polling clients hit most, is served from a read model in ``movie_list``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, HTTPException, Response
from pydantic import Field
from sqlalchemy import select

from reelarr import importing, languages, library, mediainfo, metadata, paths, versions
from reelarr import settings as settings_store
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32
from reelarr.api.version_view import ViewDep, view_versions
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.library import EditorChanges, MovieChanges, MovieFields, MovieRecord, iso_utc, parse_iso
from reelarr.metadata import MetadataError, MovieInfo, MovieNotFoundOnTmdb, TmdbClient, TmdbNotConfigured
from reelarr.models import Movie, MovieMetadata, MovieVersion, RootFolder
from reelarr.naming import MovieNamingFacts, NamingConfig, movie_folder_name

router = APIRouter(tags=["Movie"])

# Radarr's "no date" in resources that always carry one.
NO_DATE = "0001-01-01T00:00:00Z"
_TERM_ID = re.compile(r"^(?P<kind>tmdb|tmdbid|imdb|imdbid):\s*(?P<id>\S+)$", re.IGNORECASE)
_TERM_IMDB = re.compile(r"^tt\d{7,}$", re.IGNORECASE)
_TERM_YEAR = re.compile(r"^(?P<title>.+?)[\s.(\[]+(?P<year>(?:19|20)\d{2})[)\]]?$")


def iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def language_json(language_id: int) -> dict[str, Any]:
    language = languages.by_id(language_id) or languages.UNKNOWN
    return {"id": language.id, "name": language.name}


@functools.cache
def _languages_fragment(ids_json: str) -> orjson.Fragment:
    """A file's languages (stored as ids) as Radarr's objects; libraries hold few distinct lists."""
    return orjson.Fragment(orjson.dumps([language_json(i) for i in orjson.loads(ids_json)]))


_UNKNOWN_MEDIA_INFO = orjson.dumps(mediainfo.UNKNOWN_RESOURCE).decode()


def _raw(stored: Any, empty: str) -> Any:
    """A JSON document as read by :func:`library.load_movies`: SQLite's JSON text is embedded as
    it is; PostgreSQL's driver has already decoded it."""
    if stored is None:
        return orjson.Fragment(empty)
    return orjson.Fragment(stored) if isinstance(stored, str) else stored


def _decoded(stored: Any) -> Any:
    return orjson.loads(stored) if isinstance(stored, str) else stored


def _text(stored: Any) -> str:
    if stored is None:
        return "[]"
    return stored if isinstance(stored, str) else orjson.dumps(stored).decode()


def images_json(images: list[dict[str, Any]], movie_id: Id, url_base: str) -> list[dict[str, Any]]:
    """Radarr's covers: ``url`` is the local cache (served by ``/MediaCover``), ``remoteUrl`` TMDB's."""
    return [
        {
            "coverType": image.get("coverType", "poster"),
            "url": f"{url_base}/MediaCover/{movie_id}/{image.get('coverType', 'poster')}.jpg"
            if movie_id
            else image.get("remoteUrl"),
            "remoteUrl": image.get("remoteUrl"),
        }
        for image in images
    ]


def movie_file_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.file_id,
        "movieId": row.id,
        "relativePath": row.file_relative_path,
        "path": os.path.join(row.path, row.file_relative_path),
        "size": row.file_size,
        "dateAdded": iso_utc(row.file_date_added),
        "sceneName": row.file_scene_name,
        "releaseGroup": row.file_release_group,
        "edition": row.file_edition,
        "languages": _languages_fragment(_text(row.file_languages)),
        "quality": _raw(row.file_quality, "{}"),
        "customFormats": [],
        "customFormatScore": row.file_custom_format_score,
        "indexerFlags": row.file_indexer_flags,
        "mediaInfo": _raw(row.file_media_info, _UNKNOWN_MEDIA_INFO),
        "originalFilePath": row.file_original_file_path,
        "qualityCutoffNotMet": False,
    }


def movie_json(
    record: MovieRecord, *, now: dt.datetime, availability_delay: int = 0, url_base: str = ""
) -> dict[str, Any]:
    """Radarr's MovieResource for one library movie (its default version's profile and file).

    JSON documents from the database are embedded as they are (``orjson.Fragment``), so the
    result must be encoded with orjson (:func:`json_response`).
    """
    row = record.row
    path = row.path
    has_file = row.file_id is not None
    size = row.file_size if has_file else 0
    in_cinemas, physical_release, digital_release = (
        iso_utc(row.in_cinemas),
        iso_utc(row.physical_release),
        iso_utc(row.digital_release),
    )
    release_dates = [d for d in (digital_release, physical_release) if d]
    images = _decoded(row.images) or []
    poster = next((i.get("remoteUrl") for i in images if i.get("coverType") == "poster"), None)
    resource: dict[str, Any] = {
        "id": row.id,
        "title": row.title,
        "originalTitle": row.original_title,
        "originalLanguage": language_json(row.original_language),
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
        "sortTitle": row.sort_title,
        "sizeOnDisk": size,
        "status": row.status,
        "overview": row.overview,
        "inCinemas": in_cinemas,
        "physicalRelease": physical_release,
        "digitalRelease": digital_release,
        # ISO texts in UTC compare as the dates they stand for.
        "releaseDate": min(release_dates) if release_dates else None,
        "physicalReleaseNote": row.physical_release_note,
        "images": images_json(images, row.id, url_base),
        "website": row.website,
        "remotePoster": poster,
        "year": row.year,
        "youTubeTrailerId": row.youtube_trailer_id,
        "studio": row.studio,
        "path": path,
        "qualityProfileId": row.quality_profile_id,
        "hasFile": has_file,
        "movieFileId": row.file_id or 0,
        "monitored": row.monitored,
        "minimumAvailability": row.minimum_availability,
        "isAvailable": library.is_available(
            row.minimum_availability,
            parse_iso(in_cinemas),
            parse_iso(physical_release),
            parse_iso(digital_release),
            now=now,
            delay_days=availability_delay,
        ),
        "folderName": path,
        "runtime": row.runtime,
        "cleanTitle": row.clean_title,
        "imdbId": row.imdb_id,
        "tmdbId": row.tmdb_id,
        "titleSlug": str(row.tmdb_id),
        "rootFolderPath": os.path.dirname(path),
        "folder": os.path.basename(path),
        "certification": row.certification,
        "genres": _raw(row.genres, "[]"),
        "keywords": _raw(row.keywords, "[]"),
        "tags": _raw(row.tags, "[]"),
        "added": iso_utc(row.added),
        "addOptions": _decoded(row.add_options) or {},
        "ratings": _raw(row.ratings, "{}"),
        "popularity": row.popularity,
        "lastSearchTime": iso_utc(row.last_search_time),
        "statistics": {
            "movieFileCount": 1 if has_file else 0,
            "sizeOnDisk": size,
            "releaseGroups": [row.file_release_group] if has_file and row.file_release_group else [],
        },
    }
    if row.secondary_year:
        resource["secondaryYear"] = row.secondary_year
    if row.collection_tmdb_id:
        resource["collection"] = {"title": row.collection_title, "tmdbId": row.collection_tmdb_id}
    if has_file:
        resource["movieFile"] = movie_file_json(row)
    return resource


def lookup_json(info: MovieInfo, *, folder: str, now: dt.datetime) -> dict[str, Any]:
    """A TMDB movie not in the library, as Radarr's lookup shows it (no id, nothing on disk)."""
    release_dates = [d for d in (info.digital_release, info.physical_release) if d]
    poster = next((i["remoteUrl"] for i in info.images if i["coverType"] == "poster"), None)
    resource: dict[str, Any] = {
        "title": info.title,
        "originalTitle": info.original_title or info.title,
        "originalLanguage": language_json(info.original_language),
        "alternateTitles": [
            {"sourceType": "tmdb", "movieMetadataId": 0, "title": t, "cleanTitle": library.clean_title(t)}
            for t in info.alternative_titles
        ],
        "secondaryYearSourceId": 0,
        "sortTitle": library.sort_title(info.title),
        "sizeOnDisk": 0,
        "status": metadata.movie_status(info, now),
        "overview": info.overview,
        "inCinemas": iso(info.in_cinemas),
        "physicalRelease": iso(info.physical_release),
        "digitalRelease": iso(info.digital_release),
        "releaseDate": iso(min(release_dates)) if release_dates else None,
        "physicalReleaseNote": info.physical_release_note,
        "images": images_json(info.images, 0, ""),
        "website": info.website,
        "remotePoster": poster,
        "year": info.year,
        "youTubeTrailerId": info.youtube_trailer_id,
        "studio": info.studio,
        "qualityProfileId": 0,
        "hasFile": False,
        "movieFileId": 0,
        "monitored": False,
        "minimumAvailability": "tba",
        "isAvailable": True,
        "folderName": "",
        "runtime": info.runtime,
        "cleanTitle": library.clean_title(info.title),
        "imdbId": info.imdb_id,
        "tmdbId": info.tmdb_id,
        "titleSlug": str(info.tmdb_id),
        "folder": folder,
        "certification": info.certification,
        "genres": info.genres,
        "keywords": info.keywords,
        "tags": [],
        "added": NO_DATE,
        "ratings": info.ratings,
        "popularity": info.popularity,
        "statistics": {"movieFileCount": 0, "sizeOnDisk": 0, "releaseGroups": []},
    }
    if info.collection_tmdb_id:
        resource["collection"] = {"title": info.collection_title, "tmdbId": info.collection_tmdb_id}
    return resource


# ---------------------------------------------------------------- bodies


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

    id: Int32 | None = None
    tmdb_id: Int32 = 0
    title: str = ""
    year: Int32 = 0
    original_title: str | None = None
    imdb_id: str | None = None
    overview: str | None = None
    status: str = "tba"
    in_cinemas: dt.datetime | None = None
    physical_release: dt.datetime | None = None
    digital_release: dt.datetime | None = None
    runtime: Int32 = 0
    certification: str | None = None
    studio: str | None = None
    website: str | None = None
    you_tube_trailer_id: str | None = None
    genres: list[str] = Field(default_factory=list)
    images: list[ImageIn] = Field(default_factory=list)
    quality_profile_id: Int32 = 0
    path: str | None = None
    root_folder_path: str | None = None
    monitored: bool = True
    minimum_availability: str = "released"
    tags: list[Int32] = Field(default_factory=list)
    add_options: AddOptionsIn | None = None


class MovieEditorIn(ApiModel):
    movie_ids: list[Int32] = Field(default_factory=list)
    monitored: bool | None = None
    quality_profile_id: Int32 | None = None
    minimum_availability: str | None = None
    root_folder_path: str | None = None
    tags: list[Int32] | None = None
    apply_tags: str = "add"
    move_files: bool = False
    delete_files: bool = False
    add_import_exclusion: bool = False


def _fields(body: MovieIn) -> MovieFields:
    return MovieFields(
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
        images=[{"coverType": i.cover_type, "remoteUrl": i.remote_url or i.url} for i in body.images],
        path=body.path,
        root_folder_path=body.root_folder_path,
        monitored=body.monitored,
        minimum_availability=body.minimum_availability,
        tags=body.tags,
        add_options=(body.add_options or AddOptionsIn()).model_dump(by_alias=True),
    )


# ---------------------------------------------------------------- TMDB from the API


@contextmanager
def tmdb_errors() -> Iterator[None]:
    """TMDB's failures in the API's terms: no key is the user's to fix (400), an outage is 503."""
    try:
        yield
    except TmdbNotConfigured as exc:
        raise ValidationFailed(("tmdbApiKey", str(exc))) from None
    except MovieNotFoundOnTmdb as exc:
        raise NotFound("TMDB movie", exc.tmdb_id) from None
    except MetadataError as exc:
        raise HTTPException(status_code=503, detail=str(exc)) from None


async def _tmdb(ctx: Context) -> TmdbClient:
    with tmdb_errors():
        return await library.tmdb_client(ctx)


async def lookup_resources(
    ctx: Context, infos: list[MovieInfo], view: str | None = None
) -> list[dict[str, Any]]:
    """Lookup results: library movies as they are in the library (through the version ``view``
    names, if any: a movie without it is not in that view), the others as TMDB has them."""
    now = ctx.clock()
    async with ctx.db.read() as session:
        naming = await settings_store.load(session, NamingConfig)
        delay = (await metadata.load_settings(session)).availability_delay
        existing = {
            record.row.tmdb_id: movie_json(record, now=now, availability_delay=delay)
            for record in await library.load_movies(
                session, tmdb_ids=[info.tmdb_id for info in infos], version=view
            )
        }
    return [
        existing.get(info.tmdb_id)
        or lookup_json(info, folder=movie_folder_name(_naming_facts(info), naming), now=now)
        for info in infos
    ]


def _naming_facts(info: MovieInfo) -> MovieNamingFacts:
    return MovieNamingFacts(
        title=info.title,
        year=info.year,
        original_title=info.original_title,
        imdb_id=info.imdb_id,
        tmdb_id=info.tmdb_id,
        certification=info.certification,
        collection=info.collection_title,
    )


async def _by_imdb(tmdb: TmdbClient, imdb_id: str) -> MovieInfo:
    found = await tmdb.movie_for_imdb(imdb_id)
    if found is None:
        raise MovieNotFoundOnTmdb(imdb_id)
    return await tmdb.movie(found.tmdb_id)


@router.get("/movie/lookup", tags=["MovieLookup"])
async def lookup(ctx: CtxDep, view: ViewDep, term: str = "") -> Response:
    term = term.strip()
    if not term:
        raise ValidationFailed(("term", "A search term is required"))
    tmdb = await _tmdb(ctx)
    with tmdb_errors():
        by_id = _TERM_ID.match(term)
        if by_id or _TERM_IMDB.match(term):
            kind, value = (by_id["kind"].lower(), by_id["id"]) if by_id else ("imdb", term)
            try:
                if kind.startswith("imdb"):
                    infos = [await _by_imdb(tmdb, value)]
                elif value.isdigit():
                    infos = [await tmdb.movie(int(value))]
                else:
                    infos = []
            except MovieNotFoundOnTmdb:
                infos = []
        else:
            with_year = _TERM_YEAR.match(term)
            if with_year:
                infos = await tmdb.search(with_year["title"], int(with_year["year"]))
            else:
                infos = await tmdb.search(term)
    return json_response(await lookup_resources(ctx, infos, view))


@router.get("/movie/lookup/tmdb", tags=["MovieLookup"])
async def lookup_tmdb(ctx: CtxDep, view: ViewDep, tmdbId: Id) -> Response:
    tmdb = await _tmdb(ctx)
    with tmdb_errors():
        info = await tmdb.movie(tmdbId)
    return json_response((await lookup_resources(ctx, [info], view))[0])


@router.get("/movie/lookup/imdb", tags=["MovieLookup"])
async def lookup_imdb(ctx: CtxDep, view: ViewDep, imdbId: str) -> Response:
    tmdb = await _tmdb(ctx)
    with tmdb_errors():
        info = await _by_imdb(tmdb, imdbId.strip())
    return json_response((await lookup_resources(ctx, [info], view))[0])


# ---------------------------------------------------------------- the library


async def movie_resources(
    ctx: Context, movie_ids: list[int] | None = None, view: str | None = None
) -> list[dict[str, Any]]:
    async with ctx.db.read() as session:
        delay = (await metadata.load_settings(session)).availability_delay
        records = await library.load_movies(session, movie_ids=movie_ids, version=view)
    now, base = ctx.clock(), ctx.settings.url_base
    return [movie_json(r, now=now, availability_delay=delay, url_base=base) for r in records]


async def add_one(ctx: Context, tmdb: TmdbClient | None, body: MovieIn) -> int:
    """Add a movie with TMDB's metadata when TMDB is configured and answers, else from the body."""
    fields = _fields(body)
    info = None
    if tmdb is not None and body.tmdb_id > 0:
        try:
            info = await tmdb.movie(body.tmdb_id)
        except MovieNotFoundOnTmdb:
            raise ValidationFailed(("tmdbId", f"TMDB has no movie {body.tmdb_id}")) from None
        except MetadataError as exc:
            if not body.title.strip():
                raise HTTPException(status_code=503, detail=str(exc)) from None
    elif tmdb is None and not body.title.strip():
        raise ValidationFailed(
            ("title", f"A title is required when no TMDB API key is configured. {metadata.HOW_TO_SET_KEY}")
        )
    async with ctx.db.write() as uow:
        folders = await paths.load_folders(uow.session, ctx.settings)
        return await library.add_movie(
            uow, fields, info, folders=folders, commands=ctx.commands, now=ctx.clock()
        )


@router.post("/movie", status_code=201)
async def add_movie(body: MovieIn, ctx: CtxDep, view: ViewDep) -> Response:
    tmdb = await library.optional_tmdb_client(ctx)
    movie_id = await add_one(ctx, tmdb, body) if view is None else await _add_in_view(ctx, tmdb, body, view)
    return json_response((await movie_resources(ctx, [movie_id], view))[0], 201)


async def _add_in_view(ctx: Context, tmdb: TmdbClient | None, body: MovieIn, view: str) -> int:
    """Add the version ``view`` names, with the body's profile, monitored flag and root folder.

    A movie new to the library is added first, unmonitored, so the instance's standard view
    still sees it as not asked for; a search asked for runs once the version exists."""
    async with ctx.db.read() as session:
        movie_id = await session.scalar(
            select(Movie.id).join(MovieMetadata).where(MovieMetadata.tmdb_id == body.tmdb_id)
        )
        seen = await view_versions(session, view) if movie_id is not None else {}
    if movie_id is not None and movie_id in seen:
        raise ValidationFailed(("tmdbId", "This movie has already been added"))
    search = bool(body.add_options and body.add_options.search_for_movie)
    if movie_id is None:
        quiet = body.model_copy(update={"monitored": False, "add_options": None})
        movie_id = await add_one(ctx, tmdb, quiet)
    async with ctx.db.write() as uow:
        movie = await uow.session.get_one(Movie, movie_id)
        folder = Path(movie.path)
        if body.root_folder_path and folder.parent != Path(body.root_folder_path):
            folder = Path(body.root_folder_path) / folder.name  # a library of its own
        fields = versions.VersionFields(view, body.quality_profile_id, body.monitored, str(folder))
        seen = await view_versions(uow.session, view)
        folders = await paths.load_folders(uow.session, ctx.settings)
        if movie_id in seen:  # the version defaults made it with the movie
            await versions.update_version(uow, seen[movie_id][0], fields, folders)
        else:
            await versions.add_version(uow, movie_id, fields, folders)
    if search:
        await ctx.commands.enqueue(library.SEARCH_COMMAND, {"movieIds": [movie_id]})
    return movie_id


@router.put("/movie/editor", tags=["MovieEditor"])
async def edit_movies(body: MovieEditorIn, ctx: CtxDep) -> Response:
    changes = EditorChanges(
        movie_ids=body.movie_ids,
        monitored=body.monitored,
        quality_profile_id=body.quality_profile_id,
        minimum_availability=body.minimum_availability,
        root_folder_path=body.root_folder_path,
        tags=body.tags,
        apply_tags=body.apply_tags,
        move_files=body.move_files,
    )
    async with ctx.db.write() as uow:
        outcome = await library.edit_movies(uow, changes, await paths.load_folders(uow.session, ctx.settings))
    for movie_id, new_path in outcome.folder_moves:
        await importing.move_movie_folder(ctx, movie_id, new_path)
    return json_response(await movie_resources(ctx, outcome.changed), 202)


@router.delete("/movie/editor", tags=["MovieEditor"])
async def delete_movies(body: MovieEditorIn, ctx: CtxDep) -> Response:
    for movie_id in body.movie_ids:
        try:
            await library.delete_movie(
                ctx, movie_id, delete_files=body.delete_files, add_import_exclusion=body.add_import_exclusion
            )
        except NotFound:
            continue
    return json_response({})


# ---------------------------------------------------------------- importing existing folders


@router.get("/movie/import", tags=["MovieImport"])
async def propose_imports(
    ctx: CtxDep, session: SessionDep, rootFolderId: Id | None = None, path: str | None = None
) -> Response:
    """Extension: the unmapped folders of a root folder, each with the TMDB movie it likely holds."""
    if rootFolderId is not None:
        root = await session.get(RootFolder, rootFolderId)
        if root is None:
            raise NotFound("Root folder", rootFolderId)
        path = root.path
    if not path:
        raise ValidationFailed(("rootFolderId", "A root folder id or a path is required"))
    await _tmdb(ctx)
    with tmdb_errors():
        matches = await library.match_unmapped_folders(ctx, path)
    movies = await lookup_resources(ctx, [m.movie for m in matches if m.movie is not None])
    by_tmdb = {movie["tmdbId"]: movie for movie in movies}
    return json_response(
        [
            {
                "name": match.name,
                "path": match.path,
                "relativePath": match.name,
                "movie": by_tmdb.get(match.movie.tmdb_id) if match.movie else None,
            }
            for match in matches
        ]
    )


@router.post("/movie/import", tags=["MovieImport"])
async def import_movies(body: list[MovieIn], ctx: CtxDep) -> Response:
    """Add movies whose folders already exist (``path`` set); ones already in the library are skipped."""
    tmdb = await library.optional_tmdb_client(ctx)
    added = []
    for movie in body:
        if not movie.path:
            raise ValidationFailed(("path", f"A path is required to import '{movie.title or movie.tmdb_id}'"))
        async with ctx.db.read() as session:
            already = await library.load_movies(session, tmdb_ids=[movie.tmdb_id])
        if already:
            continue
        added.append(await add_one(ctx, tmdb, movie))
    return json_response(await movie_resources(ctx, added))


# ---------------------------------------------------------------- one movie


@router.get("/movie/{movie_id}")
async def get_movie(movie_id: Id, ctx: CtxDep, view: ViewDep) -> Response:
    resources = await movie_resources(ctx, [movie_id], view)
    if not resources:
        raise NotFound("Movie", movie_id)
    return json_response(resources[0])


@router.get("/movie/{movie_id}/folder", tags=["MovieFolder"])
async def get_movie_folder(movie_id: Id, session: SessionDep) -> dict[str, str]:
    """The folder name the naming format makes for the movie now (Radarr's path pickers show it)."""
    row = await session.scalar(select(MovieMetadata).join(Movie).where(Movie.id == movie_id))
    if row is None:
        raise NotFound("Movie", movie_id)
    naming = await settings_store.load(session, NamingConfig)
    return {"folder": movie_folder_name(importing.movie_naming_facts(row), naming)}


@router.put("/movie", status_code=202)
@router.put("/movie/{movie_id}", status_code=202)
async def update_movie(
    body: MovieIn, ctx: CtxDep, view: ViewDep, movie_id: Id | None = None, moveFiles: bool = False
) -> Response:
    target = movie_id if movie_id is not None else body.id
    if target is None:
        raise ValidationFailed(("id", "The movie id is required, in the path or the body"))
    if view is not None:
        await _update_in_view(ctx, target, body, view)
        return json_response((await movie_resources(ctx, [target], view))[0], 202)
    changes = MovieChanges(
        monitored=body.monitored,
        quality_profile_id=body.quality_profile_id,
        minimum_availability=body.minimum_availability,
        tags=body.tags,
        path=body.path,
    )
    await save_movie_changes(ctx, target, changes, move_files=moveFiles)
    return json_response((await movie_resources(ctx, [target]))[0], 202)


async def _update_in_view(ctx: Context, movie_id: int, body: MovieIn, view: str) -> None:
    """An edit through a version's view changes that version's profile and monitored flag."""
    async with ctx.db.write() as uow:
        seen = await view_versions(uow.session, view)
        if movie_id not in seen:
            raise NotFound("Movie", movie_id)
        version = await uow.session.get_one(MovieVersion, seen[movie_id][0])
        movie = await uow.session.get_one(Movie, movie_id)
        path = version.path or movie.path
        fields = versions.VersionFields(version.name, body.quality_profile_id, body.monitored, path)
        await versions.update_version(
            uow, version.id, fields, await paths.load_folders(uow.session, ctx.settings)
        )


async def save_movie_changes(ctx: Context, movie_id: Id, changes: MovieChanges, *, move_files: bool) -> None:
    """One movie's edit, from the API's PUT and the details page alike.

    With ``move_files`` a new path is not just recorded: the folder moves there after the other
    changes are committed, and the move records the path itself.
    """
    move_to = changes.path if move_files and changes.path else None
    recorded = dataclasses.replace(changes, path=None) if move_to else changes
    async with ctx.db.write() as uow:
        folders = await paths.load_folders(uow.session, ctx.settings)
        if move_to and (problem := paths.movie_path_problem(move_to, folders)):
            raise ValidationFailed(("path", problem))
        await library.update_movie(uow, movie_id, recorded, folders)
    if move_to:
        await importing.move_movie_folder(ctx, movie_id, move_to)


@router.delete("/movie/{movie_id}")
async def delete_movie(
    movie_id: Id,
    ctx: CtxDep,
    view: ViewDep,
    deleteFiles: bool = False,
    addImportExclusion: bool = False,
) -> Response:
    if view is not None:
        await _delete_in_view(ctx, movie_id, view, delete_files=deleteFiles)
        return json_response({})
    await library.delete_movie(
        ctx, movie_id, delete_files=deleteFiles, add_import_exclusion=addImportExclusion
    )
    return json_response({})


async def _delete_in_view(ctx: Context, movie_id: int, view: str, *, delete_files: bool) -> None:
    """Deleting a movie through a version's view deletes that version (its file to the recycle
    bin with ``deleteFiles``); the movie and its other versions stay."""
    async with ctx.db.read() as session:
        seen = await view_versions(session, view)
        if movie_id not in seen:
            raise NotFound("Movie", movie_id)
        _, file = await versions.deletable_version(session, seen[movie_id][0])
    if file is not None and delete_files:
        from reelarr.api.moviefile import delete_files as recycle  # it imports this module

        await recycle(ctx, [file.id])
    async with ctx.db.write() as uow:
        await versions.delete_version(uow, seen[movie_id][0])


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def json_response(content: Any, status_code: int = 200) -> Response:
    return Response(orjson.dumps(content), status_code=status_code, media_type="application/json")
