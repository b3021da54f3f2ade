"""Every GET of Radarr's document that answers a resource, checked field by field against its
schema (``additionalProperties: false``), with a library that has something in each list: an
imported file, a grab that failed (history and blocklist), a release waiting in the queue, a file
to import by hand, an import list and an exclusion. Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from library_helpers import add_movie

from contract import assert_response_matches, get_operations
from fake_tmdb import API_KEY, FakeTmdb

# Answers that must list something, so that their items' schema is checked and not an empty list's.
WITH_ITEMS = (
    "/api/v3/queue",
    "/api/v3/queue/details",
    "/api/v3/history",
    "/api/v3/history/movie",
    "/api/v3/blocklist",
    "/api/v3/blocklist/movie",
    "/api/v3/indexer",
    "/api/v3/downloadclient",
    "/api/v3/moviefile",
    "/api/v3/collection",
    "/api/v3/manualimport",
    "/api/v3/credit",
    "/api/v3/alttitle",
    "/api/v3/importlist",
    "/api/v3/exclusions",
    "/api/v3/exclusions/paged",
)

# Needing the network to answer, or answering other than Radarr's document says.
SKIPPED = {
    "/api/v3/release": "asks the indexers; the pushed release's answer is checked instead",
    "/api/v3/config/metadata": "Reelarr's TMDB settings live here (Radarr has its own metadata proxy)",
    "/api/v3/config/metadata/{id}": "Reelarr's TMDB settings live here (Radarr has its own metadata proxy)",
    "/api/v3/localization": "Radarr's document says string; the answer is the JSON object Radarr sends",
}


def _seed(api: TestClient, movies_root: Path, tmp_path: Path) -> dict[str, Any]:
    movie = add_movie(api, movies_root, 603)
    tag = api.post("/api/v3/tag", json={"label": "contract"}).json()
    spec = {
        "implementation": "ReleaseTitleSpecification",
        "name": "x",
        "fields": [{"name": "value", "value": "x"}],
    }
    api.post("/api/v3/customformat", json={"name": "X", "specifications": [spec]})
    api.post(
        "/api/v3/customfilter",
        json={
            "type": "movieIndex",
            "label": "f",
            "filters": [{"key": "monitored", "value": [True], "type": "equal"}],
        },
    )
    schema = api.get("/api/v3/autotagging/schema").json()
    monitored = next(s for s in schema if s["implementation"] == "MonitoredSpecification")
    api.post("/api/v3/autotagging", json={"name": "m", "tags": [tag["id"]], "specifications": [monitored]})
    api.post(
        "/api/v3/remotepathmapping",
        json={"host": "qb", "remotePath": "/downloads/", "localPath": str(tmp_path) + "/"},
    )
    api.post("/api/v3/releaseprofile", json={"name": "r", "required": ["x264"], "ignored": []})
    for kind, implementation, fields in (
        (
            "downloadclient",
            "QBittorrent",
            [{"name": "host", "value": "127.0.0.1"}, {"name": "port", "value": 9}],
        ),
        (
            "indexer",
            "Torznab",
            [{"name": "baseUrl", "value": "http://127.0.0.1:9"}, {"name": "apiKey", "value": "k"}],
        ),
        ("notification", "Webhook", [{"name": "url", "value": "http://127.0.0.1:9/hook"}]),
        ("metadata", "XbmcMetadata", []),
    ):
        created = api.post(
            f"/api/v3/{kind}",
            params={"forceSave": "true"},
            json={
                "name": kind,
                "implementation": implementation,
                "enable": True,
                "fields": fields,
                "tags": [],
                "priority": 25,
            },
        )
        assert created.status_code == 201, (kind, created.text)
    assert api.post("/api/v3/command", json={"name": "Housekeeping"}).status_code == 201
    list_body = {
        "name": "list",
        "implementation": "RSSImport",
        "enabled": True,
        "enableAuto": False,
        "qualityProfileId": movie["qualityProfileId"],
        "rootFolderPath": movie["rootFolderPath"],
        "fields": [{"name": "link", "value": "http://127.0.0.1:9/rss"}],
    }
    assert api.post("/api/v3/importlist", params={"forceSave": "true"}, json=list_body).status_code == 201
    exclusion = {"tmdbId": 27205, "movieTitle": "Inception", "movieYear": 2010}
    assert api.post("/api/v3/exclusions", json=exclusion).status_code == 201
    return movie


def _video(folder: Path, release: str) -> Path:
    """A video big enough not to be a sample; sparse, so it costs no disk (ffprobe cannot read it)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{release}.mkv"
    with path.open("wb") as fh:
        fh.truncate(150 * 1024 * 1024)
    return path


def _push(api: TestClient, title: str, link: str, protocol: str) -> dict[str, Any]:
    release = {
        "title": title,
        "downloadUrl": link,
        "protocol": protocol,
        "publishDate": "2024-01-01T00:00:00Z",
    }
    response = api.post("/api/v3/release/push", json={**release, "size": 8 * 1024**3, "indexer": "Prowlarr"})
    assert response.status_code == 200, response.text
    assert_response_matches("/api/v3/release/push", response.json(), "post")
    [judged] = response.json()
    assert judged["approved"] is True, judged["rejections"]
    return dict(judged)


def _seed_downloads(api: TestClient, movies_root: Path, tmp_path: Path) -> dict[str, int]:
    """A file imported for the first movie, a failed grab (history, blocklist) for the second, a
    release waiting for a Usenet client (the queue) for the third, a file to import by hand."""
    reloaded, revolutions = add_movie(api, movies_root, 604), add_movie(api, movies_root, 605)
    blackhole = {
        "name": "blackhole",
        "implementation": "TorrentBlackhole",
        "enable": True,
        "priority": 1,
        "fields": [
            {"name": "torrentFolder", "value": str(tmp_path / "torrents")},
            {"name": "watchFolder", "value": str(tmp_path / "watch")},
            {"name": "saveMagnetFiles", "value": True},
        ],
        "tags": [],
    }
    (tmp_path / "torrents").mkdir()
    (tmp_path / "watch").mkdir()
    assert api.post("/api/v3/downloadclient", json=blackhole).status_code == 201
    magnet = "magnet:?xt=urn:btih:" + "ab" * 20
    _push(api, "The.Matrix.Revolutions.2003.1080p.BluRay.x264-GROUP", magnet, "torrent")
    [grabbed] = api.get("/api/v3/history", params={"eventType": "grabbed"}).json()["records"]
    assert api.post(f"/api/v3/history/failed/{grabbed['id']}").status_code == 200
    _push(api, "The.Matrix.Reloaded.2003.1080p.BluRay.x264-GROUP", "http://127.0.0.1:9/1.nzb", "usenet")

    release = "The.Matrix.1999.1080p.BluRay.x264-GROUP"
    _video(tmp_path / "downloads" / release, release)
    scan = {"name": "DownloadedMoviesScan", "path": str(tmp_path / "downloads" / release)}
    assert api.post("/api/v3/command", json=scan).status_code == 201
    assert api.portal is not None
    api.portal.call(api.app.state.ctx.commands.wait_idle)  # type: ignore[attr-defined]
    _video(movies_root / "incoming", "The.Matrix.Reloaded.2003.2160p.UHD.BluRay.x265-GROUP")
    return {"reloaded": reloaded["id"], "revolutions": revolutions["id"]}


def test_every_resource_radarrs_document_defines_matches_its_schema(
    storage_client: TestClient, tmdb: FakeTmdb, movies_root: Path, tmp_path: Path
) -> None:
    api = storage_client
    assert (
        api.put(
            "/api/v3/config/metadata",
            json={"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url},
        ).status_code
        == 202
    )
    assert api.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    movie = _seed(api, movies_root, tmp_path)
    others = _seed_downloads(api, movies_root, tmp_path)
    [movie_file] = api.get("/api/v3/moviefile", params={"movieId": movie["id"]}).json()
    params: dict[str, dict[str, Any]] = {
        "/api/v3/movie/lookup": {"term": "The Matrix"},
        "/api/v3/movie/lookup/tmdb": {"tmdbId": 603},
        "/api/v3/movie/lookup/imdb": {"imdbId": "tt0133093"},
        "/api/v3/extrafile": {"movieId": movie["id"]},
        "/api/v3/history/movie": {"movieId": movie["id"]},
        "/api/v3/blocklist/movie": {"movieId": others["revolutions"]},
        "/api/v3/moviefile": {"movieId": movie["id"]},
        "/api/v3/history/since": {"date": "2000-01-01T00:00:00Z"},
        "/api/v3/manualimport": {"folder": str(movies_root / "incoming")},
        "/api/v3/parse": {"title": "The.Matrix.1999.1080p.BluRay.x264-GROUP"},
        "/api/v3/rename": {"movieId": movie["id"]},
        "/api/v3/calendar": {"start": "1999-01-01T00:00:00Z", "end": "1999-12-31T00:00:00Z"},
    }
    ids = {
        "/api/v3/credit/{id}": api.get("/api/v3/credit", params={"movieId": movie["id"]}).json()[0]["id"],
        "/api/v3/alttitle/{id}": api.get("/api/v3/alttitle", params={"movieId": movie["id"]}).json()[0]["id"],
        "/api/v3/collection/{id}": api.get("/api/v3/collection").json()[0]["id"],
        "/api/v3/language/{id}": 1,
        "/api/v3/moviefile/{id}": movie_file["id"],
    }
    checked, wrong = [], []
    for path in get_operations():
        if path in SKIPPED:
            continue
        url = path
        if "{id}" in path:
            listing = path.removesuffix("/{id}")
            identity = ids.get(path)
            if identity is None:
                found = api.get(listing).json()
                found = found["records"] if isinstance(found, dict) and "records" in found else found
                identity = found[0].get("id", 1) if isinstance(found, list) and found else 1
            url = path.replace("{id}", str(identity))
        response = api.get(url, params=params.get(path, {}))
        if response.status_code != 200:
            wrong.append((path, response.status_code, response.text[:200]))
            continue
        answer = response.json()
        items = answer["records"] if isinstance(answer, dict) and "records" in answer else answer
        if path in WITH_ITEMS and not items:
            wrong.append((path, "empty", "nothing listed, so no item's schema was checked"))
        try:
            assert_response_matches(path, answer)
        except AssertionError as exc:  # pragma: no cover - reported below
            wrong.append((path, "schema", str(exc)[:300]))
        except Exception as exc:
            wrong.append((path, "schema", re.sub(r"\s+", " ", str(exc))[:400]))
        checked.append(path)
    assert not wrong, "\n".join(map(str, wrong))
    assert len(checked) >= 85
