"""``/api/v3/collection``: TMDB collections of library movies, and monitoring them.

Monitoring a collection adds its missing movies (those neither in the library nor excluded)
with the collection's profile and root folder; the RefreshCollections command does the adding.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter
from pydantic import Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import library
from reelarr.api.base import ApiModel, CtxDep, SessionDep
from reelarr.api.limits import Id, Int32
from reelarr.api.movie import images_json
from reelarr.context import Context
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import ConfigChanged
from reelarr.models import Collection, ImportExclusion, Movie, MovieMetadata, QualityProfile

router = APIRouter(tags=["Collection"])


async def _collections_json(session: AsyncSession, collection_ids: list[int] | None) -> list[dict[str, Any]]:
    query = select(Collection).order_by(Collection.sort_title)
    if collection_ids is not None:
        query = query.where(Collection.id.in_(collection_ids))
    collections = list(await session.scalars(query))
    tmdb_ids = [c.tmdb_id for c in collections]
    members = await session.execute(
        select(MovieMetadata, Movie.path)
        .outerjoin(Movie, Movie.movie_metadata_id == MovieMetadata.id)
        .where(MovieMetadata.collection_tmdb_id.in_(tmdb_ids))
        .order_by(MovieMetadata.year, MovieMetadata.title)
    )
    excluded = set(await session.scalars(select(ImportExclusion.tmdb_id)))
    by_collection: dict[int, list[tuple[MovieMetadata, str | None]]] = {}
    for row, path in members:
        by_collection.setdefault(row.collection_tmdb_id or 0, []).append((row, path))
    result = []
    for collection in collections:
        movies = [
            {
                "tmdbId": row.tmdb_id,
                "imdbId": row.imdb_id,
                "title": row.title,
                "cleanTitle": row.clean_title,
                "sortTitle": row.sort_title,
                "status": row.status,
                "overview": row.overview,
                "runtime": row.runtime,
                "images": images_json(row.images, 0, ""),
                "year": row.year,
                "ratings": row.ratings or {},
                "genres": row.genres,
                "folder": os.path.basename(path) if path else None,
                "isExisting": path is not None,
                "isExcluded": row.tmdb_id in excluded,
            }
            for row, path in by_collection.get(collection.tmdb_id, [])
        ]
        result.append(
            {
                "id": collection.id,
                "title": collection.title,
                "sortTitle": collection.sort_title,
                "tmdbId": collection.tmdb_id,
                "images": images_json(collection.images, 0, ""),
                "overview": collection.overview,
                "monitored": collection.monitored,
                "rootFolderPath": collection.root_folder_path,
                "qualityProfileId": collection.quality_profile_id or 0,
                "searchOnAdd": collection.search_on_add,
                "minimumAvailability": collection.minimum_availability,
                "movies": movies,
                "missingMovies": sum(1 for m in movies if not m["isExisting"] and not m["isExcluded"]),
                "tags": collection.tags,
            }
        )
    return result


@router.get("/collection")
async def list_collections(session: SessionDep, tmdbId: Id | None = None) -> list[dict[str, Any]]:
    ids = None
    if tmdbId is not None:
        ids = list(await session.scalars(select(Collection.id).where(Collection.tmdb_id == tmdbId)))
    return await _collections_json(session, ids)


@router.get("/collection/{collection_id}")
async def get_collection(collection_id: Id, session: SessionDep) -> dict[str, Any]:
    found = await _collections_json(session, [collection_id])
    if not found:
        raise NotFound("Collection", collection_id)
    return found[0]


class CollectionIn(ApiModel):
    id: Int32 | None = None
    monitored: bool | None = None
    quality_profile_id: Int32 | None = None
    root_folder_path: str | None = None
    minimum_availability: str | None = None
    search_on_add: bool | None = None
    tags: list[Int32] | None = None


class CollectionUpdateIn(CollectionIn):
    collection_ids: list[Int32] = Field(default_factory=list)
    monitor_movies: bool | None = None


async def _apply(ctx: Context, collection_ids: list[int], body: CollectionIn) -> list[int]:
    """Save the changes; returns the collections that became monitored (their movies get added)."""
    problems: list[tuple[str, str]] = []
    if (
        body.minimum_availability is not None
        and body.minimum_availability not in library.MINIMUM_AVAILABILITIES
    ):
        problems.append(
            ("minimumAvailability", f"Must be one of {', '.join(library.MINIMUM_AVAILABILITIES)}")
        )
    if body.root_folder_path is not None and not os.path.isabs(body.root_folder_path):
        problems.append(("rootFolderPath", f"'{body.root_folder_path}' is not an absolute path"))
    newly_monitored = []
    async with ctx.db.write() as uow:
        session = uow.session
        if body.quality_profile_id and await session.get(QualityProfile, body.quality_profile_id) is None:
            problems.append(("qualityProfileId", f"Quality profile {body.quality_profile_id} does not exist"))
        if problems:
            raise ValidationFailed(*problems)
        for collection_id in collection_ids:
            collection = await session.get(Collection, collection_id)
            if collection is None:
                raise NotFound("Collection", collection_id)
            if body.monitored and not collection.monitored:
                newly_monitored.append(collection_id)
            if body.monitored is not None:
                collection.monitored = body.monitored
            if body.quality_profile_id:
                collection.quality_profile_id = body.quality_profile_id
            if body.root_folder_path is not None:
                collection.root_folder_path = body.root_folder_path
            if body.minimum_availability is not None:
                collection.minimum_availability = body.minimum_availability
            if body.search_on_add is not None:
                collection.search_on_add = body.search_on_add
            if body.tags is not None:
                collection.tags = sorted(set(body.tags))
        uow.publish(ConfigChanged("collection"))  # re-checks the collections' root folders
    if newly_monitored:
        await ctx.commands.enqueue(
            "RefreshCollections", {"collectionIds": newly_monitored}, trigger="unspecified"
        )
    return newly_monitored


@router.put("/collection/{collection_id}", status_code=202)
async def update_collection(collection_id: Id, body: CollectionIn, ctx: CtxDep) -> dict[str, Any]:
    await _apply(ctx, [collection_id], body)
    async with ctx.db.read() as session:
        return (await _collections_json(session, [collection_id]))[0]


@router.put("/collection", status_code=202)
async def update_collections(body: CollectionUpdateIn, ctx: CtxDep) -> list[dict[str, Any]]:
    if body.id is not None and not body.collection_ids:
        body.collection_ids = [body.id]
    await _apply(ctx, body.collection_ids, body)
    if body.monitor_movies is not None:
        async with ctx.db.write() as uow:
            tmdb_ids = select(Collection.tmdb_id).where(Collection.id.in_(body.collection_ids))
            member_ids = select(MovieMetadata.id).where(MovieMetadata.collection_tmdb_id.in_(tmdb_ids))
            for movie in await uow.session.scalars(
                select(Movie).where(Movie.movie_metadata_id.in_(member_ids))
            ):
                movie.monitored = body.monitor_movies
    async with ctx.db.read() as session:
        return await _collections_json(session, body.collection_ids)
