"""From domain events to notifications: gather the facts, pick the notifications, send.

:class:`Notifier` holds one handler per domain event (subscribed in ``app.py``). A handler
returns at once; the facts are read and the messages sent in a background task, so a slow
or dead service never holds up a grab or an import. :func:`dispatch` sends one message to
every notification whose switch is on and whose tags match the movie's, concurrently; a
failure is logged and backs the notification off on the provider schedule.

Events carry ids only; the rest is read here: the movie, its tags and file, and the release
from the ``grabbed`` history row of the same download (fields unknown stay ``None``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import languages, versions
from reelarr.context import Context
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.errors import ValidationFailed
from reelarr.events import (
    HealthChanged,
    MovieAdded,
    MovieDeleted,
    MovieFileDeleted,
    MovieGrabbed,
    MovieImported,
    MovieRenamed,
)
from reelarr.health import HealthIssue
from reelarr.indexers import IndexerFlag
from reelarr.models import (
    CustomFormat,
    HistoryRecord,
    Movie,
    MovieFile,
    MovieMetadata,
    MovieVersion,
    ProviderDefinition,
    Tag,
)
from reelarr.notifications import NOTIFICATIONS, NotificationOptions
from reelarr.notifications.base import (
    SWITCH_OF,
    EventType,
    FileFacts,
    HealthFacts,
    Message,
    MovieFacts,
    Notification,
    NotificationError,
    ReleaseFacts,
    RenamedFile,
    VersionFacts,
)
from reelarr.notifications.slack import SlackSettings
from reelarr.parser import parse_title
from reelarr.providers import Definition, definitions, is_blocked, record_failure, record_success, statuses

log = logging.getLogger(__name__)

# Radarr's history event types (the API's spelling), as grabs and imports record them.
GRABBED = "grabbed"
IMPORTED = "downloadFolderImported"
FILE_DELETED = "movieFileDeleted"
SHUTDOWN_GRACE_SECONDS = 10.0


class Notifier:
    """The event handlers, and the deliveries still under way (awaited on shutdown)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._pending: set[asyncio.Task[None]] = set()
        self._failing: dict[str, HealthFacts] = {}  # health check source -> its current issue

    def movie_grabbed(self, event: MovieGrabbed) -> None:
        self._later(self._send(grab_message, event))

    def movie_imported(self, event: MovieImported) -> None:
        self._later(self._send(import_message, event))

    def movie_added(self, event: MovieAdded) -> None:
        self._later(self._send(movie_added_message, event))

    def movie_deleted(self, event: MovieDeleted) -> None:
        self._later(dispatch(self._ctx, movie_deleted_message(event)))

    def movie_file_deleted(self, event: MovieFileDeleted) -> None:
        self._later(self._send(file_deleted_message, event))

    def movie_renamed(self, event: MovieRenamed) -> None:
        self._later(self._send(renamed_message, event))

    def health_changed(self, event: HealthChanged) -> None:
        """Health Issue for each check newly (or differently) failing, Restored for each passing again."""
        wiki = {(i.source, i.message): i.wiki_url for i in self._ctx.health.issues}
        now = {
            source: HealthFacts(source, level, message, wiki.get((source, message)) or None)
            for source, level, message in event.issues
        }
        for source, issue in now.items():
            if self._failing.get(source) != issue:
                self._later(dispatch(self._ctx, Message(EventType.HEALTH, health=issue)))
        for source, issue in self._failing.items():
            if source not in now:
                self._later(dispatch(self._ctx, Message(EventType.HEALTH_RESTORED, health=issue)))
        self._failing = now

    async def aclose(self) -> None:
        """Let deliveries under way finish (briefly), then stop them."""
        if self._pending:
            _, late = await asyncio.wait(self._pending, timeout=SHUTDOWN_GRACE_SECONDS)
            for task in late:
                task.cancel()

    async def _send(self, build: Any, event: Any) -> None:
        async with self._ctx.db.read() as session:
            message = await build(session, event)
        if message is not None:
            await dispatch(self._ctx, message)

    def _later(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(_logged(work))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)


async def _logged(work: Coroutine[Any, Any, None]) -> None:
    try:
        await work
    except Exception:
        log.exception("could not send notifications")


# ---------------------------------------------------------------- sending


async def dispatch(ctx: Context, message: Message) -> None:
    """Send ``message`` to every notification that wants it; record failures and recoveries."""
    async with ctx.db.read() as session:
        found = await definitions(session, NOTIFICATIONS.kind)
        status = await statuses(session, NOTIFICATIONS.kind)
    now = ctx.clock()
    chosen = [d for d in found if wants(d, message) and not is_blocked(status.get(d.id), now)]
    if not chosen:
        return
    delivered = await asyncio.gather(*(_deliver(ctx, d, message) for d in chosen))
    failed = [d.id for d, ok in zip(chosen, delivered, strict=True) if not ok]
    recovered = [
        d.id
        for d, ok in zip(chosen, delivered, strict=True)
        if ok and d.id in status and status[d.id].escalation_level
    ]
    if failed or recovered:
        async with ctx.db.write() as uow:
            for provider_id in failed:
                await record_failure(uow.session, provider_id, ctx.clock())
            for provider_id in recovered:
                await record_success(uow.session, provider_id)
        await ctx.health.run(ctx)


async def check_notification_status(ctx: Context) -> list[HealthIssue]:
    """Notifications backed off after failures: the user hears nothing until they are fixed."""
    async with ctx.db.read() as session:
        enabled = [d for d in await definitions(session, NOTIFICATIONS.kind) if d.enable]
        status = await statuses(session, NOTIFICATIONS.kind)
    now = ctx.clock()
    failing = [d.name for d in enabled if is_blocked(status.get(d.id), now)]
    if not failing:
        return []
    everything = len(failing) == len(enabled)
    return [
        HealthIssue(
            "NotificationStatusCheck",
            "error" if everything else "warning",
            "All notifications are unavailable due to failures"
            if everything
            else f"Notifications unavailable due to failures: {', '.join(failing)}",
            "notifications-are-unavailable-due-to-failures",
        )
    ]


async def check_slack_url(ctx: Context) -> list[HealthIssue]:
    """A Discord webhook saved as Slack gets Slack's payload, which Discord renders poorly."""
    async with ctx.db.read() as session:
        rows = await definitions(session, NOTIFICATIONS.kind)
    names = []
    for definition in rows:
        if definition.enable and definition.implementation == "Slack":
            settings = NOTIFICATIONS.build(definition).settings
            if isinstance(settings, SlackSettings) and "discord" in settings.web_hook_url.lower():
                names.append(definition.name)
    if not names:
        return []
    return [
        HealthIssue(
            "SlackUrlCheck",
            "warning",
            f"Discord webhooks are set up as Slack notifications: {', '.join(names)}. "
            "Add them as Discord notifications instead, which Discord shows properly",
            "discord-as-slack-notification",
        )
    ]


def wants(definition: Definition, message: Message) -> bool:
    """Radarr's rule: the event's switch is on (and supported), and the tags meet the movie's."""
    switch = SWITCH_OF.get(message.event)
    if switch is None or not definition.enable:
        return False
    try:
        implementation = NOTIFICATIONS.implementation(definition.implementation)
    except ValidationFailed:
        return False
    assert issubclass(implementation, Notification)
    options = NotificationOptions.model_validate(definition.options)
    if switch not in implementation.supported or not getattr(options, switch):
        return False
    if message.event is EventType.DOWNLOAD and message.is_upgrade and not options.on_upgrade:
        return False
    if (
        message.event is EventType.MOVIE_FILE_DELETE
        and message.delete_reason == "upgrade"
        and not options.on_movie_file_delete_for_upgrade
    ):
        return False
    if message.health is not None and message.health.level != "error" and not options.include_health_warnings:
        return False
    if definition.tags and message.movie is not None:
        return bool(set(definition.tags) & set(message.movie.tag_ids))
    return True


async def _deliver(ctx: Context, definition: Definition, message: Message) -> bool:
    try:
        provider = NOTIFICATIONS.build(definition)
        assert isinstance(provider, Notification)
        await provider.send(ctx, message)
    except (NotificationError, ValidationFailed) as exc:
        log.warning("notification %s could not send %s: %s", definition.name, message.event.value, exc)
        return False
    except Exception:
        log.exception("notification %s failed on %s", definition.name, message.event.value)
        return False
    return True


# ---------------------------------------------------------------- messages from events


async def grab_message(session: AsyncSession, event: MovieGrabbed) -> Message | None:
    movie = await movie_facts(session, event.movie_id)
    release = await release_facts(session, event.download_id, event.release_title)
    grab = await session.scalar(
        select(HistoryRecord)
        .where(HistoryRecord.download_id == event.download_id, HistoryRecord.event_type == GRABBED)
        .order_by(HistoryRecord.id.desc())
        .limit(1)
    )
    version = await version_facts(session, event.movie_id, versions.version_of(grab))
    return Message(EventType.GRAB, movie=movie, release=release, version=version)


async def import_message(session: AsyncSession, event: MovieImported) -> Message | None:
    movie = await movie_facts(session, event.movie_id)
    row = await session.get(MovieFile, event.movie_file_id)
    if movie is None or row is None:
        return None
    imported = await session.scalar(
        select(HistoryRecord)
        .where(HistoryRecord.movie_id == event.movie_id, HistoryRecord.event_type == IMPORTED)
        .order_by(HistoryRecord.id.desc())
        .limit(1)
    )
    replaced: tuple[FileFacts, ...] = ()
    if event.is_upgrade and imported is not None:
        old = await session.scalar(
            select(HistoryRecord)
            .where(
                HistoryRecord.movie_id == event.movie_id,
                HistoryRecord.event_type == FILE_DELETED,
                HistoryRecord.id < imported.id,
            )
            .order_by(HistoryRecord.id.desc())
            .limit(1)
        )
        replaced = (deleted_file_facts(old, 0, movie),) if old is not None else ()
    download_id = imported.download_id if imported else None
    release = await release_facts(session, download_id, row.scene_name) if download_id else None
    source = imported.data.get("droppedPath") if imported else None
    return Message(
        EventType.DOWNLOAD,
        movie=movie,
        release=release,
        file=file_facts(row, movie, source),
        is_upgrade=event.is_upgrade,
        replaced_files=replaced,
        version=await version_facts(session, event.movie_id, row.version_id),
    )


async def movie_added_message(session: AsyncSession, event: MovieAdded) -> Message | None:
    movie = await movie_facts(session, event.movie_id)
    if movie is None:
        return None
    add_options = await session.scalar(select(Movie.add_options).where(Movie.id == event.movie_id)) or {}
    return Message(EventType.MOVIE_ADDED, movie=movie, add_method=str(add_options.get("addMethod", "manual")))


def movie_deleted_message(event: MovieDeleted) -> Message:
    """The movie is gone from the database by now: the event carries what is left of it."""
    return Message(
        EventType.MOVIE_DELETE,
        movie=MovieFacts(
            id=event.movie_id,
            title=event.title,
            year=event.year,
            tmdb_id=event.tmdb_id,
            imdb_id=event.imdb_id,
        ),
        files_deleted=event.delete_files,
    )


async def file_deleted_message(session: AsyncSession, event: MovieFileDeleted) -> Message | None:
    movie = await movie_facts(session, event.movie_id)
    if movie is None:
        return None
    row = await session.get(MovieFile, event.movie_file_id)
    file: FileFacts | None = None
    version: VersionFacts | None = None
    if row is not None:
        file = file_facts(row, movie)
        version = await version_facts(session, event.movie_id, row.version_id)
    else:
        deleted = await session.scalar(
            select(HistoryRecord)
            .where(HistoryRecord.movie_id == event.movie_id, HistoryRecord.event_type == FILE_DELETED)
            .order_by(HistoryRecord.id.desc())
            .limit(1)
        )
        file = deleted_file_facts(deleted, event.movie_file_id, movie) if deleted else None
    reason = _camel(event.reason)
    return Message(EventType.MOVIE_FILE_DELETE, movie=movie, file=file, delete_reason=reason, version=version)


async def renamed_message(session: AsyncSession, event: MovieRenamed) -> Message | None:
    movie = await movie_facts(session, event.movie_id)
    if movie is None:
        return None
    renamed = []
    for change in event.files:
        row = await session.get(MovieFile, change.movie_file_id)
        if row is not None:
            previous_path = os.path.join(movie.folder_path or "", change.previous_relative_path)
            renamed.append(RenamedFile(file_facts(row, movie), change.previous_relative_path, previous_path))
    return Message(EventType.RENAME, movie=movie, renamed_files=tuple(renamed))


# ---------------------------------------------------------------- facts


async def version_facts(session: AsyncSession, movie_id: int, version_id: int | None) -> VersionFacts | None:
    """The version ``version_id`` (None: the default one) when the movie has several; a movie
    with one version gets none, so its messages read as Radarr's."""
    rows = list(await session.scalars(select(MovieVersion).where(MovieVersion.movie_id == movie_id)))
    if len(rows) < 2:
        return None
    chosen = next((v for v in rows if (v.id == version_id if version_id else v.is_default)), None)
    return VersionFacts(chosen.id, chosen.name) if chosen is not None else None


async def movie_facts(session: AsyncSession, movie_id: int) -> MovieFacts | None:
    found = (
        await session.execute(
            select(Movie, MovieMetadata)
            .join(MovieMetadata, Movie.movie_metadata_id == MovieMetadata.id)
            .where(Movie.id == movie_id)
        )
    ).first()
    if found is None:
        return None
    movie, meta = found
    tag_ids = tuple(movie.tags or ())
    labels = (
        tuple(await session.scalars(select(Tag.label).where(Tag.id.in_(tag_ids)).order_by(Tag.id)))
        if tag_ids
        else ()
    )
    return MovieFacts(
        id=movie.id,
        title=meta.title,
        year=meta.year or None,
        folder_path=movie.path,
        tmdb_id=meta.tmdb_id,
        imdb_id=meta.imdb_id,
        overview=meta.overview,
        genres=tuple(meta.genres or ()),
        images=tuple(
            {
                "coverType": image.get("coverType"),
                "url": f"/MediaCover/{movie.id}/{image.get('coverType')}.jpg",
                "remoteUrl": image.get("remoteUrl"),
            }
            for image in meta.images or ()
        ),
        tag_ids=tag_ids,
        tags=labels,
        original_language=languages.by_id(meta.original_language),
        in_cinemas=_day(meta.in_cinemas),
        physical_release=_day(meta.physical_release),
        digital_release=_day(meta.digital_release),
    )


async def release_facts(session: AsyncSession, download_id: str | None, title: str | None) -> ReleaseFacts:
    """The release from its grab's history row; without one, what its title says."""
    grab = None
    if download_id:
        grab = await session.scalar(
            select(HistoryRecord)
            .where(HistoryRecord.download_id == download_id, HistoryRecord.event_type == GRABBED)
            .order_by(HistoryRecord.id.desc())
            .limit(1)
        )
    if grab is None:
        parsed = parse_title(title) if title else None
        return ReleaseFacts(
            title=title,
            quality=parsed.quality.quality.name if parsed else None,
            quality_version=parsed.quality.revision.version if parsed else None,
            release_group=parsed.release_group if parsed else None,
            languages=parsed.languages if parsed else (),
            download_id=download_id,
        )
    data = grab.data or {}
    quality, version = _quality(grab.quality)
    client_name = data.get("downloadClientName") or data.get("downloadClient")
    parsed = None if data.get("releaseGroup") else parse_title(grab.source_title)
    formats = (
        tuple(
            (row.id, row.name)
            for row in await session.execute(
                select(CustomFormat.id, CustomFormat.name)
                .where(CustomFormat.id.in_(grab.custom_formats))
                .order_by(CustomFormat.id)
            )
        )
        if grab.custom_formats
        else ()
    )
    return ReleaseFacts(
        title=grab.source_title or title,
        indexer=data.get("indexer"),
        size=_int(data.get("size")),
        quality=quality,
        quality_version=version,
        release_group=data.get("releaseGroup") or (parsed.release_group if parsed else None),
        languages=_languages(grab.languages),
        custom_formats=formats,
        custom_format_score=grab.custom_format_score,
        indexer_flags=_flags(data.get("indexerFlags")),
        download_client=client_name,
        download_client_type=await _client_type(session, client_name),
        download_id=download_id,
    )


async def _client_type(session: AsyncSession, name: str | None) -> str | None:
    """The implementation (qBittorrent, SABnzbd...) of the download client history names."""
    if not name:
        return None
    implementation = await session.scalar(
        select(ProviderDefinition.implementation).where(
            ProviderDefinition.kind == DOWNLOAD_CLIENTS.kind, ProviderDefinition.name == name
        )
    )
    try:
        return DOWNLOAD_CLIENTS.implementation(implementation).implementation_name if implementation else None
    except ValidationFailed:
        return implementation


def file_facts(row: MovieFile, movie: MovieFacts, source_path: str | None = None) -> FileFacts:
    quality, version = _quality(row.quality)
    return FileFacts(
        id=row.id,
        relative_path=row.relative_path,
        path=str(Path(movie.folder_path) / row.relative_path) if movie.folder_path else None,
        quality=quality,
        quality_version=version,
        release_group=row.release_group,
        scene_name=row.scene_name,
        size=row.size,
        date_added=row.date_added,
        languages=_languages(row.languages),
        media_info=row.media_info,
        source_path=source_path,
        indexer_flags=row.indexer_flags,
    )


def deleted_file_facts(record: HistoryRecord, file_id: int, movie: MovieFacts) -> FileFacts:
    """A file whose row is gone, from the history row its deletion left."""
    quality, version = _quality(record.quality)
    return FileFacts(
        id=file_id,
        relative_path=record.source_title,
        path=str(Path(movie.folder_path) / record.source_title) if movie.folder_path else None,
        quality=quality,
        quality_version=version,
        languages=_languages(record.languages),
    )


def _quality(value: dict[str, Any] | None) -> tuple[str | None, int | None]:
    """Name and revision version from Radarr's stored QualityModel."""
    if not value:
        return None, None
    return (value.get("quality") or {}).get("name"), (value.get("revision") or {}).get("version")


def _languages(ids: list[int] | None) -> tuple[languages.Language, ...]:
    return tuple(language for language in map(languages.by_id, ids or ()) if language is not None)


def _flags(value: Any) -> tuple[str, ...]:
    number = _int(value)
    return tuple(flag.name for flag in IndexerFlag if number and flag & number and flag.name)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value else None


def _camel(value: str) -> str:
    """``MissingFromDisk`` or ``missing_from_disk`` -> ``missingFromDisk``, as Radarr spells reasons."""
    head, *rest = value.replace("-", "_").split("_")
    word = head + "".join(part.capitalize() for part in rest)
    return word[:1].lower() + word[1:]
