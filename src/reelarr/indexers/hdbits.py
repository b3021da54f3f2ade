"""HDBits: a private tracker with a JSON API (``POST /api/torrents``), searched by IMDb id.

The request carries the username and passkey in its body; the answer is
``{"status": 0, "data": [...]}`` where a non-zero status is HDBits' own error code.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, ClassVar

from pydantic import Field

from reelarr.http import HttpClient
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
    normalize_imdb_id,
)
from reelarr.providers import Form, ProviderSettings

CATEGORIES = (
    (1, "Movie"),
    (2, "TV"),
    (3, "Documentary"),
    (4, "Music"),
    (5, "Sport"),
    (6, "Audio"),
    (7, "XXX"),
)
CODECS = ((1, "H.264"), (2, "MPEG-2"), (3, "VC-1"), (4, "XviD"), (5, "HEVC"))
MEDIUMS = ((1, "Blu-ray/HD DVD"), (3, "Encode"), (4, "Capture"), (5, "Remux"), (6, "WEB-DL"))

_STATUS_MESSAGES = {
    1: "HDBits reported a failure",
    2: "HDBits requires HTTPS: check the URL",
    3: "HDBits could not read the request",
    4: "HDBits needs a username and passkey",
    5: "HDBits rejected the username or passkey: check them",
    6: "HDBits says a required parameter is missing",
    7: "HDBits says a parameter is invalid",
}


class HDBitsConnection(ProviderSettings):
    base_url: Annotated[str, Form("API URL", type="textbox", advanced=True)] = "https://hdbits.org"
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    api_key: Annotated[str, Form("Passkey", privacy="apiKey")] = ""
    categories: Annotated[
        list[int], Form("Categories", "Leave blank for all", type="select", select_options=CATEGORIES)
    ] = Field(default_factory=lambda: [1, 3])
    codecs: Annotated[
        list[int], Form("Codecs", "Leave blank for all", type="select", advanced=True, select_options=CODECS)
    ] = Field(default_factory=list)
    mediums: Annotated[
        list[int],
        Form("Mediums", "Leave blank for all", type="select", advanced=True, select_options=MEDIUMS),
    ] = Field(default_factory=list)


class HDBitsSettings(TorrentSettings, RateLimitSettings, HDBitsConnection):
    """Connection, then limits, then seeding goals."""


def parse_torrents(body: str, base_url: str, passkey: str) -> list[ReleaseInfo]:
    """Releases in an HDBits ``/api/torrents`` answer."""
    if looks_like_html(body):
        raise IndexerError("HDBits answered with a web page instead of JSON: check the API URL")
    try:
        document = json.loads(body)
    except ValueError:
        raise IndexerError("HDBits' answer is not valid JSON") from None
    if not isinstance(document, dict):
        raise IndexerError("HDBits' answer is not a JSON object")
    status = document.get("status", 1)
    if status != 0:
        message = _STATUS_MESSAGES.get(status, f"HDBits answered status {status}")
        detail = document.get("message")
        raise IndexerError(f"{message}" + (f" ({detail})" if detail else ""))
    base = base_url.rstrip("/")
    releases = []
    for item in document.get("data") or []:
        if not isinstance(item, dict) or not item.get("name") or item.get("id") is None:
            continue
        flags = IndexerFlag(0)
        if str(item.get("freeleech", "")).lower() == "yes":
            flags |= IndexerFlag.G_Freeleech
        if item.get("type_origin") == 1:
            flags |= IndexerFlag.G_Internal
        seeders = int(item.get("seeders") or 0)
        imdb = item.get("imdb") or {}
        added = item.get("utadded")
        releases.append(
            ReleaseInfo(
                guid=f"HDBits-{item['id']}",
                title=str(item["name"]),
                size=int(item.get("size") or 0),
                download_url=f"{base}/download.php?id={item['id']}&passkey={passkey}",
                info_url=f"{base}/details.php?id={item['id']}",
                protocol="torrent",
                publish_date=dt.datetime.fromtimestamp(added, dt.UTC) if isinstance(added, int) else None,
                grabs=item.get("times_completed"),
                seeders=seeders,
                peers=seeders + int(item.get("leechers") or 0),
                info_hash=(item.get("hash") or "").lower() or None,
                imdb_id=normalize_imdb_id(imdb.get("id")) if isinstance(imdb, dict) else None,
                indexer_flags=flags,
                download_volume_factor=0.0 if flags & IndexerFlag.G_Freeleech else 1.0,
            )
        )
    return releases


class HDBits(Indexer):
    implementation: ClassVar[str] = "HDBits"
    implementation_name: ClassVar[str] = "HDBits"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#hdbits"
    settings_model: ClassVar[type[HDBitsSettings]] = HDBitsSettings
    protocol: ClassVar[str] = "torrent"

    settings: HDBitsSettings

    def request(self, **query: Any) -> IndexerRequest:
        settings = self.settings
        body: dict[str, Any] = {"username": settings.username, "passkey": settings.api_key, "limit": 100}
        if settings.categories:
            body["category"] = settings.categories
        if settings.codecs:
            body["codec"] = settings.codecs
        if settings.mediums:
            body["medium"] = settings.mediums
        return IndexerRequest(
            f"{settings.base_url.rstrip('/')}/api/torrents", method="POST", json={**body, **query}
        )

    async def _fetch(self, http: HttpClient, request: IndexerRequest) -> list[ReleaseInfo]:
        response = await self.send(http, request)
        return self.stamp(parse_torrents(response.text, self.settings.base_url, self.settings.api_key))

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        return await self._fetch(http, self.request())

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        if not criteria.imdb_id:
            # HDBits searches by IMDb id only; a title search would return unrelated torrents.
            return []
        imdb_number = int(criteria.imdb_id.removeprefix("tt"))
        return await self._fetch(http, self.request(imdb={"id": imdb_number}))
