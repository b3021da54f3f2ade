"""Versions of a movie: a 2160p copy and a 1080p copy of one movie in one library.

Every movie has a default version (the one API v3's movie resource shows); more versions each
have their own name, quality profile, monitored flag, optional folder and file. A version with
no folder of its own keeps its file in the movie's folder under a name that tells the versions
apart (``Movie (2020) - 4K.mkv``, see :func:`file_name_suffix`). The version defaults setting
lists the versions a new movie gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, Field
from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import settings as settings_store
from reelarr.db import UnitOfWork
from reelarr.errors import NotFound, ValidationFailed
from reelarr.events import MovieUpdated
from reelarr.models import Movie, MovieFile, MovieVersion, QualityProfile
from reelarr.paths import Folders, movie_path_problem
from reelarr.settings import SECTION_CONFIG, Section

# Names travel in URLs (``/version/4k/api/v3``) and file names: letters, digits, a few marks.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._+-]{0,39}$")


class VersionDefault(BaseModel):
    """One version new movies get; ``tags`` limits it to movies with one of them."""

    model_config = SECTION_CONFIG
    name: str
    quality_profile_id: int
    root_folder_path: str | None = None
    tags: list[int] = Field(default_factory=list)


class VersionDefaults(Section):
    """The versions a new movie gets. Empty: one default version with the profile the add asked for.

    The first entry that applies names the default version, whose profile is the one the add
    asked for (clients such as Overseerr send it); the others are added beside it.
    """

    section: ClassVar[str] = "versions"
    versions: list[VersionDefault] = Field(default_factory=list)


@dataclass
class VersionFields:
    """What a client may set on a version."""

    name: str
    quality_profile_id: int
    monitored: bool = True
    path: str | None = None


def name_problem(name: str) -> str | None:
    if not NAME_PATTERN.match(name):
        return "Name must be 1 to 40 letters, digits, spaces or . _ + -, starting with a letter or digit"
    return None


async def _problems(
    session: AsyncSession,
    movie: Movie,
    fields: VersionFields,
    folders: Folders,
    *,
    version_id: int | None = None,
    is_default: bool = False,
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not (is_default and fields.name == "") and (problem := name_problem(fields.name)):
        problems.append(("name", problem))
    if not problems and await _name_taken(session, movie.id, fields.name, version_id):
        problems.append(("name", f"The movie already has a version named '{fields.name}'"))
    if await session.get(QualityProfile, fields.quality_profile_id) is None:
        problems.append(("qualityProfileId", f"Quality profile {fields.quality_profile_id} does not exist"))
    if fields.path and fields.path != movie.path:
        if is_default:
            problems.append(
                ("path", "The default version lives in the movie's folder; change the movie's path")
            )
        elif problem := movie_path_problem(fields.path, folders):
            problems.append(("path", problem))
        elif await _path_taken(session, fields.path, version_id):
            problems.append(("path", f"Path '{fields.path}' is already configured for another movie"))
    return problems


async def _name_taken(session: AsyncSession, movie_id: int, name: str, version_id: int | None) -> bool:
    clash = await session.scalar(
        select(MovieVersion.id).where(
            MovieVersion.movie_id == movie_id,
            func.lower(MovieVersion.name) == name.lower(),
            MovieVersion.id != (version_id or 0),
        )
    )
    return clash is not None


async def _path_taken(session: AsyncSession, path: str, version_id: int | None) -> bool:
    by_movie = await session.scalar(select(Movie.id).where(Movie.path == path))
    by_version = await session.scalar(
        select(MovieVersion.id).where(MovieVersion.path == path, MovieVersion.id != (version_id or 0))
    )
    return by_movie is not None or by_version is not None


async def add_version(uow: UnitOfWork, movie_id: int, fields: VersionFields, folders: Folders) -> int:
    session = uow.session
    movie = await session.get(Movie, movie_id)
    if movie is None:
        raise ValidationFailed(("movieId", f"Movie {movie_id} does not exist"))
    if problems := await _problems(session, movie, fields, folders):
        raise ValidationFailed(*problems)
    version = MovieVersion(
        movie_id=movie_id,
        name=fields.name,
        is_default=False,
        quality_profile_id=fields.quality_profile_id,
        monitored=fields.monitored,
        path=fields.path if fields.path and fields.path != movie.path else None,
    )
    session.add(version)
    await session.flush()
    uow.publish(MovieUpdated(movie_id))
    return version.id


async def update_version(uow: UnitOfWork, version_id: int, fields: VersionFields, folders: Folders) -> None:
    """Change a version. The default version's monitored flag is the movie's."""
    session = uow.session
    version = await session.get(MovieVersion, version_id)
    if version is None:
        raise NotFound("Movie version", version_id)
    movie = await session.get_one(Movie, version.movie_id)
    problems = await _problems(
        session, movie, fields, folders, version_id=version_id, is_default=version.is_default
    )
    if problems:
        raise ValidationFailed(*problems)
    version.name = fields.name
    version.quality_profile_id = fields.quality_profile_id
    if version.is_default:
        movie.monitored = fields.monitored
    else:
        version.monitored = fields.monitored
        version.path = fields.path if fields.path and fields.path != movie.path else None
    uow.publish(MovieUpdated(movie.id))


async def deletable_version(session: AsyncSession, version_id: int) -> tuple[MovieVersion, MovieFile | None]:
    """The version to delete and its file; the default version is refused."""
    version = await session.get(MovieVersion, version_id)
    if version is None:
        raise NotFound("Movie version", version_id)
    if version.is_default:
        raise ValidationFailed(("isDefault", "The default version cannot be deleted"))
    file = await session.scalar(select(MovieFile).where(MovieFile.version_id == version_id))
    return version, file


async def delete_version(uow: UnitOfWork, version_id: int) -> None:
    """Remove a version that is not the default, forgetting its file (the caller recycles it
    first when asked). The other versions and their files stay."""
    version, file = await deletable_version(uow.session, version_id)
    if file is not None:
        await uow.session.delete(file)
    await uow.session.delete(version)
    uow.publish(MovieUpdated(version.movie_id))


# ---------------------------------------------------------------- grabs and their version

# Where a history record's data says which movie version it is for; absent: the default version.
VERSION_KEY = "movieVersionId"


def version_of(record: Any) -> int | None:
    """The movie version a history record is for; None for the default version (and records
    from before versions)."""
    value = (record.data or {}).get(VERSION_KEY) if record is not None else None
    return int(value) if value and str(value).isdigit() else None


# ---------------------------------------------------------------- defaults for new movies


def applying_defaults(defaults: VersionDefaults, tags: list[int]) -> list[VersionDefault]:
    """The default entries for a movie with ``tags``: untagged entries, and tagged ones it matches."""
    return [d for d in defaults.versions if not d.tags or set(d.tags) & set(tags)]


async def add_default_versions(session: AsyncSession, movie: Movie, default: MovieVersion) -> None:
    """Name the new movie's default version and add the others from the version defaults.

    A version with a root folder of its own lives in a folder of the movie's name there.
    """
    entries = applying_defaults(await settings_store.load(session, VersionDefaults), movie.tags)
    if not entries:
        return
    default.name = entries[0].name
    for entry in entries[1:]:
        path = str(Path(entry.root_folder_path) / Path(movie.path).name) if entry.root_folder_path else None
        session.add(
            MovieVersion(
                movie_id=movie.id,
                name=entry.name,
                is_default=False,
                quality_profile_id=entry.quality_profile_id,
                monitored=True,
                path=path,
            )
        )


async def defaults_problems(session: AsyncSession, defaults: VersionDefaults) -> list[tuple[str, str]]:
    """Why a version defaults setting cannot be saved."""
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    profiles = set(await session.scalars(select(QualityProfile.id)))
    for index, entry in enumerate(defaults.versions):
        if problem := name_problem(entry.name):
            problems.append((f"versions[{index}].name", problem))
        if entry.name.lower() in seen:
            problems.append((f"versions[{index}].name", f"'{entry.name}' is listed twice"))
        seen.add(entry.name.lower())
        if entry.quality_profile_id not in profiles:
            problems.append(
                (
                    f"versions[{index}].qualityProfileId",
                    f"Quality profile {entry.quality_profile_id} does not exist",
                )
            )
    return problems


# ---------------------------------------------------------------- file names


def file_name_suffix(version_name: str, version_count: int, file_format: str) -> str:
    """Plex's and Jellyfin's multi-version form: `` - 4K`` after the name, when ``version_count``
    versions share the folder and the naming format does not place ``{Version}`` itself."""
    if version_count < 2 or not version_name or "{version" in file_format.lower():
        return ""
    return f" - {version_name}"


async def folder_sharers(session: AsyncSession) -> dict[int, int]:
    """For each version that shares its folder with another version of its movie, how many
    versions live in that folder (absent: the version is alone there and needs no suffix).

    Versions without a folder of their own live in the movie's folder; one with its own folder
    (a separate Plex library) is alone there unless another version names the same folder."""
    folder = func.coalesce(MovieVersion.path, Movie.path)
    shared = (
        select(MovieVersion.movie_id, folder.label("folder"), func.count(MovieVersion.id).label("sharers"))
        .join(Movie, Movie.id == MovieVersion.movie_id)
        .group_by(MovieVersion.movie_id, folder)
        .having(func.count(MovieVersion.id) > 1)
        .subquery()
    )
    rows = await session.execute(
        select(MovieVersion.id, shared.c.sharers)
        .join(Movie, Movie.id == MovieVersion.movie_id)
        .join(shared, and_(shared.c.movie_id == MovieVersion.movie_id, shared.c.folder == folder))
    )
    return {version_id: sharers for version_id, sharers in rows}
