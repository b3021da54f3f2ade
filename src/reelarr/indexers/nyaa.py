"""Nyaa: the anime tracker's public RSS (``/?page=rss``), searched by title with ``&term=``.

Nyaa has no id search, so a movie is searched by its titles and year. Its feed puts seeders,
leechers, the info hash, a human size ("4.3 GiB") and a comment count in ``nyaa:`` elements,
which the shared RSS parser does not read or misreads; they are set right here. A full page
(75 items) is followed by the next (``&offset=2``, ...) up to Radarr's 30 pages for a search;
the RSS feed is one page.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from typing import Annotated, ClassVar
from urllib.parse import urlencode

from reelarr.http import HttpClient
from reelarr.indexers.base import (
    Indexer,
    IndexerRequest,
    RateLimitSettings,
    ReleaseInfo,
    SearchCriteria,
    TorrentSettings,
    parse_int,
)
from reelarr.indexers.iptorrents import size_in_description
from reelarr.indexers.newznab import parse_feed
from reelarr.providers import Form, ProviderSettings

PAGE_SIZE = 75  # items in one page of nyaa.si's feed
SEARCH_PAGES = 30


class NyaaConnection(ProviderSettings):
    base_url: Annotated[str, Form("Website URL")] = ""
    additional_parameters: Annotated[
        str,
        Form(
            "Additional Parameters",
            "Please note if you change the category you will have to add required/restricted rules "
            "about the subgroups to avoid foreign language releases.",
            advanced=True,
        ),
    ] = "&cats=1_0&filter=1"


class NyaaSettings(TorrentSettings, RateLimitSettings, NyaaConnection):
    """The site, then limits, then seeding goals."""


def _nyaa_fields(item: ET.Element) -> dict[str, str]:
    return {child.tag.rsplit("}", 1)[-1].lower(): (child.text or "").strip() for child in item}


def parse_nyaa_feed(body: str) -> list[ReleaseInfo]:
    releases = parse_feed(body, "torrent")
    extra = {}
    for item in ET.fromstring(body.strip()).iter("item"):
        fields = _nyaa_fields(item)
        extra[fields.get("title", "")] = fields
    enriched = []
    for release in releases:
        fields = extra.get(release.title, {})
        seeders = parse_int(fields.get("seeders"))
        leechers = parse_int(fields.get("leechers"))
        enriched.append(
            dataclasses.replace(
                release,
                size=release.size or size_in_description(fields.get("size", "")),
                seeders=seeders,
                peers=None if seeders is None else seeders + (leechers or 0),
                grabs=parse_int(fields.get("downloads")),
                info_hash=(fields.get("infohash") or "").lower() or None,
                # nyaa:comments is a count, not a link: the page is the guid, as in Radarr.
                info_url=release.guid if release.guid.startswith("http") else "",
                comments_url="",
            )
        )
    return enriched


class Nyaa(Indexer):
    implementation: ClassVar[str] = "Nyaa"
    implementation_name: ClassVar[str] = "Nyaa"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#nyaa"
    settings_model: ClassVar[type[NyaaSettings]] = NyaaSettings
    protocol: ClassVar[str] = "torrent"

    settings: NyaaSettings

    def request(self, term: str | None = None, page: int = 1) -> IndexerRequest:
        url = f"{self.settings.base_url.rstrip('/')}/?page=rss{self.settings.additional_parameters}"
        if term is not None:
            url += "&" + urlencode({"term": term})
        if page > 1:
            url += f"&offset={page}"
        return IndexerRequest(url)

    async def _pages(self, http: HttpClient, term: str | None, pages: int) -> list[ReleaseInfo]:
        releases: list[ReleaseInfo] = []
        for page in range(1, pages + 1):
            response = await self.send(http, self.request(term, page))
            found = parse_nyaa_feed(response.text)
            releases.extend(found)
            if len(found) < PAGE_SIZE:
                break
        return self.stamp(releases)

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        return await self._pages(http, None, 1)

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        releases: list[ReleaseInfo] = []
        for title in (criteria.title, *criteria.alternative_titles):
            term = f"{title} {criteria.year}" if criteria.year else title
            releases.extend(await self._pages(http, term, SEARCH_PAGES))
        return releases
