"""The app with a local TMDB and a root folder, a local Radarr to import from, and steps the tests share."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from fake_tmdb import API_KEY, MOVIES, FakeTmdb
from local_server import serving

RADARR_KEY = "5c1b2c9d3e4f4a5b8c6d7e8f9a0b1c2d"

__all__ = [
    "RADARR_KEY",
    "FakeRadarr",
    "add_radarr_list",
    "api",
    "radarr",
    "radarr_movie",
    "radarr_server",
    "run_command",
    "wait_idle",
]


def radarr_movie(
    tmdb_id: int, *, profile: int = 1, tags: tuple[int, ...] = (), root: str = "/movies"
) -> dict[str, Any]:
    """A movie as Radarr's ``GET /api/v3/movie`` lists it: what the import reads, and more."""
    source = MOVIES[tmdb_id]
    year = int(source["release_date"][:4])
    return {
        "id": tmdb_id % 1000,
        "title": source["title"],
        "originalTitle": source["original_title"],
        "sortTitle": source["title"].lower(),
        "status": "released",
        "year": year,
        "path": f"{root}/{source['title']} ({year})",
        "rootFolderPath": root,
        "qualityProfileId": profile,
        "monitored": True,
        "minimumAvailability": "released",
        "hasFile": False,
        "tmdbId": tmdb_id,
        "imdbId": source.get("imdb_id"),
        "tags": list(tags),
        "added": "2024-02-11T09:12:44Z",
        "images": [
            {
                "coverType": "poster",
                "remoteUrl": f"https://image.tmdb.org/t/p/original{source['poster_path']}",
            }
        ],
    }


@dataclass
class FakeRadarr:
    """Another Radarr: its movies, profiles and tags behind the API key, and a switch to make it fail."""

    url: str = ""
    movies: list[dict[str, Any]] = field(default_factory=list)
    failing: int = 0  # answer this HTTP status instead, while set
    requests: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.movies = []
        self.failing = 0
        self.requests.clear()


def _radarr_app(state: FakeRadarr) -> Starlette:
    async def guard(request: Request) -> Response | None:
        state.requests.append(request.url.path)
        if request.headers.get("x-api-key") != RADARR_KEY:
            return JSONResponse({"message": "Unauthorized"}, status_code=401)
        if state.failing:
            return Response("<html>Bad gateway</html>", status_code=state.failing, media_type="text/html")
        return None

    async def movies(request: Request) -> Response:
        return await guard(request) or JSONResponse(state.movies)

    async def profiles(request: Request) -> Response:
        return await guard(request) or JSONResponse([{"id": 4, "name": "Ultra-HD"}, {"id": 1, "name": "Any"}])

    async def tags(request: Request) -> Response:
        return await guard(request) or JSONResponse([{"id": 2, "label": "kids"}, {"id": 1, "label": "4k"}])

    async def root_folders(request: Request) -> Response:
        return await guard(request) or JSONResponse(
            [{"id": 1, "path": "/movies", "accessible": True, "freeSpace": 1}]
        )

    return Starlette(
        routes=[
            Route("/api/v3/movie", movies),
            Route("/api/v3/qualityprofile", profiles),
            Route("/api/v3/tag", tags),
            Route("/api/v3/rootfolder", root_folders),
        ]
    )


@pytest.fixture(scope="session")
def radarr_server() -> Iterator[FakeRadarr]:
    state = FakeRadarr()
    with serving(_radarr_app(state)) as url:
        state.url = url
        yield state


@pytest.fixture
def radarr(radarr_server: FakeRadarr) -> FakeRadarr:
    radarr_server.reset()
    return radarr_server


@pytest.fixture
def api(client: TestClient, tmdb: FakeTmdb, movies_root: Path) -> TestClient:
    """The app with a TMDB key, pointed at the local TMDB, and one root folder."""
    response = client.put(
        "/api/v3/config/metadata",
        json={"tmdbApiKey": API_KEY, "tmdbBaseUrl": tmdb.api_url, "imageBaseUrl": tmdb.image_url},
    )
    assert response.status_code == 202, response.text
    assert client.post("/api/v3/rootfolder", json={"path": str(movies_root)}).status_code == 201
    return client


def add_radarr_list(api: TestClient, radarr: FakeRadarr, root: Path, **options: Any) -> dict[str, Any]:
    """Save a Radarr import list (tested on save) and return its resource."""
    fields = options.pop("fields", {})
    body = {
        "name": options.pop("name", "Other Radarr"),
        "implementation": "RadarrImport",
        "configContract": "RadarrSettings",
        "enabled": True,
        "enableAuto": True,
        "monitor": "movieOnly",
        "qualityProfileId": 1,
        "rootFolderPath": str(root),
        "minimumAvailability": "released",
        "searchOnAdd": False,
        "tags": [],
        "fields": [
            {"name": "baseUrl", "value": radarr.url},
            {"name": "apiKey", "value": RADARR_KEY},
            *({"name": k, "value": v} for k, v in fields.items()),
        ],
        **options,
    }
    response = api.post("/api/v3/importlist", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def wait_idle(api: TestClient) -> None:
    """Wait until no command is queued or running."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        busy = [c for c in api.get("/api/v3/command").json() if c["status"] in ("queued", "started")]
        if not busy:
            return
        time.sleep(0.05)
    raise AssertionError("commands did not finish")


def run_command(api: TestClient, name: str, **body: object) -> dict[str, Any]:
    """Queue a command through the API, wait for everything it queued, and return its end state."""
    command = api.post("/api/v3/command", json={"name": name, **body}).json()
    wait_idle(api)
    return dict(api.get(f"/api/v3/command/{command['id']}").json())
