"""A generic torrent RSS feed: any tracker's RSS URL, with or without the ``torrent:`` namespace.

RSS only (no search). Size, hash, magnet and peers come from the EZRSS ``torrent:``
elements when present, else from the enclosure, else are unknown.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from typing import Annotated, ClassVar

from reelarr.http import HttpClient
from reelarr.indexers.base import (
    Indexer,
    IndexerError,
    IndexerRequest,
    RateLimitSettings,
    ReleaseInfo,
    TorrentSettings,
    looks_like_html,
    parse_int,
)
from reelarr.indexers.newznab import parse_feed
from reelarr.providers import Form, ProviderSettings


class TorrentRssConnection(ProviderSettings):
    base_url: Annotated[str, Form("Full RSS Feed URL", type="textbox")] = ""
    cookie: Annotated[
        str,
        Form(
            "Cookie",
            "The login cookie, if the site requires one for its feed",
            privacy="password",
            advanced=True,
        ),
    ] = ""
    allow_zero_size: Annotated[
        bool,
        Form("Allow Zero Size", "Accept releases from feeds that do not give a size", "checkbox"),
    ] = False


class TorrentRssIndexerSettings(TorrentSettings, RateLimitSettings, TorrentRssConnection):
    """Connection, then limits, then seeding goals."""


def parse_torrent_feed(body: str) -> list[ReleaseInfo]:
    """Releases in a torrent RSS feed: the Torznab reader, then the EZRSS ``torrent:`` details."""
    releases = parse_feed(body, "torrent")
    if not releases:
        return releases
    details = {}
    for item in ET.fromstring(body.strip()).iter():
        if item.tag.rsplit("}", 1)[-1].lower() != "item":
            continue
        values = {child.tag.rsplit("}", 1)[-1].lower(): (child.text or "").strip() for child in item}
        details[values.get("title", "")] = values
    enriched = []
    for release in releases:
        extra = details.get(release.title, {})
        seeders = parse_int(extra.get("seeds")) if release.seeders is None else release.seeders
        peers = parse_int(extra.get("peers")) if release.peers is None else release.peers
        enriched.append(
            dataclasses.replace(
                release,
                size=release.size or parse_int(extra.get("contentlength")) or 0,
                info_hash=release.info_hash or (extra.get("infohash") or "").lower() or None,
                magnet_url=release.magnet_url or extra.get("magneturi") or None,
                seeders=seeders,
                peers=peers,
            )
        )
    return enriched


class TorrentRss(Indexer):
    implementation: ClassVar[str] = "TorrentRssIndexer"
    implementation_name: ClassVar[str] = "Torrent RSS Feed"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#torrentrssindexer"
    settings_model: ClassVar[type[TorrentRssIndexerSettings]] = TorrentRssIndexerSettings
    protocol: ClassVar[str] = "torrent"
    supports_search: ClassVar[bool] = False

    settings: TorrentRssIndexerSettings

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        if not self.settings.base_url.lower().startswith(("http://", "https://")):
            raise IndexerError("The feed URL must start with http:// or https://")
        headers = {"Cookie": self.settings.cookie} if self.settings.cookie else {}
        response = await self.send(http, IndexerRequest(self.settings.base_url, headers=headers))
        if looks_like_html(response.text):
            raise IndexerError("The feed URL answered with a web page instead of RSS: check the URL")
        releases = parse_torrent_feed(response.text)
        if not self.settings.allow_zero_size:
            releases = [r for r in releases if r.size > 0]
        return self.stamp(releases)
