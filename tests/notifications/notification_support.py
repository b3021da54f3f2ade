"""A local receiver for webhooks and Apprise on 127.0.0.1, and a small library to notify about.

``Receiver.status`` sets what it answers (200 by default); every request is recorded with
its method, path, headers and body. Library rows are written straight to the database, as
the grab and import code would have left them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from local_server import serving
from reelarr.context import Context
from reelarr.events import Event
from reelarr.models import (
    HistoryRecord,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    ProviderDefinition,
    QualityProfile,
    Tag,
)
from reelarr.notifications.base import (
    EventType,
    FileFacts,
    HealthFacts,
    Message,
    MovieFacts,
    Notification,
    ReleaseFacts,
    RenamedFile,
)
from reelarr.versions import VERSION_KEY


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    query: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)


@dataclass
class Receiver:
    base_url: str = ""
    status: int = 200
    received: list[Received] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)  # path -> JSON answered there

    async def handle(self, request: Request) -> Response:
        raw = await request.body()
        try:
            body: Any = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        form = {}
        if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
        self.received.append(
            Received(
                request.method,
                request.url.path,
                dict(request.headers),
                body,
                dict(request.query_params),
                form,
            )
        )
        answer = self.answers.get(request.url.path)
        if answer is not None:
            return Response(json.dumps(answer), status_code=self.status, media_type="application/json")
        return Response("ok" if self.status < 400 else "no", status_code=self.status)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} requests, got {len(self.received)}")
            time.sleep(0.02)
        return self.received


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()
    app = Starlette(routes=[Route("/{path:path}", state.handle, methods=["GET", "POST", "PUT", "DELETE"])])
    with serving(app) as url:
        state.base_url = url
        yield state


# ---------------------------------------------------------------- one message per event

MATRIX = MovieFacts(
    id=1,
    title="The Matrix",
    year=1999,
    folder_path="/movies/The Matrix (1999)",
    tmdb_id=603,
    imdb_id="tt0133093",
    overview="A hacker learns what the Matrix is.",
    genres=("Action", "Science Fiction"),
    images=(
        {
            "coverType": "poster",
            "url": "/MediaCover/1/poster.jpg",
            "remoteUrl": "https://image.tmdb.org/p.jpg",
        },
        {
            "coverType": "fanart",
            "url": "/MediaCover/1/fanart.jpg",
            "remoteUrl": "https://image.tmdb.org/f.jpg",
        },
    ),
    tags=("uhd",),
)
GRABBED = ReleaseFacts(
    title="The.Matrix.1999.1080p.BluRay.x264-GROUP",
    indexer="Local Torznab",
    size=1460000000,
    quality="Bluray-1080p",
    quality_version=1,
    release_group="GROUP",
    custom_formats=((1, "x264"),),
    custom_format_score=10,
)
IMPORTED = FileFacts(
    id=5,
    relative_path="The Matrix (1999).mkv",
    path="/movies/The Matrix (1999)/The Matrix (1999).mkv",
    quality="Bluray-1080p",
    quality_version=2,
    release_group="GROUP",
    scene_name="The.Matrix.1999.1080p.BluRay.x264-GROUP",
    size=1460000000,
    media_info={"videoCodec": "x264", "audioCodec": "DTS", "audioChannels": 5.1, "audioLanguages": "eng"},
)
ISSUE = HealthFacts("IndexerStatusCheck", "warning", "Indexers unavailable due to failures: Local Torznab")
MESSAGES: dict[str, Message] = {
    "onGrab": Message(EventType.GRAB, movie=MATRIX, release=GRABBED),
    "onDownload": Message(EventType.DOWNLOAD, movie=MATRIX, release=GRABBED, file=IMPORTED),
    "onUpgrade": Message(EventType.DOWNLOAD, movie=MATRIX, release=GRABBED, file=IMPORTED, is_upgrade=True),
    "onRename": Message(
        EventType.RENAME,
        movie=MATRIX,
        renamed_files=(RenamedFile(IMPORTED, "matrix.mkv", "/movies/The Matrix (1999)/matrix.mkv"),),
    ),
    "onMovieAdded": Message(EventType.MOVIE_ADDED, movie=MATRIX),
    "onMovieDelete": Message(EventType.MOVIE_DELETE, movie=MATRIX, files_deleted=True),
    "onMovieFileDelete": Message(
        EventType.MOVIE_FILE_DELETE, movie=MATRIX, file=IMPORTED, delete_reason="manual"
    ),
    "onMovieFileDeleteForUpgrade": Message(
        EventType.MOVIE_FILE_DELETE, movie=MATRIX, file=IMPORTED, delete_reason="upgrade"
    ),
    "onHealthIssue": Message(EventType.HEALTH, health=ISSUE),
    "onHealthRestored": Message(EventType.HEALTH_RESTORED, health=ISSUE),
    "onManualInteractionRequired": Message(
        EventType.MANUAL_INTERACTION_REQUIRED,
        movie=MATRIX,
        release=GRABBED,
        download_status="warning",
        download_status_messages=("No files found are eligible for import",),
    ),
}
IMDB = "https://www.imdb.com/title/tt0133093/"
# Radarr's (title, message) for each event, as its push services send them.
TEXTS: dict[str, tuple[str, str]] = {
    "onGrab": ("Movie Grabbed", f"The Matrix (1999) [Bluray-1080p] {IMDB}"),
    "onDownload": ("Movie Downloaded", f"The Matrix (1999) [Bluray-1080p Proper] {IMDB}"),
    "onUpgrade": ("Movie Downloaded", f"The Matrix (1999) [Bluray-1080p Proper] {IMDB}"),
    "onMovieAdded": ("Movie Added", "The Matrix added to library"),
    "onMovieDelete": ("Movie Deleted", "The Matrix - Movie removed and all files were deleted"),
    "onMovieFileDelete": ("Movie File Deleted", f"The Matrix (1999) [Bluray-1080p Proper] {IMDB}"),
    "onMovieFileDeleteForUpgrade": (
        "Movie File Deleted",
        f"The Matrix (1999) [Bluray-1080p Proper] {IMDB}",
    ),
    "onHealthIssue": ("Health Check Failure", "Indexers unavailable due to failures: Local Torznab"),
    "onHealthRestored": (
        "Health Check Restored",
        "The following issue is now resolved: Indexers unavailable due to failures: Local Torznab",
    ),
    "onManualInteractionRequired": ("Manual Interaction", "No files found are eligible for import"),
}


def supported_events(implementation: str) -> list[str]:
    """The switches an implementation supports, from its schema (so a new switch is tested too)."""
    from reelarr.notifications import NOTIFICATIONS

    kind = NOTIFICATIONS.implementation(implementation)
    assert issubclass(kind, Notification)
    switches = ["on" + "".join(p.capitalize() for p in s.split("_")[1:]) for s in sorted(kind.supported)]
    return [s for s in switches if s in MESSAGES]


def deliver(client: TestClient, implementation: str, fields: dict[str, Any], message: Message) -> None:
    """Send ``message`` through a provider built from Radarr-style fields, on the app's own loop."""
    from reelarr.notifications import NOTIFICATIONS
    from reelarr.providers import Definition, settings_from_fields

    kind = NOTIFICATIONS.implementation(implementation)
    settings = settings_from_fields(
        kind.settings_model, [{"name": k, "value": v} for k, v in fields.items()]
    ).model_dump(by_alias=True)
    provider = kind(Definition(1, implementation, implementation, settings, {}, True, 0, ()))
    assert isinstance(provider, Notification)
    client.portal.call(provider.send, context_of(client), message)  # type: ignore[union-attr]


# ---------------------------------------------------------------- the app and its library


def context_of(client: TestClient) -> Context:
    ctx: Context = client.app.state.ctx  # type: ignore[attr-defined]
    return ctx


def publish(client: TestClient, event: Event) -> None:
    """Publish on the app's own loop, as the grab and import code do."""
    client.portal.call(context_of(client).bus.publish, event)  # type: ignore[union-attr]


def add_notification(client: TestClient, implementation: str, fields: dict[str, Any], **switches: Any) -> int:
    body = {
        "name": switches.pop("name", implementation),
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "fields": [{"name": key, "value": value} for key, value in fields.items()],
        "tags": switches.pop("tags", []),
        **switches,
    }
    response = client.post("/api/v3/notification", json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def add_tag(client: TestClient, label: str) -> int:
    async def write() -> int:
        async with context_of(client).db.write() as uow:
            tag = Tag(label=label)
            uow.session.add(tag)
            await uow.session.flush()
            return tag.id

    return int(client.portal.call(write))  # type: ignore[union-attr]


def add_movie(client: TestClient, root: str, *, tags: tuple[int, ...] = ()) -> int:
    """The Matrix (1999) in the library, without a file."""

    async def write() -> int:
        async with context_of(client).db.write() as uow:
            session = uow.session
            profile_id = await session.scalar(select(QualityProfile.id).order_by(QualityProfile.id).limit(1))
            meta = MovieMetadata(
                tmdb_id=603,
                imdb_id="tt0133093",
                title="The Matrix",
                clean_title="thematrix",
                year=1999,
                overview="A hacker learns what the Matrix is.",
                genres=["Action", "Science Fiction"],
                images=[{"coverType": "poster", "remoteUrl": "https://image.tmdb.org/t/p/original/m.jpg"}],
                in_cinemas=dt.datetime(1999, 3, 30, tzinfo=dt.UTC),
                physical_release=dt.datetime(1999, 9, 21, tzinfo=dt.UTC),
            )
            session.add(meta)
            await session.flush()
            movie = Movie(movie_metadata_id=meta.id, path=f"{root}/The Matrix (1999)", tags=list(tags))
            session.add(movie)
            await session.flush()
            session.add(MovieVersion(movie_id=movie.id, quality_profile_id=profile_id))
            return movie.id

    return int(client.portal.call(write))  # type: ignore[union-attr]


BLURAY_1080P = {
    "quality": {"id": 7, "name": "Bluray-1080p", "source": "bluray", "resolution": 1080, "modifier": "none"},
    "revision": {"version": 1, "real": 0, "isRepack": False},
}
WEBDL_720P = {
    "quality": {"id": 5, "name": "WEBDL-720p", "source": "webdl", "resolution": 720, "modifier": "none"},
    "revision": {"version": 1, "real": 0, "isRepack": False},
}


def record_grab(
    client: TestClient,
    movie_id: int,
    download_id: str,
    title: str,
    quality: dict[str, Any],
    *,
    version_id: int | None = None,
) -> None:
    """The ``grabbed`` history row (as ``reelarr.history.grabbed`` writes it, for the version
    ``version_id`` or the default one) and its download client."""

    async def write() -> None:
        async with context_of(client).db.write() as uow:
            client_name = "qBittorrent (movies)"
            known = await uow.session.scalar(
                select(ProviderDefinition.id).where(ProviderDefinition.name == client_name)
            )
            if known is None:
                uow.session.add(
                    ProviderDefinition(kind="downloadclient", name=client_name, implementation="QBittorrent")
                )
            uow.session.add(
                HistoryRecord(
                    movie_id=movie_id,
                    event_type="grabbed",
                    source_title=title,
                    quality=quality,
                    languages=[1],
                    download_id=download_id,
                    data={
                        "indexer": "Local Torznab",
                        "size": "1460000000",
                        "releaseGroup": "",  # empty, as in older records: read from the title
                        "downloadClient": "qBittorrent (movies)",
                        "downloadClientName": "qBittorrent (movies)",
                        "protocol": "torrent",
                        "indexerFlags": "1",
                        **({VERSION_KEY: str(version_id)} if version_id else {}),
                    },
                )
            )

    client.portal.call(write)  # type: ignore[union-attr]


def record_import(
    client: TestClient,
    movie_id: int,
    download_id: str,
    name: str,
    quality: dict[str, Any],
    *,
    replaces: str = "",
) -> int:
    """What an import leaves: the old file's deletion (on upgrade), the new file, its history."""

    async def write() -> int:
        async with context_of(client).db.write() as uow:
            session = uow.session
            version_id = await session.scalar(
                select(MovieVersion.id).where(MovieVersion.movie_id == movie_id)
            )
            if replaces:
                old = await session.scalar(select(MovieFile).where(MovieFile.movie_id == movie_id))
                await session.delete(old)
                session.add(
                    HistoryRecord(
                        movie_id=movie_id,
                        event_type="movieFileDeleted",
                        source_title=replaces,
                        quality=WEBDL_720P,
                        languages=[1],
                        data={"reason": "Upgrade"},
                    )
                )
                await session.flush()
            movie_file = MovieFile(
                movie_id=movie_id,
                version_id=version_id,
                relative_path=name,
                size=1460000000,
                scene_name=name.rsplit(".", 1)[0],
                release_group="GROUP",
                quality=quality,
                languages=[1],
                media_info={
                    "audioChannels": 5.1,
                    "audioCodec": "DTS",
                    "audioLanguages": "eng",
                    "resolution": "1920x800",
                    "subtitles": "eng/fre",
                    "videoCodec": "x264",
                    "videoDynamicRange": "",
                    "videoDynamicRangeType": "",
                },
            )
            session.add(movie_file)
            await session.flush()
            session.add(
                HistoryRecord(
                    movie_id=movie_id,
                    event_type="downloadFolderImported",
                    source_title=name,
                    quality=quality,
                    languages=[1],
                    download_id=download_id,
                    data={"droppedPath": f"/downloads/{name}", "importedPath": name},
                )
            )
            return movie_file.id

    return int(client.portal.call(write))  # type: ignore[union-attr]


def settle(client: TestClient) -> None:
    """Wait until the notifications under way have been sent."""

    async def idle() -> None:
        for _ in range(500):
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            if not any("_logged" in repr(t.get_coro()) for t in pending):
                return
            await asyncio.sleep(0.01)

    client.portal.call(idle)  # type: ignore[union-attr]
