"""The library: movies, where they live, whether they are wanted, and when they are available.

Movies are read in bulk with one query for the rows and one for alternative titles, never
one query per movie, because clients (Home Assistant, Homepage, Overseerr) fetch the whole
library every few seconds.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import and_, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import settings as settings_store
from reelarr.context import Context
from reelarr.db import UnitOfWork, utcnow
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import MovieAdded, MovieDeleted, MovieUpdated
from reelarr.files import MediaManagementConfig, remove_movie_folder
from reelarr.models import (
    AlternativeTitle,
    ImportExclusion,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    QualityProfile,
    RootFolder,
    Tag,
)
from reelarr.naming import MovieNamingFacts, NamingConfig, movie_folder_name

MOVIE_STATUSES = ("tba", "announced", "inCinemas", "released", "deleted")
MINIMUM_AVAILABILITIES = ("tba", "announced", "inCinemas", "released")
# Radarr counts a movie as released 90 days after it reached cinemas when no other date is known.
CINEMA_TO_RELEASE = dt.timedelta(days=90)


# ---------------------------------------------------------------- availability


def available_from(
    minimum_availability: str,
    in_cinemas: dt.datetime | None,
    physical_release: dt.datetime | None,
    digital_release: dt.datetime | None,
) -> dt.datetime | bool | None:
    """When a movie becomes available by Radarr's rules.

    True: always available (announced or tba); None: never (no dates); else the date.
    """
    if minimum_availability in ("announced", "tba"):
        return True
    if minimum_availability == "inCinemas" and in_cinemas is not None:
        return in_cinemas
    releases = [d for d in (physical_release, digital_release) if d is not None]
    if releases:
        return min(releases)
    if in_cinemas is not None:
        return in_cinemas + CINEMA_TO_RELEASE
    return None


def is_available(
    minimum_availability: str,
    in_cinemas: dt.datetime | None,
    physical_release: dt.datetime | None,
    digital_release: dt.datetime | None,
    *,
    now: dt.datetime,
    delay_days: int = 0,
) -> bool:
    start = available_from(minimum_availability, in_cinemas, physical_release, digital_release)
    if start is True:
        return True
    if start is None or start is False:
        return False
    return start + dt.timedelta(days=delay_days) <= now


# ---------------------------------------------------------------- titles


def sort_title(title: str) -> str:
    lowered = title.lower()
    for article in ("the ", "a ", "an "):
        if lowered.startswith(article):
            lowered = lowered[len(article) :]
            break
    return lowered


def simple_clean_title(title: str) -> str:
    """Lower-case letters and digits only, accents removed: the title key matching uses."""
    normalized = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", normalized.lower().replace("&", "and"))


# ---------------------------------------------------------------- reading


@dataclass
class MovieRecord:
    """One library movie with its default version, its file and its metadata, flattened."""

    movie: Movie
    metadata: MovieMetadata
    version: MovieVersion
    file: MovieFile | None
    alternative_titles: list[AlternativeTitle] = field(default_factory=list)


async def load_movies(
    session: AsyncSession, *, movie_ids: list[int] | None = None, tmdb_id: int | None = None
) -> list[MovieRecord]:
    query = (
        select(Movie, MovieMetadata, MovieVersion, MovieFile)
        .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .join(MovieVersion, and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default.is_(True)))
        .outerjoin(MovieFile, MovieFile.version_id == MovieVersion.id)
        .order_by(Movie.id)
    )
    if movie_ids is not None:
        query = query.where(Movie.id.in_(movie_ids))
    if tmdb_id is not None:
        query = query.where(MovieMetadata.tmdb_id == tmdb_id)
    records = [MovieRecord(*row) for row in (await session.execute(query)).tuples()]
    if records:
        titles_query = select(AlternativeTitle)
        if movie_ids is not None or tmdb_id is not None:
            titles_query = titles_query.where(
                AlternativeTitle.movie_metadata_id.in_([r.metadata.id for r in records])
            )
        by_metadata: dict[int, list[AlternativeTitle]] = {}
        for title in await session.scalars(titles_query.order_by(AlternativeTitle.id)):
            by_metadata.setdefault(title.movie_metadata_id, []).append(title)
        for record in records:
            record.alternative_titles = by_metadata.get(record.metadata.id, [])
    return records


async def get_movie(session: AsyncSession, movie_id: int) -> MovieRecord:
    records = await load_movies(session, movie_ids=[movie_id])
    if not records:
        raise NotFound("Movie", movie_id)
    return records[0]


# ---------------------------------------------------------------- writing


@dataclass
class MovieFields:
    """What a client may set on a movie (API v3 movie resource, already validated for type)."""

    tmdb_id: int
    title: str
    quality_profile_id: int
    year: int = 0
    original_title: str = ""
    imdb_id: str | None = None
    overview: str = ""
    status: str = "tba"
    in_cinemas: dt.datetime | None = None
    physical_release: dt.datetime | None = None
    digital_release: dt.datetime | None = None
    runtime: int = 0
    certification: str | None = None
    studio: str | None = None
    website: str | None = None
    youtube_trailer_id: str | None = None
    genres: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    ratings: dict[str, Any] = field(default_factory=dict)
    collection_tmdb_id: int | None = None
    collection_title: str | None = None
    path: str | None = None
    root_folder_path: str | None = None
    monitored: bool = True
    minimum_availability: str = "released"
    tags: list[int] = field(default_factory=list)
    add_options: dict[str, Any] = field(default_factory=dict)


async def _check_references(
    session: AsyncSession, quality_profile_id: int, tags: list[int]
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if await session.get(QualityProfile, quality_profile_id) is None:
        problems.append(("qualityProfileId", f"Quality profile {quality_profile_id} does not exist"))
    if tags:
        known = set(await session.scalars(select(Tag.id).where(Tag.id.in_(tags))))
        missing = sorted(set(tags) - known)
        if missing:
            problems.append(("tags", f"Tag(s) {', '.join(map(str, missing))} do not exist"))
    return problems


def _validate_minimum_availability(value: str) -> list[tuple[str, str]]:
    if value not in MINIMUM_AVAILABILITIES:
        return [("minimumAvailability", f"Must be one of {', '.join(MINIMUM_AVAILABILITIES)}")]
    return []


async def add_movie(uow: UnitOfWork, fields: MovieFields) -> int:
    """Add a movie to the library; its folder is named by the naming settings' folder format."""
    session = uow.session
    problems = await _check_references(session, fields.quality_profile_id, fields.tags)
    problems += _validate_minimum_availability(fields.minimum_availability)
    if fields.tmdb_id <= 0:
        problems.append(("tmdbId", "TMDb id must be a positive number"))
    if not fields.title.strip():
        problems.append(("title", "Title must not be empty"))
    existing = await session.scalar(
        select(Movie.id).join(MovieMetadata).where(MovieMetadata.tmdb_id == fields.tmdb_id)
    )
    if existing is not None:
        problems.append(("tmdbId", "This movie has already been added"))

    path = fields.path
    if not path:
        if not fields.root_folder_path:
            problems.append(("rootFolderPath", "Either path or rootFolderPath is required"))
        elif not os.path.isdir(fields.root_folder_path):
            problems.append(("rootFolderPath", f"Root folder '{fields.root_folder_path}' does not exist"))
        else:
            naming = await settings_store.load(session, NamingConfig)
            folder = movie_folder_name(
                MovieNamingFacts(
                    title=fields.title,
                    year=fields.year,
                    original_title=fields.original_title,
                    imdb_id=fields.imdb_id,
                    tmdb_id=fields.tmdb_id,
                    certification=fields.certification,
                    collection=fields.collection_title,
                ),
                naming,
            )
            path = str(Path(fields.root_folder_path) / folder)
    if path and not os.path.isabs(path):
        problems.append(("path", f"'{path}' is not an absolute path"))
    if path and await session.scalar(select(Movie.id).where(Movie.path == path)) is not None:
        problems.append(("path", f"Path '{path}' is already configured for another movie"))
    if problems:
        raise ValidationFailed(*problems)
    assert path is not None

    metadata = await session.scalar(select(MovieMetadata).where(MovieMetadata.tmdb_id == fields.tmdb_id))
    if metadata is None:
        metadata = MovieMetadata(tmdb_id=fields.tmdb_id, title=fields.title)
        session.add(metadata)
    _apply_metadata(metadata, fields)
    movie = Movie(
        metadata_=metadata,
        path=path,
        monitored=fields.monitored,
        minimum_availability=fields.minimum_availability,
        tags=sorted(set(fields.tags)),
        add_options=fields.add_options,
        added=utcnow(),
    )
    session.add(movie)
    await session.flush()
    session.add(
        MovieVersion(movie_id=movie.id, is_default=True, quality_profile_id=fields.quality_profile_id)
    )
    await session.flush()
    media = await settings_store.load(session, MediaManagementConfig)
    if media.create_empty_movie_folders:
        await asyncio.to_thread(os.makedirs, path, exist_ok=True)
    uow.publish(MovieAdded(movie.id, search_for_movie=bool(fields.add_options.get("searchForMovie"))))
    return movie.id


def _apply_metadata(metadata: MovieMetadata, fields: MovieFields) -> None:
    metadata.title = fields.title
    metadata.clean_title = simple_clean_title(fields.title)
    metadata.sort_title = sort_title(fields.title)
    metadata.original_title = fields.original_title or fields.title
    metadata.year = fields.year
    metadata.imdb_id = fields.imdb_id
    metadata.overview = fields.overview
    metadata.status = fields.status if fields.status in MOVIE_STATUSES else "tba"
    metadata.in_cinemas = fields.in_cinemas
    metadata.physical_release = fields.physical_release
    metadata.digital_release = fields.digital_release
    metadata.runtime = fields.runtime
    metadata.certification = fields.certification
    metadata.studio = fields.studio
    metadata.website = fields.website
    metadata.youtube_trailer_id = fields.youtube_trailer_id
    metadata.genres = list(fields.genres)
    metadata.images = list(fields.images)
    metadata.ratings = dict(fields.ratings)
    metadata.collection_tmdb_id = fields.collection_tmdb_id
    metadata.collection_title = fields.collection_title


@dataclass
class MovieChanges:
    """What a PUT may change on a library movie (metadata comes from TMDB, not from clients)."""

    monitored: bool
    quality_profile_id: int
    minimum_availability: str
    tags: list[int]
    path: str | None = None


async def update_movie(uow: UnitOfWork, movie_id: int, changes: MovieChanges) -> None:
    session = uow.session
    record = await get_movie(session, movie_id)
    problems = await _check_references(session, changes.quality_profile_id, changes.tags)
    problems += _validate_minimum_availability(changes.minimum_availability)
    if changes.path and changes.path != record.movie.path:
        if not os.path.isabs(changes.path):
            problems.append(("path", f"'{changes.path}' is not an absolute path"))
        elif await session.scalar(select(Movie.id).where(Movie.path == changes.path, Movie.id != movie_id)):
            problems.append(("path", f"Path '{changes.path}' is already configured for another movie"))
    if problems:
        raise ValidationFailed(*problems)
    movie = await session.get_one(Movie, movie_id)
    version = await session.get_one(MovieVersion, record.version.id)
    movie.monitored = changes.monitored
    movie.minimum_availability = changes.minimum_availability
    movie.tags = sorted(set(changes.tags))
    if changes.path:
        movie.path = changes.path
    version.quality_profile_id = changes.quality_profile_id
    uow.publish(MovieUpdated(movie_id))


async def delete_movie(
    ctx: Context, movie_id: int, *, delete_files: bool, add_import_exclusion: bool
) -> None:
    async with ctx.db.write() as uow:
        record = await get_movie(uow.session, movie_id)
        if add_import_exclusion:
            excluded = await uow.session.scalar(
                select(ImportExclusion).where(ImportExclusion.tmdb_id == record.metadata.tmdb_id)
            )
            if excluded is None:
                uow.session.add(
                    ImportExclusion(
                        tmdb_id=record.metadata.tmdb_id,
                        movie_title=record.metadata.title,
                        movie_year=record.metadata.year,
                    )
                )
        await uow.session.execute(delete(Movie).where(Movie.id == movie_id))
        media = await settings_store.load(uow.session, MediaManagementConfig)
    # The record is gone first: if removing files fails, the library no longer claims them.
    if delete_files:
        await asyncio.to_thread(remove_movie_folder, Path(record.movie.path), media.recycle_bin)
    await ctx.bus.publish(MovieDeleted(movie_id, record.metadata.title, delete_files))


async def root_folder_paths(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(RootFolder.path).order_by(RootFolder.path)))
