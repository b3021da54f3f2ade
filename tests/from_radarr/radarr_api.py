"""A running Radarr 5 stand-in: a Starlette app answering API v3 the way Radarr does, with the
resource shapes of Radarr's OpenAPI document, secrets masked as ``********``, paged history and
blocklist, and ``X-Api-Key`` checked (401 otherwise)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from radarr_db import API_KEY, GROUPS, PROVIDERS, WORDS, when
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

MASK = "********"
# The settings Radarr's field definitions mark as private, which its API masks.
SECRETS = {"password", "apiKey", "passKey"}
QUALITIES = {
    4: ("HDTV-720p", "tv", 720),
    9: ("HDTV-1080p", "tv", 1080),
    3: ("WEBDL-1080p", "webdl", 1080),
    15: ("WEBRip-1080p", "webrip", 1080),
    7: ("Bluray-1080p", "bluray", 1080),
    30: ("Remux-1080p", "bluray", 1080),
    19: ("Bluray-2160p", "bluray", 2160),
    31: ("Remux-2160p", "bluray", 2160),
}
ENGLISH = {"id": 1, "name": "English"}


def quality(quality_id: int, version: int = 1) -> dict[str, Any]:
    name, source, resolution = QUALITIES[quality_id]
    return {
        "quality": {
            "id": quality_id,
            "name": name,
            "source": source,
            "resolution": resolution,
            "modifier": "remux" if "Remux" in name else "none",
        },
        "revision": {"version": version, "real": 0, "isRepack": False},
    }


def quality_row(quality_id: int, allowed: bool) -> dict[str, Any]:
    return {"quality": quality(quality_id)["quality"], "items": [], "allowed": allowed}


def _provider(index: int, provider: Any) -> dict[str, Any]:
    fields = []
    for order, (name, value) in enumerate(provider.settings.items()):
        pairs = value.items() if isinstance(value, dict) else [(None, value)]
        for inner, inner_value in pairs:
            fields.append(
                {
                    "order": order,
                    "name": f"{name}.{inner}" if inner else name,
                    "value": MASK if name in SECRETS and inner_value else inner_value,
                }
            )
    resource: dict[str, Any] = {
        "id": index,
        "name": provider.name,
        "implementation": provider.implementation,
        "implementationName": provider.implementation,
        "configContract": provider.columns.get("ConfigContract", ""),
        "fields": fields,
        "tags": [],
    }
    for column, value in provider.columns.items():
        if column == "ConfigContract":
            continue
        key = column[:1].lower() + column[1:]
        resource[key] = value if column in {"Priority", "DownloadClientId"} else bool(value)
    return resource


@dataclass
class Library:
    """The stand-in's resources, by path below ``/api/v3/``."""

    resources: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    blocklist: list[dict[str, Any]] = field(default_factory=list)
    files: dict[int, dict[str, Any]] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)


def library(movies: int = 48, history: int = 2300) -> Library:
    rng = random.Random(15)
    formats = [
        {
            "id": 1,
            "name": "x265",
            "includeCustomFormatWhenRenaming": True,
            "specifications": [
                {
                    "name": "x265",
                    "implementation": "ReleaseTitleSpecification",
                    "negate": False,
                    "required": True,
                    "fields": [{"order": 0, "name": "value", "value": r"[xh][ .]?265|HEVC"}],
                }
            ],
        },
        {
            "id": 2,
            "name": "Remux Tier",
            "includeCustomFormatWhenRenaming": False,
            "specifications": [
                {
                    "name": "Groups",
                    "implementation": "ReleaseGroupSpecification",
                    "negate": False,
                    "required": False,
                    "fields": [{"order": 0, "name": "value", "value": "^(FraMeSToR|EPSiLON)$"}],
                },
                {
                    "name": "Not 720p",
                    "implementation": "ResolutionSpecification",
                    "negate": True,
                    "required": False,
                    "fields": [{"order": 0, "name": "value", "value": 720}],
                },
            ],
        },
        {
            "id": 3,
            "name": "Big",
            "includeCustomFormatWhenRenaming": False,
            "specifications": [
                {
                    "name": "Size",
                    "implementation": "SizeSpecification",
                    "negate": False,
                    "required": False,
                    "fields": [{"name": "min", "value": 20}, {"name": "max", "value": 100}],
                }
            ],
        },
    ]
    items = [
        {"quality": quality(4)["quality"], "items": [], "allowed": False},
        {
            "id": 1000,
            "name": "WEB 1080p",
            "items": [quality_row(3, True), quality_row(15, True)],
            "allowed": True,
        },
        *(quality_row(q, True) for q in (9, 7, 30, 19, 31)),
    ]
    profiles = [
        {
            "id": index + 1,
            "name": name,
            "upgradeAllowed": True,
            "cutoff": cutoff,
            "items": items,
            "minFormatScore": index * 5,
            "cutoffFormatScore": 1000 + index,
            "minUpgradeFormatScore": 1,
            "formatItems": [
                {"format": f["id"], "name": f["name"], "score": f["id"] * 10 * (-1) ** index} for f in formats
            ],
            "language": [ENGLISH, {"id": -1, "name": "Any"}][index],
        }
        for index, (name, cutoff) in enumerate((("HD-1080p", 7), ("Ultra-HD", 31)))
    ]
    tags = [{"id": 1, "label": "kids"}, {"id": 2, "label": "4k"}]
    movie_list = []
    files = {}
    for number in range(1, movies + 1):
        title = f"The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {number}"
        year = 1980 + number % 45
        folder = f"/movies/{title} ({year})"
        movie: dict[str, Any] = {
            "id": number,
            "title": title,
            "originalTitle": title,
            "originalLanguage": ENGLISH,
            "alternateTitles": [
                {"sourceType": "tmdb", "movieMetadataId": number, "title": f"{title} Redux", "cleanTitle": ""}
            ]
            if number % 5 == 0
            else [],
            "sortTitle": title.lower().removeprefix("the "),
            "sizeOnDisk": 0,
            "status": "released",
            "overview": f"Story number {number}.",
            "inCinemas": f"{year}-05-01T00:00:00Z",
            "digitalRelease": f"{year}-09-01T00:00:00Z",
            "images": [
                {"coverType": "poster", "remoteUrl": f"https://image.tmdb.org/t/p/original/{number}.jpg"}
            ],
            "website": "",
            "year": year,
            "youTubeTrailerId": f"yt{number:05d}",
            "studio": "Studio Nine",
            "path": folder,
            "qualityProfileId": 1 + number % 2,
            "hasFile": number % 6 != 0,
            "monitored": number % 4 != 0,
            "minimumAvailability": "released" if number % 3 else "inCinemas",
            "isAvailable": True,
            "runtime": 90 + number % 60,
            "cleanTitle": "",
            "imdbId": f"tt{1000000 + number}",
            "tmdbId": 10000 + number,
            "titleSlug": str(10000 + number),
            "certification": "PG-13",
            "genres": ["Drama", "Thriller"][: 1 + number % 2],
            "tags": [1] if number % 7 == 0 else [],
            "added": when(number),
            "ratings": {"imdb": {"votes": 1000 + number, "value": 7.1, "type": "user"}},
            "popularity": 12.5,
        }
        if movie["hasFile"]:
            quality_id = rng.choice(list(QUALITIES))
            group = rng.choice(GROUPS)
            name = f"{title.replace(' ', '.')}.{year}.{QUALITIES[quality_id][2]}p.BluRay.x265-{group}"
            files[number] = {
                "id": 500 + number,
                "movieId": number,
                "relativePath": f"{title} ({year}).mkv",
                "path": f"{folder}/{title} ({year}).mkv",
                "size": rng.randint(2, 60) * 1_000_000_000,
                "dateAdded": when(number, 3600),
                "sceneName": name,
                "releaseGroup": group,
                "edition": "Director's Cut" if number % 9 == 0 else "",
                "languages": [ENGLISH],
                "quality": quality(quality_id, 2 if number % 11 == 0 else 1),
                "customFormats": [],
                "indexerFlags": 0,
                "mediaInfo": {
                    "audioBitrate": 1509000,
                    "audioChannels": 5.1,
                    "audioCodec": "DTS-HD MA",
                    "audioLanguages": "eng/fre",
                    "audioStreamCount": 2,
                    "videoBitDepth": 10,
                    "videoBitrate": 24000000,
                    "videoCodec": "x265",
                    "videoFps": 23.976,
                    "videoDynamicRange": "HDR" if quality_id in (19, 31) else "",
                    "videoDynamicRangeType": "HDR10" if quality_id in (19, 31) else "",
                    "resolution": "3840x2160" if quality_id in (19, 31) else "1920x1080",
                    "runTime": "1:52:07",
                    "scanType": "Progressive",
                    "subtitles": "eng/spa",
                },
                "originalFilePath": f"{name}/{name}.mkv",
                "qualityCutoffNotMet": False,
            }
            movie["movieFileId"] = 500 + number
        movie_list.append(movie)
    events = ["grabbed", "downloadFolderImported", "downloadFailed", "movieFileRenamed"]
    history_records = [
        {
            "id": index,
            "movieId": 1 + index % movies,
            "sourceTitle": f"Release.{index}.1080p.BluRay.x264-{GROUPS[index % len(GROUPS)]}",
            "languages": [ENGLISH],
            "quality": quality(7),
            "customFormats": [],
            "customFormatScore": index % 40,
            "qualityCutoffNotMet": False,
            "date": when(index % 900, index),
            "downloadId": f"SABnzbd_nzo_{index:06d}",
            "eventType": events[index % len(events)],
            "data": {"indexer": "NZBgeek", "releaseGroup": GROUPS[index % len(GROUPS)]},
        }
        for index in range(1, history + 1)
    ]
    blocklist = [
        {
            "id": index,
            "movieId": 1 + index * 3 % movies,
            "sourceTitle": f"Bad.Release.{index}.2160p.WEB-DL-NoGroup",
            "languages": [ENGLISH],
            "quality": quality(19),
            "customFormats": [],
            "date": when(index, 60),
            "protocol": "torrent" if index % 2 else "usenet",
            "indexer": "Tracker",
            "message": "Download failed: not enough seeders",
        }
        for index in range(1, 31)
    ]
    providers: dict[str, list[dict[str, Any]]] = {}
    for index, provider in enumerate(PROVIDERS, start=1):
        path = {
            "DownloadClients": "downloadclient",
            "Indexers": "indexer",
            "Notifications": "notification",
            "Metadata": "metadata",
        }[provider.table]
        providers.setdefault(path, []).append(_provider(index, provider))
    resources = {
        "system/status": {"appName": "Radarr", "version": "5.14.0.9383", "isDebug": False},
        "config/host": {
            "id": 1,
            "bindAddress": "*",
            "port": 7878,
            "apiKey": API_KEY,
            "authenticationMethod": "forms",
        },
        "tag": tags,
        "rootfolder": [{"id": 1, "path": "/movies", "accessible": True, "freeSpace": 10**12}],
        "qualitydefinition": [
            {
                "id": index,
                "quality": quality(q)["quality"],
                "title": name,
                "weight": index,
                "minSize": 5.0 + index,
                "maxSize": 400.0,
                "preferredSize": 95.0,
            }
            for index, (q, (name, _, _)) in enumerate(QUALITIES.items(), start=1)
        ],
        "customformat": formats,
        "qualityprofile": profiles,
        "delayprofile": [
            {
                "id": 1,
                "enableUsenet": True,
                "enableTorrent": True,
                "preferredProtocol": "torrent",
                "usenetDelay": 60,
                "torrentDelay": 120,
                "bypassIfHighestQuality": True,
                "bypassIfAboveCustomFormatScore": False,
                "minimumCustomFormatScore": 0,
                "order": 2147483647,
                "tags": [],
            }
        ],
        "releaseprofile": [
            {
                "id": 1,
                "name": "No CAM",
                "enabled": True,
                "required": [],
                "ignored": ["CAM", "TS"],
                "indexerId": 0,
                "tags": [],
            }
        ],
        "remotepathmapping": [
            {"id": 1, "host": "qbit.lan", "remotePath": "/downloads/", "localPath": "/data/downloads/"}
        ],
        "config/naming": {
            "id": 1,
            "renameMovies": True,
            "replaceIllegalCharacters": True,
            "colonReplacementFormat": "dash",
            "standardMovieFormat": "{Movie Title} ({Release Year}) {Quality Full}",
            "movieFolderFormat": "{Movie Title} ({Release Year})",
        },
        "config/mediamanagement": {
            "id": 1,
            "recycleBinCleanupDays": 14,
            "downloadPropersAndRepacks": "doNotPrefer",
            "skipFreeSpaceCheckWhenImporting": True,
        },
        "config/ui": {"id": 1, "firstDayOfWeek": 1, "theme": "dark", "uiLanguage": 1},
        "config/indexer": {"id": 1, "minimumAge": 30, "retention": 3000, "rssSyncInterval": 45},
        "config/downloadclient": {
            "id": 1,
            "enableCompletedDownloadHandling": True,
            "checkForFinishedDownloadInterval": 1,
        },
        "exclusions": [{"id": 1, "tmdbId": 603, "movieTitle": "The Matrix", "movieYear": 1999}],
        "collection": [],
        "movie": movie_list,
        **providers,
    }
    return Library(resources=resources, history=history_records, blocklist=blocklist, files=files)


def app(data: Library) -> Starlette:
    async def handle(request: Request) -> Response:
        path = request.path_params["path"]
        data.requests.append(f"{path}?{request.url.query}")
        if request.headers.get("X-Api-Key") != API_KEY:
            return Response(status_code=401)
        if path == "moviefile":
            wanted = [int(v) for v in request.query_params.getlist("movieId")]
            return JSONResponse([data.files[m] for m in wanted if m in data.files])
        if path in ("history", "blocklist"):
            records = data.history if path == "history" else data.blocklist
            page, size = int(request.query_params["page"]), int(request.query_params["pageSize"])
            return JSONResponse(
                {
                    "page": page,
                    "pageSize": size,
                    "sortKey": "date",
                    "sortDirection": "ascending",
                    "totalRecords": len(records),
                    "records": records[(page - 1) * size : page * size],
                }
            )
        if path not in data.resources:
            return JSONResponse({"message": "NotFound"}, status_code=404)
        return JSONResponse(data.resources[path])

    return Starlette(routes=[Route("/api/v3/{path:path}", handle)])
