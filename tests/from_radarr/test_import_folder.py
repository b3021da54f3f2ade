"""Importing a Radarr data folder (schemas of Radarr 4, 5 and 6), compared through Reelarr's API."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import radarr_db
from fastapi.testclient import TestClient

from reelarr.auth import verify_password
from reelarr.download_clients import DOWNLOAD_CLIENTS
from reelarr.errors import ValidationFailed
from reelarr.indexers import INDEXERS
from reelarr.metadata_files import METADATA_CONSUMERS
from reelarr.notifications import NOTIFICATIONS
from reelarr.providers import ProviderKind

KINDS: dict[str, tuple[ProviderKind, str]] = {
    "DownloadClients": (DOWNLOAD_CLIENTS, "downloadclient"),
    "Indexers": (INDEXERS, "indexer"),
    "Notifications": (NOTIFICATIONS, "notification"),
    "Metadata": (METADATA_CONSUMERS, "metadata"),
}


def radarr_rows(folder: Path, sql: str) -> list[dict[str, Any]]:
    db = sqlite3.connect(folder / "radarr.db")
    db.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in db.execute(sql)]
    finally:
        db.close()


def reelarr_rows(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(data_dir / "reelarr.db")
    try:
        return list(db.execute(sql))
    finally:
        db.close()


def instant(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    text = value.replace(" ", "T").replace("Z", "+00:00")
    return dt.datetime.fromisoformat(text[:19] + text[-6:] if "." in text else text).replace(microsecond=0)


def known(kind: ProviderKind, implementation: str) -> bool:
    try:
        kind.implementation(implementation)
    except ValidationFailed:
        return False
    return True


@pytest.mark.parametrize("version", ["v4", "v5", "v6"])
def test_a_radarr_library_comes_across_with_every_section(
    version: str,
    tmp_path: Path,
    data_dir: Path,
    import_radarr: Callable[..., int],
    imported_client: Callable[[], TestClient],
    capsys: pytest.CaptureFixture[str],
) -> None:
    radarr = radarr_db.build(tmp_path / "radarr", version, movies=300)
    profile_table = "Profiles" if version == "v4" else "QualityProfiles"
    profile_column = "ProfileId" if version == "v4" else "QualityProfileId"

    assert import_radarr("--radarr-dir", str(radarr)) == 0
    printed = capsys.readouterr().out
    assert "movies: 300 new, 0 updated" in printed
    if version == "v4":
        assert "user 'admin': Radarr kept an old unsalted hash" in printed
        assert "set a new password on first login" in printed
    else:
        assert "your Radarr password works" in printed
    reports = list(data_dir.glob("radarr-import-*.txt"))
    assert len(reports) == 1 and reports[0].read_text() in printed

    client = imported_client()
    assert client.headers["X-Api-Key"] == radarr_db.API_KEY  # Radarr's key works unchanged

    movies = {m["tmdbId"]: m for m in client.get("/api/v3/movie").json()}
    assert len(movies) == 300
    profiles = {p["id"]: p for p in client.get("/api/v3/qualityprofile").json()}
    tags = {t["id"]: t["label"] for t in client.get("/api/v3/tag").json()}
    radarr_profiles = {p["Id"]: p for p in radarr_rows(radarr, f'SELECT * FROM "{profile_table}"')}
    radarr_tags = {t["Id"]: t["Label"] for t in radarr_rows(radarr, 'SELECT * FROM "Tags"')}

    sample = radarr_rows(
        radarr,
        'SELECT m.*, mm.*, m."Id" AS "MovieId", f."Id" AS "FileId", f."Quality" AS "FileQuality", '
        'f."Size", f."RelativePath", f."SceneName", f."ReleaseGroup", f."Edition", f."Languages", '
        'f."DateAdded", f."OriginalFilePath", f."MediaInfo", f."IndexerFlags" '
        'FROM "Movies" m JOIN "MovieMetadata" mm ON mm."Id" = m."MovieMetadataId" '
        'LEFT JOIN "MovieFiles" f ON f."Id" = m."MovieFileId" WHERE m."Id" % 23 = 1',
    )
    assert len(sample) >= 10
    for row in sample:
        movie = movies[row["TmdbId"]]
        assert movie["imdbId"] == row["ImdbId"]
        assert movie["title"] == row["Title"]
        assert movie["originalTitle"] == row["OriginalTitle"]
        assert movie["year"] == row["Year"]
        assert movie["runtime"] == row["Runtime"]
        assert movie["certification"] == row["Certification"]
        assert movie["genres"] == json.loads(row["Genres"])
        assert movie["studio"] == row["Studio"]
        assert movie["youTubeTrailerId"] == row["YouTubeTrailerId"]
        assert movie["overview"] == row["Overview"]
        assert movie["ratings"]["imdb"]["value"] == 7.1
        assert movie["ratings"]["imdb"]["votes"] == json.loads(row["Ratings"])["imdb"]["votes"]
        assert instant(movie["inCinemas"]) == instant(row["InCinemas"])
        assert instant(movie["digitalRelease"]) == instant(row["DigitalRelease"])
        assert instant(movie["added"]) == instant(row["Added"])
        assert movie["monitored"] == bool(row["Monitored"])
        assert (
            movie["minimumAvailability"]
            == {1: "announced", 2: "inCinemas", 3: "released"}[row["MinimumAvailability"]]
        )
        assert movie["path"] == row["Path"]
        assert profiles[movie["qualityProfileId"]]["name"] == radarr_profiles[row[profile_column]]["Name"]
        assert [tags[t] for t in movie["tags"]] == [radarr_tags[t] for t in json.loads(row["Tags"])]
        assert [t["title"] for t in movie["alternateTitles"]] == [f"{row['Title']} (alt)"]
        assert movie["hasFile"] == (row["FileId"] is not None)
        if row["FileId"] is None:
            continue
        file = movie["movieFile"]
        radarr_quality = json.loads(row["FileQuality"])
        assert file["quality"]["quality"]["id"] == radarr_quality["quality"]
        assert file["quality"]["revision"]["version"] == radarr_quality["revision"]["version"]
        assert file["quality"]["revision"]["isRepack"] == radarr_quality["revision"]["isRepack"]
        assert file["size"] == row["Size"]
        assert file["relativePath"] == row["RelativePath"]
        assert file["path"] == f"{row['Path']}/{row['RelativePath']}"
        assert file["sceneName"] == row["SceneName"]
        assert file["releaseGroup"] == row["ReleaseGroup"]
        assert (file.get("edition") or "") == row["Edition"]
        assert [language["id"] for language in file["languages"]] == json.loads(row["Languages"])
        assert instant(file["dateAdded"]) == instant(row["DateAdded"])
        assert file["originalFilePath"] == row["OriginalFilePath"]
        radarr_info = json.loads(row["MediaInfo"])
        info = file["mediaInfo"]
        assert info["resolution"] == f"{radarr_info['width']}x{radarr_info['height']}"
        # HEVC without an encoder tag is h265; the scene name (x264) names the H.264 encoder.
        assert info["videoCodec"] == ("h265" if radarr_info["videoFormat"] == "hevc" else "x264")
        assert info["videoBitDepth"] == radarr_info["videoBitDepth"]
        assert info["videoDynamicRangeType"] == ("HDR10" if radarr_info["videoHdrFormat"] == 2 else "")
        assert info["audioCodec"] == ("TrueHD" if radarr_info["audioFormat"] == "truehd" else "EAC3")
        assert info["audioChannels"] == (7.1 if radarr_info["audioChannels"] == 8 else 5.1)
        assert info["audioLanguages"] == "eng/fre"
        assert info["subtitles"] == "eng/spa"
        assert info["runTime"] == radarr_info["runTime"].split(".")[0].lstrip("0")

    files = client.get("/api/v3/moviefile", params={"movieId": [m["id"] for m in movies.values()]}).json()
    assert len(files) == len(radarr_rows(radarr, 'SELECT "Id" FROM "MovieFiles"')) == 240
    # No rescan needed: the files' qualities already decide which movies want an upgrade.
    cutoff_unmet = client.get("/api/v3/wanted/cutoff", params={"pageSize": 1000}).json()
    assert 0 < cutoff_unmet["totalRecords"] < 240
    assert all(record["hasFile"] for record in cutoff_unmet["records"])

    # Profiles: groups, cutoff, scores by custom format name, language.
    formats = {f["id"]: f for f in client.get("/api/v3/customformat").json()}
    assert {f["name"] for f in formats.values()} == {name for name, _ in radarr_db.CUSTOM_FORMATS}
    implementations = {s["implementation"] for f in formats.values() for s in f["specifications"]}
    assert implementations == {specs[0]["type"] for _, specs in radarr_db.CUSTOM_FORMATS}
    size = next(f for f in formats.values() if f["name"] == "Big")["specifications"][0]
    assert {f["name"]: f["value"] for f in size["fields"]} == {"min": 20.0, "max": 120.5}
    language = next(f for f in formats.values() if f["name"] == "Not English")["specifications"][0]
    assert language["negate"] is True
    assert next(f for f in formats.values() if f["name"] == "Bluray")["specifications"][0]["required"]
    by_name = {p["name"]: p for p in profiles.values()}
    for radarr_profile in radarr_profiles.values():
        profile = by_name[radarr_profile["Name"]]
        assert profile["cutoff"] == radarr_profile["Cutoff"]
        assert profile["minFormatScore"] == radarr_profile["MinFormatScore"]
        assert profile["cutoffFormatScore"] == radarr_profile["CutoffFormatScore"]
        assert profile["language"]["id"] == radarr_profile["Language"]
        if version == "v6":
            assert profile["minUpgradeFormatScore"] == radarr_profile["MinUpgradeFormatScore"]
        group = next(item for item in profile["items"] if item.get("name") == "WEB 1080p")
        assert [i["quality"]["id"] for i in group["items"]] == [3, 15]
        scores = {formats[i["format"]]["name"]: i["score"] for i in profile["formatItems"]}
        assert scores == {i["name"]: i["score"] for i in json.loads(radarr_profile["FormatItems"])}

    definitions = {d["quality"]["id"]: d for d in client.get("/api/v3/qualitydefinition").json()}
    assert definitions[7]["minSize"] == 1.5 and definitions[7]["maxSize"] == 400

    # Providers, mapped through Reelarr's registries; the ones Reelarr lacks are reported.
    for provider in radarr_db.PROVIDERS:
        kind, path = KINDS[provider.table]
        listed = {p["name"]: p for p in client.get(f"/api/v3/{path}").json()}
        if not known(kind, provider.implementation):
            assert provider.name not in listed
            assert f"{provider.name!r} ({provider.implementation}): Reelarr has no such" in printed
            continue
        resource = listed[provider.name]
        assert resource["implementation"].lower() == provider.implementation.lower()
        fields = {f["name"]: f["value"] for f in resource["fields"]}
        for key, value in provider.settings.items():
            if isinstance(value, dict):
                for inner, inner_value in value.items():
                    assert fields[f"{key}.{inner}"] == inner_value
            elif key in fields and fields[key] != "********":
                assert fields[key] == value, (provider.name, key)
        # Radarr's Metadata table has no tags.
        assert [tags[t] for t in resource["tags"]] == ([] if provider.table == "Metadata" else ["anime"])
    stored = dict(reelarr_rows(data_dir, "SELECT name, settings FROM provider_definitions"))
    assert json.loads(stored["NZBgeek"])["apiKey"] == "geek-key-456"
    assert json.loads(stored["qBit"])["password"] == "qb-secret"
    assert json.loads(stored["Hook"])["password"] == "hook-pass"
    indexers = {i["name"]: i for i in client.get("/api/v3/indexer").json()}
    assert indexers["NZBgeek"]["priority"] == 10
    clients = {c["name"]: c for c in client.get("/api/v3/downloadclient").json()}
    assert indexers["NZBgeek"]["downloadClientId"] == clients["SAB"]["id"]
    assert clients["SAB"]["removeCompletedDownloads"] is False
    radarr_deluge = next(p for p in radarr_db.PROVIDERS if p.name == "Deluge").settings
    assert set(radarr_deluge) == {f["name"] for f in clients["Deluge"]["fields"]} - {
        "sequentialOrder",
        "firstAndLast",
    }
    assert json.loads(stored["Deluge"])["password"] == "deluge-web-pass"
    hook = next(n for n in client.get("/api/v3/notification").json() if n["name"] == "Hook")
    assert (hook["onGrab"], hook["onUpgrade"], hook["onRename"], hook["onHealthIssue"]) == (
        True,
        True,
        False,
        True,
    )
    assert "Trakt popular': not imported: import lists come in a later version" in printed
    assert "download client 'qBit' runs on qbit.lan" not in printed  # it has a remote path mapping

    # Settings, delay and release profiles, mappings, folders, collections.
    assert client.get("/api/v3/config/naming").json()["colonReplacementFormat"] == "spaceDashSpace"
    assert client.get("/api/v3/config/naming").json()["movieFolderFormat"].endswith("{tmdb-{TmdbId}}")
    media = client.get("/api/v3/config/mediamanagement").json()
    assert (media["recycleBin"], media["downloadPropersAndRepacks"], media["copyUsingHardlinks"]) == (
        "/trash",
        "doNotPrefer",
        False,
    )
    assert client.get("/api/v3/config/indexer").json()["rssSyncInterval"] == 45
    assert client.get("/api/v3/config/downloadclient").json()["autoRedownloadFailed"] is False
    assert client.get("/api/v3/config/ui").json()["theme"] == "dark"
    delays = sorted(client.get("/api/v3/delayprofile").json(), key=lambda d: d["order"])
    assert (
        delays[0]["preferredProtocol"],
        delays[0]["torrentDelay"],
        [tags[t] for t in delays[0]["tags"]],
    ) == (
        "torrent",
        120,
        ["4k"],
    )
    if version != "v4":
        assert delays[0]["minimumCustomFormatScore"] == 250
    release = client.get("/api/v3/releaseprofile").json()
    assert [(r["required"], r["ignored"]) for r in release] == [(["HDR", "DV"], ["CAM", "TS"])]
    if version == "v4":
        assert "preferred terms not imported" in printed
    else:
        assert release[0]["indexerId"] == indexers["NZBgeek"]["id"]
    assert [(m["host"], m["localPath"]) for m in client.get("/api/v3/remotepathmapping").json()] == [
        ("qbit.lan", "/mnt/dl/")
    ]
    assert {r["path"] for r in client.get("/api/v3/rootfolder").json()} == {"/movies", "/movies-4k"}
    assert "root folder /movies is missing or not writable here" in printed
    collections = {c["tmdbId"]: c for c in client.get("/api/v3/collection").json()}
    assert collections[1002]["title"] == "Saga 2 Collection"
    assert profiles[collections[1002]["qualityProfileId"]]["name"] == radarr_profiles[2]["Name"]

    # History, blocklist, exclusions, the user.
    history = client.get("/api/v3/history", params={"pageSize": 1000}).json()
    assert history["totalRecords"] == 480
    grabbed = next(r for r in history["records"] if r["eventType"] == "grabbed")
    assert grabbed["data"]["indexer"] == "NZBgeek" and grabbed["downloadId"].startswith("SABnzbd_nzo_")
    # The grab names Reelarr's NZBgeek, whose Fail Downloads came along for its running downloads.
    assert grabbed["data"]["indexerId"] == str(indexers["NZBgeek"]["id"]) != "1"
    geek = {f["name"]: f["value"] for f in indexers["NZBgeek"]["fields"]}
    assert geek["failDownloads"] == [0]
    assert {r["eventType"] for r in history["records"]} == {"grabbed", "downloadFolderImported"}
    assert client.get("/api/v3/blocklist", params={"pageSize": 100}).json()["totalRecords"] == 30
    assert reelarr_rows(data_dir, "SELECT count(*) FROM import_exclusions") == [(5,)]
    users = reelarr_rows(data_dir, "SELECT username, password_hash FROM users")
    if version == "v4":
        assert users == []
    else:
        [(username, password_hash)] = users
        assert username == "admin" and verify_password(radarr_db.PASSWORD, password_hash)


def test_a_second_run_updates_and_never_duplicates(
    radarr_dir: Path,
    data_dir: Path,
    import_radarr: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert import_radarr("--radarr-dir", str(radarr_dir)) == 0
    counts = "SELECT (SELECT count(*) FROM movies), (SELECT count(*) FROM movie_files), "
    counts += "(SELECT count(*) FROM history), (SELECT count(*) FROM blocklist), "
    counts += "(SELECT count(*) FROM provider_definitions), (SELECT count(*) FROM alternative_titles), "
    counts += "(SELECT count(*) FROM quality_profiles), (SELECT count(*) FROM tags)"
    first = reelarr_rows(data_dir, counts)
    capsys.readouterr()
    assert import_radarr("--radarr-dir", str(radarr_dir)) == 0
    printed = capsys.readouterr().out
    assert "movies: 0 new, 300 updated" in printed
    assert "history:" not in printed
    assert reelarr_rows(data_dir, counts) == first


def test_a_dry_run_reports_and_writes_nothing(
    radarr_dir: Path,
    data_dir: Path,
    import_radarr: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert import_radarr("--radarr-dir", str(radarr_dir), "--dry-run") == 0
    printed = capsys.readouterr().out
    assert "What Reelarr would import" in printed and "movies: 300 new" in printed
    assert "Dry run: nothing was written." in printed
    assert not list(data_dir.glob("radarr-import-*.txt"))
    assert json.loads((data_dir / "config.json").read_text())["apiKey"] != radarr_db.API_KEY
    assert reelarr_rows(data_dir, "SELECT count(*) FROM movies") == [(0,)]
    assert reelarr_rows(data_dir, "SELECT count(*) FROM provider_definitions") == [(0,)]


def test_new_api_key_keeps_reelarrs_own(
    radarr_dir: Path, data_dir: Path, import_radarr: Callable[..., int]
) -> None:
    assert import_radarr("--radarr-dir", str(radarr_dir), "--new-api-key") == 0
    key = json.loads((data_dir / "config.json").read_text())["apiKey"]
    assert key != radarr_db.API_KEY
    assert reelarr_rows(data_dir, "SELECT count(*) FROM movies") == [(300,)]


def test_an_existing_library_needs_merge_and_then_merges_by_tmdb_id(
    tmp_path: Path,
    data_dir: Path,
    import_radarr: Callable[..., int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    # A library Reelarr built itself: the first 100 of the same movies, not from a Radarr import.
    first = radarr_db.build(tmp_path / "first", "v6", movies=100)
    assert import_radarr("--radarr-dir", str(first)) == 0
    db = sqlite3.connect(data_dir / "reelarr.db")
    db.execute("DELETE FROM settings WHERE key = 'fromRadarr'")
    db.commit()
    db.close()
    capsys.readouterr()

    radarr = radarr_db.build(tmp_path / "radarr", "v6", movies=300)
    assert import_radarr("--radarr-dir", str(radarr)) == 2
    assert "Reelarr already has 100 movies; run again with --merge" in capsys.readouterr().err
    assert reelarr_rows(data_dir, "SELECT count(*) FROM movies") == [(100,)]

    assert import_radarr("--radarr-dir", str(radarr), "--merge") == 0
    assert "movies: 200 new, 100 updated" in capsys.readouterr().out
    assert reelarr_rows(data_dir, "SELECT count(*), count(DISTINCT movie_metadata_id) FROM movies") == [
        (300, 300)
    ]
