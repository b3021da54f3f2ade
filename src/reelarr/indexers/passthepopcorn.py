"""PassThePopcorn: a private tracker's JSON search (``/torrents.php?action=advanced&json=noredirect``).

The API user and key travel as ``ApiUser``/``ApiKey`` headers. One movie group holds several
torrents; each becomes a release whose golden popcorn, checked (approved), scene and freeleech
marks are indexer flags, so RequiredIndexerFlags and IndexerFlag custom formats can use them.
Search is by IMDb id, or by title and year when the movie has none; the RSS feed is the
same query with no search string (PTP's newest uploads, 50 movie groups a page).
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
    normalize_imdb_id,
    parse_int,
)
from reelarr.providers import Form, ProviderSettings


class PassThePopcornConnection(ProviderSettings):
    base_url: Annotated[
        str,
        Form(
            "URL",
            "Do not change this unless you know what you're doing. "
            "Since your cookie will be sent to that host.",
            type="textbox",
            advanced=True,
        ),
    ] = "https://passthepopcorn.me"
    api_user: Annotated[
        str,
        Form(
            "API User",
            "These settings are found in your PassThePopcorn security settings (Edit Profile > Security).",
            privacy="userName",
        ),
    ] = Field(default="", alias="aPIUser")
    api_key: Annotated[str, Form("API Key", type="password", privacy="password")] = Field(
        default="", alias="aPIKey"
    )


class PassThePopcornSettings(TorrentSettings, RateLimitSettings, PassThePopcornConnection):
    """Connection, then limits, then seeding goals."""


def _flags(torrent: dict[str, Any]) -> IndexerFlag:
    flags = IndexerFlag(0)
    if torrent.get("GoldenPopcorn"):
        flags |= IndexerFlag.PTP_Golden
    if torrent.get("Checked"):
        flags |= IndexerFlag.PTP_Approved
    if torrent.get("Scene"):
        flags |= IndexerFlag.G_Scene
    if torrent.get("FreeleechType") == "Freeleech":
        flags |= IndexerFlag.G_Freeleech
    return flags


def _upload_time(value: Any) -> dt.datetime | None:
    """PTP gives UTC times without a zone ("2019-03-14 12:34:56")."""
    try:
        return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def parse_movies(body: str, base_url: str) -> list[ReleaseInfo]:
    """Releases in a PTP ``json=noredirect`` answer; no results is an empty list, not an error."""
    try:
        document = json.loads(body)
    except ValueError:
        raise IndexerError("PassThePopcorn's answer is not valid JSON: check the URL") from None
    if not isinstance(document, dict):
        raise IndexerError("PassThePopcorn's answer is not a JSON object")
    if str(document.get("TotalResults") or "0") == "0" or not document.get("Movies"):
        return []
    base = base_url.rstrip("/")
    keys = urlencode({"authkey": document.get("AuthKey", ""), "torrent_pass": document.get("PassKey", "")})
    releases = []
    for movie in document["Movies"]:
        imdb_id = normalize_imdb_id(movie.get("ImdbId"))
        for torrent in movie.get("Torrents") or []:
            torrent_id = torrent.get("Id")
            if torrent_id is None or not torrent.get("ReleaseName"):
                continue
            seeders = parse_int(str(torrent.get("Seeders", 0))) or 0
            flags = _flags(torrent)
            releases.append(
                ReleaseInfo(
                    guid=f"PassThePopcorn-{torrent_id}",
                    title=str(torrent["ReleaseName"]),
                    size=parse_int(str(torrent.get("Size", 0))) or 0,
                    download_url=f"{base}/torrents.php?action=download&id={torrent_id}&{keys}",
                    info_url=f"{base}/torrents.php?id={movie.get('GroupId')}&torrentid={torrent_id}",
                    protocol="torrent",
                    publish_date=_upload_time(torrent.get("UploadTime")),
                    grabs=parse_int(str(torrent.get("Snatched", ""))),
                    seeders=seeders,
                    peers=seeders + (parse_int(str(torrent.get("Leechers", 0))) or 0),
                    imdb_id=imdb_id,
                    indexer_flags=flags,
                    download_volume_factor=0.0 if flags & IndexerFlag.G_Freeleech else 1.0,
                )
            )
    return releases


class PassThePopcorn(Indexer):
    implementation: ClassVar[str] = "PassThePopcorn"
    implementation_name: ClassVar[str] = "PassThePopcorn"
    info_link: ClassVar[str] = "https://wiki.servarr.com/radarr/supported#passthepopcorn"
    settings_model: ClassVar[type[PassThePopcornSettings]] = PassThePopcornSettings
    protocol: ClassVar[str] = "torrent"

    settings: PassThePopcornSettings

    def request(self, searchstr: str = "", **extra: str | int) -> IndexerRequest:
        query = urlencode({"action": "advanced", "json": "noredirect", "searchstr": searchstr, **extra})
        return IndexerRequest(
            f"{self.settings.base_url.strip().rstrip('/')}/torrents.php?{query}",
            headers={
                "ApiUser": self.settings.api_user,
                "ApiKey": self.settings.api_key,
                "Accept": "application/json",
            },
        )

    async def _fetch(self, http: HttpClient, request: IndexerRequest) -> list[ReleaseInfo]:
        response = await self.send(http, request)
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type != "application/json":
            raise IndexerError(
                f"PassThePopcorn answered {content_type or 'without a content type'} instead of JSON: "
                "check the API user and key"
            )
        return self.stamp(parse_movies(response.text, self.settings.base_url))

    async def fetch_rss(self, http: HttpClient) -> list[ReleaseInfo]:
        return await self._fetch(http, self.request())

    async def search(self, http: HttpClient, criteria: SearchCriteria) -> list[ReleaseInfo]:
        if criteria.imdb_id:
            return await self._fetch(http, self.request(criteria.imdb_id))
        if criteria.year <= 0:
            return []  # a bare title on PTP matches too much; Radarr asks with the year or not at all
        releases: list[ReleaseInfo] = []
        for title in (criteria.title, *criteria.alternative_titles):
            releases.extend(await self._fetch(http, self.request(title, year=criteria.year)))
        return releases
