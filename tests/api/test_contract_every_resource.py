"""Every GET of Radarr's document that answers a resource, checked field by field against its
schema (``additionalProperties: false``), with a library that has something in each list.
Runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from library_helpers import add_movie

from contract import assert_response_matches, get_operations
from fake_tmdb import API_KEY, FakeTmdb

# Built elsewhere, or needing the network to answer (an interactive search asks the indexers).
SKIPPED = {
    "/api/v3/importlist": "import lists: built on branch import-lists",
    "/api/v3/importlist/{id}": "import lists: built on branch import-lists",
    "/api/v3/importlist/schema": "import lists: built on branch import-lists",
    "/api/v3/config/importlist": "import lists: built on branch import-lists",
    "/api/v3/config/importlist/{id}": "import lists: built on branch import-lists",
    "/api/v3/exclusions": "import lists: built on branch import-lists",
    "/api/v3/exclusions/paged": "import lists: built on branch import-lists",
    "/api/v3/exclusions/{id}": "import lists: built on branch import-lists",
    "/api/v3/release": "asks the indexers; tests/search checks its resources",
    "/api/v3/moviefile": "needs a movie with a file: tests/importing/test_file_resources_api.py",
    "/api/v3/moviefile/{id}": "needs a movie with a file: tests/importing/test_file_resources_api.py",
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
    return movie


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
    (movies_root / "incoming").mkdir()
    params: dict[str, dict[str, Any]] = {
        "/api/v3/movie/lookup": {"term": "The Matrix"},
        "/api/v3/movie/lookup/tmdb": {"tmdbId": 603},
        "/api/v3/movie/lookup/imdb": {"imdbId": "tt0133093"},
        "/api/v3/extrafile": {"movieId": movie["id"]},
        "/api/v3/history/movie": {"movieId": movie["id"]},
        "/api/v3/blocklist/movie": {"movieId": movie["id"]},
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
        try:
            assert_response_matches(path, response.json())
        except AssertionError as exc:  # pragma: no cover - reported below
            wrong.append((path, "schema", str(exc)[:300]))
        except Exception as exc:
            wrong.append((path, "schema", re.sub(r"\s+", " ", str(exc))[:400]))
        checked.append(path)
    assert not wrong, "\n".join(map(str, wrong))
    assert len(checked) >= 85
