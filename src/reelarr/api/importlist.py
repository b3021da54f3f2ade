"""Import lists: provider endpoints, ``config/importlist``, what the lists offer (``importlist/movie``)."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import library
from reelarr import settings as settings_store
from reelarr.api.base import CtxDep, SessionDep
from reelarr.api.limits import Id, JsonObject
from reelarr.api.movie import MovieIn, add_one, json_response, movie_resources
from reelarr.api.providers import provider_router
from reelarr.context import Context
from reelarr.errors import ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.import_lists import IMPORT_LISTS
from reelarr.import_lists.sync import ImportListConfig, configured_lists
from reelarr.metadata import MetadataError, MovieInfo
from reelarr.models import ImportExclusion, Movie, MovieMetadata, Tag

log = logging.getLogger(__name__)
router = APIRouter()


# Recommendations are TMDB's for the library's most recently added movies: one request each.
RECOMMENDATION_SOURCES = 10


@router.get("/importlist/movie", tags=["ImportListMovies"])
async def list_movies(
    ctx: CtxDep, session: SessionDep, includeRecommendations: bool = False
) -> list[dict[str, Any]]:
    """Every movie the lists offered at their last good read, once, with the lists offering it;
    with ``includeRecommendations``, TMDB's recommendations for the library's newest movies too."""
    offered: dict[int, dict[str, Any]] = {}
    for listed in await configured_lists(ctx):
        for movie in listed.stored_movies:
            if movie.tmdb_id <= 0:
                continue
            entry = offered.setdefault(movie.tmdb_id, {**movie.as_json(), "lists": []})
            entry["lists"].append(listed.definition.id)
    recommended: set[int] = set()
    described: dict[int, MovieInfo | MovieMetadata] = {}
    if includeRecommendations:
        for info in await _recommendations(ctx, session):
            recommended.add(info.tmdb_id)
            offered.setdefault(
                info.tmdb_id,
                {"tmdbId": info.tmdb_id, "imdbId": None, "title": info.title, "year": info.year, "lists": []},
            )
            described.setdefault(info.tmdb_id, info)
    if not offered:
        return []
    ids = list(offered)
    existing = set(
        await session.scalars(
            select(MovieMetadata.tmdb_id)
            .join(Movie, Movie.movie_metadata_id == MovieMetadata.id)
            .where(MovieMetadata.tmdb_id.in_(ids))
        )
    )
    excluded = set(
        await session.scalars(select(ImportExclusion.tmdb_id).where(ImportExclusion.tmdb_id.in_(ids)))
    )
    for row in await session.scalars(select(MovieMetadata).where(MovieMetadata.tmdb_id.in_(ids))):
        described[row.tmdb_id] = row  # what the library knows beats a search-style summary
    result = []
    for tmdb_id, entry in offered.items():
        result.append(
            {
                **entry,
                **_described(described.get(tmdb_id)),
                "isExcluded": tmdb_id in excluded,
                "isExisting": tmdb_id in existing,
                "isRecommendation": tmdb_id in recommended,
            }
        )
    return result


@router.post("/importlist/movie", tags=["ImportListMovies"])
async def add_list_movies(body: list[MovieIn], ctx: CtxDep) -> Response:
    """Radarr's bulk add from Discover: each movie with its own profile, root folder, monitoring
    and add options; movies already in the library (or twice in the body) are skipped."""
    tmdb = await library.optional_tmdb_client(ctx)
    added: list[int] = []
    seen: set[int] = set()
    for movie in body:
        if movie.tmdb_id in seen:
            continue
        seen.add(movie.tmdb_id)
        async with ctx.db.read() as session:
            if await library.load_movies(session, tmdb_ids=[movie.tmdb_id]):
                continue
        added.append(await add_one(ctx, tmdb, movie))
    return json_response(await movie_resources(ctx, added))


def _described(about: MovieInfo | MovieMetadata | None) -> dict[str, Any]:
    """The movie resource fields a Discover card shows (poster, overview, ratings, genres, runtime),
    from the library's metadata or TMDB's summary; empty for a movie known only by its list."""
    if about is None:
        return {"overview": "", "images": [], "ratings": {}, "genres": [], "runtime": 0}
    poster = next((i.get("remoteUrl") for i in about.images if i.get("coverType") == "poster"), None)
    return {
        "originalTitle": about.original_title,
        "overview": about.overview,
        "images": about.images,
        "remotePoster": poster,
        "ratings": about.ratings,
        "genres": about.genres,
        "runtime": about.runtime,
        "certification": about.certification,
        "studio": about.studio,
        "website": about.website,
        "youTubeTrailerId": about.youtube_trailer_id,
        "popularity": about.popularity,
        "inCinemas": library.iso_utc(about.in_cinemas),
        "physicalRelease": library.iso_utc(about.physical_release),
        "digitalRelease": library.iso_utc(about.digital_release),
    }


async def _recommendations(ctx: Context, session: AsyncSession) -> list[MovieInfo]:
    tmdb = await library.optional_tmdb_client(ctx)
    if tmdb is None:
        return []
    sources = await session.scalars(
        select(MovieMetadata.tmdb_id)
        .join(Movie, Movie.movie_metadata_id == MovieMetadata.id)
        .order_by(Movie.added.desc())
        .limit(RECOMMENDATION_SOURCES)
    )
    found: list[MovieInfo] = []
    for tmdb_id in sources:
        try:
            body = await tmdb.get(f"/movie/{tmdb_id}/recommendations")
        except MetadataError as exc:
            log.warning("no TMDB recommendations for %d: %s", tmdb_id, exc)
            continue
        found.extend(tmdb.summary(result) for result in body.get("results") or ())
    return found


@router.get("/config/importlist", tags=["ImportListConfig"])
@router.get("/config/importlist/{config_id}", tags=["ImportListConfig"])
async def read_config(session: SessionDep, config_id: Id | None = None) -> dict[str, Any]:
    value = await settings_store.load(session, ImportListConfig)
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}


@router.put("/config/importlist", status_code=202, tags=["ImportListConfig"])
@router.put("/config/importlist/{config_id}", status_code=202, tags=["ImportListConfig"])
async def write_config(body: JsonObject, ctx: CtxDep, config_id: Id | None = None) -> dict[str, Any]:
    async with ctx.db.write() as uow:
        current = await settings_store.load(uow.session, ImportListConfig)
        merged = {**current.model_dump(by_alias=True), **{k: v for k, v in body.items() if k != "id"}}
        try:
            value = ImportListConfig.model_validate(merged)
        except ValidationError as exc:
            raise ValidationFailed(
                *((".".join(map(str, e["loc"])), e["msg"]) for e in exc.errors())
            ) from None
        if value.list_sync_level == "keepAndTag" and await uow.session.get(Tag, value.list_sync_tag) is None:
            raise ValidationFailed(("listSyncTag", "Keep and tag needs an existing tag"))
        await settings_store.save(uow.session, value)
        uow.publish(ConfigChanged(ImportListConfig.section))
    return {"id": 1, **value.model_dump(mode="json", by_alias=True)}


# After ``importlist/movie``: the provider routes' ``importlist/{id}`` would claim that path.
router.include_router(provider_router(IMPORT_LISTS, "importlist", "ImportList"))
