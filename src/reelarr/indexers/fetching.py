"""Fetching from every indexer at once: RSS sync and movie searches, with back-off.

Each indexer runs concurrently under its own timeout; one that fails is backed off on the
provider schedule and never stops the others. Indexers in back-off are skipped until
their time is up. Cached capabilities travel in the status row's ``data``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from reelarr import settings as settings_store
from reelarr.context import Context
from reelarr.events import ConfigChanged
from reelarr.indexers import INDEXERS, IndexerOptions
from reelarr.indexers.base import Indexer, IndexerError, ReleaseInfo, SearchCriteria
from reelarr.indexers.newznab import Capabilities, Newznab
from reelarr.providers import definitions, is_blocked, record_failure, record_success, statuses
from reelarr.scheduler import TaskDefinition
from reelarr.settings import Section

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
CAPABILITIES_KEPT_FOR = dt.timedelta(days=7)


class IndexerConfig(Section):
    """Radarr's IndexerConfigResource: release filters and the RSS sync interval (minutes)."""

    section: ClassVar[str] = "indexer"
    minimum_age: int = 0
    maximum_size: int = 0
    retention: int = 0
    rss_sync_interval: int = 30
    prefer_indexer_flags: bool = False
    availability_delay: int = 0
    allow_hardcoded_subs: bool = False
    whitelisted_hardcoded_subs: str = ""


def effective_rss_minutes(configured: int) -> int:
    """0 turns RSS sync off; anything from 1 to 9 is raised to 10, as Radarr does."""
    return 0 if configured <= 0 else max(configured, 10)


@dataclass(frozen=True)
class IndexerFailure:
    indexer_id: int
    indexer: str
    message: str


@dataclass(frozen=True)
class FetchOutcome:
    releases: list[ReleaseInfo]
    indexers: int
    failures: list[IndexerFailure]


def _fresh(cached: dict[str, Any] | None, now: dt.datetime) -> bool:
    """Whether cached capabilities are recent enough to skip asking ``t=caps`` again."""
    fetched = (cached or {}).get("fetched")
    return isinstance(fetched, str) and fetched > (now - CAPABILITIES_KEPT_FOR).isoformat()


async def _usable_indexers(ctx: Context, wanted: Callable[[IndexerOptions], bool]) -> list[Indexer]:
    now = ctx.clock()
    async with ctx.db.read() as session:
        rows = await definitions(session, INDEXERS.kind)
        status = await statuses(session, INDEXERS.kind)
    indexers = []
    for definition in rows:
        options = IndexerOptions.model_validate(definition.options)
        if not wanted(options) or is_blocked(status.get(definition.id), now):
            continue
        try:
            indexer = INDEXERS.build(definition)
        except Exception:
            log.warning("indexer %s has settings that no longer validate; skipped", definition.name)
            continue
        assert isinstance(indexer, Indexer)
        cached = status[definition.id].data.get("capabilities") if definition.id in status else None
        if isinstance(indexer, Newznab) and _fresh(cached, now):
            indexer.capabilities = Capabilities.from_json(cached or {})
        indexers.append(indexer)
    return indexers


async def _fetch_all(
    ctx: Context,
    indexers: list[Indexer],
    fetch: Callable[[Indexer], Awaitable[list[ReleaseInfo]]],
    timeout: float,
) -> FetchOutcome:
    async def one(indexer: Indexer) -> list[ReleaseInfo] | IndexerError:
        try:
            return await asyncio.wait_for(fetch(indexer), timeout)
        except IndexerError as exc:
            return exc
        except TimeoutError:
            return IndexerError(f"The indexer did not answer within {timeout:g} seconds")
        except Exception as exc:  # a bug in one indexer must not stop the others
            log.exception("indexer %s failed unexpectedly", indexer.definition.name)
            return IndexerError(f"Unexpected error: {type(exc).__name__}")

    results = await asyncio.gather(*(one(indexer) for indexer in indexers))
    releases: list[ReleaseInfo] = []
    failures: list[IndexerFailure] = []
    now = ctx.clock()
    async with ctx.db.write() as uow:
        for indexer, result in zip(indexers, results, strict=True):
            definition = indexer.definition
            if isinstance(result, IndexerError):
                log.warning("indexer %s failed: %s", definition.name, result)
                failures.append(IndexerFailure(definition.id, definition.name, str(result)))
                await record_failure(uow.session, definition.id, now, result.retry_after or dt.timedelta(0))
                continue
            releases.extend(result)
            status = await record_success(uow.session, definition.id)
            caps = indexer.capabilities if isinstance(indexer, Newznab) else None
            if caps is not None and not _fresh(status.data.get("capabilities"), now):
                status.data = {**status.data, "capabilities": {**caps.to_json(), "fetched": now.isoformat()}}
    if failures or any(isinstance(r, list) for r in results):
        await ctx.health.run(ctx)
    return FetchOutcome(releases, len(indexers), failures)


async def rss_outcome(ctx: Context, *, timeout: float = DEFAULT_TIMEOUT) -> FetchOutcome:
    indexers = await _usable_indexers(ctx, lambda o: o.enable_rss)
    indexers = [i for i in indexers if i.supports_rss]
    return await _fetch_all(ctx, indexers, lambda i: i.fetch_rss(ctx.http), timeout)


async def fetch_rss(ctx: Context, *, timeout: float = DEFAULT_TIMEOUT) -> list[ReleaseInfo]:
    """The newest releases of every RSS-enabled indexer, fetched concurrently."""
    return (await rss_outcome(ctx, timeout=timeout)).releases


async def search_indexers(
    ctx: Context, criteria: SearchCriteria, *, interactive: bool = False, timeout: float = DEFAULT_TIMEOUT
) -> list[ReleaseInfo]:
    """Search every search-enabled indexer for a movie, concurrently, each within ``timeout``."""

    def wanted(options: IndexerOptions) -> bool:
        return options.enable_interactive_search if interactive else options.enable_automatic_search

    indexers = [i for i in await _usable_indexers(ctx, wanted) if i.supports_search]
    outcome = await _fetch_all(ctx, indexers, lambda i: i.search(ctx.http, criteria), timeout)
    return outcome.releases


class RssInterval:
    """The RSS sync interval, kept here because the scheduler reads intervals synchronously;
    reloaded at start and whenever the indexer config is saved."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.minutes = effective_rss_minutes(IndexerConfig().rss_sync_interval)
        ctx.bus.subscribe(ConfigChanged, self._on_config_changed)
        self._startup = asyncio.get_running_loop().create_task(self.reload())

    async def reload(self) -> None:
        async with self._ctx.db.read() as session:
            config = await settings_store.load(session, IndexerConfig)
        self.minutes = effective_rss_minutes(config.rss_sync_interval)

    async def _on_config_changed(self, event: ConfigChanged) -> None:
        if event.section == IndexerConfig.section:
            await self.reload()

    def __call__(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.minutes)


def rss_sync_task(ctx: Context) -> TaskDefinition:
    return TaskDefinition("RssSync", RssInterval(ctx))
