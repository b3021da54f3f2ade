"""The library: movies, where they live, whether they are wanted, and when they are available.

- Reading: movies are read in bulk with one query for the rows and one for alternative
  titles, never one query per movie, because clients (Home Assistant, Homepage, Overseerr)
  fetch the whole library every few seconds.
- Adding: with TMDB's details when a key is configured (metadata, alternative titles,
  credits, the collection), else from what the client sent.
- Refreshing: the RefreshMovie command, incremental through TMDB's changes feed, and
  RefreshCollections, which also adds what monitored collections miss.
- Importing: proposing TMDB matches for the folders already in a root folder.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    and_,
    case,
    cast,
    delete,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import autotagging, mediainfo, metadata, versions
from reelarr import settings as settings_store
from reelarr.commands import CommandFailed, CommandQueue, CommandRun, UnknownCommand
from reelarr.context import Context
from reelarr.db import UnitOfWork, utcnow
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import MovieAdded, MovieDeleted, MovieUpdated
from reelarr.files import MediaManagementConfig, remove_movie_folder
from reelarr.health import HealthIssue
from reelarr.mediainfo import VIDEO_EXTENSIONS
from reelarr.metadata import (
    MetadataSettings,
    MovieInfo,
    MovieNotFoundOnTmdb,
    TmdbClient,
    TmdbNotConfigured,
    TmdbUnavailable,
)
from reelarr.models import (
    AlternativeTitle,
    AutoTag,
    Collection,
    Credit,
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
from reelarr.parser import clean_title, parse_title, parse_title_lenient
from reelarr.paths import Folders, load_folders, movie_path_problem

log = logging.getLogger(__name__)

MOVIE_STATUSES = ("tba", "announced", "inCinemas", "released", "deleted")
MINIMUM_AVAILABILITIES = ("tba", "announced", "inCinemas", "released")
# Radarr counts a movie as released 90 days after it reached cinemas when no other date is known.
CINEMA_TO_RELEASE = dt.timedelta(days=90)
# Arrives with the search issue; adding a movie with "search on add" queues it once it exists.
SEARCH_COMMAND = "MoviesSearch"
# Movies fetched from TMDB at once during a refresh (the HTTP client also spaces requests).
REFRESH_CONCURRENCY = 4
Progress = Callable[[str], Awaitable[None]]


# ---------------------------------------------------------------- availability


def available_from(
    minimum_availability: str,
    in_cinemas: dt.datetime | None,
    physical_release: dt.datetime | None,
    digital_release: dt.datetime | None,
) -> dt.datetime | Literal[True] | None:
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
    if start is None:
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


# ---------------------------------------------------------------- reading

# One flat row per movie (its default version and that version's file), read with Core rather
# than as ORM entities, with JSON documents left as the database's JSON text and timestamps as
# stored: decoding 180,000 JSON documents and parsing 120,000 timestamps is what made a
# 20,000-movie list take seconds. The API embeds the JSON text as it is.
_RAW_JSON = (
    ("tags", Movie.tags),
    ("add_options", Movie.add_options),
    ("genres", MovieMetadata.genres),
    ("keywords", MovieMetadata.keywords),
    ("ratings", MovieMetadata.ratings),
    ("images", MovieMetadata.images),
    ("file_quality", MovieFile.quality),
    ("file_languages", MovieFile.languages),
    ("file_media_info", MovieFile.media_info),
)
_STORED_DATES = (
    ("added", Movie.added),
    ("last_search_time", Movie.last_search_time),
    ("in_cinemas", MovieMetadata.in_cinemas),
    ("physical_release", MovieMetadata.physical_release),
    ("digital_release", MovieMetadata.digital_release),
    ("file_date_added", MovieFile.date_added),
)
_PLAIN = (
    Movie.id,
    Movie.path,
    Movie.monitored,
    Movie.minimum_availability,
    MovieMetadata.id.label("movie_metadata_id"),
    MovieMetadata.tmdb_id,
    MovieMetadata.imdb_id,
    MovieMetadata.title,
    MovieMetadata.clean_title,
    MovieMetadata.sort_title,
    MovieMetadata.original_title,
    MovieMetadata.original_language,
    MovieMetadata.year,
    MovieMetadata.secondary_year,
    MovieMetadata.status,
    MovieMetadata.overview,
    MovieMetadata.physical_release_note,
    MovieMetadata.runtime,
    MovieMetadata.certification,
    MovieMetadata.website,
    MovieMetadata.youtube_trailer_id,
    MovieMetadata.studio,
    MovieMetadata.popularity,
    MovieMetadata.collection_tmdb_id,
    MovieMetadata.collection_title,
    MovieVersion.id.label("version_id"),
    MovieVersion.quality_profile_id,
    MovieFile.id.label("file_id"),
    MovieFile.relative_path.label("file_relative_path"),
    MovieFile.original_file_path.label("file_original_file_path"),
    MovieFile.size.label("file_size"),
    MovieFile.scene_name.label("file_scene_name"),
    MovieFile.release_group.label("file_release_group"),
    MovieFile.edition.label("file_edition"),
    MovieFile.indexer_flags.label("file_indexer_flags"),
    MovieFile.custom_format_score.label("file_custom_format_score"),
)


def iso_utc(stored: str | dt.datetime | None) -> str | None:
    """A stored timestamp as ``2024-01-31T20:00:00Z``.

    Read without SQLAlchemy's conversion for speed: SQLite hands back its UTC text
    (``2024-01-31 20:00:00.000000``), PostgreSQL's driver an aware datetime.
    """
    if stored is None:
        return None
    if isinstance(stored, str):
        return f"{stored[:10]}T{stored[11:19]}Z"
    return stored.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


@dataclass(slots=True)
class MovieRecord:
    """One library movie, flattened. ``row`` has the movie, metadata, default version and file
    columns as attributes (file ones prefixed ``file_``); JSON documents are JSON text and
    dates as stored (see :func:`iso_utc`)."""

    row: Any
    alternative_titles: list[Any] = field(default_factory=list)


# Which version a movie is read through: None its default version, an int a version id, a
# str a version name (any case), ALL_VERSIONS one row per version.
ALL_VERSIONS = object()
VersionChoice = int | str | object | None

# A version's own folder and monitored flag; the default version lives in the movie's folder
# and is monitored when the movie is.
_VERSION_PATH = func.coalesce(MovieVersion.path, Movie.path).label("path")
VERSION_MONITORED = case((MovieVersion.is_default, Movie.monitored), else_=MovieVersion.monitored)


def _version_join(version: VersionChoice) -> Any:
    if version is None:
        return and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default.is_(True))
    if isinstance(version, int):
        return and_(MovieVersion.movie_id == Movie.id, MovieVersion.id == version)
    if isinstance(version, str):
        return and_(MovieVersion.movie_id == Movie.id, func.lower(MovieVersion.name) == version.lower())
    return MovieVersion.movie_id == Movie.id


_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


def with_movie_joins(query: _Query, version: VersionChoice = None) -> _Query:
    """``query`` over movies joined to their metadata, the version read (the default one unless
    ``version`` says otherwise) and its file (if any)."""
    return (
        query.join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .join(MovieVersion, _version_join(version))
        .outerjoin(MovieFile, MovieFile.version_id == MovieVersion.id)
    )


def movie_query(version: VersionChoice = None) -> Select[*tuple[Any, ...]]:
    plain: tuple[Any, ...] = _PLAIN
    if version is not None:
        swapped = {"path": _VERSION_PATH, "monitored": VERSION_MONITORED.label("monitored")}
        plain = tuple(swapped.get(column.key, column) for column in _PLAIN)
    query: Select[*tuple[Any, ...]] = select(
        *plain,
        MovieVersion.name.label("version_name"),
        MovieVersion.is_default.label("version_is_default"),
        # Cast, not coerced: PostgreSQL's driver would otherwise hand back decoded documents.
        *(cast(column, Text).label(name) for name, column in _RAW_JSON),
        *(type_coerce(column, Text).label(name) for name, column in _STORED_DATES),
    ).select_from(Movie)
    return with_movie_joins(query, version).order_by(Movie.id, MovieVersion.id)


async def load_movies(
    session: AsyncSession,
    *,
    movie_ids: list[int] | None = None,
    tmdb_ids: list[int] | None = None,
    where: ColumnElement[bool] | None = None,
    version: VersionChoice = None,
) -> list[MovieRecord]:
    """Library movies with their alternative titles, in two queries whatever their number;
    each seen through its default version unless ``version`` names another (or all).

    ``where`` filters on the columns of :func:`with_movie_joins`."""
    query = movie_query(version)
    if where is not None:
        query = query.where(where)
    if movie_ids is not None:
        query = query.where(Movie.id.in_(movie_ids))
    if tmdb_ids is not None:
        query = query.where(MovieMetadata.tmdb_id.in_(tmdb_ids))
    connection = await session.connection()
    records = [MovieRecord(row) for row in await connection.execute(query)]
    if records:
        titles_query = select(
            AlternativeTitle.id,
            AlternativeTitle.movie_metadata_id,
            AlternativeTitle.title,
            AlternativeTitle.clean_title,
            AlternativeTitle.source_type,
        ).order_by(AlternativeTitle.id)
        if movie_ids is not None or tmdb_ids is not None:
            titles_query = titles_query.where(
                AlternativeTitle.movie_metadata_id.in_([r.row.movie_metadata_id for r in records])
            )
        by_metadata: dict[int, list[Any]] = {}
        for title in await connection.execute(titles_query):
            by_metadata.setdefault(title.movie_metadata_id, []).append(title)
        for record in records:
            record.alternative_titles = by_metadata.get(record.row.movie_metadata_id, [])
    return records


async def get_movie(session: AsyncSession, movie_id: int) -> MovieRecord:
    records = await load_movies(session, movie_ids=[movie_id])
    if not records:
        raise NotFound("Movie", movie_id)
    return records[0]


# ---------------------------------------------------------------- adding


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


def fields_from_info(fields: MovieFields, info: MovieInfo, now: dt.datetime) -> MovieFields:
    """The client's choices (profile, folder, monitoring) with TMDB's facts about the movie."""
    return replace(
        fields,
        title=info.title,
        year=info.year or fields.year,
        original_title=info.original_title,
        imdb_id=info.imdb_id,
        overview=info.overview,
        status=metadata.movie_status(info, now),
        in_cinemas=info.in_cinemas,
        physical_release=info.physical_release,
        digital_release=info.digital_release,
        runtime=info.runtime,
        certification=info.certification,
        studio=info.studio,
        website=info.website,
        youtube_trailer_id=info.youtube_trailer_id,
        genres=info.genres,
        images=info.images,
        ratings=info.ratings,
        collection_tmdb_id=info.collection_tmdb_id,
        collection_title=info.collection_title,
    )


async def movie_folder(session: AsyncSession, root_folder_path: str, fields: MovieFields) -> str:
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
    return str(Path(root_folder_path) / folder)


async def add_movie(
    uow: UnitOfWork,
    fields: MovieFields,
    info: MovieInfo | None = None,
    *,
    folders: Folders,
    commands: CommandQueue | None = None,
    now: dt.datetime | None = None,
) -> int:
    """Add a movie to the library; its folder is named by the naming settings' folder format.

    With ``info`` (TMDB's details) the metadata, alternative titles, credits and collection
    come from TMDB; without it, from the client's fields. A search asked for on add is
    queued once the movie is committed, if the search command exists. The path must pass
    :func:`reelarr.paths.movie_path_problem` against ``folders``.
    """
    now = now or utcnow()
    if info is not None:
        fields = fields_from_info(fields, info, now)
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
        elif fields.title.strip():
            path = await movie_folder(session, fields.root_folder_path, fields)
    path_problem = movie_path_problem(path, folders) if path else None
    if path_problem:
        problems.append(("path", path_problem))
    elif path and await session.scalar(select(Movie.id).where(Movie.path == path)) is not None:
        problems.append(("path", f"Path '{path}' is already configured for another movie"))
    if problems:
        raise ValidationFailed(*problems, attempted={"tmdbId": fields.tmdb_id, "path": path})
    assert path is not None

    row = await session.scalar(select(MovieMetadata).where(MovieMetadata.tmdb_id == fields.tmdb_id))
    if row is None:
        row = MovieMetadata(tmdb_id=fields.tmdb_id, title=fields.title)
        session.add(row)
    _apply_fields(row, fields)
    if info is not None:
        await store_info(session, row, info, now)
    movie = Movie(
        metadata_=row,
        path=path,
        monitored=fields.monitored,
        minimum_availability=fields.minimum_availability,
        tags=sorted(set(fields.tags)),
        add_options=fields.add_options,
        added=now,
    )
    session.add(movie)
    await session.flush()
    default_version = MovieVersion(
        movie_id=movie.id, is_default=True, quality_profile_id=fields.quality_profile_id
    )
    session.add(default_version)
    await versions.add_default_versions(session, movie, default_version)
    await session.flush()
    await apply_auto_tags(session, [movie.id])
    if fields.collection_tmdb_id:
        await ensure_collection(session, fields, path)
    media = await settings_store.load(session, MediaManagementConfig)
    if media.create_empty_movie_folders:
        await asyncio.to_thread(os.makedirs, path, exist_ok=True)
    search = bool(fields.add_options.get("searchForMovie"))
    uow.publish(MovieAdded(movie.id, search_for_movie=search))
    if search and commands is not None:
        queue_search(uow, commands, [movie.id])
    return movie.id


async def apply_auto_tags(session: AsyncSession, movie_ids: list[int]) -> int:
    """Give the movies the tags of the auto tagging rules they match (and take away those of
    rules that remove theirs automatically); returns how many movies changed."""
    rules = [
        autotagging.AutoTagRule(tuple(row.tags), row.specifications, row.remove_tags_automatically)
        for row in await session.scalars(select(AutoTag))
    ]
    if not rules or not movie_ids:
        return 0
    roots = sorted(await session.scalars(select(RootFolder.path)), key=len, reverse=True)
    rows = await session.execute(
        select(Movie, MovieMetadata, MovieVersion.quality_profile_id)
        .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
        .join(MovieVersion, and_(MovieVersion.movie_id == Movie.id, MovieVersion.is_default))
        .where(Movie.id.in_(movie_ids))
    )
    changed = 0
    for movie, info, profile_id in rows:
        root = next((r for r in roots if Path(movie.path).is_relative_to(r)), None)
        facts = autotagging.MovieTagFacts(
            monitored=movie.monitored,
            year=info.year,
            runtime=info.runtime,
            status=info.status,
            original_language=info.original_language,
            genres=tuple(info.genres),
            keywords=tuple(info.keywords),
            studio=info.studio,
            quality_profile_id=profile_id,
            root_folder_path=root,
            tags=frozenset(movie.tags),
        )
        tags = autotagging.tags_after(rules, facts)
        if tags != sorted(movie.tags):
            movie.tags = tags
            changed += 1
    return changed


def queue_search(uow: UnitOfWork, commands: CommandQueue, movie_ids: list[int]) -> None:
    """Queue MoviesSearch after commit; until the search command exists, nothing is queued."""
    try:
        commands.spec(SEARCH_COMMAND)
    except UnknownCommand:
        return
    uow.after_commit(lambda: commands.enqueue(SEARCH_COMMAND, {"movieIds": movie_ids}, trigger="unspecified"))


def _apply_fields(row: MovieMetadata, fields: MovieFields) -> None:
    row.title = fields.title
    row.clean_title = clean_title(fields.title)
    row.sort_title = sort_title(fields.title)
    row.original_title = fields.original_title or fields.title
    row.year = fields.year
    row.imdb_id = fields.imdb_id
    row.overview = fields.overview
    row.status = fields.status if fields.status in MOVIE_STATUSES else "tba"
    row.in_cinemas = fields.in_cinemas
    row.physical_release = fields.physical_release
    row.digital_release = fields.digital_release
    row.runtime = fields.runtime
    row.certification = fields.certification
    row.studio = fields.studio
    row.website = fields.website
    row.youtube_trailer_id = fields.youtube_trailer_id
    row.genres = list(fields.genres)
    row.images = list(fields.images)
    row.ratings = dict(fields.ratings)
    row.collection_tmdb_id = fields.collection_tmdb_id
    row.collection_title = fields.collection_title


async def store_info(session: AsyncSession, row: MovieMetadata, info: MovieInfo, now: dt.datetime) -> None:
    """Write TMDB's facts onto a metadata row, replacing its alternative titles and credits."""
    row.title = info.title
    row.clean_title = clean_title(info.title)
    row.sort_title = sort_title(info.title)
    row.original_title = info.original_title or info.title
    row.original_language = info.original_language
    row.year = info.year
    row.overview = info.overview
    row.status = metadata.movie_status(info, now)
    row.in_cinemas = info.in_cinemas
    row.physical_release = info.physical_release
    row.digital_release = info.digital_release
    row.images = list(info.images)
    row.ratings = dict(info.ratings)
    row.popularity = info.popularity
    if not info.complete:
        return
    row.imdb_id = info.imdb_id
    row.physical_release_note = info.physical_release_note
    row.runtime = info.runtime
    row.certification = info.certification
    row.studio = info.studio
    row.website = info.website
    row.youtube_trailer_id = info.youtube_trailer_id
    row.genres = list(info.genres)
    row.keywords = list(info.keywords)
    row.collection_tmdb_id = info.collection_tmdb_id
    row.collection_title = info.collection_title
    row.last_info_sync = now
    if row.id is None:
        session.add(row)
        await session.flush()
    await session.execute(
        delete(AlternativeTitle).where(
            AlternativeTitle.movie_metadata_id == row.id, AlternativeTitle.source_type == "tmdb"
        )
    )
    session.add_all(
        AlternativeTitle(movie_metadata_id=row.id, title=title, clean_title=clean_title(title))
        for title in info.alternative_titles
    )
    await session.execute(delete(Credit).where(Credit.movie_metadata_id == row.id))
    session.add_all(
        Credit(
            movie_metadata_id=row.id,
            credit_tmdb_id=credit.credit_tmdb_id,
            person_tmdb_id=credit.person_tmdb_id,
            person_name=credit.person_name,
            type=credit.type,
            character=credit.character,
            department=credit.department,
            job=credit.job,
            order=credit.order,
            images=credit.images,
        )
        for credit in info.credits
    )


async def ensure_collection(session: AsyncSession, fields: MovieFields, path: str) -> None:
    """The movie's collection, created unmonitored with the movie's settings the first time."""
    assert fields.collection_tmdb_id is not None
    exists = await session.scalar(
        select(Collection.id).where(Collection.tmdb_id == fields.collection_tmdb_id)
    )
    if exists is None:
        title = fields.collection_title or ""
        session.add(
            Collection(
                tmdb_id=fields.collection_tmdb_id,
                title=title,
                clean_title=clean_title(title),
                sort_title=sort_title(title),
                monitored=False,
                quality_profile_id=fields.quality_profile_id,
                root_folder_path=os.path.dirname(path),
                minimum_availability=fields.minimum_availability,
                tags=sorted(set(fields.tags)),
            )
        )
        await session.flush()


# ---------------------------------------------------------------- changing and deleting


@dataclass
class MovieChanges:
    """What a PUT may change on a library movie (metadata comes from TMDB, not from clients)."""

    monitored: bool
    quality_profile_id: int
    minimum_availability: str
    tags: list[int]
    path: str | None = None


async def update_movie(uow: UnitOfWork, movie_id: int, changes: MovieChanges, folders: Folders) -> None:
    session = uow.session
    record = await get_movie(session, movie_id)
    problems = await _check_references(session, changes.quality_profile_id, changes.tags)
    problems += _validate_minimum_availability(changes.minimum_availability)
    if changes.path and changes.path != record.row.path:
        if problem := movie_path_problem(changes.path, folders):
            problems.append(("path", problem))
        elif await session.scalar(select(Movie.id).where(Movie.path == changes.path, Movie.id != movie_id)):
            problems.append(("path", f"Path '{changes.path}' is already configured for another movie"))
    if problems:
        raise ValidationFailed(*problems)
    movie = await session.get_one(Movie, movie_id)
    version = await session.get_one(MovieVersion, record.row.version_id)
    movie.monitored = changes.monitored
    movie.minimum_availability = changes.minimum_availability
    movie.tags = sorted(set(changes.tags))
    if changes.path:
        movie.path = changes.path
    version.quality_profile_id = changes.quality_profile_id
    uow.publish(MovieUpdated(movie_id))


@dataclass
class EditorChanges:
    """Radarr's movie editor: the same change applied to many movies; None leaves a field alone."""

    movie_ids: list[int]
    monitored: bool | None = None
    quality_profile_id: int | None = None
    minimum_availability: str | None = None
    root_folder_path: str | None = None
    tags: list[int] | None = None
    apply_tags: str = "add"  # add, remove or replace
    move_files: bool = False


@dataclass(frozen=True)
class EditorOutcome:
    changed: list[int]
    # (movie id, new folder) for movies whose folders must move: the caller moves them after
    # the commit with ``importing.move_movie_folder``, which records each new path itself.
    folder_moves: list[tuple[int, str]]


async def edit_movies(
    uow: UnitOfWork, changes: EditorChanges, folders: Folders | None = None
) -> EditorOutcome:
    """Apply the editor's changes. With ``move_files`` a new root folder is left for the caller
    to move folders into; without it, only the recorded paths change, as in Radarr.

    Each new path must pass :func:`reelarr.paths.movie_path_problem`. Without ``folders`` the
    root folders are read here and Reelarr's own folders are left out of the check: root
    folders refuse them on their own, so a path strictly inside a root folder is clear of them.
    """
    session = uow.session
    if folders is None:
        folders = await load_folders(session, None)
    problems: list[tuple[str, str]] = []
    if changes.quality_profile_id is not None or changes.tags:
        profile = changes.quality_profile_id
        if profile is None:
            profile = await session.scalar(select(QualityProfile.id).limit(1)) or 0
        problems += await _check_references(session, profile, changes.tags or [])
    if changes.minimum_availability is not None:
        problems += _validate_minimum_availability(changes.minimum_availability)
    if changes.root_folder_path is not None and not os.path.isabs(changes.root_folder_path):
        problems.append(("rootFolderPath", f"'{changes.root_folder_path}' is not an absolute path"))
    if changes.apply_tags not in ("add", "remove", "replace"):
        problems.append(("applyTags", "Must be one of add, remove, replace"))
    if problems:
        raise ValidationFailed(*problems)
    movies = list(await session.scalars(select(Movie).where(Movie.id.in_(changes.movie_ids))))
    if changes.root_folder_path is not None:
        for movie in movies:
            if problem := movie_path_problem(_in_root(changes.root_folder_path, movie.path), folders):
                problems.append(("rootFolderPath", problem))
    if problems:
        raise ValidationFailed(*problems)
    moves: list[tuple[int, str]] = []
    for movie in movies:
        if changes.monitored is not None:
            movie.monitored = changes.monitored
        if changes.minimum_availability is not None:
            movie.minimum_availability = changes.minimum_availability
        if changes.tags is not None:
            movie.tags = _apply_tags(movie.tags, changes.tags, changes.apply_tags)
        if changes.root_folder_path is not None:
            new_path = _in_root(changes.root_folder_path, movie.path)
            if new_path != movie.path:
                if changes.move_files:
                    moves.append((movie.id, new_path))
                else:
                    movie.path = new_path
        uow.publish(MovieUpdated(movie.id))
    if changes.quality_profile_id is not None:
        await session.execute(
            update(MovieVersion)
            .where(MovieVersion.movie_id.in_(changes.movie_ids), MovieVersion.is_default.is_(True))
            .values(quality_profile_id=changes.quality_profile_id)
        )
    return EditorOutcome([movie.id for movie in movies], moves)


def _in_root(root_folder_path: str, movie_path: str) -> str:
    return str(Path(root_folder_path) / Path(movie_path).name)


def _apply_tags(current: list[int], given: list[int], how: str) -> list[int]:
    if how == "replace":
        return sorted(set(given))
    if how == "remove":
        return sorted(set(current) - set(given))
    return sorted(set(current) | set(given))


async def delete_movie(
    ctx: Context, movie_id: int, *, delete_files: bool, add_import_exclusion: bool
) -> None:
    """Remove a movie; with ``delete_files``, its folder too (to the recycle bin when one is set).

    The folder is removed only when it passes :func:`reelarr.paths.movie_path_problem`: when it
    does not (outside the root folders, a root folder itself, a symlink leading out), the
    movie is kept and the refusal is logged and returned as a 400.
    """
    async with ctx.db.write() as uow:
        record = await get_movie(uow.session, movie_id)
        folders = await load_folders(uow.session, ctx.settings)
        folder = Path(record.row.path)
        if delete_files and (problem := movie_path_problem(folder, folders)) and folder.exists():
            log.error("refusing to delete the files of movie %s: %s", movie_id, problem)
            raise ValidationFailed(("path", f"The movie's files were not deleted: {problem}"))
        if add_import_exclusion:
            await exclude(uow.session, record.row.tmdb_id, record.row.title, record.row.year)
        await uow.session.execute(delete(Movie).where(Movie.id == movie_id))
        media = await settings_store.load(uow.session, MediaManagementConfig)
    # The record is gone first: if removing files fails, the library no longer claims them.
    if delete_files:
        await asyncio.to_thread(remove_movie_folder, folder, media.recycle_bin, folders)
    row = record.row
    await ctx.bus.publish(
        MovieDeleted(movie_id, row.title, delete_files, row.year or None, row.tmdb_id, row.imdb_id)
    )


async def exclude(session: AsyncSession, tmdb_id: int, title: str, year: int) -> None:
    excluded = await session.scalar(select(ImportExclusion).where(ImportExclusion.tmdb_id == tmdb_id))
    if excluded is None:
        session.add(ImportExclusion(tmdb_id=tmdb_id, movie_title=title, movie_year=year))


# ---------------------------------------------------------------- refreshing from TMDB


async def tmdb_client(ctx: Context) -> TmdbClient:
    """A TMDB client with the current settings; raises TmdbNotConfigured without a key."""
    async with ctx.db.read() as session:
        return TmdbClient(ctx.http, await metadata.load_settings(session))


async def optional_tmdb_client(ctx: Context) -> TmdbClient | None:
    """A TMDB client, or None without a key: adding then takes the metadata a client sent."""
    try:
        return await tmdb_client(ctx)
    except metadata.TmdbNotConfigured:
        return None


@dataclass
class RefreshOutcome:
    refreshed: int = 0
    deleted_on_tmdb: int = 0
    unavailable: int = 0
    tmdb_requests: int = 0


async def refresh_movies(
    ctx: Context, movie_ids: list[int] | None = None, *, progress: Progress | None = None
) -> RefreshOutcome:
    """Refresh movies from TMDB: the ones given, or the whole library.

    The whole library is refreshed incrementally: only movies TMDB's changes feed names
    since the last complete run (and any never refreshed) are fetched; every other movie
    only has its status recomputed from the dates already stored. A movie TMDB no longer
    has is marked deleted, never removed. When TMDB fails, the stored metadata stays as it
    was and the last-run mark does not move, so the next run fetches those movies again.
    """
    tmdb = await tmdb_client(ctx)
    started = ctx.clock()
    async with ctx.db.read() as session:
        settings = await metadata.load_settings(session)
        query = select(Movie.id, MovieMetadata.id, MovieMetadata.tmdb_id, MovieMetadata.last_info_sync).join(
            MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id
        )
        if movie_ids is not None:
            query = query.where(Movie.id.in_(movie_ids))
        targets: list[tuple[int, int, int, dt.datetime | None]] = [
            (movie_id, metadata_id, tmdb_id, synced)
            for movie_id, metadata_id, tmdb_id, synced in await session.execute(query.order_by(Movie.id))
        ]
    incremental = (
        movie_ids is None
        and settings.last_changes_sync is not None
        and started - settings.last_changes_sync <= metadata.CHANGES_WINDOW
    )
    if incremental:
        assert settings.last_changes_sync is not None
        changed = await tmdb.changed_movie_ids(settings.last_changes_sync, started)
        targets = [t for t in targets if t[2] in changed or t[3] is None]
    outcome = RefreshOutcome()
    semaphore = asyncio.Semaphore(REFRESH_CONCURRENCY)

    async def refresh_one(movie_id: int, metadata_id: int, tmdb_id: int) -> None:
        async with semaphore:
            try:
                info = await tmdb.movie(tmdb_id)
            except MovieNotFoundOnTmdb:
                info = None
            except TmdbUnavailable as exc:
                outcome.unavailable += 1
                log.warning("could not refresh movie %d (TMDB %d): %s", movie_id, tmdb_id, exc)
                return
        async with ctx.db.write() as uow:
            row = await uow.session.get_one(MovieMetadata, metadata_id)
            if info is None:
                row.status = "deleted"
                outcome.deleted_on_tmdb += 1
            else:
                await store_info(uow.session, row, info, ctx.clock())
                outcome.refreshed += 1
            await apply_auto_tags(uow.session, [movie_id])
            uow.publish(MovieUpdated(movie_id))
        if progress is not None and outcome.refreshed % 50 == 0:
            await progress(f"Refreshed {outcome.refreshed} of {len(targets)} movies")

    await asyncio.gather(*(refresh_one(m, md, t) for m, md, t, _ in targets))
    await recompute_statuses(ctx)
    if outcome.deleted_on_tmdb or outcome.refreshed:
        await ctx.health.run(ctx)  # RemovedMovieCheck: movies gone from TMDB, or back
    if movie_ids is None and not outcome.unavailable:
        async with ctx.db.write() as uow:
            stored = await settings_store.load(uow.session, MetadataSettings)
            stored.last_changes_sync = started
            await settings_store.save(uow.session, stored)
    outcome.tmdb_requests = tmdb.requests_made
    return outcome


async def check_removed_movies(ctx: Context) -> list[HealthIssue]:
    """Movies TMDB no longer has: their metadata will never be refreshed again."""
    async with ctx.db.read() as session:
        gone = (
            await session.execute(
                select(MovieMetadata.title, MovieMetadata.tmdb_id)
                .join(Movie, Movie.movie_metadata_id == MovieMetadata.id)
                .where(MovieMetadata.status == "deleted")
                .order_by(MovieMetadata.title)
            )
        ).all()
    if not gone:
        return []
    names = ", ".join(f"{title} (tmdbid {tmdb_id})" for title, tmdb_id in gone)
    which = f"Movie {names} was" if len(gone) == 1 else f"Movies {names} were"
    return [
        HealthIssue(
            "RemovedMovieCheck",
            "error",
            f"{which} removed from TMDb: search for a replacement and delete the old entry",
            "movie-was-removed-from-tmdb",
        )
    ]


async def recompute_statuses(ctx: Context) -> int:
    """Move statuses along with the calendar (announced → inCinemas → released) without TMDB."""
    now = ctx.clock()
    async with ctx.db.write() as uow:
        rows = await uow.session.scalars(
            select(MovieMetadata).where(MovieMetadata.status.in_(("tba", "announced", "inCinemas")))
        )
        changed = 0
        for row in rows:
            status = metadata.movie_status(
                MovieInfo(
                    tmdb_id=row.tmdb_id,
                    title=row.title,
                    in_cinemas=row.in_cinemas,
                    physical_release=row.physical_release,
                    digital_release=row.digital_release,
                    tmdb_status="Planned" if row.status == "announced" else "",
                ),
                now,
            )
            if status != row.status and status != "tba":
                row.status = status
                changed += 1
    return changed


async def run_refresh_movie(ctx: Context, run: CommandRun) -> str:
    """The RefreshMovie command: ``{"movieIds": [...]}``, or the whole library."""
    movie_ids = run.body.get("movieIds") or ([run.body["movieId"]] if run.body.get("movieId") else None)
    try:
        outcome = await refresh_movies(ctx, movie_ids, progress=run.progress)
    except TmdbNotConfigured as exc:
        raise CommandFailed(str(exc)) from None
    except TmdbUnavailable as exc:
        raise CommandFailed(f"{exc}; the library is unchanged and the next refresh tries again") from None
    if outcome.unavailable:
        raise CommandFailed(
            f"TMDB failed for {outcome.unavailable} movie(s); they keep their metadata and "
            f"the next refresh tries again ({outcome.refreshed} refreshed)"
        )
    message = f"Refreshed {outcome.refreshed} movie(s) with {outcome.tmdb_requests} TMDB request(s)"
    if outcome.deleted_on_tmdb:
        message += f"; {outcome.deleted_on_tmdb} no longer on TMDB"
    return message


# ---------------------------------------------------------------- collections


async def refresh_collections(ctx: Context, collection_ids: list[int] | None = None) -> int:
    """Refresh collections from TMDB, store their movies, and add what monitored ones miss."""
    tmdb = await tmdb_client(ctx)
    async with ctx.db.read() as session:
        query = select(Collection.id, Collection.tmdb_id).order_by(Collection.id)
        if collection_ids is not None:
            query = query.where(Collection.id.in_(collection_ids))
        collections: list[tuple[int, int]] = [(cid, tid) for cid, tid in await session.execute(query)]
    added = 0
    for collection_id, collection_tmdb_id in collections:
        try:
            info = await tmdb.collection(collection_tmdb_id)
        except MovieNotFoundOnTmdb:
            continue
        now = ctx.clock()
        async with ctx.db.write() as uow:
            collection = await uow.session.get_one(Collection, collection_id)
            collection.title = info.title
            collection.clean_title = clean_title(info.title)
            collection.sort_title = sort_title(info.title)
            collection.overview = info.overview
            collection.images = info.images
            collection.last_info_sync = now
            known = {
                row.tmdb_id: row
                for row in await uow.session.scalars(
                    select(MovieMetadata).where(MovieMetadata.tmdb_id.in_([p.tmdb_id for p in info.parts]))
                )
            }
            for part in info.parts:
                row = known.get(part.tmdb_id)
                if row is None:
                    row = MovieMetadata(tmdb_id=part.tmdb_id, title=part.title)
                    uow.session.add(row)
                    await store_info(uow.session, row, part, now)
                row.collection_tmdb_id = info.tmdb_id
                row.collection_title = info.title
        if collection.monitored:
            added += await add_missing_from_collection(ctx, tmdb, collection_id)
    return added


async def add_missing_from_collection(ctx: Context, tmdb: TmdbClient, collection_id: int) -> int:
    """Add the collection's movies that are neither in the library nor excluded."""
    async with ctx.db.read() as session:
        collection = await session.get_one(Collection, collection_id)
        in_library = select(Movie.movie_metadata_id)
        missing = list(
            await session.scalars(
                select(MovieMetadata.tmdb_id).where(
                    MovieMetadata.collection_tmdb_id == collection.tmdb_id,
                    MovieMetadata.id.not_in(in_library),
                    MovieMetadata.tmdb_id.not_in(select(ImportExclusion.tmdb_id)),
                )
            )
        )
    if not missing or collection.quality_profile_id is None or not collection.root_folder_path:
        return 0
    added = 0
    for tmdb_id in missing:
        try:
            info = await tmdb.movie(tmdb_id)
        except MovieNotFoundOnTmdb:
            continue
        fields = MovieFields(
            tmdb_id=tmdb_id,
            title=info.title,
            quality_profile_id=collection.quality_profile_id,
            root_folder_path=collection.root_folder_path,
            monitored=True,
            minimum_availability=collection.minimum_availability,
            tags=list(collection.tags),
            add_options={"searchForMovie": collection.search_on_add, "addMethod": "collection"},
        )
        try:
            async with ctx.db.write() as uow:
                folders = await load_folders(uow.session, ctx.settings)
                await add_movie(uow, fields, info, folders=folders, commands=ctx.commands, now=ctx.clock())
        except ValidationFailed as exc:
            log.warning("could not add %s from collection %s: %s", info.title, collection.title, exc)
            continue
        added += 1
    return added


async def run_refresh_collections(ctx: Context, run: CommandRun) -> str:
    """The RefreshCollections command: ``{"collectionIds": [...]}``, or every collection."""
    try:
        added = await refresh_collections(ctx, run.body.get("collectionIds"))
    except (TmdbNotConfigured, TmdbUnavailable) as exc:
        raise CommandFailed(str(exc)) from None
    return f"Refreshed collections; added {added} missing movie(s)"


# ---------------------------------------------------------------- importing existing folders


@dataclass
class FolderMatch:
    """A folder found in a root folder and the TMDB movie it most likely holds."""

    name: str
    path: str
    movie: MovieInfo | None


def folder_search_terms(folder_name: str) -> tuple[str, int, int, str | None]:
    """Title, year, TMDB id and IMDb id read from a folder name such as ``Matrix.1999.1080p``."""
    parsed = parse_title(folder_name)
    if parsed is None:
        return folder_name, 0, 0, None
    return parsed.movie_title, parsed.year, parsed.tmdb_id, parsed.imdb_id


async def match_folder(tmdb: TmdbClient, folder_name: str, path: str | None = None) -> MovieInfo | None:
    """The TMDB movie a folder holds: by the id in its name, else by its title and year.

    One TMDB request per folder (a search result is enough to propose; adding fetches the
    details), so proposing a 3,000-folder root folder costs 3,000 requests, not 6,000. Folders
    Radarr's parser refuses are matched leniently (:func:`match_folder_leniently`).
    """
    if parse_title(folder_name) is None:
        return await match_folder_leniently(tmdb, folder_name, path)
    title, year, tmdb_id, imdb_id = folder_search_terms(folder_name)
    if tmdb_id:
        try:
            return await tmdb.movie(tmdb_id)
        except MovieNotFoundOnTmdb:
            return None
    if imdb_id:
        return await tmdb.movie_for_imdb(imdb_id)
    results = await tmdb.search(title, year or None)
    if not results and year:
        results = await tmdb.search(title)
    wanted = clean_title(title)
    exact = [r for r in results if clean_title(r.title) == wanted and (not year or abs(r.year - year) <= 1)]
    candidates = exact or results
    return candidates[0] if candidates else None


async def match_folder_leniently(tmdb: TmdbClient, folder_name: str, path: str | None) -> MovieInfo | None:
    """A folder whose name Radarr's parser refuses (``The_Matrix``, ``Inception.1080p.BluRay``):
    the folder name, then its largest video file's name, then that file's media info title, read
    leniently. With a year the search takes the one exact title within a year; without one, only
    a single TMDB result with exactly that clean title counts, so a guess never adds a wrong movie."""
    async for name in _names_for(folder_name, path):
        parsed = parse_title_lenient(name)
        if parsed is None:
            continue
        wanted = {clean_title(title) for title in parsed.movie_titles}
        results = await tmdb.search(parsed.movie_title, parsed.year or None)
        exact = [
            r
            for r in results
            if clean_title(r.title) in wanted and (not parsed.year or abs(r.year - parsed.year) <= 1)
        ]
        if len(exact) == 1:
            return exact[0]
    return None


async def _names_for(folder_name: str, path: str | None) -> AsyncIterator[str]:
    """The folder's name, then its largest video's name and media info title, each only if needed."""
    yield folder_name
    video = await asyncio.to_thread(_largest_video, path) if path else None
    if video is None:
        return
    yield video.name
    probe = await mediainfo.probe(video)
    if probe is not None and probe.title:
        yield probe.title


def _largest_video(folder: str) -> Path | None:
    try:
        files = [
            e for e in os.scandir(folder) if e.is_file() and Path(e.name).suffix.lower() in VIDEO_EXTENSIONS
        ]
    except OSError:
        return None
    return Path(max(files, key=lambda e: e.stat().st_size).path) if files else None


async def match_unmapped_folders(ctx: Context, root_folder_path: str) -> list[FolderMatch]:
    """Propose a TMDB movie for every folder of a root folder that no library movie uses."""
    tmdb = await tmdb_client(ctx)
    async with ctx.db.read() as session:
        used = set(await session.scalars(select(Movie.path)))
    folders = await asyncio.to_thread(_subfolders, root_folder_path)
    matches = []
    for folder in folders:
        if folder.path in used:
            continue
        matches.append(
            FolderMatch(folder.name, folder.path, await match_folder(tmdb, folder.name, folder.path))
        )
    return matches


def _subfolders(root: str) -> list[os.DirEntry[str]]:
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    return sorted(
        (e for e in entries if e.is_dir(follow_symlinks=True) and not e.name.startswith(".")),
        key=lambda e: e.name.lower(),
    )
