"""Health checks about indexers: none usable for RSS or search, indexers in back-off, and settings
that cannot work (Jackett's "all" endpoint, a download client that is gone, old PassThePopcorn keys)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from reelarr.context import Context
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.health import HealthIssue
from reelarr.indexers import IMPLEMENTATIONS, INDEXERS, IndexerOptions
from reelarr.indexers.newznab import TorznabSettings
from reelarr.indexers.passthepopcorn import PassThePopcornSettings
from reelarr.models import ProviderStatus
from reelarr.providers import Definition, definitions, is_blocked, statuses

LONG_TERM = dt.timedelta(hours=6)


async def _enabled(ctx: Context) -> tuple[list[tuple[Definition, IndexerOptions]], dict[int, ProviderStatus]]:
    async with ctx.db.read() as session:
        rows = await definitions(session, INDEXERS.kind)
        status = await statuses(session, INDEXERS.kind)
    pairs = [(d, IndexerOptions.model_validate(d.options)) for d in rows]
    return [(d, o) for d, o in pairs if INDEXERS.is_enabled(o)], status


def _supports(definition: Definition, capability: str) -> bool:
    for implementation in IMPLEMENTATIONS:
        if implementation.implementation == definition.implementation:
            return bool(getattr(implementation, capability))
    return False


async def _availability_check(
    ctx: Context,
    source: str,
    switch: Callable[[IndexerOptions], bool],
    capability: str,
    none_message: str,
    all_blocked_message: str,
    wiki_anchor: str,
) -> list[HealthIssue]:
    enabled, status = await _enabled(ctx)
    usable = [d for d, options in enabled if switch(options) and _supports(d, capability)]
    if not usable:
        return [HealthIssue(source, "warning", none_message, wiki_anchor)]
    now = ctx.clock()
    if all(is_blocked(status.get(d.id), now) for d in usable):
        return [
            HealthIssue(source, "warning", all_blocked_message, "indexers-are-unavailable-due-to-failures")
        ]
    return []


async def check_indexer_rss(ctx: Context) -> list[HealthIssue]:
    return await _availability_check(
        ctx,
        "IndexerRssCheck",
        lambda o: o.enable_rss,
        "supports_rss",
        "No indexers available with RSS sync enabled, Reelarr will not grab new releases automatically",
        "All rss-capable indexers are temporarily unavailable due to recent indexer errors",
        "no-indexers-available-with-rss-sync-enabled",
    )


async def check_indexer_search(ctx: Context) -> list[HealthIssue]:
    return await _availability_check(
        ctx,
        "IndexerSearchCheck",
        lambda o: o.enable_automatic_search,
        "supports_search",
        "No indexers available with Automatic Search enabled, Reelarr will not provide any automatic "
        "search results",
        "All search-capable indexers are temporarily unavailable due to recent indexer errors",
        "no-indexers-available-with-automatic-search-enabled",
    )


async def _blocked(ctx: Context, long_term: bool) -> tuple[list[str], int]:
    enabled, status = await _enabled(ctx)
    now = ctx.clock()
    names = []
    for definition, _ in enabled:
        row = status.get(definition.id)
        if not is_blocked(row, now) or row is None or row.initial_failure is None:
            continue
        if (now - row.initial_failure > LONG_TERM) == long_term:
            names.append(definition.name)
    return names, len(enabled)


async def check_indexer_status(ctx: Context) -> list[HealthIssue]:
    names, enabled = await _blocked(ctx, long_term=False)
    if not names:
        return []
    if len(names) == enabled:
        return [
            HealthIssue(
                "IndexerStatusCheck",
                "error",
                "All indexers are unavailable due to failures",
                "indexers-are-unavailable-due-to-failures",
            )
        ]
    return [
        HealthIssue(
            "IndexerStatusCheck",
            "warning",
            f"Indexers unavailable due to failures: {', '.join(names)}",
            "indexers-are-unavailable-due-to-failures",
        )
    ]


async def check_indexer_long_term_status(ctx: Context) -> list[HealthIssue]:
    names, enabled = await _blocked(ctx, long_term=True)
    if not names:
        return []
    which = (
        "All indexers are unavailable due to failures for more than 6 hours"
        if len(names) == enabled
        else f"Indexers unavailable due to failures for more than 6 hours: {', '.join(names)}"
    )
    return [
        HealthIssue(
            "IndexerLongTermStatusCheck",
            "error" if len(names) == enabled else "warning",
            which,
            "indexers-are-unavailable-due-to-failures-for-more-than-6-hours",
        )
    ]


JACKETT_ALL_PATHS = ("/torznab/all/api", "/api/v2.0/indexers/all/results/torznab")


async def check_indexer_jackett_all(ctx: Context) -> list[HealthIssue]:
    """Jackett's "all" endpoint mixes every tracker's results and breaks paging and categories."""
    enabled, _ = await _enabled(ctx)
    names = []
    for definition, _ in enabled:
        settings = INDEXERS.build(definition).settings
        if isinstance(settings, TorznabSettings):
            url = (settings.base_url + " " + settings.api_path).lower()
            if any(path in url for path in JACKETT_ALL_PATHS):
                names.append(definition.name)
    if not names:
        return []
    return [
        HealthIssue(
            "IndexerJackettAllCheck",
            "warning",
            f"Indexers use Jackett's unsupported 'all' endpoint: {', '.join(names)}. "
            "Add each tracker as its own indexer instead",
            "jackett-all-endpoint-used",
        )
    ]


async def check_indexer_download_client(ctx: Context) -> list[HealthIssue]:
    """An indexer pinned to a download client that was deleted or disabled cannot grab at all."""
    enabled, _ = await _enabled(ctx)
    async with ctx.db.read() as session:
        clients = {d.id for d in await definitions(session, DOWNLOAD_CLIENTS.kind) if d.enable}
    names = [
        d.name
        for d, options in enabled
        if options.download_client_id and options.download_client_id not in clients
    ]
    if not names:
        return []
    return [
        HealthIssue(
            "IndexerDownloadClientCheck",
            "warning",
            f"Indexers with invalid download clients: {', '.join(names)}. "
            "Pick an enabled download client in their settings, or none",
            "invalid-indexer-download-client-setting",
        )
    ]


async def check_passthepopcorn_settings(ctx: Context) -> list[HealthIssue]:
    """PassThePopcorn signs in with an API user and key now; an indexer without the user is left over."""
    async with ctx.db.read() as session:
        rows = await definitions(session, INDEXERS.kind)
    names = []
    for definition in rows:
        settings = INDEXERS.build(definition).settings
        if isinstance(settings, PassThePopcornSettings) and not settings.api_user.strip():
            names.append(definition.name)
    if not names:
        return []
    return [
        HealthIssue(
            "PTPOldSettingsCheck",
            "warning",
            f"These PassThePopcorn indexers have deprecated settings: {', '.join(names)}. "
            "Enter the API User and API Key from PassThePopcorn's Edit Profile > Security",
            "ptp-settings-old",
        )
    ]
