"""A Radarr data folder built from Radarr's real schema (``tests/data/radarr/v{4,5,6}.sql``) and filled
with rows shaped as Radarr writes them: JSON columns in its serializer's camelCase, enums as
integers, dates as ``2024-10-31 00:28:01.9391382Z``, custom format specifications wrapped as
``{"type", "body"}``, passwords as PBKDF2-HMAC-SHA512 with a base64 salt.
"""

from __future__ import annotations

import base64
import hashlib
import json
import random
import sqlite3
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reelarr import qualities

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "radarr"
NEWEST_MIGRATION = {"v4": 227, "v5": 237, "v6": 242}
API_KEY = "0123456789abcdef0123456789abcdef"
PASSWORD = "correct horse battery staple"

WORDS = ["night", "star", "last", "river", "iron", "ghost", "summer", "blue", "city", "empire", "silent"]
GROUPS = ["FraMeSToR", "SPARKS", "NTb", "FLUX", "EPSiLON", "playBD"]


def radarr_password(password: str, salt: bytes, iterations: int = 10000) -> tuple[str, str]:
    """(Password, Salt) columns as Radarr's UserService writes them."""
    digest = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, iterations, dklen=32)
    return base64.b64encode(digest).decode(), base64.b64encode(salt).decode()


def when(day: int, second: int = 0) -> str:
    return f"2023-{1 + day % 12:02d}-{1 + day % 28:02d} {second % 24:02d}:{second % 60:02d}:07.1234567Z"


def q(quality_id: int, version: int = 1, real: int = 0, repack: bool = False) -> str:
    return json.dumps(
        {"quality": quality_id, "revision": {"version": version, "real": real, "isRepack": repack}}
    )


def media_info(rng: random.Random) -> dict[str, Any]:
    uhd = rng.random() < 0.4
    return {
        "schemaRevision": 11,
        "containerFormat": "matroska,webm",
        "videoFormat": "hevc" if uhd else "h264",
        "videoCodecID": "",
        "videoProfile": "Main 10" if uhd else "High",
        "videoBitrate": rng.randint(4_000_000, 60_000_000),
        "videoBitDepth": 10 if uhd else 8,
        "videoMultiViewCount": 0,
        "videoColourPrimaries": "bt2020" if uhd else "bt709",
        "videoTransferCharacteristics": "smpte2084" if uhd else "bt709",
        "videoHdrFormat": 2 if uhd else 0,
        "height": 2160 if uhd else 1080,
        "width": 3840 if uhd else 1920,
        "audioFormat": "truehd" if uhd else "eac3",
        "audioCodecID": "",
        "audioProfile": "",
        "audioBitrate": 640_000,
        "runTime": f"0{rng.randint(1, 2)}:{rng.randint(10, 59)}:07.1230000",
        "audioStreamCount": 2,
        "audioChannels": 8 if uhd else 6,
        "audioChannelPositions": "7.1" if uhd else "5.1(side)",
        "videoFps": 23.976,
        "audioLanguages": ["eng", "fre"],
        "subtitles": ["eng", "spa"],
        "scanType": "Progressive",
    }


def spec(kind: str, name: str, negate: bool = False, required: bool = False, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "body": {"name": name, "negate": negate, "required": required, **fields}}


# One custom format per specification type Radarr has.
CUSTOM_FORMATS: list[tuple[str, list[dict[str, Any]]]] = [
    ("x265", [spec("ReleaseTitleSpecification", "x265", value=r"[xh][ .]?265|\bHEVC\b")]),
    ("Remux Tier", [spec("ReleaseGroupSpecification", "tier", value=r"^(FraMeSToR|EPSiLON)$")]),
    ("Not English", [spec("LanguageSpecification", "English", negate=True, value=1, exceptLanguage=False)]),
    ("Freeleech", [spec("IndexerFlagSpecification", "freeleech", value=1)]),
    ("Bluray", [spec("SourceSpecification", "bluray", required=True, value=9)]),
    ("2160p", [spec("ResolutionSpecification", "2160p", value=2160)]),
    ("Remux", [spec("QualityModifierSpecification", "remux", value=5)]),
    ("Big", [spec("SizeSpecification", "big", min=20.0, max=120.5)]),
    ("Old", [spec("YearSpecification", "old", min=1900, max=1979)]),
    ("IMAX", [spec("EditionSpecification", "imax", value=r"\bIMAX\b")]),
]


@dataclass
class Provider:
    table: str
    name: str
    implementation: str
    settings: dict[str, Any]
    columns: dict[str, Any] = field(default_factory=dict)


PROVIDERS = [
    Provider(
        "DownloadClients",
        "qBit",
        "QBittorrent",
        {
            "host": "qbit.lan",
            "port": 8080,
            "useSsl": False,
            "username": "admin",
            "password": "qb-secret",
            "movieCategory": "radarr",
            "recentMoviePriority": 0,
            "olderMoviePriority": 0,
            "initialState": 0,
        },
        {
            "Enable": 1,
            "Priority": 1,
            "RemoveCompletedDownloads": 1,
            "RemoveFailedDownloads": 1,
            "ConfigContract": "QBittorrentSettings",
        },
    ),
    Provider(
        "DownloadClients",
        "SAB",
        "Sabnzbd",
        {"host": "localhost", "port": 8085, "apiKey": "sab-api-key-123", "movieCategory": "movies"},
        {
            "Enable": 1,
            "Priority": 2,
            "RemoveCompletedDownloads": 0,
            "RemoveFailedDownloads": 1,
            "ConfigContract": "SabnzbdSettings",
        },
    ),
    Provider(
        "DownloadClients",
        "Ancient",
        "Hadouken",
        {"host": "localhost", "port": 8080, "username": "u", "password": "p"},
        {"Enable": 1, "Priority": 1, "ConfigContract": "HadoukenSettings"},
    ),
    Provider(  # Radarr reaches Deluge's Web UI: its port, Url Base and web password, no username
        "DownloadClients",
        "Deluge",
        "Deluge",
        {
            "host": "localhost",
            "port": 8112,
            "useSsl": False,
            "urlBase": "/deluge",
            "password": "deluge-web-pass",
            "movieCategory": "radarr",
            "movieImportedCategory": "radarr-imported",
            "recentMoviePriority": 1,
            "olderMoviePriority": 0,
            "addPaused": True,
            "downloadDirectory": "/downloads/incoming",
            "completedDirectory": "/downloads/done",
        },
        {"Enable": 1, "Priority": 1, "ConfigContract": "DelugeSettings"},
    ),
    Provider(
        "Indexers",
        "NZBgeek",
        "Newznab",
        {
            "baseUrl": "https://api.nzbgeek.info",
            "apiPath": "/api",
            "apiKey": "geek-key-456",
            "categories": [2000, 2040, 2045],
            "additionalParameters": "",
            "failDownloads": [0],
        },
        {
            "EnableRss": 1,
            "EnableAutomaticSearch": 1,
            "EnableInteractiveSearch": 1,
            "Priority": 10,
            "DownloadClientId": 2,
            "ConfigContract": "NewznabSettings",
        },
    ),
    Provider(
        "Indexers",
        "Tracker",
        "Torznab",
        {
            "baseUrl": "http://prowlarr:9696/1/",
            "apiPath": "/api",
            "apiKey": "prowlarr-key-789",
            "categories": [2000],
            "minimumSeeders": 3,
            "seedCriteria": {"seedRatio": 1.5, "seedTime": 60},
        },
        {
            "EnableRss": 1,
            "EnableAutomaticSearch": 0,
            "EnableInteractiveSearch": 1,
            "Priority": 25,
            "ConfigContract": "TorznabSettings",
        },
    ),
    Provider(
        "Indexers",
        "HDB",
        "HDBits",
        {
            "baseUrl": "https://hdbits.org",
            "username": "me",
            "apiKey": "hdb-passkey",
            "categories": [1],
            "codecs": [],
            "mediums": [],
        },
        {
            "EnableRss": 1,
            "EnableAutomaticSearch": 1,
            "EnableInteractiveSearch": 1,
            "Priority": 5,
            "ConfigContract": "HDBitsSettings",
        },
    ),
    Provider(
        "Notifications",
        "Hook",
        "Webhook",
        {"url": "https://hooks.example/radarr", "method": 1, "username": "hook", "password": "hook-pass"},
        {
            "OnGrab": 1,
            "OnDownload": 1,
            "OnUpgrade": 1,
            "OnRename": 0,
            "OnHealthIssue": 1,
            "IncludeHealthWarnings": 0,
            "OnMovieDelete": 0,
            "ConfigContract": "WebhookSettings",
        },
    ),
    Provider(
        "Notifications",
        "Script",
        "CustomScript",
        {"path": "/scripts/notify.sh", "arguments": ""},
        {
            "OnGrab": 0,
            "OnDownload": 1,
            "OnUpgrade": 0,
            "OnRename": 1,
            "OnHealthIssue": 0,
            "IncludeHealthWarnings": 0,
            "OnMovieDelete": 0,
            "ConfigContract": "CustomScriptSettings",
        },
    ),
    Provider(
        "Notifications",
        "Discord",
        "Discord",
        {"webHookUrl": "https://discord.com/api/webhooks/1/abc", "username": "Radarr"},
        {
            "OnGrab": 1,
            "OnDownload": 1,
            "OnUpgrade": 0,
            "OnRename": 0,
            "OnHealthIssue": 0,
            "IncludeHealthWarnings": 0,
            "OnMovieDelete": 0,
            "ConfigContract": "DiscordSettings",
        },
    ),
    Provider(
        "Metadata",
        "Kodi (XBMC) / Emby",
        "XbmcMetadata",
        {
            "movieMetadata": True,
            "movieMetadataURL": False,
            "movieMetadataLanguage": 1,
            "movieImages": True,
            "useMovieNfo": False,
            "addCollectionName": True,
        },
        {"Enable": 1, "ConfigContract": "XbmcMetadataSettings"},
    ),
]


def _insert(db: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    columns = {r[1] for r in db.execute(f'PRAGMA table_info("{table}")')}
    kept = {k: v for k, v in row.items() if k in columns}
    names = ", ".join(f'"{k}"' for k in kept)
    marks = ", ".join("?" for _ in kept)
    cursor = db.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(kept.values()))
    return int(cursor.lastrowid or 0)


def build(
    folder: Path, version: str = "v6", movies: int = 300, seed: int = 7, all_files: bool = False
) -> Path:
    """Write ``radarr.db`` and ``config.xml`` into ``folder``; return the folder. Every fifth movie has
    no file unless ``all_files``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(folder / "radarr.db")
    db.executescript((SCHEMAS / f"{version}.sql").read_text())
    newest = NEWEST_MIGRATION[version]
    # Numbers Radarr never shipped (193, 213), and 215-216, which came with Radarr 5 only.
    absent = {193, 213} | ({215, 216} if version == "v4" else set())
    db.executemany(
        'INSERT INTO "VersionInfo" VALUES (?, ?, ?)',
        [
            (n, "2024-10-31T00:28:00", f"migration_{n}")
            for n in [1, *range(104, newest + 1)]
            if n not in absent
        ],
    )
    profiles_table = "Profiles" if version == "v4" else "QualityProfiles"
    for label in ("4k", "anime", "kids", "french", "archive"):
        _insert(db, "Tags", {"Label": label})
    for path in ("/movies", "/movies-4k"):
        _insert(db, "RootFolders", {"Path": path})
    for found in qualities.ALL:
        _insert(
            db,
            "QualityDefinitions",
            {
                "Quality": found.id,
                "Title": found.name,
                "MinSize": 1.5,
                "MaxSize": 400 if found.id != 31 else None,
                "PreferredSize": 95,
            },
        )
    for name, specs in CUSTOM_FORMATS:
        _insert(
            db,
            "CustomFormats",
            {
                "Name": name,
                "Specifications": json.dumps(specs),
                "IncludeCustomFormatWhenRenaming": int(name == "IMAX"),
            },
        )
    grouped = [
        {"quality": 1, "items": [], "allowed": False},
        {
            "id": 1001,
            "name": "WEB 1080p",
            "items": [
                {"quality": 3, "items": [], "allowed": True},
                {"quality": 15, "items": [], "allowed": True},
            ],
            "allowed": True,
        },
        {"quality": 7, "items": [], "allowed": True},
        {"quality": 30, "items": [], "allowed": True},
        {"quality": 19, "items": [], "allowed": True},
        {"quality": 31, "items": [], "allowed": True},
    ]
    for index, (name, cutoff) in enumerate((("HD-1080p", 7), ("Ultra-HD", 31), ("Web", 1001))):
        format_items = [
            {"format": f, "name": CUSTOM_FORMATS[f - 1][0], "score": (f * 10) * (-1) ** index}
            for f in range(1, len(CUSTOM_FORMATS) + 1)
        ]
        _insert(
            db,
            profiles_table,
            {
                "Name": name,
                "Cutoff": cutoff,
                "Items": json.dumps(grouped),
                "Language": [1, 2, -1][index],
                "FormatItems": json.dumps(format_items),
                "UpgradeAllowed": 1,
                "MinFormatScore": index * 5,
                "CutoffFormatScore": 1000 + index,
                "MinUpgradeFormatScore": 1 + index,
            },
        )
    _insert(
        db,
        "DelayProfiles",
        {
            "EnableUsenet": 1,
            "EnableTorrent": 1,
            "PreferredProtocol": 1,
            "UsenetDelay": 0,
            "TorrentDelay": 0,
            "Order": 2147483647,
            "Tags": "[]",
            "BypassIfHighestQuality": 1,
        },
    )
    _insert(
        db,
        "DelayProfiles",
        {
            "EnableUsenet": 1,
            "EnableTorrent": 1,
            "PreferredProtocol": 2,
            "UsenetDelay": 60,
            "TorrentDelay": 120,
            "Order": 1,
            "Tags": "[1]",
            "BypassIfHighestQuality": 0,
            "BypassIfAboveCustomFormatScore": 1,
            "MinimumCustomFormatScore": 250,
        },
    )
    for provider in PROVIDERS:
        _insert(
            db,
            provider.table,
            {
                "Name": provider.name,
                "Implementation": provider.implementation,
                "Settings": json.dumps(provider.settings),
                "Tags": "[2]",
                **provider.columns,
            },
        )
    if version == "v4":
        _insert(
            db,
            "Restrictions",
            {
                "Required": "HDR,DV",
                "Ignored": "CAM,TS",
                "Tags": "[1]",
                "Preferred": json.dumps([{"key": "IMAX", "value": 50}]),
            },
        )
    else:
        _insert(
            db,
            "ReleaseProfiles",
            {
                "Name": "No cams",
                "Required": '["HDR","DV"]',
                "Ignored": '["CAM","TS"]',
                "Tags": "[1]",
                "Enabled": 1,
                "IndexerId": 1,
            },
        )
    _insert(
        db, "RemotePathMappings", {"Host": "qbit.lan", "RemotePath": "/downloads/", "LocalPath": "/mnt/dl/"}
    )
    _insert(
        db,
        "NamingConfig",
        {
            "MultiEpisodeStyle": 0,
            "ReplaceIllegalCharacters": 1,
            "ColonReplacementFormat": 3,
            "RenameMovies": 1,
            "StandardMovieFormat": "{Movie CleanTitle} {(Release Year)} {Quality Full}",
            "MovieFolderFormat": "{Movie CleanTitle} ({Release Year}) {tmdb-{TmdbId}}",
        },
    )
    for key, value in {
        "recyclebin": "/trash",
        "downloadpropersandrepacks": "DoNotPrefer",
        "rsssyncinterval": "45",
        "minimumage": "10",
        "enablecompleteddownloadhandling": "True",
        "autoredownloadfailed": "False",
        "firstdayofweek": "1",
        "theme": "dark",
        "copyusinghardlinks": "False",
        "movieinfolanguage": "2",
    }.items():
        _insert(db, "Config", {"Key": key, "Value": value})
    for n in range(1, 4):
        _insert(
            db,
            "Collections",
            {
                "TmdbId": 1000 + n,
                "QualityProfileId": n,
                "RootFolderPath": "/movies",
                "MinimumAvailability": 3,
                "SearchOnAdd": n % 2,
                "Title": f"Saga {n} Collection",
                "SortTitle": f"saga {n} collection",
                "CleanTitle": f"saga{n}collection",
                "Overview": "A saga.",
                "Images": json.dumps(
                    [{"coverType": "poster", "remoteUrl": f"https://image.tmdb.org/t/p/original/c{n}.jpg"}]
                ),
                "Monitored": 1,
                "Added": when(n),
                "Tags": "[3]",
            },
        )
    _fill_movies(db, rng, movies, version, all_files)
    for n in range(1, 6):
        _insert(
            db,
            "ImportExclusions",
            {"TmdbId": 900000 + n, "MovieTitle": f"Excluded {n}", "MovieYear": 1990 + n},
        )
    _insert(
        db,
        "ImportLists",
        {
            "Enabled": 1,
            "Name": "Trakt popular",
            "Implementation": "TraktPopularImport",
            "ConfigContract": "TraktPopularSettings",
            "Settings": json.dumps({"limit": 100}),
            "EnableAuto": 1,
            "RootFolderPath": "/movies",
            "QualityProfileId": 1,
            "ProfileId": 1,
            "MinimumAvailability": 3,
            "Tags": "[]",
            "SearchOnAdd": 0,
            "Monitor": 0,
        },
    )
    password, salt = radarr_password(PASSWORD, b"sixteen byte slt")
    if version == "v4":  # Radarr 4 keeps an unsalted SHA-256 hex digest (no Salt column yet)
        password = hashlib.sha256(PASSWORD.encode()).hexdigest()
    _insert(
        db,
        "Users",
        {
            "Identifier": str(uuid.UUID(int=seed)),
            "Username": "admin",
            "Password": password,
            "Salt": salt,
            "Iterations": 10000,
        },
    )
    db.commit()
    db.close()
    (folder / "config.xml").write_text(
        "<Config>\n  <BindAddress>*</BindAddress>\n  <Port>7878</Port>\n  <SslPort>9898</SslPort>\n"
        f"  <EnableSsl>False</EnableSsl>\n  <ApiKey>{API_KEY}</ApiKey>\n"
        "  <AuthenticationMethod>Forms</AuthenticationMethod>\n  <Branch>master</Branch>\n"
        "  <LogLevel>info</LogLevel>\n  <UrlBase></UrlBase>\n"
        "  <InstanceName>Radarr</InstanceName>\n</Config>\n"
    )
    return folder


def _fill_movies(
    db: sqlite3.Connection, rng: random.Random, count: int, version: str, all_files: bool
) -> None:
    profile_column = "ProfileId" if version == "v4" else "QualityProfileId"
    file_qualities = [7, 3, 15, 30, 19, 31, 6]
    for n in range(1, count + 1):
        title = f"The {rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {n}"
        year = 1950 + n % 75
        tmdb = 10_000 + n * 7
        metadata_id = _insert(
            db,
            "MovieMetadata",
            {
                "TmdbId": tmdb,
                "ImdbId": f"tt{1_000_000 + n}",
                "Title": title,
                "SortTitle": title.lower(),
                "CleanTitle": title.lower().replace(" ", ""),
                "OriginalTitle": title,
                "CleanOriginalTitle": title.lower(),
                "OriginalLanguage": 1,
                "Status": 3,
                "LastInfoSync": when(n, 3),
                "Runtime": 90 + n % 60,
                "InCinemas": when(n),
                "PhysicalRelease": when(n + 100),
                "DigitalRelease": when(n + 50),
                "Year": year,
                "Images": json.dumps(
                    [
                        {"coverType": "poster", "remoteUrl": f"https://image.tmdb.org/t/p/original/p{n}.jpg"},
                        {"coverType": "fanart", "remoteUrl": f"https://image.tmdb.org/t/p/original/f{n}.jpg"},
                    ]
                ),
                "Genres": json.dumps(["Drama", "Thriller"][: 1 + n % 2]),
                "Ratings": json.dumps(
                    {
                        "imdb": {"votes": 1000 + n, "value": 7.1, "type": 0},
                        "tmdb": {"votes": 500 + n, "value": 6.9, "type": 0},
                    }
                ),
                "Recommendations": json.dumps([tmdb + 7, tmdb + 14]),
                "Certification": "PG-13",
                "YouTubeTrailerId": f"yt{n}",
                "Studio": "Studio One",
                "Overview": f"Overview of {title}.",
                "Website": f"https://example.org/{n}",
                "Popularity": 12.5 + n % 10,
                "CollectionTmdbId": 1001 + n % 3 if n % 4 == 0 else None,
                "CollectionTitle": f"Saga {1 + n % 3} Collection" if n % 4 == 0 else None,
                "Keywords": json.dumps(["heist"]),
            },
        )
        _insert(
            db,
            "AlternativeTitles",
            {
                "Title": f"{title} (alt)",
                "CleanTitle": f"{title}alt".lower().replace(" ", ""),
                "SourceType": 0,
                "MovieMetadataId": metadata_id,
            },
        )
        folder = f"/movies/{title} ({year})"
        movie_id = _insert(
            db,
            "Movies",
            {
                "Path": folder,
                "Monitored": int(n % 5 != 0),
                profile_column: 1 + n % 3,
                "Added": when(n, 5),
                "Tags": json.dumps([1 + n % 5]),
                "AddOptions": json.dumps({"searchForMovie": False}),
                "MovieFileId": 0,
                "MinimumAvailability": [1, 2, 3][n % 3],
                "MovieMetadataId": metadata_id,
                "LastSearchTime": None,
            },
        )
        if all_files or n % 5 != 4:
            quality = file_qualities[n % len(file_qualities)]
            group = rng.choice(GROUPS)
            file_id = _insert(
                db,
                "MovieFiles",
                {
                    "MovieId": movie_id,
                    "Quality": q(quality, version=1 + n % 2, repack=n % 7 == 0),
                    "Size": rng.randint(2, 60) * 1024**3,
                    "DateAdded": when(n, 9),
                    "SceneName": f"{title.replace(' ', '.')}.{year}.1080p.BluRay.x264-{group}",
                    "MediaInfo": json.dumps(media_info(rng)),
                    "ReleaseGroup": group,
                    "RelativePath": f"{title} ({year}) Bluray-1080p.mkv",
                    "Edition": "Director's Cut" if n % 9 == 0 else "",
                    "Languages": json.dumps([1] if n % 6 else [1, 2]),
                    "IndexerFlags": n % 2,
                    "OriginalFilePath": f"{title.replace(' ', '.')}.{year}/{title.replace(' ', '.')}.mkv",
                },
            )
            db.execute('UPDATE "Movies" SET "MovieFileId" = ? WHERE "Id" = ?', (file_id, movie_id))
            download = f"SABnzbd_nzo_{n:05d}"
            data = {
                "indexer": "NZBgeek",
                "indexerId": "1",
                "releaseGroup": group,
                "size": "8589934592",
                "downloadClient": "SAB",
                "customFormatScore": str(n % 300),
                "protocol": "1",
                "tmdbId": str(tmdb),
            }
            _insert(
                db,
                "History",
                {
                    "SourceTitle": f"{title}.{year}.1080p",
                    "Date": when(n, 8),
                    "Quality": q(quality),
                    "Data": json.dumps(data),
                    "EventType": 1,
                    "DownloadId": download,
                    "MovieId": movie_id,
                    "Languages": "[1]",
                },
            )
            _insert(
                db,
                "History",
                {
                    "SourceTitle": f"{title}.{year}.1080p",
                    "Date": when(n, 9),
                    "Quality": q(quality),
                    "Data": json.dumps({"droppedPath": "/dl/x.mkv", "importedPath": folder}),
                    "EventType": 3,
                    "DownloadId": download,
                    "MovieId": movie_id,
                    "Languages": "[1]",
                },
            )
            _insert(
                db,
                "DownloadHistory",
                {
                    "EventType": 1,
                    "MovieId": movie_id,
                    "DownloadId": download,
                    "SourceTitle": f"{title}.{year}.1080p",
                    "Date": when(n, 8),
                    "Protocol": 1,
                    "IndexerId": 1,
                    "DownloadClientId": 2,
                    "Release": "{}",
                    "Data": "{}",
                },
            )
        if n % 10 == 0:
            _insert(
                db,
                "Blocklist",
                {
                    "SourceTitle": f"{title}.{year}.CAM-BAD",
                    "Quality": q(25),
                    "Date": when(n, 2),
                    "PublishedDate": when(n, 1),
                    "Size": 700 * 1024**2,
                    "Protocol": 2,
                    "Indexer": "Tracker",
                    "Message": "Manually blocklisted",
                    "TorrentInfoHash": f"{n:040x}",
                    "MovieId": movie_id,
                    "Languages": "[1]",
                    "IndexerFlags": 1,
                },
            )
