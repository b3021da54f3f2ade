"""FileList.io: a private tracker's JSON API (``/api.php``), user name and passkey in the query.

``action=latest-torrents`` is the RSS feed; ``action=search-torrents`` searches by IMDb id
(``type=imdb``) or, for a movie without one, by title and year (``type=name``). The answer
is a JSON list of torrents whose freeleech and internal marks become indexer flags; an error
is a JSON object with ``error``.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, ClassVar
from urllib.parse import urlencode

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
    (1, "Movies SD"),
    (2, "Movies DVD"),
    (3, "Movies DVD-RO"),
    (4, "Movies HD"),
    (19, "Movies HD-RO"),
    (6, "Movies 4K"),
    (20, "Movies Blu-Ray"),
    (26, "Movies 4K Blu-Ray"),
    (25, "Movies 3D"),
    (7, "XXX"),
)


class FileListConnection(ProviderSettings):
    username: Annotated[str, Form("Username", privacy="userName")] = ""
    passkey: Annotated[str, Form("Passkey", privacy="apiKey")] = ""
    base_url: Annotated[
        str,
        Form(
            "API URL",
            "Do not change this unless you know what you're doing. "
            "Since your API key will be sent to that host.",
            advanced=True,
        ),
    ] = "https://filelist.io"
    categories: Annotated[
        list[int],
        Form(
            "Categories",
            "Categories for use in search and feeds. If unspecified, all options are used.",
            type="select",
            select_options=CATEGORIES,
        ),
    ] = Field(default_factory=lambda: [4, 1, 6])


class FileListSettings(TorrentSettings, RateLimitSettings, FileListConnection):
    """Connection, then limits, then seeding goals."""


def _upload_date(value: Any) -> dt.datetime | None:
    """FileList gives a time without a zone ("2024-01-05 21:14:02"); read as UTC."""
    try:
        parsed = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def parse_torrents(body: str, base_url: str, passkey: str) -> list[ReleaseInfo]:
    if looks_like_html(body):
        raise IndexerError("FileList answered with a web page instead of JSON: check the API URL")
    try:
        document = json.loads(body)
    except ValueError:
        raise IndexerError("FileList's answer is not valid JSON") from None
    if isinstance(document, dict):
        raise IndexerError(f"FileList refused the request: {document.get('error') or document}")
    if not isinstance(document, list):
        raise IndexerError("FileList's answer is not a list of torrents")
    base = base_url.rstrip("/")
    releases = []
    for item in document:
        if not isinstance(item, dict) or item.get("id") is None or not item.get("name"):
            continue
        flags = IndexerFlag(0)
        if item.get("freeleech"):
            flags |= IndexerFlag.G_Freeleech
        if item.get("internal"):
            flags |= IndexerFlag.G_Internal
        seeders = int(item.get("seeders") or 0)
        releases.append(
            ReleaseInfo(
                guid=f"FileList-{item['id']}",
                title=str(item["name"]),
                size=int(item.get("size") or 0),
                download_url=f"{base}/download.php?{urlencode({'id': item['id'], 'passkey': passkey})}",
                info_url=f"{base}/details.php?id={item['id']}",
                protocol="torrent",
                publish_date=_upload_date(item.get("upload_date")),
                grabs=item.get("times_completed"),
                seeders=seeders,
                peers=seeders + int(item.get("leechers") or 0),
                imdb_id=normalize_imdb_id(item.get("imdb")),
                indexer_flags=flags,
                download_volume_factor=0.0 if flags & IndexerFlag.G_Freeleech else 1.0,
                upload_volume_factor=2.0 if item.get("doubleup") else 1.0,
            )
        )
    return releases


class FileList(Indexer):
    implementation: ClassVar[str] = "FileList"
    implementation_name: ClassVar[str] = "FileList.io"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#filelist"
    settings_model: ClassVar[type[FileListSettings]] = FileListSettings
    protocol: ClassVar[str] = "torrent"

    settings: FileListSettings

    def request(self, action: str, **search: str) -> IndexerRequest:
        settings = self.settings
        query = {
            "action": action,
            "category": ",".join(str(c) for c in dict.fromkeys(settings.categories)),
            "username": settings.username.strip(),
            "passkey": settings.passkey.strip(),
            **search,
        }
        return IndexerRequest(f"{settings.base_url.rstrip('/')}/api.php?{urlencode(query)}")

    async def _fetch(self, http: HttpClient, request: IndexerRequest) -> list[ReleaseInfo]:
        response = await self.send(http, request)
        return self.stamp(parse_torrents(response.text, self.settings.base_url, self.settings.passkey))

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        return await self._fetch(http, self.request("latest-torrents"))

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        if criteria.imdb_id:
            return await self._fetch(
                http, self.request("search-torrents", type="imdb", query=criteria.imdb_id)
            )
        releases: list[ReleaseInfo] = []
        for title in (criteria.title, *criteria.alternative_titles):
            query = f"{title} {criteria.year}" if criteria.year else title
            releases.extend(
                await self._fetch(http, self.request("search-torrents", type="name", query=query))
            )
        return releases
