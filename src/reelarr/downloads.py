"""From a chosen release to a finished (or failed) download: grab, track, hand over or give up.

**Grab**: the release goes to the first usable client of its protocol (the indexer's chosen
client first, then by priority; tags must match the movie's), as a torrent file, a magnet
link or an NZB. A client that fails is backed off and the next one tried.

**Track**: ``RefreshMonitoredDownloads`` (every minute) polls each enabled client and keeps
what it reported in the client's ``provider_status.data`` (so the queue is served without
asking the daemons, and a client that is down keeps showing its last known items). Each
item is matched to its grab by download id and moves through Radarr's states: downloading,
import pending (completed, waiting for the import), imported, failed, ignored; items in
Reelarr's category that it did not grab are shown as well and matched by name.

**Fail**: a download the client reports as failed is recorded, blocklisted, removed from the
client when the client is set to, and the movie searched again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from reelarr import history, importing, library, qualities
from reelarr import settings as settings_store
from reelarr.commands import CommandRun
from reelarr.context import Context
from reelarr.download_clients import (
    DOWNLOAD_CLIENTS,
    DownloadClient,
    DownloadClientError,
    DownloadClientOptions,
    DownloadItem,
    Grab,
    ItemStatus,
)
from reelarr.events import DownloadFailed, MovieGrabbed
from reelarr.health import HealthIssue
from reelarr.importing import GRABBED_EVENT
from reelarr.indexers import INDEXERS, FailDownloads, ReleaseInfo
from reelarr.models import (
    HistoryRecord,
    Movie,
    MovieMetadata,
    ProviderDefinition,
    ProviderStatus,
    RemotePathMapping,
)
from reelarr.parser import parse_title, parse_title_lenient
from reelarr.providers import Definition, definitions, is_blocked, record_failure, record_success, statuses
from reelarr.settings import Section

log = logging.getLogger(__name__)

REFRESH_COMMAND = "RefreshMonitoredDownloads"
RECENT = dt.timedelta(days=21)
# A download stalled this long is given up as failed, and something else is searched for.
STALLED_LIMIT = dt.timedelta(hours=6)
MAX_REDIRECTS = 5
# Queue ids of tracked downloads start here, above the ids of pending releases.
TRACKED_ID_BASE = 1_000_000


class DownloadClientConfig(Section):
    """Radarr's ``config/downloadclient``: completed and failed download handling."""

    section: ClassVar[str] = "downloadclient"
    download_client_working_folders: str = "_UNPACK_|_FAILED_"
    enable_completed_download_handling: bool = True
    check_for_finished_download_interval: int = 1
    auto_redownload_failed: bool = True
    auto_redownload_failed_from_interactive_search: bool = True


class GrabFailed(Exception):
    """No client took the release; the message says why."""


# ---------------------------------------------------------------- choosing a client


def client_for(definition: Definition, ctx: Context) -> DownloadClient:
    provider = DOWNLOAD_CLIENTS.build(definition)
    assert isinstance(provider, DownloadClient)
    return provider.using(ctx.http)


def _options(definition: Definition) -> DownloadClientOptions:
    return DownloadClientOptions.model_validate(definition.options)


async def candidates(
    ctx: Context, session: AsyncSession, protocol: str, movie_tags: Sequence[int], preferred_id: int = 0
) -> list[DownloadClient]:
    """Enabled clients of the protocol whose tags fit the movie, not in back-off, best first."""
    now = ctx.clock()
    status = await statuses(session, DOWNLOAD_CLIENTS.kind)
    usable = []
    for definition in await definitions(session, DOWNLOAD_CLIENTS.kind):
        implementation = DOWNLOAD_CLIENTS.implementation(definition.implementation)
        if not definition.enable or getattr(implementation, "protocol", None) != protocol:
            continue
        if definition.tags and not set(definition.tags) & set(movie_tags):
            continue
        if is_blocked(status.get(definition.id), now) and definition.id != preferred_id:
            continue
        usable.append(definition)
    usable.sort(key=lambda d: (d.id != preferred_id, d.priority, d.id))
    return [client_for(d, ctx) for d in usable]


# ---------------------------------------------------------------- grabbing


async def _payload(ctx: Context, release: ReleaseInfo, recent: bool) -> Grab:
    """Fetch what the client needs: the .torrent (or the magnet it redirects to) or the .nzb."""
    common: dict[str, Any] = {
        "title": release.title,
        "protocol": release.protocol,
        "info_hash": release.info_hash,
        "seed_ratio": release.minimum_ratio,
        "seed_time_minutes": release.minimum_seed_time,
        "recent": recent,
    }
    url = release.download_url
    if release.protocol == "torrent" and (not url or url.startswith("magnet:")):
        magnet = url or release.magnet_url
        if not magnet:
            raise GrabFailed(f"{release.title}: the indexer gave neither a torrent nor a magnet link")
        return Grab(magnet=magnet, **common)
    try:
        # Redirects are followed by hand: an indexer may redirect a torrent download to a magnet link.
        response = await ctx.http.get(url, follow_redirects=False)
        for _hop in range(MAX_REDIRECTS):
            if not response.is_redirect:
                break
            location = response.headers.get("location", "")
            if location.startswith("magnet:"):
                return Grab(magnet=location, **common)
            response = await ctx.http.get(str(response.url.join(location)), follow_redirects=False)
    except httpx.HTTPError as exc:
        if release.magnet_url:
            return Grab(magnet=release.magnet_url, **common)
        raise GrabFailed(f"Could not download {release.title} from {release.indexer}: {exc}") from None
    if response.status_code != 200:
        if release.magnet_url:
            return Grab(magnet=release.magnet_url, **common)
        raise GrabFailed(f"{release.indexer} answered {response.status_code} for {release.title}")
    if release.protocol == "torrent":
        return Grab(torrent=response.content, **common)
    return Grab(nzb=response.content, **common)


async def _movie_facts(session: AsyncSession, movie_id: int, now: dt.datetime) -> tuple[list[int], bool]:
    """The movie's tags, and whether it came out lately (the clients' "recent" priority)."""
    row = (
        await session.execute(
            select(
                Movie.tags,
                MovieMetadata.in_cinemas,
                MovieMetadata.digital_release,
                MovieMetadata.physical_release,
            )
            .join(MovieMetadata, MovieMetadata.id == Movie.movie_metadata_id)
            .where(Movie.id == movie_id)
        )
    ).first()
    if row is None:
        return [], True
    dates = [d for d in (row.in_cinemas, row.digital_release, row.physical_release) if d is not None]
    return list(row.tags or []), any(now - RECENT <= d <= now for d in dates) or not dates


async def grab(
    ctx: Context,
    release: ReleaseInfo,
    movie_id: int,
    *,
    quality: dict[str, Any] | None = None,
    language_ids: Sequence[int] = (),
    custom_formats: Sequence[int] = (),
    custom_format_score: int = 0,
    version_id: int | None = None,
) -> str:
    """Hand ``release`` to a download client for the movie (its version ``version_id``, None for
    the default); record the grab and return the download id.

    Clients are tried in turn: one that fails is backed off (and named in the grab's history
    data) and the next tried. Raises :class:`GrabFailed` when none took it.
    """
    async with ctx.db.read() as session:
        tags, recent = await _movie_facts(session, movie_id, ctx.clock())
        clients = await candidates(ctx, session, release.protocol, tags, release.download_client_id)
    if not clients:
        raise GrabFailed(f"No {release.protocol} download client is available for {release.title}")
    payload = await _payload(ctx, release, recent)
    failures: list[str] = []
    for client in clients:
        try:
            download_id = await client.add(payload)
        except DownloadClientError as exc:
            log.warning("%s could not take %s: %s", client.definition.name, release.title, exc)
            failures.append(f"{client.definition.name}: {exc}")
            async with ctx.db.write() as uow:
                await record_failure(uow.session, client.definition.id, ctx.clock())
            continue
        async with ctx.db.write() as uow:
            await record_success(uow.session, client.definition.id)
            record = history.grabbed(
                release,
                movie_id,
                download_id,
                client_name=client.definition.name,
                quality=quality or importing.quality_json(*_parsed_quality(release.title)),
                language_ids=list(language_ids),
                custom_formats=list(custom_formats),
                custom_format_score=custom_format_score,
                date=ctx.clock(),
                version_id=version_id,
            )
            if failures:
                record.data["failedDownloadClients"] = "; ".join(failures)
            uow.session.add(record)
            uow.publish(MovieGrabbed(movie_id, download_id, release.title))
        log.info("grabbed %s with %s (%s)", release.title, client.definition.name, download_id)
        return download_id
    raise GrabFailed("Every download client failed: " + "; ".join(failures))


def _parsed_quality(title: str) -> tuple[qualities.Quality, qualities.Revision]:
    # Lenient: a search may grab a yearless release Radarr's parser refuses; its quality still counts.
    parsed = parse_title_lenient(title)
    if parsed is None:
        return qualities.UNKNOWN, qualities.Revision()
    return parsed.quality.quality, parsed.quality.revision


# ---------------------------------------------------------------- tracking


def queue_id(client_id: int, download_id: str) -> int:
    """A stable queue id for a client's download (Radarr's are hashes too)."""
    digest = hashlib.sha1(f"{client_id}:{download_id}".encode()).digest()
    return TRACKED_ID_BASE + int.from_bytes(digest[:4], "big") % 1_000_000_000


@dataclass
class Tracked:
    """One download as the queue shows it: the client's report, the grab, the state."""

    client: Definition
    protocol: str
    item: DownloadItem
    grab: HistoryRecord | None = None
    movie_id: int | None = None
    state: str = "downloading"  # Radarr's TrackedDownloadState
    status: str = "ok"  # Radarr's TrackedDownloadStatus: ok, warning, error
    messages: list[str] = field(default_factory=list)
    client_unavailable: bool = False
    stalled_since: dt.datetime | None = None

    @property
    def id(self) -> int:
        return queue_id(self.client.id, self.item.download_id)

    def warn(self, message: str, status: str = "warning") -> None:
        self.messages.append(message)
        if self.status != "error":
            self.status = status


def _item_document(item: DownloadItem) -> dict[str, Any]:
    document = dataclasses.asdict(item)
    document["status"] = item.status.value
    document["remaining_time"] = item.remaining_time.total_seconds() if item.remaining_time else None
    return document


def _item_from(document: dict[str, Any]) -> DownloadItem:
    values = dict(document)
    values["status"] = ItemStatus(values["status"])
    seconds = values.get("remaining_time")
    values["remaining_time"] = dt.timedelta(seconds=seconds) if seconds is not None else None
    return DownloadItem(**values)


def local_path(mappings: Sequence[RemotePathMapping], host: str, remote: str) -> str:
    """The client's path as Reelarr sees it, through the first remote path mapping that fits."""
    for mapping in mappings:
        prefix = mapping.remote_path.rstrip("/\\")
        if mapping.host.lower() == host.lower() and (remote == prefix or remote.startswith(prefix + "/")):
            return mapping.local_path.rstrip("/\\") + remote[len(prefix) :]
    return remote


async def _poll(ctx: Context, definition: Definition) -> tuple[list[DownloadItem] | None, str | None]:
    try:
        return await client_for(definition, ctx).items(), None
    except DownloadClientError as exc:
        return None, str(exc)
    except Exception as exc:  # a daemon's odd answer must not stop the other clients' tracking
        log.exception("polling %s failed", definition.name)
        return (
            None,
            f"Unexpected answer from {definition.name} ({type(exc).__name__}); details are in the log",
        )


async def refresh(ctx: Context) -> list[Tracked]:
    """Poll every enabled client, keep what each reported, then act on finished and failed downloads."""
    async with ctx.db.read() as session:
        clients = [d for d in await definitions(session, DOWNLOAD_CLIENTS.kind) if d.enable]
    outcomes = {d.id: await _poll(ctx, d) for d in clients}
    availability_changed = False
    async with ctx.db.write() as uow:
        for definition in clients:
            items, error = outcomes[definition.id]
            status = await _status(uow.session, definition.id)
            was_failing = bool((status.data or {}).get("error"))
            if items is None:
                await record_failure(uow.session, definition.id, ctx.clock())
                status.data = {**(status.data or {}), "error": error}
            else:
                await record_success(uow.session, definition.id)
                status.data = {
                    "items": [_item_document(i) for i in items],
                    "error": None,
                    "stalledSince": _stalled_since(
                        items, (status.data or {}).get("stalledSince", {}), ctx.clock()
                    ),
                }
            availability_changed |= was_failing != (items is None)
    tracked = await current(ctx)
    for one in tracked:
        if one.client_unavailable:
            continue
        if one.item.status == ItemStatus.failed and one.grab is not None and one.state != "failed":
            await fail(ctx, one, one.item.message or "The download client reported a failure")
        elif one.stalled_since and ctx.clock() - one.stalled_since > STALLED_LIMIT and one.grab is not None:
            hours = STALLED_LIMIT.total_seconds() / 3600
            await fail(ctx, one, f"The download was stalled for more than {hours:g} hours")
        elif one.state == "importPending":
            await _try_import(ctx, one)
    if availability_changed:
        await ctx.health.run(ctx)
    return tracked


def _stalled_since(items: list[DownloadItem], known: dict[str, str], now: dt.datetime) -> dict[str, str]:
    """When each stalled download was first seen stalled; a download that moves again is forgotten."""
    return {i.download_id: known.get(i.download_id, now.isoformat()) for i in items if i.stalled}


async def _status(session: AsyncSession, provider_id: int) -> ProviderStatus:
    status = await session.scalar(select(ProviderStatus).where(ProviderStatus.provider_id == provider_id))
    if status is None:
        status = ProviderStatus(provider_id=provider_id, escalation_level=0, data={})
        session.add(status)
        await session.flush()
    return status


async def current(ctx: Context) -> list[Tracked]:
    """The tracked downloads from what the clients last reported, without asking them again."""
    async with ctx.db.read() as session:
        clients = [d for d in await definitions(session, DOWNLOAD_CLIENTS.kind) if d.enable]
        status = await statuses(session, DOWNLOAD_CLIENTS.kind)
        mappings = list(await session.scalars(select(RemotePathMapping)))
        reported = []
        for definition in clients:
            data = status[definition.id].data if definition.id in status else {}
            implementation = DOWNLOAD_CLIENTS.implementation(definition.implementation)
            stalled = (data or {}).get("stalledSince", {})
            for document in (data or {}).get("items", []):
                one = Tracked(
                    definition, getattr(implementation, "protocol", "unknown"), _item_from(document)
                )
                one.client_unavailable = bool((data or {}).get("error"))
                since = stalled.get(one.item.download_id)
                one.stalled_since = dt.datetime.fromisoformat(since) if since else None
                reported.append(one)
        records = await history.by_download_id(session, [t.item.download_id for t in reported])
        movies = (
            await library.load_movies(session)
            if any(t.item.download_id not in records for t in reported)
            else []
        )
        config = await settings_store.load(session, DownloadClientConfig)
    shown = []
    for one in reported:
        rows = records.get(one.item.download_id, [])
        events = {row.event_type for row in rows}
        if events & set(history.FINISHED_EVENTS):
            continue
        one.grab = next((row for row in rows if row.event_type == GRABBED_EVENT), None)
        if one.grab is not None:
            one.movie_id = one.grab.movie_id
        else:
            one.movie_id = _match_by_name(one.item.title, movies)
        _judge(one, events, config, mappings)
        shown.append(one)
    return shown


def _match_by_name(title: str, movies: list[library.MovieRecord]) -> int | None:
    parsed = parse_title(title)
    if parsed is None:
        return None
    movie = importing.find_movie(parsed, movies)
    return movie.row.id if movie is not None else None


def _judge(
    one: Tracked, events: set[str], config: DownloadClientConfig, mappings: Sequence[RemotePathMapping]
) -> None:
    """Radarr's state and status for one download, from the client's report and the history."""
    item = one.item
    if one.client_unavailable:
        one.warn(f"Download client {one.client.name} is unavailable")
    if history.DOWNLOAD_FAILED_EVENT in events:
        one.state, one.status = "failed", "error"
        one.messages.append(item.message or "The download failed")
        return
    if item.status == ItemStatus.failed:
        one.state = "failedPending" if one.grab is not None else "downloading"
        one.warn(item.message or "The download client reported a failure", "error")
        return
    if item.status == ItemStatus.warning and item.message:
        one.warn(item.message)
    if item.status != ItemStatus.completed:
        return
    one.state = "importPending"
    if not config.enable_completed_download_handling:
        # A warning also keeps refresh() from importing it.
        one.warn("Completed download handling is off: import the download by hand")
        return
    if one.movie_id is None:
        one.state = "importBlocked"
        one.warn("Unknown movie: the download was not grabbed by Reelarr and its name matches no movie")
        return
    if not item.output_path:
        one.warn("The download client did not say where the download is")
        return
    host = str(one.client.settings.get("host", ""))
    path = local_path(mappings, host, item.output_path)
    if not _exists(path):
        one.warn(
            f"The download's path {path} is not reachable from Reelarr; "
            "check the download client's folders or add a remote path mapping"
        )


def _exists(path: str) -> bool:
    return Path(path).exists()


async def _try_import(ctx: Context, one: Tracked) -> None:
    """Hand a completed download to the import step; what is left stays import pending."""
    if one.status != "ok" or one.movie_id is None or not one.item.output_path:
        return
    async with ctx.db.read() as session:
        mappings = list(await session.scalars(select(RemotePathMapping)))
    path = local_path(mappings, str(one.client.settings.get("host", "")), one.item.output_path)
    one.state = "importing"
    try:
        result = await importing.import_download(ctx, path, one.movie_id, one.item.download_id)
    except Exception:
        log.exception("importing %s failed", path)
        one.state = "importPending"
        one.warn("The import failed; see the log")
        return
    if not result.imported:
        one.state = "importPending"
        for task in result.rejected:
            one.warn(f"{task.path.name}: " + ", ".join(r.reason for r in task.rejections))
        if not result.tasks and result.unsafe:
            await _refuse_unsafe_download(ctx, one, result.unsafe)
        elif not result.tasks:
            one.warn("No video files were found in the download")
        return
    one.state = "imported"
    client = client_for(one.client, ctx)
    try:
        await client.mark_imported(one.item.download_id)
        if _options(one.client).remove_completed_downloads and one.item.can_be_removed:
            await client.remove(one.item.download_id, delete_data=True)
    except DownloadClientError as exc:
        log.warning("after importing %s: %s", one.item.title, exc)


async def _refuse_unsafe_download(ctx: Context, one: Tracked, unsafe: list[Path]) -> None:
    """A download with no video but an executable or dangerous file: failed when its indexer's
    Fail Downloads setting names that kind of file, held with a warning otherwise (Radarr's rule:
    potentially dangerous files are looked for first)."""
    dangerous = [p for p in unsafe if p.suffix.lower() in importing.DANGEROUS_EXTENSIONS]
    if dangerous:
        kind, caution = (
            FailDownloads.PotentiallyDangerous,
            f"Caution: Found potentially dangerous file {dangerous[0].name}",
        )
    else:
        kind, caution = FailDownloads.Executables, f"Caution: Found executable file {unsafe[0].name}"
    indexer = await _grabbing_indexer(ctx, one.grab) if one.grab is not None else None
    if indexer is None or kind not in indexer[1]:
        one.warn(caution)
        return
    await fail(ctx, one, f"{caution}; the indexer {indexer[0]} is set to fail such downloads")


async def _grabbing_indexer(ctx: Context, grab: HistoryRecord) -> tuple[str, list[FailDownloads]] | None:
    """The name and Fail Downloads setting of the indexer a grab came from; None when it is gone."""
    indexer_id = str((grab.data or {}).get("indexerId") or "")
    if not indexer_id.isdigit():
        return None
    async with ctx.db.read() as session:
        row = await session.get(ProviderDefinition, int(indexer_id))
    if row is None or row.kind != INDEXERS.kind:
        return None
    settings = INDEXERS.build(Definition.of(row)).settings
    return row.name, list(getattr(settings, "fail_downloads", []))


async def fail(
    ctx: Context, one: Tracked, message: str, *, search: bool = True, remove: bool | None = None
) -> None:
    """Failed download handling: removal from the client, then :func:`fail_grab`.

    ``remove`` None follows the client's "remove failed downloads" switch.
    """
    assert one.grab is not None
    if _options(one.client).remove_failed_downloads if remove is None else remove:
        try:
            await client_for(one.client, ctx).remove(one.item.download_id, delete_data=True)
        except DownloadClientError as exc:
            log.warning("could not remove failed download %s: %s", one.item.title, exc)
        else:
            await forget_item(ctx, one)
    await fail_grab(ctx, one.grab, message, search=search)
    one.state, one.status = "failed", "error"


async def fail_grab(ctx: Context, grab: HistoryRecord, message: str, *, search: bool = True) -> None:
    """Record a grab as failed, blocklist its release and, when set to, search for the movie again."""
    now = ctx.clock()
    async with ctx.db.write() as uow:
        uow.session.add(history.follow_up(grab, history.DOWNLOAD_FAILED_EVENT, now, message=message))
        uow.session.add(history.blocklisted(grab, message, now))
        config = await settings_store.load(uow.session, DownloadClientConfig)
        uow.publish(DownloadFailed(grab.movie_id, grab.download_id or "", message))
        if search and config.auto_redownload_failed:
            library.queue_search(uow, ctx.commands, [grab.movie_id])
    log.info("download %s failed (%s); blocklisted", grab.source_title, message)


async def ignore(ctx: Context, one: Tracked) -> None:
    """Stop tracking a download without failing it (the queue's "ignore" removal).

    A download Reelarr did not grab (added to the client by hand, matched by name) is
    ignored too: the record under its download id keeps it out of the queue from now on,
    as Unpackerr expects after ``DELETE /queue/{id}?removeFromClient=false``.
    """
    async with ctx.db.write() as uow:
        if one.grab is not None:
            uow.session.add(history.follow_up(one.grab, history.DOWNLOAD_IGNORED_EVENT, ctx.clock()))
            return
        parsed = parse_title(one.item.title)
        uow.session.add(
            HistoryRecord(
                movie_id=one.movie_id or 0,
                quality=importing.quality_json(parsed.quality.quality, parsed.quality.revision)
                if parsed
                else {},
                event_type=history.DOWNLOAD_IGNORED_EVENT,
                source_title=one.item.title,
                date=ctx.clock(),
                download_id=one.item.download_id,
                data={
                    "downloadClient": one.client.implementation,
                    "downloadClientName": one.client.name,
                    "protocol": one.protocol,
                },
            )
        )


async def forget_item(ctx: Context, one: Tracked) -> None:
    """Drop a removed download from the client's last report, so the queue stops showing it now."""
    async with ctx.db.write() as uow:
        status = await _status(uow.session, one.client.id)
        data = dict(status.data or {})
        data["items"] = [d for d in data.get("items", []) if d.get("download_id") != one.item.download_id]
        status.data = data


async def run_refresh_monitored_downloads(ctx: Context, run: CommandRun) -> str:
    tracked = await refresh(ctx)
    return f"{len(tracked)} download{'s' if len(tracked) != 1 else ''} tracked"


# ---------------------------------------------------------------- health


async def check_download_clients(ctx: Context) -> list[HealthIssue]:
    """None enabled, or some that cannot be reached or are backed off after failures."""
    async with ctx.db.read() as session:
        enabled = [d for d in await definitions(session, DOWNLOAD_CLIENTS.kind) if d.enable]
        status = await statuses(session, DOWNLOAD_CLIENTS.kind)
        grabbed_any = await session.scalar(
            select(HistoryRecord.id).where(HistoryRecord.event_type == GRABBED_EVENT).limit(1)
        )
    if not enabled:
        if grabbed_any is None:
            return []
        return [
            HealthIssue(
                "DownloadClientCheck", "warning", "No download client is available", "download-clients"
            )
        ]
    issues = []
    now = ctx.clock()
    for definition in enabled:
        error = (status[definition.id].data or {}).get("error") if definition.id in status else None
        if error:
            issues.append(
                HealthIssue(
                    "DownloadClientCheck",
                    "error",
                    f"Unable to communicate with {definition.name}. {error}",
                    "unable-to-communicate-with-download-client",
                )
            )
    failing = [d.name for d in enabled if is_blocked(status.get(d.id), now)]
    if failing:
        which = "All download clients are" if len(failing) == len(enabled) else "Download clients are"
        issues.append(
            HealthIssue(
                "DownloadClientStatusCheck",
                "error" if len(failing) == len(enabled) else "warning",
                f"{which} unavailable due to failures: {', '.join(failing)}",
                "download-clients-are-unavailable-due-to-failures",
            )
        )
    return issues


async def check_import_mechanism(ctx: Context) -> list[HealthIssue]:
    """Completed download handling off: finished downloads wait in the queue for a manual import."""
    async with ctx.db.read() as session:
        config = await settings_store.load(session, DownloadClientConfig)
    if config.enable_completed_download_handling:
        return []
    return [
        HealthIssue(
            "ImportMechanismCheck",
            "error",
            "Enable Completed Download Handling in Settings > Download Clients, or finished downloads "
            "will not be imported",
            "completed-download-handling-is-disabled",
        )
    ]
