"""TorrentPotato: the JSON search API CouchPotato defined and Jackett and others serve.

Every request carries ``passkey`` and ``user`` in the query. A movie is searched by
``imdbid``, or by ``search=<title> <year>`` when it has none; the RSS feed is the
search ``-``. Sizes come in megabytes. Radarr waits two seconds between requests to
such an API, so this indexer never asks its host more often than that.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Annotated, Any, ClassVar
from urllib.parse import urlencode, urlsplit

from reelarr.http import HostLimit, HttpClient
from reelarr.indexers.base import (
    Indexer,
    IndexerError,
    IndexerFlag,
    IndexerRequest,
    RateLimitSettings,
    ReleaseInfo,
    SearchCriteria,
    TorrentSettings,
    looks_like_html,
)
from reelarr.providers import Form, ProviderSettings

MAGNET_HASH = re.compile(r"^magnet:\?xt=urn:btih:([a-f0-9]+)", re.IGNORECASE)
MINIMUM_INTERVAL = 2.0  # seconds, Radarr's RateLimit for TorrentPotato


class TorrentPotatoConnection(ProviderSettings):
    base_url: Annotated[str, Form("API URL", "URL to TorrentPotato api.")] = "http://127.0.0.1"
    user: Annotated[str, Form("Username", "The username you use at your indexer.", privacy="userName")] = ""
    passkey: Annotated[
        str, Form("Passkey", "The password you use at your Indexer.", type="password", privacy="password")
    ] = ""


class TorrentPotatoSettings(TorrentSettings, RateLimitSettings, TorrentPotatoConnection):
    """Connection, then limits, then seeding goals."""


def _publish_date(value: Any) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed.astimezone(dt.UTC) if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_results(body: str) -> list[ReleaseInfo]:
    """Releases in a TorrentPotato answer (``{"results": [...], "total_results": n}``)."""
    if looks_like_html(body):
        raise IndexerError(
            "The TorrentPotato API answered with a web page instead of JSON: check the API URL"
        )
    try:
        document = json.loads(body)
    except ValueError:
        raise IndexerError("The TorrentPotato API's answer is not valid JSON") from None
    if not isinstance(document, dict) or not isinstance(document.get("results"), list):
        raise IndexerError("The TorrentPotato API's answer has no results list: check the API URL")
    releases = []
    for result in document["results"]:
        if not isinstance(result, dict) or not result.get("release_name") or not result.get("download_url"):
            continue
        url = str(result["download_url"])
        magnet = MAGNET_HASH.match(url)
        seeders = int(result.get("seeders") or 0)
        freeleech = bool(result.get("freeleech"))
        releases.append(
            ReleaseInfo(
                guid=f"potato-{magnet.group(1) if magnet else url}",
                title=str(result["release_name"]),
                size=int(float(result.get("size") or 0) * 1000 * 1000),
                download_url=url,
                info_url=str(result.get("details_url") or ""),
                protocol="torrent",
                publish_date=_publish_date(result.get("publish_date")),
                seeders=seeders,
                peers=seeders + int(result.get("leechers") or 0),
                info_hash=magnet.group(1).lower() if magnet else None,
                magnet_url=url if magnet else None,
                indexer_flags=IndexerFlag.G_Freeleech if freeleech else IndexerFlag(0),
                download_volume_factor=0.0 if freeleech else 1.0,
            )
        )
    return releases


class TorrentPotato(Indexer):
    implementation: ClassVar[str] = "TorrentPotato"
    implementation_name: ClassVar[str] = "TorrentPotato"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#torrentpotato"
    settings_model: ClassVar[type[TorrentPotatoSettings]] = TorrentPotatoSettings
    protocol: ClassVar[str] = "torrent"

    settings: TorrentPotatoSettings

    def request(self, **query: str) -> IndexerRequest:
        params = {"passkey": self.settings.passkey, "user": self.settings.user.strip(), **query}
        separator = "&" if "?" in self.settings.base_url else "?"
        return IndexerRequest(f"{self.settings.base_url}{separator}{urlencode(params)}")

    def _apply_limits(self, http: HttpClient, url: str) -> None:
        super()._apply_limits(http, url)
        host = urlsplit(url).netloc.lower()
        http.raise_limit(host, HostLimit(min_interval=MINIMUM_INTERVAL))

    async def _fetch(self, http: HttpClient, request: IndexerRequest) -> list[ReleaseInfo]:
        response = await self.send(http, request)
        return self.stamp(parse_results(response.text))

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        return await self._fetch(http, self.request(search="-"))

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        if criteria.imdb_id:
            return await self._fetch(http, self.request(imdbid=criteria.imdb_id))
        query = f"{criteria.title} {criteria.year}" if criteria.year else criteria.title
        return await self._fetch(http, self.request(search=query))
