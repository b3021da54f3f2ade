"""Plex Watchlist RSS: the RSS feed Plex publishes for a watchlist (Settings > Watchlist in Plex).

Items of category ``movie`` name the movie in their ``<guid>``: ``imdb://tt…`` or ``tmdb://…``;
an item with neither makes the feed unusable, as in Radarr.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.import_lists.rss import IMDB_ID, feed_items
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context


class PlexRssImportSettings(ProviderSettings):
    url: Annotated[str, Form("Url", help_link="https://app.plex.tv/desktop/#!/settings/watchlist")] = ""


def parse_plex_feed(text: str) -> list[ListMovie]:
    movies = []
    for item in feed_items(text):
        if (item.findtext("category") or "").strip() != "movie":
            continue
        guid = (item.findtext("guid") or "").strip()
        imdb = IMDB_ID.search(guid) if guid.startswith("imdb://") else None
        tmdb = guid.removeprefix("tmdb://") if guid.startswith("tmdb://") else ""
        if imdb is None and not tmdb.isdigit():
            raise ListFailed("Each item in the RSS feed must have a guid element with a IMDB ID or TMDB ID")
        title = (item.findtext("title") or "Unknown").strip()
        movies.append(ListMovie(int(tmdb) if tmdb.isdigit() else 0, imdb.group(1) if imdb else None, title))
    return movies


class PlexRssImport(ImportList):
    implementation = "PlexRssImport"
    implementation_name = "Plex Watchlist RSS"
    settings_model = PlexRssImportSettings
    list_type = "plex"
    min_refresh_interval = dt.timedelta(hours=6)

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, PlexRssImportSettings)
        if not settings.url:
            raise ListFailed("Set the watchlist's RSS URL (Plex: Settings > Watchlist)")
        return parse_plex_feed((await self.get(ctx, settings.url, what="the Plex watchlist RSS")).text)
