"""RSS List: any RSS feed whose items are movies, such as an IMDb list's RSS export.

As Radarr reads it: each ``<item>``'s title is parsed for a title, a year and an IMDb id,
and the ``<link>`` gives the IMDb id when the title does not; items titled as TV series,
mini-series or episodes are skipped. The sync finds TMDB ids from the IMDb ids.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Annotated

from reelarr.import_lists.base import ImportList, ListFailed, ListMovie
from reelarr.parser import parse_title
from reelarr.providers import Form, ProviderSettings

if TYPE_CHECKING:
    from reelarr.context import Context

IMDB_ID = re.compile(r"\b(tt\d{7,8})\b")
NOT_MOVIES = ("tv series", "mini-series", "tv episode")


class RSSImportSettings(ProviderSettings):
    link: Annotated[str, Form("RSS Link", "Link to the rss feed of movies", type="url")] = (
        "http://rss.yoursite.com"
    )


def feed_items(text: str) -> list[ET.Element]:
    """The ``<item>`` elements of an RSS document; anything else is a :class:`ListFailed`."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise ListFailed(f"The RSS feed is not valid XML: {exc}") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ListFailed("The address does not serve an RSS feed")
    return channel.findall("item")


def parse_feed(text: str) -> list[ListMovie]:
    """The movies of an RSS document (a pure function, tested on saved feeds)."""
    movies = []
    for item in feed_items(text):
        title = (item.findtext("title") or "").strip()
        if not title or any(word in title.lower() for word in NOT_MOVIES):
            continue
        parsed = parse_title(title)
        imdb = (
            (parsed.imdb_id if parsed else None) or _imdb_in(title) or _imdb_in(item.findtext("link") or "")
        )
        name, year = (parsed.movie_title, parsed.year) if parsed else (title, 0)
        movies.append(ListMovie(imdb_id=imdb, title=name, year=year))
    return movies


def _imdb_in(text: str) -> str | None:
    match = IMDB_ID.search(text)
    return match.group(1) if match else None


class RSSImport(ImportList):
    implementation = "RSSImport"
    implementation_name = "RSS List"
    settings_model = RSSImportSettings
    list_type = "advanced"

    async def fetch(self, ctx: Context) -> list[ListMovie]:
        settings = self.settings
        assert isinstance(settings, RSSImportSettings)
        response = await self.get(ctx, settings.link, what=f"the RSS feed at {settings.link}")
        if "text/html" in response.headers.get("content-type", ""):
            raise ListFailed("The list answered a web page; the site is likely blocked or unavailable")
        return parse_feed(response.text)
