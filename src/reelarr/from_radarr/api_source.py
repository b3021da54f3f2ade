"""Radarr's data from a running Radarr, through its API v3, for users whose Radarr runs elsewhere.

The resources are turned into the rows Radarr's database holds (the same table and column
names, enums as integers, JSON columns as text), so ``mapping`` and ``writing`` serve both
sources unchanged. What the API does not give is said so: secrets come back as ``********``
(the writer lists them as "re-enter these"), and the login is not readable at all.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from reelarr.from_radarr.mapping import COLON_REPLACEMENT, HISTORY_EVENT, MOVIE_STATUS, PROTOCOL, TITLE_SOURCE
from reelarr.from_radarr.source import RadarrData, SourceError

PAGE_SIZE = 1000
FILE_BATCH = 100


def _reverse(table: dict[int, str]) -> dict[str, int]:
    return {name.lower(): number for number, name in table.items()}


STATUS_NUMBER = _reverse(MOVIE_STATUS)
TITLE_SOURCE_NUMBER = _reverse(TITLE_SOURCE)
PROTOCOL_NUMBER = _reverse(PROTOCOL)
COLON_NUMBER = _reverse(COLON_REPLACEMENT)
HISTORY_NUMBER = _reverse(HISTORY_EVENT)


class _Radarr:
    """One API v3 connection; every failure a user can fix becomes a :class:`SourceError`."""

    def __init__(self, url: str, api_key: str) -> None:
        self.url = url.rstrip("/")
        self.client = httpx.Client(base_url=f"{self.url}/api/v3", headers={"X-Api-Key": api_key}, timeout=60)

    def get(self, path: str, **params: Any) -> Any:
        try:
            response = self.client.get(path, params=params)
        except httpx.HTTPError as exc:
            raise SourceError(f"cannot reach Radarr at {self.url}: {exc}") from None
        if response.status_code == 401:
            raise SourceError(f"Radarr at {self.url} rejected the API key (Settings > General in Radarr)")
        if response.status_code != 200:
            raise SourceError(f"Radarr at {self.url} answered {response.status_code} to /api/v3/{path}")
        try:
            return response.json()
        except ValueError:
            raise SourceError(f"{self.url} does not answer like Radarr's API v3 (/api/v3/{path})") from None

    def paged(self, path: str) -> list[dict[str, Any]]:
        """Every record of a paged resource (history, blocklist), oldest first."""
        records: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self.get(path, page=page, pageSize=PAGE_SIZE, sortKey="date", sortDirection="ascending")
            records += body.get("records") or []
            if not body.get("records") or len(records) >= int(body.get("totalRecords") or 0):
                return records
            page += 1


def read_api(url: str, api_key: str) -> tuple[RadarrData, str]:
    """Radarr's data as database rows, and the Radarr version that served it."""
    radarr = _Radarr(url, api_key)
    try:
        status = radarr.get("system/status")
        version = str(status.get("version") or "") if isinstance(status, dict) else ""
        if not version or int(version.split(".")[0]) < 4:
            raise SourceError(
                f"Radarr at {url} is version {version or 'unknown'}; upgrade it to 4.7 or newer, "
                "then import again"
            )
        return _data(radarr), version
    finally:
        radarr.client.close()


def _data(radarr: _Radarr) -> RadarrData:
    movies = radarr.get("movie")
    with_files = [m["id"] for m in movies if m.get("hasFile")]
    files = []
    for start in range(0, len(with_files), FILE_BATCH):
        files += radarr.get("moviefile", movieId=with_files[start : start + FILE_BATCH])
    config: dict[str, Any] = {}
    for section in ("mediamanagement", "indexer", "downloadclient", "ui"):
        config.update(radarr.get(f"config/{section}"))
    host = radarr.get("config/host")
    tables = {
        "Tags": [{"Id": t["id"], "Label": t["label"]} for t in radarr.get("tag")],
        "RootFolders": [{"Path": r["path"]} for r in radarr.get("rootfolder")],
        "QualityDefinitions": [_quality_definition(d) for d in radarr.get("qualitydefinition")],
        "CustomFormats": [_custom_format(c) for c in radarr.get("customformat")],
        "QualityProfiles": [_quality_profile(p) for p in radarr.get("qualityprofile")],
        "DelayProfiles": [_delay_profile(d) for d in radarr.get("delayprofile")],
        "ReleaseProfiles": [_release_profile(r) for r in radarr.get("releaseprofile")],
        "RemotePathMappings": [
            {"Host": r["host"], "RemotePath": r["remotePath"], "LocalPath": r["localPath"]}
            for r in radarr.get("remotepathmapping")
        ],
        "DownloadClients": [_provider(p) for p in radarr.get("downloadclient")],
        "Indexers": [_provider(p) for p in radarr.get("indexer")],
        "Notifications": [_provider(p) for p in radarr.get("notification")],
        "Metadata": [_provider(p) for p in radarr.get("metadata")],
        "Config": [
            {"Key": key.lower(), "Value": _config_text(value)}
            for key, value in config.items()
            if isinstance(value, str | int | float | bool)
        ],
        "NamingConfig": [_naming(radarr.get("config/naming"))],
        "Collections": [_collection(c) for c in radarr.get("collection")],
        "MovieMetadata": [_metadata(m) for m in movies],
        "Movies": [_movie(m) for m in movies],
        "AlternativeTitles": [
            {
                "MovieMetadataId": m["id"],
                "Title": t["title"],
                "CleanTitle": t.get("cleanTitle"),
                "SourceType": TITLE_SOURCE_NUMBER.get(str(t.get("sourceType", "tmdb")).lower(), 0),
            }
            for m in movies
            for t in m.get("alternateTitles") or []
        ],
        "MovieFiles": [_movie_file(f) for f in files],
        "ImportExclusions": [
            {"TmdbId": e["tmdbId"], "MovieTitle": e.get("movieTitle"), "MovieYear": e.get("movieYear")}
            for e in radarr.get("exclusions")
        ],
        "History": [_history(h) for h in radarr.paged("history")],
        "Blocklist": [_blocklist(b) for b in radarr.paged("blocklist")],
    }
    return RadarrData(migration=0, tables=tables, config_xml={"ApiKey": str(host.get("apiKey") or "")})


def _config_text(value: Any) -> str:
    """A setting as Radarr's ``Config`` table keeps it: ``True``/``False`` for switches."""
    return str(value) if isinstance(value, bool) else f"{value}"


def _fields(resource: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f.get("value") for f in resource.get("fields") or [] if "name" in f}


def _quality_definition(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Quality": resource["quality"]["id"],
        "Title": resource.get("title") or resource["quality"]["name"],
        "MinSize": resource.get("minSize"),
        "MaxSize": resource.get("maxSize"),
        "PreferredSize": resource.get("preferredSize"),
    }


def _custom_format(resource: dict[str, Any]) -> dict[str, Any]:
    specifications = [
        {
            "type": s.get("implementation", ""),
            "body": {
                **_fields(s),
                "name": s.get("name", ""),
                "negate": s.get("negate", False),
                "required": s.get("required", False),
            },
        }
        for s in resource.get("specifications") or []
    ]
    return {
        "Id": resource["id"],
        "Name": resource["name"],
        "IncludeCustomFormatWhenRenaming": resource.get("includeCustomFormatWhenRenaming", False),
        "Specifications": json.dumps(specifications),
    }


def _profile_item(item: dict[str, Any]) -> dict[str, Any]:
    """An API profile item (``{"quality": {"id": 7, ...}}``) as stored (``{"quality": 7}``)."""
    stored: dict[str, Any] = {
        "items": [_profile_item(inner) for inner in item.get("items") or []],
        "allowed": item.get("allowed", False),
    }
    if item.get("quality"):
        stored["quality"] = item["quality"]["id"]
    else:
        stored.update(id=item.get("id"), name=item.get("name"))
    return stored


def _quality_profile(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": resource["id"],
        "Name": resource["name"],
        "Cutoff": resource["cutoff"],
        "Items": json.dumps([_profile_item(i) for i in resource.get("items") or []]),
        "UpgradeAllowed": resource.get("upgradeAllowed", False),
        "MinFormatScore": resource.get("minFormatScore", 0),
        "CutoffFormatScore": resource.get("cutoffFormatScore", 0),
        "MinUpgradeFormatScore": resource.get("minUpgradeFormatScore", 1),
        "Language": (resource.get("language") or {}).get("id", 1),
        "FormatItems": json.dumps(
            [{"format": i["format"], "score": i.get("score", 0)} for i in resource.get("formatItems") or []]
        ),
    }


def _delay_profile(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Order": resource["order"],
        "Tags": json.dumps(resource.get("tags") or []),
        "EnableUsenet": resource.get("enableUsenet", True),
        "EnableTorrent": resource.get("enableTorrent", True),
        "PreferredProtocol": PROTOCOL_NUMBER.get(str(resource.get("preferredProtocol")).lower(), 1),
        "UsenetDelay": resource.get("usenetDelay", 0),
        "TorrentDelay": resource.get("torrentDelay", 0),
        "BypassIfHighestQuality": resource.get("bypassIfHighestQuality", False),
        "BypassIfAboveCustomFormatScore": resource.get("bypassIfAboveCustomFormatScore", False),
        "MinimumCustomFormatScore": resource.get("minimumCustomFormatScore", 0),
    }


def _release_profile(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": resource["id"],
        "Name": resource.get("name"),
        "Enabled": resource.get("enabled", True),
        "Required": json.dumps(resource.get("required") or []),
        "Ignored": json.dumps(resource.get("ignored") or []),
        "IndexerId": resource.get("indexerId", 0),
        "Tags": json.dumps(resource.get("tags") or []),
    }


def _provider(resource: dict[str, Any]) -> dict[str, Any]:
    """A provider resource (indexer, download client, notification, metadata) as its table's row:
    ``enableRss`` becomes ``EnableRss``, the ``fields`` array the ``Settings`` document."""
    row: dict[str, Any] = {
        key[:1].upper() + key[1:]: value
        for key, value in resource.items()
        if isinstance(value, bool | int) and not key.startswith("supports")
    }
    row.update(
        Id=resource["id"],
        Name=resource["name"],
        Implementation=resource["implementation"],
        Settings=json.dumps(_fields(resource)),
        Tags=json.dumps(resource.get("tags") or []),
    )
    return row


def _naming(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "RenameMovies": resource.get("renameMovies", False),
        "ReplaceIllegalCharacters": resource.get("replaceIllegalCharacters", True),
        "ColonReplacementFormat": COLON_NUMBER.get(str(resource.get("colonReplacementFormat")).lower(), 4),
        "StandardMovieFormat": resource.get("standardMovieFormat"),
        "MovieFolderFormat": resource.get("movieFolderFormat"),
    }


def _collection(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "TmdbId": resource["tmdbId"],
        "Title": resource["title"],
        "CleanTitle": None,
        "SortTitle": resource.get("sortTitle"),
        "Overview": resource.get("overview"),
        "Images": json.dumps(resource.get("images") or []),
        "Monitored": resource.get("monitored", False),
        "QualityProfileId": resource.get("qualityProfileId"),
        "RootFolderPath": resource.get("rootFolderPath"),
        "MinimumAvailability": STATUS_NUMBER.get(str(resource.get("minimumAvailability")).lower(), 3),
        "SearchOnAdd": resource.get("searchOnAdd", False),
        "Tags": json.dumps(resource.get("tags") or []),
    }


def _metadata(movie: dict[str, Any]) -> dict[str, Any]:
    """The MovieMetadata row; a movie's id stands in for its metadata id, one to one in the API."""
    collection = movie.get("collection") or {}
    return {
        "Id": movie["id"],
        "TmdbId": movie["tmdbId"],
        "ImdbId": movie.get("imdbId"),
        "Title": movie["title"],
        "CleanTitle": movie.get("cleanTitle"),
        "SortTitle": movie.get("sortTitle"),
        "OriginalTitle": movie.get("originalTitle"),
        "OriginalLanguage": (movie.get("originalLanguage") or {}).get("id", 1),
        "Year": movie.get("year"),
        "SecondaryYear": movie.get("secondaryYear"),
        "Status": STATUS_NUMBER.get(str(movie.get("status")).lower(), 0),
        "Overview": movie.get("overview"),
        "InCinemas": movie.get("inCinemas"),
        "PhysicalRelease": movie.get("physicalRelease"),
        "DigitalRelease": movie.get("digitalRelease"),
        "Runtime": movie.get("runtime"),
        "Certification": movie.get("certification"),
        "Website": movie.get("website"),
        "YouTubeTrailerId": movie.get("youTubeTrailerId"),
        "Studio": movie.get("studio"),
        "Genres": json.dumps(movie.get("genres") or []),
        "Keywords": json.dumps(movie.get("keywords") or []),
        "Ratings": json.dumps(movie.get("ratings") or {}),
        "Images": json.dumps(movie.get("images") or []),
        "Popularity": movie.get("popularity"),
        "CollectionTmdbId": collection.get("tmdbId"),
        "CollectionTitle": collection.get("title"),
    }


def _movie(movie: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": movie["id"],
        "MovieMetadataId": movie["id"],
        "Path": movie["path"],
        "Monitored": movie.get("monitored", False),
        "MinimumAvailability": STATUS_NUMBER.get(str(movie.get("minimumAvailability")).lower(), 3),
        "Tags": json.dumps(movie.get("tags") or []),
        "Added": movie.get("added"),
        "LastSearchTime": movie.get("lastSearchTime"),
        "QualityProfileId": movie.get("qualityProfileId"),
        "MovieFileId": movie.get("movieFileId") or (movie.get("movieFile") or {}).get("id") or 0,
    }


def _movie_file(resource: dict[str, Any]) -> dict[str, Any]:
    """A movie file; its ``mediaInfo`` is already the resource Reelarr keeps (see ``mapping``)."""
    return {
        "Id": resource["id"],
        "RelativePath": resource.get("relativePath"),
        "OriginalFilePath": resource.get("originalFilePath"),
        "Size": resource.get("size", 0),
        "DateAdded": resource.get("dateAdded"),
        "SceneName": resource.get("sceneName"),
        "ReleaseGroup": resource.get("releaseGroup"),
        "Edition": resource.get("edition"),
        "Quality": json.dumps(resource.get("quality") or {}),
        "Languages": json.dumps(resource.get("languages") or []),
        "MediaInfo": json.dumps(resource.get("mediaInfo")) if resource.get("mediaInfo") else None,
        "IndexerFlags": resource.get("indexerFlags") or 0,
    }


def _history(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": resource["id"],
        "MovieId": resource.get("movieId"),
        "EventType": HISTORY_NUMBER.get(str(resource.get("eventType")).lower(), 0),
        "SourceTitle": resource.get("sourceTitle") or "",
        "Quality": json.dumps(resource.get("quality") or {}),
        "Languages": json.dumps(resource.get("languages") or []),
        "Date": resource.get("date"),
        "DownloadId": resource.get("downloadId"),
        "Data": json.dumps(
            {**(resource.get("data") or {}), "customFormatScore": resource.get("customFormatScore", 0)}
        ),
    }


def _blocklist(resource: dict[str, Any]) -> dict[str, Any]:
    return {
        "Id": resource["id"],
        "MovieId": resource.get("movieId"),
        "SourceTitle": resource.get("sourceTitle") or "",
        "Quality": json.dumps(resource.get("quality") or {}),
        "Languages": json.dumps(resource.get("languages") or []),
        "Date": resource.get("date"),
        "Protocol": PROTOCOL_NUMBER.get(str(resource.get("protocol")).lower(), 0),
        "Indexer": resource.get("indexer"),
        "Message": resource.get("message"),
    }
