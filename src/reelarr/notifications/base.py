"""What every notification shares: the message it is handed, Radarr's event switches, and ``test()``.

A :class:`Message` carries plain facts read from the database beforehand (the movie, the
release, the file), so an implementation only formats and sends: the webhook as Radarr's
JSON, Apprise as a title and a body, the custom script as Radarr's environment variables.
Facts nobody knows (the indexer of a release grabbed before history was kept) stay ``None``.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import httpx

from reelarr.languages import Language
from reelarr.providers import Provider

if TYPE_CHECKING:
    from reelarr.context import Context


class EventType(enum.StrEnum):
    """Radarr's ``eventType`` values, as the webhook and the custom script name them."""

    GRAB = "Grab"
    DOWNLOAD = "Download"
    RENAME = "Rename"
    MOVIE_ADDED = "MovieAdded"
    MOVIE_DELETE = "MovieDelete"
    MOVIE_FILE_DELETE = "MovieFileDelete"
    HEALTH = "Health"
    HEALTH_RESTORED = "HealthRestored"
    APPLICATION_UPDATE = "ApplicationUpdate"
    MANUAL_INTERACTION_REQUIRED = "ManualInteractionRequired"
    TEST = "Test"


# The switch (a NotificationResource ``onX`` field, snake-cased) each event answers to.
SWITCH_OF: dict[EventType, str] = {
    EventType.GRAB: "on_grab",
    EventType.DOWNLOAD: "on_download",
    EventType.RENAME: "on_rename",
    EventType.MOVIE_ADDED: "on_movie_added",
    EventType.MOVIE_DELETE: "on_movie_delete",
    EventType.MOVIE_FILE_DELETE: "on_movie_file_delete",
    EventType.HEALTH: "on_health_issue",
    EventType.HEALTH_RESTORED: "on_health_restored",
    EventType.APPLICATION_UPDATE: "on_application_update",
    EventType.MANUAL_INTERACTION_REQUIRED: "on_manual_interaction_required",
}
SWITCHES: tuple[str, ...] = (
    "on_grab",
    "on_download",
    "on_upgrade",
    "on_rename",
    "on_movie_added",
    "on_movie_delete",
    "on_movie_file_delete",
    "on_movie_file_delete_for_upgrade",
    "on_health_issue",
    "on_health_restored",
    "on_application_update",
    "on_manual_interaction_required",
)


@dataclass(frozen=True)
class MovieFacts:
    id: int
    title: str
    year: int | None = None
    folder_path: str | None = None
    tmdb_id: int | None = None
    imdb_id: str | None = None
    overview: str | None = None
    genres: tuple[str, ...] = ()
    images: tuple[dict[str, Any], ...] = ()  # Radarr's covers: coverType, url, remoteUrl
    tag_ids: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()  # the tags' labels
    original_language: Language | None = None
    in_cinemas: dt.date | None = None
    physical_release: dt.date | None = None
    digital_release: dt.date | None = None

    @property
    def release_date(self) -> dt.date | None:
        """The date Radarr's payload calls ``releaseDate``: the home release, else the cinema one."""
        return self.physical_release or self.digital_release or self.in_cinemas

    @property
    def title_year(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class ReleaseFacts:
    title: str | None
    indexer: str | None = None
    size: int | None = None
    quality: str | None = None
    quality_version: int | None = None
    release_group: str | None = None
    languages: tuple[Language, ...] = ()
    custom_formats: tuple[tuple[int, str], ...] = ()  # (id, name)
    custom_format_score: int | None = None
    indexer_flags: tuple[str, ...] = ()
    download_client: str | None = None  # the user's name for it
    download_client_type: str | None = None  # its implementation: qBittorrent, SABnzbd...
    download_id: str | None = None


@dataclass(frozen=True)
class FileFacts:
    id: int
    relative_path: str
    path: str | None = None
    quality: str | None = None
    quality_version: int | None = None
    release_group: str | None = None
    scene_name: str | None = None
    size: int | None = None
    date_added: dt.datetime | None = None
    languages: tuple[Language, ...] = ()
    media_info: dict[str, Any] | None = None  # the movie file's stored ``mediaInfo`` resource
    source_path: str | None = None  # where the import took it from
    indexer_flags: int = 0


@dataclass(frozen=True)
class RenamedFile:
    file: FileFacts
    previous_relative_path: str
    previous_path: str


@dataclass(frozen=True)
class VersionFacts:
    """The version of a movie with several versions that the event is about ("4K", "1080p")."""

    id: int
    name: str


@dataclass(frozen=True)
class HealthFacts:
    source: str  # the check: IndexerStatusCheck, RootFolderCheck...
    level: str  # notice, warning or error
    message: str
    wiki_url: str | None = None


@dataclass(frozen=True)
class Message:
    """One thing worth telling the user, with every fact the implementations may show."""

    event: EventType
    movie: MovieFacts | None = None
    release: ReleaseFacts | None = None
    file: FileFacts | None = None
    is_upgrade: bool = False
    replaced_files: tuple[FileFacts, ...] = ()  # what an upgrade replaced
    renamed_files: tuple[RenamedFile, ...] = ()
    delete_reason: str | None = None  # movie file delete: manual, upgrade, missingFromDisk...
    files_deleted: bool = False  # movie delete: the folder went too
    movie_folder_size: int | None = None
    add_method: str = "manual"  # movie added: manual, list or collection
    health: HealthFacts | None = None
    download_status: str | None = None  # manual interaction required: warning or error
    download_status_messages: tuple[str, ...] = ()
    # Set only when the movie has several versions: which one the grab, import or deletion is for.
    version: VersionFacts | None = None

    @property
    def movie_label(self) -> str:
        """``Title (Year)``, with `` - 4K`` when the event is about one of several versions."""
        label = self.movie.title_year if self.movie else ""
        return f"{label} - {self.version.name}" if self.version and self.version.name and label else label

    @property
    def subject(self) -> str:
        """A short title, as chat services and e-mail show one."""
        if self.event is EventType.DOWNLOAD:
            return "Movie Upgraded" if self.is_upgrade else "Movie Downloaded"
        return SUBJECTS[self.event]

    @property
    def text(self) -> str:
        """One or two lines a person reads on a phone."""
        movie = self.movie_label
        quality = self.file.quality if self.file else self.release.quality if self.release else None
        tail = f" [{quality}]" if quality else ""
        match self.event:
            case EventType.GRAB | EventType.TEST:
                source = self.release.indexer if self.release else None
                return f"{movie}{tail}" + (f" from {source}" if source else "")
            case EventType.DOWNLOAD:
                name = self.file.relative_path if self.file else ""
                return f"{movie}{tail}\n{name}".strip()
            case EventType.MOVIE_FILE_DELETE:
                name = self.file.relative_path if self.file else ""
                return f"{movie}: {name} ({self.delete_reason or 'deleted'})"
            case EventType.HEALTH | EventType.HEALTH_RESTORED:
                return self.health.message if self.health else ""
            case EventType.MANUAL_INTERACTION_REQUIRED:
                details = "; ".join(self.download_status_messages)
                return f"{movie}: {details}" if details else movie
            case _:
                return movie

    @property
    def title(self) -> str:
        """The title Radarr's push services (Pushover, Gotify, Telegram...) give this event."""
        if self.event is EventType.MANUAL_INTERACTION_REQUIRED:
            return "Manual Interaction"
        return "Movie Downloaded" if self.event is EventType.DOWNLOAD else self.subject

    @property
    def body(self) -> str:
        """The text Radarr's push services send: ``Title (Year) [Quality] IMDb link`` for a file."""
        movie = self.movie
        match self.event:
            case EventType.TEST:
                return TEST_BODY
            case EventType.GRAB | EventType.DOWNLOAD | EventType.MOVIE_FILE_DELETE if movie is not None:
                facts = self.file if self.event is not EventType.GRAB and self.file else self.release
                quality = (facts.quality if facts else None) or "Unknown"
                if facts is not None and (facts.quality_version or 1) > 1:
                    quality += " Proper"
                imdb = f"https://www.imdb.com/title/{movie.imdb_id or ''}/"
                version = f" - {self.version.name}" if self.version and self.version.name else ""
                return f"{movie.title} ({movie.year or 0}){version} [{quality}] {imdb}"
            case EventType.MOVIE_ADDED if movie is not None:
                return f"{movie.title} added to library"
            case EventType.MOVIE_DELETE if movie is not None:
                done = "all files were deleted" if self.files_deleted else "files were not deleted"
                gone = "Movie removed and " + done if self.files_deleted else "Movie removed, " + done
                return f"{movie.title} - {gone}"
            case EventType.HEALTH:
                return self.health.message if self.health else ""
            case EventType.HEALTH_RESTORED:
                return f"The following issue is now resolved: {self.health.message if self.health else ''}"
            case EventType.MANUAL_INTERACTION_REQUIRED:
                messages = "\n".join(self.download_status_messages)
                return messages or (self.release.title if self.release and self.release.title else "")
            case _:
                return self.text


TEST_BODY = "This is a test message from Reelarr"
SUBJECTS: dict[EventType, str] = {
    EventType.GRAB: "Movie Grabbed",
    EventType.RENAME: "Movie Renamed",
    EventType.MOVIE_ADDED: "Movie Added",
    EventType.MOVIE_DELETE: "Movie Deleted",
    EventType.MOVIE_FILE_DELETE: "Movie File Deleted",
    EventType.HEALTH: "Health Check Failure",
    EventType.HEALTH_RESTORED: "Health Check Restored",
    EventType.APPLICATION_UPDATE: "Application Updated",
    EventType.MANUAL_INTERACTION_REQUIRED: "Manual Interaction Required",
    EventType.TEST: "Test Notification",
}


def test_message() -> Message:
    """Radarr's Test event: a made-up grab, so a receiver sees every field it will get."""
    return Message(
        EventType.TEST,
        movie=MovieFacts(
            id=1,
            title="Test Title",
            year=1970,
            folder_path="/movies/Test Title (1970)",
            tmdb_id=0,
            tags=("test-tag",),
            physical_release=dt.date(1970, 1, 1),
        ),
        release=ReleaseFacts(
            title="Test.Title.1970.1080p.BluRay.x264-TestGroup",
            indexer="Test Indexer",
            size=9999999,
            quality="Test Quality",
            quality_version=1,
            release_group="Test Group",
            custom_format_score=0,
        ),
    )


class NotificationError(Exception):
    """A delivery that failed, with the settings field to blame and a message a user can act on."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


# Radarr's MetadataLinkType: the links Telegram, Gotify and Pushcut may add under a message.
METADATA_LINK_OPTIONS: tuple[tuple[int, str], ...] = ((0, "TMDb"), (1, "IMDb"), (2, "Trakt"))


def metadata_links(movie: MovieFacts | None, kinds: Sequence[int]) -> list[tuple[int, str, str]]:
    """(kind, label, URL) of each chosen link the movie has an id for, in the order chosen."""
    links: list[tuple[int, str, str]] = []
    for kind in kinds if movie is not None else ():
        assert movie is not None
        if kind == 0 and movie.tmdb_id:
            links.append((kind, "TMDb", f"https://www.themoviedb.org/movie/{movie.tmdb_id}"))
        elif kind == 1 and movie.imdb_id:
            links.append((kind, "IMDb", f"https://www.imdb.com/title/{movie.imdb_id}"))
        elif kind == 2 and movie.tmdb_id:
            links.append((kind, "Trakt", f"https://trakt.tv/search/tmdb/{movie.tmdb_id}?id_type=movie"))
    return links


def poster_url(movie: MovieFacts | None) -> str | None:
    """The movie's poster on the metadata service, for the services that show one."""
    images = movie.images if movie else ()
    return next((i.get("remoteUrl") for i in images if i.get("coverType") == "poster"), None)


def enum_name(value: str | None) -> str:
    """Radarr's C# enum name (``MissingFromDisk``, ``Warning``) from our camel-cased value.

    Radarr's JSON payloads camel-case enums, but the custom script and Discord show
    ``ToString()``, the name as declared."""
    return (value or "")[:1].upper() + (value or "")[1:]


def map_path(path: str, map_from: str, map_to: str) -> str:
    """``path`` under ``map_to`` instead of ``map_from``, for a media server that mounts the
    library elsewhere (``map_to`` may be a Windows path); unchanged when not under ``map_from``."""
    if not map_to.strip() or not PurePosixPath(path).is_relative_to(PurePosixPath(map_from)):
        return path
    rest = PurePosixPath(path).relative_to(PurePosixPath(map_from)).parts
    if "\\" in map_to or map_to[1:2] == ":":
        return str(PureWindowsPath(map_to, *rest))
    return str(PurePosixPath(map_to, *rest))


TIMEOUT_SECONDS = 20.0
ERROR_SHOWN = 200  # characters of a service's error answer shown to the user


async def request(
    ctx: Context,
    method: str,
    url: str,
    *,
    service: str,
    field: str,
    auth_field: str = "",
    accepted: Sequence[int] = (),
    **kwargs: Any,
) -> httpx.Response:
    """One request to a notification service, with what went wrong said in words a user can act on.

    Deliveries are never retried here (a retried POST may notify twice); the provider back-off
    handles a service that is down. ``field`` is blamed for an unreachable or failing service,
    ``auth_field`` (when given) for refused credentials. ``accepted`` error statuses are not failures.
    """
    host = urlsplit(url).netloc
    try:
        response = await ctx.http.request(
            method, url, timeout=TIMEOUT_SECONDS, retry_transient=False, **kwargs
        )
    except httpx.TimeoutException:
        message = f"{service} did not answer within {TIMEOUT_SECONDS:.0f} seconds"
        raise NotificationError(message, field) from None
    except httpx.HTTPError as exc:
        raise NotificationError(
            f"Cannot reach {host} ({type(exc).__name__}): is the service running and the URL right?", field
        ) from None
    if response.status_code in accepted:
        return response
    if response.status_code in (401, 403):
        raise NotificationError(
            f"{service} refused the credentials (HTTP {response.status_code})", auth_field or field
        )
    if response.status_code >= 400:
        detail = response.text.strip()[:ERROR_SHOWN]
        raise NotificationError(
            f"{service} answered HTTP {response.status_code}" + (f": {detail}" if detail else ""), field
        )
    return response


class Notification(Provider):
    """Base of the notification implementations: override :meth:`send`."""

    kind = "notification"
    # The switches this implementation honours; the others show as unsupported in the resource.
    supported: ClassVar[frozenset[str]] = frozenset(SWITCHES) - {"on_application_update"}

    async def send(self, ctx: Context, message: Message) -> None:
        """Deliver ``message``; raise :class:`NotificationError` when it did not arrive."""
        raise NotImplementedError

    async def test(self, ctx: Context) -> list[tuple[str, str]]:
        try:
            await self.send(ctx, test_message())
        except NotificationError as exc:
            return [(exc.field, str(exc))]
        return []

    @classmethod
    def resource_extras(cls) -> dict[str, Any]:
        return {
            "link": cls.info_link,
            **{_supports_field(switch): switch in cls.supported for switch in SWITCHES},
        }


def _supports_field(switch: str) -> str:
    """``on_movie_added`` -> ``supportsOnMovieAdded``."""
    return "supports" + "".join(part.capitalize() for part in switch.split("_"))
