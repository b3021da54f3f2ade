"""The composition root: builds the Context, registers commands, seeds the schedule, serves.

Everything Reelarr runs is wired here, in one place a reader can take in at once: which
commands exist, which run on a schedule, and what starts and stops with the process.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from sqlalchemy import func, select

from reelarr import (
    downloads,
    importing,
    library,
    logs,
    metadata_files,
    migrations,
    profiles,
    qualities,
    search,
)
from reelarr.api import api_v3_router
from reelarr.api.calendar import feed as calendar_feed
from reelarr.api.live import LiveHub, signalr
from reelarr.api.live import router as live_events
from reelarr.api.metadata import covers as media_covers
from reelarr.api.middleware import RadarrCompatibility
from reelarr.api.system import backup_files
from reelarr.api.version_view import VersionView
from reelarr.commands import DISK, GRAB, CommandQueue, CommandRun, CommandSpec
from reelarr.config import Settings
from reelarr.context import RADARR_COMPATIBLE_VERSION, Context
from reelarr.db import Database
from reelarr.download_clients import health as download_client_health
from reelarr.events import (
    ConfigChanged,
    EventBus,
    HealthChanged,
    MovieAdded,
    MovieDeleted,
    MovieFileDeleted,
    MovieGrabbed,
    MovieImported,
    MovieRenamed,
)
from reelarr.health import HealthMonitor
from reelarr.housekeeping import apply_staged_restore, run_backup, run_health_check, run_housekeeping
from reelarr.http import HttpClient
from reelarr.import_lists import sync as import_list_sync
from reelarr.indexers import health as indexer_health
from reelarr.indexers.fetching import rss_sync_task
from reelarr.library import run_refresh_collections, run_refresh_movie
from reelarr.models import DelayProfile, QualityDefinition, QualityProfile
from reelarr.notifications import dispatch as notification_dispatch
from reelarr.notifications.dispatch import Notifier
from reelarr.scheduler import Scheduler, TaskDefinition
from reelarr.security.gate import SecurityGate
from reelarr.security.setup import announce_setup
from reelarr.web import ui_router
from reelarr.web.errors import EXCEPTION_HANDLERS

log = logging.getLogger(__name__)

CommandFn = Callable[[Context, CommandRun], Awaitable[str | None]]


def commands_of(ctx: Context) -> list[CommandSpec]:
    """Every command Reelarr knows, bound to the context."""

    def bind(fn: CommandFn) -> Callable[[CommandRun], Awaitable[str | None]]:
        async def handler(run: CommandRun) -> str | None:
            return await fn(ctx, run)

        return handler

    return [
        CommandSpec("Backup", bind(run_backup), exclusive=True, lane=DISK),
        CommandSpec("Housekeeping", bind(run_housekeeping)),
        CommandSpec("CheckHealth", bind(run_health_check)),
        CommandSpec("RssSync", bind(search.run_rss_sync), lane=GRAB),
        # Checking downloads imports the finished ones: it takes its turn with the other file commands.
        CommandSpec(
            downloads.REFRESH_COMMAND,
            bind(downloads.run_refresh_monitored_downloads),
            lane=DISK,
        ),
        CommandSpec("MoviesSearch", bind(search.run_movies_search), lane=GRAB),
        CommandSpec(
            "MissingMoviesSearch", bind(search.run_missing_movies_search), long_running=True, lane=GRAB
        ),
        CommandSpec(
            "CutOffUnmetMoviesSearch",
            bind(search.run_cutoff_unmet_movies_search),
            long_running=True,
            lane=GRAB,
        ),
        CommandSpec("RefreshMovie", bind(run_refresh_movie), long_running=True),
        CommandSpec("RefreshCollections", bind(run_refresh_collections), long_running=True),
        CommandSpec("DownloadedMoviesScan", bind(importing.run_downloaded_movies_scan), lane=DISK),
        CommandSpec("ManualImport", bind(importing.run_manual_import), lane=DISK),
        CommandSpec("RenameFiles", bind(importing.run_rename_files), lane=DISK),
        CommandSpec("RenameMovie", bind(importing.run_rename_movie), lane=DISK),
        CommandSpec("RescanMovie", bind(importing.run_rescan_movie), lane=DISK),
        CommandSpec(import_list_sync.COMMAND, bind(import_list_sync.run_import_list_sync), long_running=True),
    ]


def schedule_of(ctx: Context) -> list[TaskDefinition]:
    return [
        TaskDefinition("CheckHealth", lambda: dt.timedelta(hours=6)),
        TaskDefinition("Housekeeping", lambda: dt.timedelta(hours=24)),
        TaskDefinition(downloads.REFRESH_COMMAND, lambda: dt.timedelta(minutes=1)),
        rss_sync_task(ctx),
        TaskDefinition("RefreshMovie", lambda: dt.timedelta(hours=24)),
        TaskDefinition("RefreshCollections", lambda: dt.timedelta(hours=24)),
        TaskDefinition(import_list_sync.COMMAND, lambda: import_list_sync.INTERVAL),
        TaskDefinition(
            "Backup", lambda: dt.timedelta(days=min(max(ctx.settings.backup_interval_days, 1), 7))
        ),
    ]


async def install_defaults(db: Database) -> None:
    """What a new install starts with: Radarr's quality definitions, profiles and delay profile."""
    async with db.write() as uow:
        session = uow.session
        known = set(await session.scalars(select(QualityDefinition.quality_id)))
        for default in qualities.DEFAULTS:
            if default.quality.id not in known:
                session.add(
                    QualityDefinition(
                        quality_id=default.quality.id,
                        title=default.quality.name,
                        weight=default.weight,
                        min_size=default.min_size,
                        max_size=default.max_size,
                        preferred_size=default.preferred_size,
                    )
                )
        if not await session.scalar(select(func.count()).select_from(QualityProfile)):
            for row in profiles.default_profile_rows():
                session.add(QualityProfile(**row))
        if not await session.scalar(select(func.count()).select_from(DelayProfile)):
            session.add(DelayProfile())


@asynccontextmanager
async def running(settings: Settings, *, scheduler_tick_seconds: float = 30) -> AsyncIterator[Context]:
    """Start everything Reelarr runs in the background; stop it all on exit."""
    logs.setup(settings.log_dir, settings.log_level, settings.log_size_limit_mb)
    logs.redact(settings.api_key)
    apply_staged_restore(settings)
    bus = EventBus()
    db = Database(settings.effective_database_url, bus)
    await migrations.upgrade(db.engine)
    await install_defaults(db)
    commands = CommandQueue(db, bus)
    ctx = Context(
        settings=settings, db=db, bus=bus, commands=commands, health=HealthMonitor(bus), http=HttpClient()
    )
    ctx.health.add_check(indexer_health.check_indexer_rss)
    ctx.health.add_check(indexer_health.check_indexer_search)
    ctx.health.add_check(indexer_health.check_indexer_status)
    ctx.health.add_check(indexer_health.check_indexer_long_term_status)
    ctx.health.add_check(importing.check_hardlink_fallbacks)
    ctx.health.add_check(downloads.check_download_clients)
    ctx.health.add_check(download_client_health.check_download_client_setups)
    ctx.health.add_check(import_list_sync.check_import_lists)
    ctx.health.add_check(downloads.check_import_mechanism)
    ctx.health.add_check(library.check_removed_movies)
    ctx.health.add_check(notification_dispatch.check_notification_status)
    ctx.health.add_check(notification_dispatch.check_slack_url)
    ctx.health.add_check(indexer_health.check_indexer_jackett_all)
    ctx.health.add_check(indexer_health.check_indexer_download_client)
    ctx.health.add_check(indexer_health.check_passthepopcorn_settings)
    ctx.health.add_check(metadata_files.check_kometa)
    await importing.recover_interrupted_transfers(ctx)
    for spec in commands_of(ctx):
        commands.register(spec)
    await commands.mark_orphans()
    scheduler = Scheduler(db, bus, commands, schedule_of(ctx), tick_seconds=scheduler_tick_seconds)
    await scheduler.sync_table()
    # Notifications: each event to the notifications whose switch is on.
    notifier = Notifier(ctx)
    bus.subscribe(MovieGrabbed, notifier.movie_grabbed)
    bus.subscribe(MovieImported, notifier.movie_imported)
    bus.subscribe(MovieAdded, notifier.movie_added)
    bus.subscribe(MovieDeleted, notifier.movie_deleted)
    bus.subscribe(MovieFileDeleted, notifier.movie_file_deleted)
    bus.subscribe(MovieRenamed, notifier.movie_renamed)
    bus.subscribe(HealthChanged, notifier.health_changed)

    # Metadata files: rewritten under the new name once a rename has carried them there.
    async def write_metadata_after_rename(event: MovieRenamed) -> None:
        await metadata_files.write_movie_metadata(ctx, event.movie_id)

    bus.subscribe(MovieRenamed, write_metadata_after_rename)

    # Health: settings can make or clear a problem (recycle bin, completed download handling),
    # and so can deleting a movie TMDB no longer has.
    async def recheck_health(_: ConfigChanged | MovieDeleted) -> None:
        await ctx.health.run(ctx)

    bus.subscribe(ConfigChanged, recheck_health)
    bus.subscribe(MovieDeleted, recheck_health)
    await ctx.health.run(ctx)
    commands.start()
    scheduler.start()
    log.info("Reelarr started; data in %s", settings.data_dir)
    try:
        yield ctx
    finally:
        await scheduler.stop()
        await commands.stop()
        await notifier.aclose()
        await ctx.http.aclose()
        await db.dispose()
        log.info("Reelarr stopped")


def create_app(settings: Settings, *, scheduler_tick_seconds: float = 30) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, scheduler_tick_seconds=scheduler_tick_seconds) as ctx:
            app.state.ctx = ctx
            app.state.live = LiveHub(ctx)
            app.state.setup_token = await announce_setup(ctx)
            yield

    base = settings.url_base
    app = FastAPI(
        title="Reelarr",
        version=RADARR_COMPATIBLE_VERSION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{base}/api/v3/openapi.json",
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )
    app.include_router(api_v3_router(), prefix=f"{base}/api/v3")
    app.include_router(_unversioned_router(), prefix=base)
    for router in (backup_files, calendar_feed, media_covers, ui_router(), live_events, signalr):
        app.include_router(router, prefix=base)
    # Who may call what is decided for every route in one place (reelarr.security.gate). The
    # compatibility layer wraps it, so its answers carry X-Application-Version too.
    app.add_middleware(SecurityGate)
    app.add_middleware(RadarrCompatibility, version=RADARR_COMPATIBLE_VERSION)
    # Outermost: /version/{name}/api/... is the plain API call to the rest (docs/versions.md).
    app.add_middleware(VersionView, url_base=base)
    return app


def _unversioned_router() -> APIRouter:
    router = APIRouter()

    @router.api_route("/ping", methods=["GET", "HEAD"], include_in_schema=False)
    async def ping() -> dict[str, Any]:
        return {"status": "OK"}

    @router.get("/api", include_in_schema=False)
    async def api_info() -> dict[str, Any]:
        return {"current": "v3", "deprecated": []}

    return router
